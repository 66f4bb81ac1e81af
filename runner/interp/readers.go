package interp

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// A note builds on files it never shows: the app of a workshop's
// download, a Dockerfile from an earlier part, the files of the sample
// folder a README sits in. A reader has them; the lab does not. What
// fails only for want of such a file is blocked (needs-file), not the
// note's failure. A file the note makes, or one like it (in another
// directory, a letter or two off, another extension: the note's slip),
// that is missing when a step needs it is the note's to answer for; and
// so is any file a note lacks whose own commands write the lab's files
// (echo > x, touch, tee): such a note brings its files itself.

// inLab is name as a path in the lab's directory, "" when it is
// elsewhere (an absolute path outside the lab).
func inLab(name string) string {
	name = strings.Trim(name, `"'`)
	if strings.HasPrefix(name, Workdir+"/") {
		name = strings.TrimPrefix(name, Workdir+"/")
	} else if path.IsAbs(name) {
		return ""
	}
	return path.Clean(name)
}

// theReaders reports whether name, a file or directory a step needs, is
// one the note never makes nor one like it: the reader's own. A path
// outside the lab's directory is the reader's too (their machine's).
func (l *labRun) theReaders(name string) bool {
	rel := inLab(name)
	if rel == "" {
		return true
	}
	if rel == "." || l.lab.NoteWrites {
		return false
	}
	for _, m := range l.lab.NoteFiles {
		switch {
		case m == rel, strings.HasPrefix(m, rel+"/"), strings.HasPrefix(rel, m+"/"):
			return false // made, or inside or around what was made
		case path.Base(m) == path.Base(rel):
			return false // made in another directory
		case len(path.Base(rel)) >= 4 && dockercli.Distance(path.Base(m), path.Base(rel)) <= 2:
			return false // a letter or two off what was made: a typo
		case stem(m) != "" && stem(m) == stem(rel):
			return false // made with another extension
		}
	}
	return true
}

// stem is a file's name without its directory and extension; "" when it
// has no extension.
func stem(name string) string {
	base := path.Base(name)
	if ext := path.Ext(base); ext != "" && ext != base {
		return strings.TrimSuffix(base, ext)
	}
	return ""
}

// missingRE find the file a failed command says is not there.
var missingRE = []*regexp.Regexp{
	regexp.MustCompile(`unable to prepare context: path "([^"]+)" not found`),
	regexp.MustCompile(`open (\S+?): no such file or directory`),
	regexp.MustCompile(`can't cd to (\S+)`),
	regexp.MustCompile(`cannot open ([^:\s]+): No such file`),
	regexp.MustCompile(`COPY failed: [^\n]*?stat ([^:\s]+): file does not exist`),
	regexp.MustCompile(`(?:^|[\s:])'?([\w./-]+)'?: [Nn]o such file or directory`),
}

// missingFile is the file or directory that output says is not there,
// and "" when it names none. A compose command that finds no compose
// file needs compose.yaml.
func missingFile(output string) string {
	if strings.Contains(output, "no configuration file provided: not found") {
		return "compose.yaml"
	}
	for _, re := range missingRE {
		if m := re.FindStringSubmatch(output); m != nil {
			return m[1]
		}
	}
	return ""
}

// readersCopies is the verdict on a Dockerfile st whose COPY/ADD sources
// listed (a line `DOCKERFILE-LINE:PATH` each) are not in the lab's
// directory, when every one of them is the reader's own; nil when one is
// a file the note makes, which makes the failure the note's.
func (l *labRun) readersCopies(st labs.Step, listed string) *result.Result {
	var names []string
	for _, ln := range strings.Split(strings.TrimSpace(listed), "\n") {
		_, p, _ := strings.Cut(ln, ":")
		if !l.theReaders(p) {
			return nil
		}
		names = append(names, p)
	}
	return &result.Result{Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsFile,
		Message: verdict.Clip(fmt.Sprintf("copies %s, which the note never makes: the reader has it from elsewhere",
			strings.Join(names, ", ")))}}
}

// contextRE find a build saying a file it was to copy from its context is
// not there; the file is then named from the context's root.
var contextRE = []*regexp.Regexp{
	regexp.MustCompile(`failed to calculate checksum of ref [^\n]*?"/([^"]+)": not found`),
	regexp.MustCompile(`/(\S+) is not there to copy`),
}

// contextSource is the file a build's output says it could not copy from
// its context, when a Dockerfile of the lab copies it from there (a path
// in another stage, COPY --from, is no file of the reader's); "" for
// none.
func (l *labRun) contextSource(output string) string {
	for _, re := range contextRE {
		m := re.FindStringSubmatch(output)
		if m == nil {
			continue
		}
		for _, df := range l.dockerfiles {
			for _, src := range df.Sources {
				if path.Clean(src.Path) == path.Clean(m[1]) {
					return m[1]
				}
			}
		}
	}
	return ""
}

