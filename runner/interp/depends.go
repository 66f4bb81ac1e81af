package interp

import (
	"fmt"
	"regexp"
	"slices"
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

// substRE finds a command substitution, $(…) or `…`, and what it runs.
var substRE = regexp.MustCompile("\\$\\(([^()]*)\\)|`([^`]*)`")

// emptyList turns a command that got no operands from a list it was to
// be handed (`docker stop $(docker ps -q --filter ancestor=myapp)`:
// "requires at least 1 argument") into blocked, when what the list was to
// find a step of the lab could not make: the image it names, or any
// container of a lab whose start could not run.
func (l *labRun) emptyList(r result.Result) (verdict.Verdict, bool) {
	if r.Status != verdict.Fail || !strings.Contains(r.Output+r.Message, "requires at least 1 argument") {
		return verdict.Verdict{}, false
	}
	for _, c := range r.Step.Commands {
		for _, m := range substRE.FindAllStringSubmatch(c.Text, -1) {
			inner := m[1] + m[2]
			listsContainers := dockercli.Any(extract.ParseLines(inner), func(l *dockercli.Line) bool { return l.Is("container ls") })
			o, mk, ok := l.firstUnmade(func(o dockercli.Object) bool {
				name := shortName(o)
				return len(name) >= 2 && hasWord(inner, name) || o.Kind == "container" && listsContainers && !strings.Contains(inner, "filter")
			})
			if ok {
				return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonDepends, Message: verdict.Clip(fmt.Sprintf(
					"$(%s) found nothing: %s, which line %d was to make, is not there, as that step did not run here (%s)",
					strings.TrimSpace(inner), o, mk.line, r.Message))}, true
			}
		}
	}
	return verdict.Verdict{}, false
}

// firstUnmade is, of the objects that a step which could not run here (or
// was not run) was to make and that is accepts, the first: the earliest line's,
// then by kind and name, so that a message names the same step every run.
func (l *labRun) firstUnmade(is func(dockercli.Object) bool) (dockercli.Object, maker, bool) {
	var found dockercli.Object
	var at maker
	ok := false
	for o, m := range l.makers {
		if m.Status != verdict.Blocked && m.Status != verdict.Skip || !is(o) {
			continue
		}
		if !ok || m.line < at.line || m.line == at.line && o.String() < found.String() {
			found, at, ok = o, m, true
		}
	}
	return found, at, ok
}

// namedBy is what Docker says is not there, as uses of every object of
// the lab by that name: `docker inspect app` names no kind, and "No such
// object: app" is the container a step was to start.
func (l *labRun) namedBy(said string) []labs.Effect {
	var out []labs.Effect
	for _, m := range noSuchRE.FindAllStringSubmatch(said, -1) {
		for o := range l.makers {
			if m[1] != "" && o.Name == m[1] {
				out = append(out, labs.Effect{Object: o})
			}
		}
	}
	// in the makers' order, as firstUnmade takes them
	slices.SortFunc(out, func(a, b labs.Effect) int {
		if d := l.makers[a.Object].line - l.makers[b.Object].line; d != 0 {
			return d
		}
		return strings.Compare(a.Object.String(), b.Object.String())
	})
	return out
}

// recordFetched notes the images a step pulls (docker pull, the image of
// a docker run, a Dockerfile's bases, a compose file's images) as made by
// it: a later `docker tag alpine:3.6 …` uses the copy that pull was to
// fetch. The step that first made or fetched an image stays its maker
// until one that uses it again passes: that one has it.
func (l *labRun) recordFetched(r result.Result) {
	fetched := func(ref string, line int) {
		o := dockercli.Object{Kind: "image", Name: ref}
		if _, ok := l.makers[o]; !ok || r.Status == verdict.Pass {
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

// unprinted are the containers a passing step removed with `docker rm
// -f` that its output does not list: rm prints the name of each container
// it removes, and since Engine 29 a forced rm of one that is not there
// prints nothing at all.
func unprinted(r result.Result) map[string]bool {
	var removed []string
	for _, c := range r.Step.Commands {
		for i := range c.Lines {
			l := &c.Lines[i]
			if !l.Is("container rm") || !l.Has("force") {
				continue
			}
			_, uses := l.Objects()
			for _, o := range uses {
				if o.Kind == "container" {
					removed = append(removed, o.Name)
				}
			}
		}
	}
	if len(removed) == 0 {
		return nil // most steps: the output need not be read
	}
	printed := map[string]bool{}
	for _, line := range strings.Split(r.Output, "\n") {
		printed[strings.TrimSpace(line)] = true
	}
	out := map[string]bool{}
	for _, name := range removed {
		if !printed[name] {
			out[name] = true
		}
	}
	return out
}

// noSuchRE finds Docker saying a command named an object that is not
// there, and the name it gave.
var noSuchRE = regexp.MustCompile(`(?i)no such (?:container|image|volume|network|object|service|secret|config|node):? ?([^\s"']*)`)

// depends turns the failure of a step into blocked (depends) when it
// failed only because something it uses was never made: the step that was
// to make it could not run here (blocked) or was not run (skip), and what
// the step printed names it ("No such container: web"). A reader with what
// that step needed would not have seen this failure. A step that exited 0
// but says it found no such object (`docker rm -f web`) acted on nothing:
// it is not a pass either, when the note made that object and its maker
// could not run; since Engine 29 the CLI says nothing of it, and the
// container missing from what rm printed tells the same. A clean-up of
// what the note never made still passes.
func (l *labRun) depends(effects []labs.Effect, r result.Result) verdict.Verdict {
	var silent map[string]bool
	if r.Status == verdict.Pass {
		silent = unprinted(r)
	}
	idle := r.Status == verdict.Pass && (noSuchRE.MatchString(r.Output) || len(silent) > 0)
	if r.Status != verdict.Fail && !idle {
		return r.Verdict
	}
	if v, ok := l.emptyList(r); ok {
		return v
	}
	said := r.Output + "\n" + r.Message
	for _, e := range slices.Concat(effects, l.namedBy(said)) {
		m, ok := l.makers[e.Object]
		if e.Make || !ok || (m.Status != verdict.Blocked && m.Status != verdict.Skip) {
			continue
		}
		if e.Name != "" && !strings.Contains(said, e.Name) && !silent[e.Name] {
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
