package interp

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/sandbox"
)

// A Session is a lab run kept after its last step, its sandbox as the
// steps left it, so that the lab, once its note is edited, can go on from
// its first changed step instead of from its start (labrun try --watch).
type Session struct {
	sb    Sandbox
	setup Setup
	l     *labRun
	// before is the run's state before each of its steps, by index, and
	// after its last.
	before []*labRun
	// left is what the sandbox's containers were at the run's end, to
	// tell whether they changed since (one that stopped by itself).
	left string
}

// Start runs lab as Run does and keeps it for Resume. The session is nil
// when the run did not reach its end.
func Start(ctx context.Context, sb Sandbox, setup Setup, lab labs.Lab, cfg Config) (*Session, []result.Result, error) {
	l := newLabRun(sb, lab, cfg)
	if err := l.prepare(ctx, setup); err != nil {
		return nil, l.abandon(0, err), err
	}
	s := &Session{sb: sb, setup: setup, l: l, before: make([]*labRun, len(lab.Steps)+1)}
	rs, err := l.run(ctx, 0, func(i int) { s.before[i] = l.clone() })
	if err != nil {
		return nil, rs, err
	}
	s.before[len(lab.Steps)] = l.clone() // where a snippet added at the end goes on from
	s.left = s.containers(ctx)
	return s, rs, nil
}

// From says where lab, an edit of the session's lab, can go on from on
// the kept sandbox: its first step that changed, when every step before
// it is unchanged and every step of the run from there on left nothing
// that a later step could see (prose, output, commands that only look),
// the swarm it needs is the same, and the sandbox's containers are as the
// run left them. ok is false when the lab must run from its start, and
// why then says why.
func (s *Session) From(ctx context.Context, lab labs.Lab) (from int, why string, ok bool) {
	prev := s.l.lab
	if len(s.l.deferred) > 0 {
		return 0, "a Dockerfile was built at the end of the run", false
	}
	if needsSwarm(prev) != needsSwarm(lab) {
		return 0, "the swarm it needs changed", false
	}
	for from < len(prev.Steps) && from < len(lab.Steps) && sameStep(prev.Steps[from], lab.Steps[from]) {
		from++
	}
	if from == len(prev.Steps) && from == len(lab.Steps) {
		return 0, "nothing changed", false
	}
	if !reflect.DeepEqual(bindSources(prev), bindSources(lab)) {
		return 0, "a snippet uses a value another prints", false
	}
	if !reflect.DeepEqual(ownWords(prev), ownWords(lab)) && slices.ContainsFunc(prev.Steps[:from], showsOutput) {
		// the words an output is compared by are the lab's code's
		return 0, "the lab's code, which its outputs are compared by, changed", false
	}
	for _, st := range prev.Steps[from:] {
		if !leavesNothing(st) {
			return 0, fmt.Sprintf("line %d, after the first change, may have changed the sandbox", st.Line), false
		}
	}
	if now := s.containers(ctx); now == "" || now != s.left {
		return 0, "the sandbox's containers changed since the run", false
	}
	return from, "", true
}

// Resume runs lab from step from on, on the kept sandbox, after the
// results of the steps before it, kept; from comes from From. The
// session then holds lab.
func (s *Session) Resume(ctx context.Context, lab labs.Lab, cfg Config, from int) ([]result.Result, error) {
	l := s.before[from].clone()
	l.lab, l.cfg = lab, cfg
	l.route(s.sb)
	l.own, l.sources = ownWords(lab), bindSources(lab)
	l.results = slices.Clone(s.l.results[:from]) // their steps are the same (From)
	if err := l.copyImages(ctx, s.setup, from); err != nil {
		return append(l.results, l.abandon(from, err)...), err
	}
	before := append(s.before[:from:from], make([]*labRun, len(lab.Steps)+1-from)...)
	rs, err := l.run(ctx, from, func(i int) { before[i] = l.clone() })
	if err != nil {
		return rs, err
	}
	before[len(lab.Steps)] = l.clone()
	s.l, s.before, s.left = l, before, s.containers(ctx)
	return rs, nil
}

