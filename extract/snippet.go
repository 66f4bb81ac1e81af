package extract

import (
	"time"

	"github.com/labrun/labrun/extract/dockercli"
)

// Kind is what a snippet is, judged by its content.
type Kind string

// The kinds of the product contract.
const (
	Dockerfile Kind = "dockerfile"
	Compose    Kind = "compose"
	Shell      Kind = "shell"
	Go         Kind = "go"
	Config     Kind = "config"
	Output     Kind = "output"
	Text       Kind = "text"
)

// Runnable reports whether labrun runs snippets of this kind.
func (k Kind) Runnable() bool {
	return k == Dockerfile || k == Compose || k == Shell || k == Go
}

// SkipReason says in a word why labrun does not run a snippet: its
// "reason" in labrun's JSON, and the reason of its skip verdict.
type SkipReason string

// The skip reasons of the product contract.
const (
	SkipFragment    SkipReason = "fragment"
	SkipPlaceholder SkipReason = "placeholder"
	SkipOutput      SkipReason = "output"
	SkipProse       SkipReason = "prose"
	SkipUnsafe      SkipReason = "unsafe"
	SkipInteractive SkipReason = "interactive"
	SkipAnnotated   SkipReason = "annotated"
)

// Form says how a snippet was written in its note.
type Form string

// The forms a snippet can take.
const (
	Fenced   Form = "fenced"   // a fenced code block
	Indented Form = "indented" // an indented code block
	Inline   Form = "inline"   // an inline code span
	Bare     Form = "bare"     // unmarked lines of plain text or of a paragraph
)

// Snippet is one piece of code found in a note.
type Snippet struct {
	File string // the note's path as it was given
	Line int    // 1-based line of the snippet's first line of code
	Talk string // title of the talk the snippet belongs to
	Form Form
	Lang string // the fence's language tag, lower-cased, if any
	Kind Kind
	Code string // the code, CRLF normalised, ending without a newline
	// Lead is, for an inline code span, the words of its sentence before
	// it: what tells the reader to run it, or only mentions it.
	Lead string
	// Next is, for an inline code span, the word after it, lower-cased:
	// "command" in "the `docker scan` command".
	Next        string
	Annotations Annotations
	// Offline: the note's front matter says `offline: true`, and its labs
	// run with no route outside.
	Offline bool

	// Host is the machine the note's prose puts the snippet on when it is
	// not the lab's own ("On node2, join the swarm:"); "" on the lab's.
	Host string
	// Hosts are the machines the note puts the snippet on, by name,
	// lower-case, in the note's order: those of a host= or hosts=
	// annotation, else those the prose names ("On node2 and node3, join:").
	// "*" stands for every host of the lab ("On every node"), "*workers"
	// for every host but the first ("On each worker"). nil is the lab's
	// first host: the note names none, or puts the snippet on the first
	// host without naming it ("Back on the manager"); or a host the prose
	// points to but that the note never names (Host then says "another
	// host (third node)"). A command's own Host is over them.
	Hosts []string
	// FirstHost is the first machine the note names, in its prose, an
	// annotation or a prompt (not one it ssh-es to): the lab's own, the
	// one a snippet with no Hosts runs on; the same for every snippet of
	// the note. "" when the note names none, or when its prose first puts
	// the reader on a host it does not name ("From the worker").
	FirstHost string

	// Dirs are the directories the prose before the snippet tells the
	// reader to create ("Create a folder named `app`:"): the lab makes
	// them before the snippet.
	Dirs []string

	// Commands holds a shell snippet's commands in order, each with its
	// own line and the output the note shows under it.
	Commands []Command

	// Binds are values from the author's run that the snippet uses (an
	// ID, an address), each with the line of the command whose output the
	// note shows it in: the runner gives the snippet the lab's own value.
	Binds map[string]int

	// Warnings say what in the way the snippet is written the author may
	// not have meant (a fence never closed, an annotation labrun does not
	// know), each for people.
	Warnings []string

	// Runnable is false when labrun will not run the snippet; Reason then
	// says why (one of the Skip constants) and Message says it for people.
	Runnable bool
	Reason   SkipReason
	Message  string

	// UntilStopped: the note says the snippet runs until the reader stops
	// it, in the text right before or after its block ("Press Ctrl-C to
	// stop it") or by the annotation until=stopped.
	UntilStopped bool

	// introduced: the text right before the block introduces it as what
	// a command prints ("You should see:").
	introduced bool
	// partial: that text says the output the block shows is only part of
	// it ("here is the start of it:", "output trimmed").
	partial bool
}