// readers turns a failure that a reader with what the note builds on
// would not see into blocked: a file the note never makes (needs-file),
// an image it never builds or pulls (image-unavailable), a server that a
// step which could not run here was to start (depends).
func (l *labRun) readers(r result.Result) verdict.Verdict {
	if r.Status != verdict.Fail {
		return r.Verdict
	}
	if v, ok := l.readersImage(r); ok {
		return v
	}
	if v, ok := l.unstartedServer(r); ok {
		return v
	}
	if v, ok := l.unlisted(r); ok {
		return v
	}
	if v, ok := l.unmade(r); ok {
		return v
	}
	if r.Reason != verdict.ReasonMissingFile {
		return r.Verdict
	}
	said := r.Output + "\n" + r.Message
	name := l.contextSource(said)
	if name == "" {
		name = missingFile(said)
	}
	if name == "" || !l.theReaders(name) {
		return r.Verdict
	}
	if inLab(name) == "" {
		// a path of the reader's machine, outside the lab's directory
		return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsHost, Message: verdict.Clip(fmt.Sprintf(
			"needs %s, a path of the reader's machine that the note never makes (%s)", name, r.Message))}
	}
	return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsFile, Message: verdict.Clip(fmt.Sprintf(
		"needs %s, which the note never makes: the reader has it from elsewhere (%s)", name, r.Message))}
}

// noImageRE finds the daemon saying an image is not there.
var noImageRE = regexp.MustCompile(`(?:No such image|An image does not exist locally with the tag|reference does not exist): ?(\S+)`)

// noReferenceRE finds the daemon saying an image is not there without
// naming it (`docker save`): the image is the one the command names.
var noReferenceRE = regexp.MustCompile(`(?m)reference does not exist\s*$`)

// readersImage blocks a failure for want of an image that could not be
// had here, or that no step of the note builds, tags, pulls or runs, nor
// one a letter or two off: the reader has it from an earlier part.
func (l *labRun) readersImage(r result.Result) (verdict.Verdict, bool) {
	said := r.Output + "\n" + r.Message
	var wants []string
	if m := noImageRE.FindStringSubmatch(said); m != nil {
		wants = []string{strings.Trim(m[1], `"'.,`)}
	} else if noReferenceRE.MatchString(said) || r.Reason == verdict.ReasonOutput && failedAt(r, listsImages) {
		// a save that names no image; a listing of images without the row
		wants = imagesUsed(r)
	}
	if len(wants) == 0 {
		return verdict.Verdict{}, false
	}
	for _, want := range wants {
		if why, ok := l.missing[want]; ok {
			return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable, Message: verdict.Clip(fmt.Sprintf(
				"needs the image %s, which is not available here: %s (%s)", want, why, r.Message))}, true
		}
	}
	for _, want := range wants {
		want = normRef(want)
		for _, st := range l.lab.Steps {
			for _, ref := range slices.Concat(st.Images.Uses, st.Images.Makes) {
				have := normRef(ref)
				if have == want || dockercli.Distance(have, want) <= 2 {
					return verdict.Verdict{}, false // the note's image, or its typo
				}
			}
		}
	}
	return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable, Message: verdict.Clip(fmt.Sprintf(
		"needs the image %s, which the note never builds or pulls: the reader has it from elsewhere (%s)", strings.Join(wants, ", "), r.Message))}, true
}

// imagesUsed are the images that the command of r's step that r is about
// names, as the command's grammar reads it.
func imagesUsed(r result.Result) []string {
	var out []string
	for _, e := range r.Step.Effects {
		if !e.Make && e.Kind == "image" && (r.Line == 0 || e.Line == r.Line) {
			out = append(out, e.Name)
		}
	}
	return out
}

// unstartedServer blocks a request that could not connect, or a listing
// that does not show what the note shows, when the last step of the lab
// that was to start something could not run here (or waits for the
// reader's values) and nothing started since: what it asks or lists is
// not there for the lab's fault, not the note's.
func (l *labRun) unstartedServer(r result.Result) (verdict.Verdict, bool) {
	if l.unstarted == 0 || l.backgroundAt > l.unstarted {
		return verdict.Verdict{}, false
	}
	if r.Reason == verdict.ReasonOutput && failedAt(r, showsStarted) {
		// a listing (docker ps, compose ps, its logs) of what did not start
		return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonDepends, Message: verdict.Clip(fmt.Sprintf(
			"shows what line %d was to start, but that step could not run here (%s)", l.unstarted, r.Message))}, true
	}
	if !unreachedRE.MatchString(r.Output) && !failedAt(r, silentlyUnreached(r.Message)) {
		return verdict.Verdict{}, false
	}
	if failedAt(r, probes) {
		return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonDepends, Message: verdict.Clip(fmt.Sprintf(
			"asks a server that line %d was to start, but that step could not run here (%s)", l.unstarted, r.Message))}, true
	}
	return verdict.Verdict{}, false
}