// copyImages copies into the sandbox the images that the lab's steps
// from the one at from on use, and that no step before the one that uses
// each makes; it notes those that could not be had.
func (l *labRun) copyImages(ctx context.Context, setup Setup, from int) error {
	var uses []string
	made := map[string]bool{}
	for i, st := range l.lab.Steps {
		if !st.Runnable {
			continue
		}
		for _, ref := range st.Images.Makes {
			made[normRef(ref)] = true
		}
		for _, ref := range st.Images.Uses {
			if i >= from && !made[normRef(ref)] && validRef(ref) {
				// not one the lab builds itself, nor one Docker refuses
				// to read (Workshop/App), which the command is to fail on
				uses = append(uses, ref)
			}
		}
	}
	if setup == nil || len(uses) == 0 {
		return nil
	}
	missing, err := setup.CopyImages(ctx, dedupe(uses))
	if err != nil {
		return fmt.Errorf("copy images into the sandbox: %w", err)
	}
	l.missing = maps.Clone(l.missing)
	if l.missing == nil {
		l.missing = map[string]string{}
	}
	maps.Copy(l.missing, missing)
	return nil
}

// containers lists the sandbox's containers and their states, "" when it
// cannot be told.
func (s *Session) containers(ctx context.Context) string {
	r, err := s.sb.Run(ctx, sandbox.Exec{Cmd: []string{"docker", "ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.State}}"}, Timeout: 30 * time.Second})
	if err != nil || r.ExitCode != 0 {
		return ""
	}
	out := strings.Fields(r.Output)
	slices.Sort(out)
	return "containers: " + strings.Join(out, " ")
}

// clone copies the run's state, so that what later steps do to it does
// not reach the copy. The containers' shells are shared: a step typed
// into one never leaves nothing (see leavesNothing), so a run that goes
// on from a copy never finds one changed.
func (l *labRun) clone() *labRun {
	c := *l
	c.dockerfiles = maps.Clone(l.dockerfiles)
	c.missing = maps.Clone(l.missing)
	c.broken = maps.Clone(l.broken)
	c.building = maps.Clone(l.building)
	c.built = maps.Clone(l.built)
	c.makers = maps.Clone(l.makers)
	c.bound = maps.Clone(l.bound)
	c.shells = maps.Clone(l.shells)
	c.deferred = slices.Clone(l.deferred)
	c.results = nil // the results are the session's, kept apart
	if l.ipvs != nil {
		v := *l.ipvs
		c.ipvs = &v
	}
	return &c
}

// sameStep reports whether two steps are one snippet, unchanged: its
// place in the note, kind, code, annotations and commands.
func sameStep(a, b labs.Step) bool {
	return a.ID == b.ID && reflect.DeepEqual(a.Snippet, b.Snippet)
}

// leavesNothing reports whether a step, run, leaves the sandbox as it
// found it for the steps after it: a snippet that is not run and writes
// no file, or a shell snippet on the lab's own host whose every command
// only looks (extract.ReadOnly).
func leavesNothing(st labs.Step) bool {
	if len(st.Dirs) > 0 {
		return false
	}
	if !st.Runnable {
		return st.Annotations.File == "" || st.Annotations.Skip
	}
	if st.Kind != extract.Shell || st.Host != "" || len(st.Hosts) > 0 {
		return false
	}
	for _, c := range st.Commands {
		if c.In != 0 || c.Opens || c.SSH != "" || c.Host != "" || !extract.ReadOnly(c.Text) {
			return false
		}
	}
	return true
}

// showsOutput reports whether a step's commands show their output.
func showsOutput(st labs.Step) bool {
	return slices.ContainsFunc(st.Commands, func(c extract.Command) bool { return c.Output != "" })
}

// needsSwarm reports whether labrun starts a swarm for the lab before
// its steps (see prepare).
func needsSwarm(lab labs.Lab) bool {
	swarm, initsOwn := false, false
	for _, st := range lab.Steps {
		if !st.Runnable {
			continue
		}
		swarm = swarm || st.Annotations.Has("swarm")
		for _, c := range st.Commands {
			swarm = swarm || dockercli.Any(c.Lines, (*dockercli.Line).NeedsSwarm)
			initsOwn = initsOwn || dockercli.Any(c.Lines, (*dockercli.Line).InitsSwarm)
		}
	}
	return swarm && !initsOwn
}
