package runner

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/runner/sandbox"
)

// Workdir is the lab's working directory inside the sandbox.
const Workdir = "/lab"

// Sandbox is what a lab's steps need from their throwaway daemon.
type Sandbox interface {
	Run(ctx context.Context, e sandbox.Exec) (sandbox.Ran, error)
	WriteFiles(ctx context.Context, dir string, files map[string][]byte) error
}

// Setup is what a lab needs before its first snippet: its images copied in
// and, when its commands use one, a swarm.
type Setup interface {
	// CopyImages copies images from the host into the sandbox and returns
	// the ones that could not be had, each with the reason.
	CopyImages(ctx context.Context, refs []string) (missing map[string]string, err error)
	InitSwarm(ctx context.Context) error
}

// Config shapes a run.
type Config struct {
	Timeout  time.Duration // per snippet, unless annotated; default 2m
	Settle   time.Duration // how long a streaming command must stay alive; default 5s
	Progress func(Event)   // called as steps start and finish; may be nil
}

// Event tells the progress display what is happening.
type Event struct {
	Lab    *labs.Lab
	Step   *labs.Step
	Result *Result // nil when the step starts
}

func (c Config) timeout(st labs.Step) time.Duration {
	switch {
	case st.Notes.Timeout > 0:
		return st.Notes.Timeout
	case c.Timeout > 0:
		return c.Timeout
	}
	return 2 * time.Minute
}

func (c Config) settle() time.Duration {
	if c.Settle > 0 {
		return c.Settle
	}
	return 5 * time.Second
}

func (c Config) progress(e Event) {
	if c.Progress != nil {
		c.Progress(e)
	}
}

// ErrSandboxGone is wrapped by errors that mean the sandbox or the daemon
// went away in the middle of a lab: the lab cannot go on.
var ErrSandboxGone = errors.New("the sandbox went away")

// RunLab runs a lab's steps in order in one sandbox and returns a result
// for every step. It returns an error only when the sandbox itself fails;
// the results then hold what was judged, and an error result for every
// step that was not.
func RunLab(ctx context.Context, sb Sandbox, setup Setup, lab labs.Lab, cfg Config) ([]Result, error) {
	l := &labRun{sb: sb, lab: lab, cfg: cfg, files: map[string][]byte{}}
	if err := l.prepare(ctx, setup); err != nil {
		return l.abandon(0, err), err
	}
	for i := range lab.Steps {
		st := &lab.Steps[i]
		cfg.progress(Event{Lab: &lab, Step: st})
		start := time.Now()
		r, err := l.step(ctx, *st)
		r.Step, r.LabID, r.Title = *st, lab.ID, lab.Title
		r.Duration = time.Since(start)
		if err != nil {
			return append(l.results, l.abandon(i, err)...), err
		}
		l.results = append(l.results, r)
		cfg.progress(Event{Lab: &lab, Step: st, Result: &l.results[len(l.results)-1]})
	}
	return l.results, nil
}

type labRun struct {
	sb      Sandbox
	lab     labs.Lab
	cfg     Config
	files   map[string][]byte // the lab's files written so far
	missing map[string]string // images that could not be had, and why
	results []Result
}

// abandon gives every step from i on an error result.
func (l *labRun) abandon(i int, err error) []Result {
	var out []Result
	for _, st := range l.lab.Steps[i:] {
		out = append(out, Result{
			Step: st, LabID: l.lab.ID, Title: l.lab.Title,
			Verdict: Verdict{Status: Blocked, Reason: ReasonError, Message: "not run: " + oneLine(err.Error())},
		})
	}
	return out
}

// prepare copies the lab's images in and starts a swarm when the lab's
// commands need one and do not start it themselves.
func (l *labRun) prepare(ctx context.Context, setup Setup) error {
	var uses []string
	made := map[string]bool{}
	swarm, initsOwn := false, false
	for _, st := range l.lab.Steps {
		if !st.Runnable {
			continue
		}
		swarm = swarm || st.Notes.Has("swarm")
		for _, c := range st.Commands {
			u, m := ImageRefs(c.Text)
			for _, ref := range m {
				made[ref] = true
			}
			for _, ref := range u {
				if !made[ref] {
					uses = append(uses, ref)
				}
			}
			swarm = swarm || usesSwarm(c.Text)
			initsOwn = initsOwn || initsSwarm(c.Text)
		}
	}
	if setup == nil {
		return nil
	}
	missing, err := setup.CopyImages(ctx, dedupe(uses))
	if err != nil {
		return fmt.Errorf("copy images into the sandbox: %w", err)
	}
	l.missing = missing
	if swarm && !initsOwn {
		if err := setup.InitSwarm(ctx); err != nil {
			return fmt.Errorf("start a swarm in the sandbox: %w", err)
		}
	}
	return nil
}