// silentlyUnreached is whether a command, whose failure message is
// message, is a client that exited with its code for "could not connect"
// without printing it: `curl -s` exits 7, wget 4.
func silentlyUnreached(message string) func(extract.Command) bool {
	return func(c extract.Command) bool {
		if len(c.Lines) == 0 {
			return false
		}
		last := c.Lines[len(c.Lines)-1:]
		return (last[0].Program == "curl" && strings.HasPrefix(message, "exit 7:") ||
			last[0].Program == "wget" && strings.HasPrefix(message, "exit 4:"))
	}
}

// failedAt reports whether the command of r's step that r is about is
// one that is.
func failedAt(r result.Result, is func(extract.Command) bool) bool {
	for _, c := range r.Step.Commands {
		if (r.Line == 0 || c.Line == r.Line) && is(c) {
			return true
		}
	}
	return false
}

// showsStarted reports whether a command shows what was started: lists
// containers, tasks or their logs, or stops and removes them, saying so.
func showsStarted(c extract.Command) bool {
	return probes(c) || dockercli.Any(c.Lines, func(l *dockercli.Line) bool {
		return l.Is("compose down", "compose stop", "compose rm", "container stop", "container rm")
	})
}

// unlisted blocks an `ls` whose listing lacks what the note shows when a
// step of the lab before it could not run here: that step may have been
// the one to make the files (a compose run that makes a project).
func (l *labRun) unlisted(r result.Result) (verdict.Verdict, bool) {
	if r.Reason != verdict.ReasonOutput || l.lastBlocked == 0 {
		return verdict.Verdict{}, false
	}
	lists := func(c extract.Command) bool {
		return dockercli.Any(c.Lines, func(l *dockercli.Line) bool { return l.Program == "ls" })
	}
	if !failedAt(r, lists) {
		return verdict.Verdict{}, false
	}
	return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonDepends, Message: verdict.Clip(fmt.Sprintf(
		"lists files that line %d, which could not run here, may have been to make (%s)", l.lastBlocked, r.Message))}, true
}

// unmade blocks an output that lacks a line the note shows when that line
// names what a step of the lab that could not run here (or was not run)
// was to make: the registry's catalog without the image a blocked push
// was to put there, `docker images` without the row of a blocked pull.
// Of several such steps, the first one's line is named.
func (l *labRun) unmade(r result.Result) (verdict.Verdict, bool) {
	if r.Reason != verdict.ReasonOutput || r.Compared == nil || r.Compared.Difference == nil {
		return verdict.Verdict{}, false
	}
	want := r.Compared.Difference.Expected
	found, m, ok := l.firstUnmade(func(o dockercli.Object) bool {
		name := shortName(o)
		return len(name) >= 3 && hasWord(want, name)
	})
	if !ok {
		return verdict.Verdict{}, false
	}
	return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonDepends, Message: verdict.Clip(fmt.Sprintf(
		"shows %s, which line %d was to make, but that step did not run here (%s)", found, m.line, r.Message))}, true
}

// shortName is the name an object shows under in a listing: an image's
// repository without its registry and tag, a file's base name.
func shortName(o dockercli.Object) string {
	name := o.Name
	switch o.Kind {
	case "image":
		name, _, _ = strings.Cut(name, "@")
		name = name[strings.LastIndex(name, "/")+1:]
		name, _, _ = strings.Cut(name, ":")
	case "file":
		name = path.Base(name)
	}
	return name
}

// hasWord reports whether text holds word with no letter, digit, - or _
// either side.
func hasWord(text, word string) bool {
	inWord := func(b byte) bool {
		return b == '-' || b == '_' || '0' <= b && b <= '9' || 'a' <= b|0x20 && b|0x20 <= 'z'
	}
	for i := 0; ; {
		j := strings.Index(text[i:], word)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(word)
		if (start == 0 || !inWord(text[start-1])) && (end == len(text) || !inWord(text[end])) {
			return true
		}
		i = start + 1
	}
}

// listsImages reports whether a command lists images by name (`docker
// images busybox:1.36`).
func listsImages(c extract.Command) bool {
	return dockercli.Any(c.Lines, func(l *dockercli.Line) bool { return l.Is("image ls") && len(l.Operands) > 0 })
}