// Command is one command of a shell snippet, as a reader would type it.
type Command struct {
	Line   int    // 1-based line in the note where the command starts
	Text   string // the command, continuation lines joined
	Output string // the output the note shows under a `$ ` prompt, if any
	// Answer is what the note shows the reader type at the question the
	// command asks before it acts (`Are you sure you want to continue?
	// [y/N] y`): the reader's input, which Output leaves out.
	Answer string `json:"answer,omitempty"`
	// Prompt is the prompt the note shows before the command (`$`,
	// `root@3b2f1c0d9e8a:/#`, `/ #`, `node1$`), if any.
	Prompt string `json:"prompt,omitempty"`
	// Host is the machine the command runs on when the command itself
	// says so, over its snippet's Hosts: the one its prompt names
	// (`node1$`, `[node2] $`, `ada@node3:~$`), or the one an ssh session
	// is open on, from `ssh [user@]HOST` to its `exit` (both included) in
	// the same talk. `ssh HOST COMMAND` and `docker-machine ssh HOST
	// COMMAND` run on HOST themselves. Lower-case; "" when the command
	// does not say.
	Host string `json:"host,omitempty"`
	// Opens is set on a command that opens a shell in a container
	// (`docker run -it IMAGE sh`) that later commands are typed into;
	// Shell is that shell (sh, bash).
	Opens bool   `json:"opens,omitempty"`
	Shell string `json:"-"`
	// SSH is, for a command that reaches another machine (`ssh [options]
	// [user@]HOST [COMMAND]`, `docker-machine ssh HOST [COMMAND]`), the
	// host it reaches, lower-case and without the user, and Remote the
	// words that run there, as ssh hands them to the host's shell (nil
	// for a session, which later commands are typed into). "" and nil
	// for any other command.
	SSH    string   `json:"-"`
	Remote []string `json:"-"`
	// In is, for a command typed into such a shell, the line of the
	// command that opened it: the command runs inside that container.
	In int `json:"in,omitempty"`
	// Lines are the simple commands it runs, each read once as its
	// program's command line would be.
	Lines []dockercli.Line `json:"-"`
	// Piped are the simple commands whose output the shell pipes into
	// another command (`docker save app | gzip`: docker save). The shell
	// reports a pipeline's last exit status only; a reader sees what the
	// others print.
	Piped []Stage `json:"-"`
}

// Stage is a simple command of a pipeline that pipes its output into the
// next command.
type Stage struct {
	Line       int // its index in Lines
	Start, End int // its bytes in Text, its redirections included
	// Shown: its errors reach the reader's terminal; false when it sends
	// them elsewhere (2>/dev/null, 2>&1 into the pipe, &>file).
	Shown bool
}

// Exits reports whether the command leaves the shell it is typed into
// (`exit`, `logout`): an ssh session, a container's shell.
func (c Command) Exits() bool {
	return len(c.Lines) == 1 && (c.Lines[0].Program == "exit" || c.Lines[0].Program == "logout")
}

// NewCommand is the command text typed at line, read into its Lines.
func NewCommand(line int, text string) Command {
	c := Command{Line: line, Text: text}
	c.read(&shellCode{code: text})
	return c
}

// read sets the command's lines, its pipes, and what they say of where
// it runs, read once from sh, the parse of its text.
func (c *Command) read(sh *shellCode) {
	lines := sh.lines()
	c.Lines, c.Piped = lines, sh.piped
	c.SSH, c.Remote = "", nil
	if len(lines) == 1 {
		c.SSH, c.Remote = SSHTarget(lines[0])
	}
}

// ParseLines reads shell code into its simple commands, each read as its
// program's command line.
func ParseLines(code string) []dockercli.Line {
	return (&shellCode{code: code}).lines()
}

// Annotations are the author's instructions to labrun for one snippet,
// written in the fence's info string as `{key=value …}` or in an HTML
// comment `<!-- labrun: key=value … -->` right before the block.
type Annotations struct {
	File       string        // file= : write the snippet to this file in the lab
	Skip       bool          // skip : do not run
	ExpectFail bool          // expect=fail : the snippet is meant to fail
	Timeout    time.Duration // timeout= : per-snippet time limit
	Needs      []string      // needs= : what the lab needs (swarm, network, …)
	Lab        string        // lab= : put the snippet in this lab
	Hosts      []string      // host= or hosts=a,b : the machines it runs on, lower-case ("*" for every one)
	Output     string        // output= : strict, lax or ignore: how the output the note shows is compared
	// UntilStopped (until=stopped, or long-running): the snippet runs
	// until the reader stops it (Ctrl-C).
	UntilStopped bool
	Unknown      []string // keys labrun did not understand, kept for a warning
}