func dedupe(refs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range refs {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// step judges one step. Its error means the sandbox failed, not the step.
func (l *labRun) step(ctx context.Context, st labs.Step) (Result, error) {
	if !st.Runnable {
		return Result{Verdict: Verdict{Status: Skip, Reason: st.Reason, Message: st.Message}}, nil
	}
	switch st.Kind {
	case extract.Shell:
		return l.shell(ctx, st)
	case extract.Dockerfile, extract.Compose:
		return l.file(ctx, st)
	}
	return Result{Verdict: Verdict{Status: Blocked, Reason: ReasonToolMissing,
		Message: fmt.Sprintf("labrun cannot run %s snippets yet", st.Kind)}}, nil
}

// file writes a Dockerfile or compose snippet into the lab's directory,
// where the commands after it find it, as a reader of the note would.
func (l *labRun) file(ctx context.Context, st labs.Step) (Result, error) {
	name := st.Notes.File
	if name == "" {
		name = map[extract.Kind]string{extract.Dockerfile: "Dockerfile", extract.Compose: "compose.yaml"}[st.Kind]
	}
	name = path.Clean("/" + name)[1:]
	if err := l.sb.WriteFiles(ctx, Workdir, map[string][]byte{name: []byte(st.Code + "\n")}); err != nil {
		return Result{}, fmt.Errorf("%w: write %s: %w", ErrSandboxGone, name, err)
	}
	l.files[name] = []byte(st.Code)
	return Result{Verdict: Verdict{Status: Pass, Reason: "written",
		Message: fmt.Sprintf("written to the lab as %s", name)}}, nil
}

// shell runs a shell snippet command by command, as a reader would type
// them; it stops at the first command that does not pass.
func (l *labRun) shell(ctx context.Context, st labs.Step) (Result, error) {
	var out strings.Builder
	var notes []string
	for _, c := range st.Commands {
		o, err := l.command(ctx, st, c)
		if err != nil {
			return Result{}, err
		}
		appendCapped(&out, o.Output)
		v := Judge(o)
		if v.Status != Pass {
			r := Result{Verdict: v, Output: out.String()}
			if len(st.Commands) > 1 {
				r.Line, r.Command = c.Line, c.Text
			}
			return r, nil
		}
		if v.Reason != "" || o.Answered {
			notes = append(notes, v.Message)
		}
	}
	v := Verdict{Status: Pass, Message: "exit 0"}
	if len(st.Commands) > 1 {
		v.Message = fmt.Sprintf("%d commands, all exit 0", len(st.Commands))
	}
	if len(notes) > 0 {
		v.Message = strings.Join(notes, "; ")
	}
	if len(st.Commands) == 1 {
		o := Judge(Outcome{Command: st.Commands[0].Text})
		v.Hint = o.Hint
	}
	return Result{Verdict: v, Output: out.String()}, nil
}

// command runs one command in the lab's directory and says what happened.
func (l *labRun) command(ctx context.Context, st labs.Step, c extract.Command) (Outcome, error) {
	e := sandbox.Exec{Cmd: []string{"sh", "-c", c.Text}, Dir: Workdir, Timeout: l.cfg.timeout(st), OutputLimit: outputCap}
	answered := asksConfirmation(c.Text)
	if answered {
		e.Stdin = strings.NewReader("y\n")
	}
	if streams(c.Text) {
		e.Settle = l.cfg.settle()
	}
	ran, err := l.sb.Run(ctx, e)
	if err != nil {
		return Outcome{}, fmt.Errorf("%w: %s:%d: %w", ErrSandboxGone, st.File, c.Line, err)
	}
	return Outcome{
		Command:       c.Text,
		ExitCode:      ran.ExitCode,
		Output:        ran.Output,
		TimedOut:      ran.TimedOut,
		StillRunning:  ran.StillRunning,
		Settle:        e.Settle.String(),
		Answered:      answered && strings.Contains(ran.Output, "[y/N]"),
		ExpectFail:    st.Notes.ExpectFail,
		MissingImages: l.missing,
	}, nil
}

// outputCap bounds the output kept for one step.
const outputCap = 64 << 10

func appendCapped(b *strings.Builder, s string) {
	if room := outputCap - b.Len(); room > 0 {
		if len(s) > room {
			s = s[:room] + "\n[output cut at 64 KiB]"
		}
		b.WriteString(s)
	}
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
