// Package interp is the step interpreter: it runs one lab's steps in
// order against the lab's sandbox, or its set of sandboxes for a lab of
// several hosts, and gives each step a verdict: pass, fail, blocked or
// skip, with a reason, a message and, where labrun knows one, the modern
// form as a hint. Run (run.go) is its entry point; labRun keeps what the
// lab's steps have made so far, and step sends each step to its kind:
// shell.go runs shell snippets command by command, files.go writes and
// builds Dockerfiles and compose files, gosnippet.go builds and runs Go.
// Around a command: inside.go types it into a container's shell,
// multihost.go puts it on its host, binds.go gives it the lab's own values
// where the note shows the author's, ready.go retries a probe after a
// background start, depends.go blames an earlier step that could not
// run, and readers.go what the reader has and the lab does not (a file
// the note never makes, an image from an earlier part, a server a
// blocked step was to start).
//
// Each command runs where the note puts it: on one of the lab's hosts, or
// in a container's shell that an earlier command opened. Its output is
// compared with the output the note shows (package verdict/expect), and
// what it printed is judged by package verdict. A step reads what it needs
// from the values extract and labs made (a command's parsed lines, the
// host an ssh reaches, the shell a docker run -it opens, a step's effects,
// images and file name), never the note again. The commands labrun writes
// itself (a compose up, a docker exec into a container's shell, the words
// an ssh hands to its host, a join with the lab's own token) are new text:
// each is read once, with extract.NewCommand, as the note's were.
//
// A failing snippet is a result, not an error: Run returns an error only
// when the sandbox itself fails.
package interp
