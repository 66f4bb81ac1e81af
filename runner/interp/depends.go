package interp

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// maker is the step that made, or was to make, an object: its line and
// its verdict.
type maker struct {
	line int
	verdict.Verdict
}

// record notes what a step made, or was to make when it did not pass.
func (l *labRun) record(effects []labs.Effect, r result.Result) {
	for _, e := range effects {
		if !e.Make {
			continue
		}
		m := maker{line: e.Line, Verdict: r.Verdict}
		if e.Kind == "file" && r.Status == verdict.Skip && r.Step.Annotations.File != "" && !r.Step.Annotations.Skip {
			// a file for the lab, not run but written all the same
			m.Verdict = verdict.Verdict{Status: verdict.Pass}
		}
		l.makers[e.Object] = m
	}
	l.recordFetched(r)
}

// recordFetched notes the images a step pulls (docker pull, the image of
// a docker run, a Dockerfile's bases, a compose file's images) as made by
// it: a later `docker tag alpine:3.6 …` uses the copy that pull was to
// fetch. An image once fetched stays made, whatever a later step that
// uses it again comes to.
func (l *labRun) recordFetched(r result.Result) {
	fetched := func(ref string, line int) {
		o := dockercli.Object{Kind: "image", Name: ref}
		if m, ok := l.makers[o]; !ok || m.Status != verdict.Pass {
			l.makers[o] = maker{line: line, Verdict: r.Verdict}
		}
	}
	if r.Step.Kind != extract.Shell {
		for _, ref := range r.Step.Images.Uses {
			fetched(ref, r.Step.Line)
		}
		return
	}
	for _, c := range r.Step.Commands {
		for i := range c.Lines {
			uses, _ := c.Lines[i].Images()
			for _, ref := range uses {
				fetched(ref, c.Line)
			}
		}
	}
}

// noSuchRE finds Docker saying a command named an object that is not
// there.
var noSuchRE = regexp.MustCompile(`(?i)no such (?:container|image|volume|network|object|service|secret|config|node)`)

// depends turns the failure of a step into blocked (depends) when it
// failed only because something it uses was never made: the step that was
// to make it could not run here (blocked) or was not run (skip), and what
// the step printed names it ("No such container: web"). A reader with what
// that step needed would not have seen this failure. A step that exited 0
// but says it found no such object (`docker rm -f web`) acted on nothing:
// it is not a pass either, when the note made that object and its maker
// could not run. A clean-up of what the note never made still passes.
func (l *labRun) depends(effects []labs.Effect, r result.Result) verdict.Verdict {
	idle := r.Status == verdict.Pass && noSuchRE.MatchString(r.Output)
	if r.Status != verdict.Fail && !idle {
		return r.Verdict
	}
	said := r.Output + "\n" + r.Message
	for _, e := range effects {
		m, ok := l.makers[e.Object]
		if e.Make || !ok || (m.Status != verdict.Blocked && m.Status != verdict.Skip) {
			continue
		}
		if e.Name != "" && !strings.Contains(said, e.Name) {
			continue
		}
		what := "could not run here"
		if m.Status == verdict.Skip {
			what = "was not run"
		}
		msg := fmt.Sprintf("uses %s, which line %d was to make, but that step %s (%s: %s)", e.Object, m.line, what, m.Reason, m.Message)
		if idle {
			msg = fmt.Sprintf("exit 0, but acted on nothing: %s, which line %d was to make, is not there, as that step %s (%s: %s)",
				e.Object, m.line, what, m.Reason, m.Message)
		}
		return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonDepends, Message: verdict.Clip(msg)}
	}
	return r.Verdict
}
