package interp

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/console"
	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/verdict"
	"github.com/labrun/labrun/verdict/expect"
)

// shell runs a shell snippet command by command, each on the host the
// note puts it on, and stops at the first that does not pass: its verdict
// is the snippet's, with its line.
func (l *labRun) shell(ctx context.Context, st labs.Step) (result.Result, error) {
	s := &shellRun{st: st}
	for i, c := range st.Commands {
		if v, ok := l.elsewhere(c); ok {
			for _, rest := range st.Commands[i+1:] {
				_, _ = l.elsewhere(rest) // follow the reader's host to the block's end
			}
			return s.stopAt(c, v), nil
		}
		if c.Host != "" && l.lab.MultiHost() && !slices.Contains(l.lab.RunsOn(), c.Host) {
			return s.stopAt(c, verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsHost,
				Message: fmt.Sprintf("runs on %s, a host this lab does not have", c.Host)}), nil
		}
		for _, host := range l.hostsOf(st, c) {
			stop, err := l.shellOn(ctx, s, c, host)
			if err != nil {
				return result.Result{}, err
			}
			if stop != nil {
				return *stop, nil
			}
		}
	}
	return s.passed(), nil
}

// shellRun is what a shell snippet's commands printed and said so far.
type shellRun struct {
	st       labs.Step
	out      strings.Builder
	notes    []string           // what the message says of the commands that passed
	reason   verdict.Reason     // the reason of the last of them that had one
	compared *expect.Comparison // the last comparison of a command's output with the note's
	hosts    []string           // the hosts the commands ran on, in a lab of several
}

// stopAt ends the snippet at command c, whose verdict v is the snippet's.
func (s *shellRun) stopAt(c extract.Command, v verdict.Verdict) result.Result {
	r := result.Result{Verdict: v, Output: s.out.String()}
	if len(s.st.Commands) > 1 {
		r.Line, r.Command = c.Line, c.Text
	}
	return r
}

// shellOn runs command c of a shell snippet on host and judges it; a
// result when the snippet stops there, nil when it goes on.
func (l *labRun) shellOn(ctx context.Context, s *shellRun, c extract.Command, host string) (*result.Result, error) {
	l.host = host
	if host != "" && !slices.Contains(s.hosts, host) {
		s.hosts = append(s.hosts, host)
	}
	c, moved := l.throughSSH(c)
	if moved != nil {
		s.notes = append(s.notes, moved.Message)
		return nil, nil
	}
	c, replaced, err := l.ownValues(ctx, c, host)
	if err != nil {
		return nil, err
	}
	o, v, retried, err := l.judged(ctx, s.st, c)
	if err != nil {
		return nil, err
	}
	if v, err = l.withoutMesh(ctx, c, o, v); err != nil {
		return nil, err
	}
	if replaced != "" {
		v.Message += " (" + replaced + ")"
	}
	appendCapped(&s.out, o.Output)
	if v.Status != verdict.Pass {
		v.Message = hostPrefix(host) + v.Message
		r := s.stopAt(c, v)
		r.Host = host
		return &r, nil
	}
	l.swarm.follow(c, host)
	l.meshed = l.meshed || publishes(c)
	if startsInBackground(c) {
		l.backgroundAt = c.Line
	}
	if v.Compared != nil {
		s.compared = v.Compared
	}
	if v.Reason != "" || o.Answered || o.Bound != "" || o.Where != "" || v.Compared != nil || retried || replaced != "" {
		s.notes = append(s.notes, hostPrefix(host)+v.Message)
		s.reason = v.Reason
	}
	return nil, nil
}

// ownValues puts the lab's own values in c where the note shows the
// author's: this host's address to advertise, the lab's join token and its
// manager's address; replaced says what it changed, "" for nothing.
func (l *labRun) ownValues(ctx context.Context, c extract.Command, host string) (_ extract.Command, replaced string, err error) {
	c, advertised := advertiseOwn(c)
	c, replaced, err = l.joinWithOwn(ctx, c, host)
	if err != nil {
		return c, "", err
	}
	if advertised != "" {
		replaced = strings.TrimPrefix(strings.Join([]string{replaced, advertised}, "; "), "; ")
	}
	return c, replaced, nil
}

// passed is the result of a snippet all of whose commands passed.
func (s *shellRun) passed() result.Result {
	st := s.st
	v := verdict.Verdict{Status: verdict.Pass, Reason: s.reason, Message: "exit 0"}
	if len(st.Commands) > 1 {
		v.Message = fmt.Sprintf("%d commands, all exit 0", len(st.Commands))
	}
	if n := len(s.notes); n > 0 {
		v.Message = strings.Join(s.notes, "; ")
		if n == len(st.Commands) && n > 1 && len(slices.Compact(slices.Clone(s.notes))) == 1 {
			v.Message = fmt.Sprintf("%d commands, all %s", n, s.notes[0]) // each said the same
		}
	} else if len(s.hosts) > 0 {
		v.Message = hostPrefix(strings.Join(s.hosts, ", ")) + v.Message
	}
	if len(st.Commands) == 1 {
		v.Hint = verdict.Hint(st.Commands[0].Lines)
	}
	v.Compared = s.compared
	return result.Result{Verdict: v, Output: s.out.String(), Host: strings.Join(s.hosts, ",")}
}

// judged runs one command of a shell snippet, as it is typed, and judges
// it; a probe after a background start that fails is tried again.
func (l *labRun) judged(ctx context.Context, st labs.Step, c extract.Command) (verdict.Outcome, verdict.Verdict, bool, error) {
	run := func() (verdict.Outcome, error) {
		switch {
		case c.Opens:
			return l.openShell(ctx, st, c)
		case c.In != 0:
			return l.typedIn(ctx, st, c)
		}
		return l.command(ctx, st, c)
	}
	o, err := run()
	if err != nil {
		return o, verdict.Verdict{}, false, err
	}
	v := verdict.Judge(o)
	retried := !c.Opens && l.retriable(c, v)
	if retried {
		o, v, err = l.retry(ctx, run, o, v)
	}
	return o, v, retried, err
}

// command runs one command in the lab's directory and says what happened.
func (l *labRun) command(ctx context.Context, st labs.Step, c extract.Command) (verdict.Outcome, error) {
	return l.commandIn(ctx, st, c, Workdir, nil)
}

// commandIn runs one command in dir and says what happened; in a
// container's shell when in is not nil, in that shell's directory.
func (l *labRun) commandIn(ctx context.Context, st labs.Step, c extract.Command, dir string, in *containerShell) (verdict.Outcome, error) {
	// What runs is c with its pipes watched; not in a container's
	// shell, nor as nobody (an unsafe snippet), who cannot write the file.
	file := pipedFile()
	watched, ok := watchPipes(c, file)
	if !ok || in != nil || st.Reason == extract.SkipUnsafe {
		file = ""
	}
	text, bound, blocked := l.bind(st, c.Text)
	if blocked != nil {
		return verdict.Outcome{Command: c.Text, Lines: c.Lines, Blocked: blocked}, nil
	}
	c.Text = text
	run := c
	if file != "" {
		run.Text, _, _ = l.bind(st, watched)
	}
	e := l.execOf(st, run, dir)
	if in != nil {
		e.Cmd = in.exec(c.Text)
	}
	uses, makes := imageRefs(c.Lines)
	if blocked := l.cannotRun(c, uses, makes); blocked != nil {
		return verdict.Outcome{Command: c.Text, Lines: c.Lines, Grammar: l.cfg.Grammar, Blocked: blocked}, nil
	}
	ran, err := l.sb.Run(ctx, e)
	if err != nil {
		return verdict.Outcome{}, fmt.Errorf("%w: %s:%d: %w", ErrSandboxGone, st.File, c.Line, err)
	}
	if st.Reason == extract.SkipUnsafe {
		l.killLeftovers(ctx)
	}
	var piped []verdict.PipedExit
	if file != "" {
		if piped, err = l.pipedExits(ctx, file); err != nil {
			return verdict.Outcome{}, fmt.Errorf("%s:%d: %w", st.File, c.Line, err)
		}
	}
	if b := buildOf(c.Lines); b != nil {
		uses = append(uses, l.dockerfiles[b.BuildFile()].Bases...)
	}
	if _, failed := verdict.FailedPipe(piped); ran.ExitCode == 0 && !ran.TimedOut && !failed {
		for _, ref := range makes {
			l.built[normRef(ref)] = true
		}
	}
	l.learn(c, ran.Output)
	o := l.outcome(st, c, e, ran, uses, bound)
	o.Piped = piped
	return o, nil
}

// outcome is what labrun saw of command c of st, run as e, for the
// verdict: uses are the images it used, bound the lab's own values it ran
// with in place of the author's.
func (l *labRun) outcome(st labs.Step, c extract.Command, e sandbox.Exec, ran sandbox.Ran, uses []string, bound string) verdict.Outcome {
	out := ran.Output
	if ran.Truncated {
		out += fmt.Sprintf("\n[labrun: output cut here; only the first %d KiB are kept]\n", outputCap>>10)
	}
	return verdict.Outcome{
		Uses:          uses,
		Command:       c.Text,
		Lines:         c.Lines,
		Bound:         bound,
		Grammar:       l.cfg.Grammar,
		ExitCode:      ran.ExitCode,
		Output:        out,
		Truncated:     ran.Truncated,
		CutAt:         outputCap,
		TimedOut:      ran.TimedOut,
		StillRunning:  ran.StillRunning,
		Settle:        e.Settle.String(),
		Listening:     ran.Listening,
		ReadyAfter:    ran.ReadyAfter,
		UntilStopped:  st.UntilStopped,
		Answered:      e.Stdin != nil && strings.Contains(ran.Output, "[y/N]"),
		ExpectFail:    st.Annotations.ExpectFail,
		Expected:      c.Output,
		ExpectedMode:  l.cfg.outputMode(st),
		Own:           l.own,
		MissingImages: l.missing,
		Offline:       l.cfg.Reach == sandbox.Offline,
	}
}

// killLeftovers ends what an unsafe snippet, run as nobody, left running
// in the background (a fork bomb's children outlive the shell that
// started them), which would starve the steps after it: kill(-1) as
// nobody ends every process of nobody's. It is the shell's own kill:
// procps 4's /bin/kill refuses -1.
func (l *labRun) killLeftovers(ctx context.Context) {
	for range 2 {
		_, _ = l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
			"sh", "-c", "kill -KILL -1"}, Timeout: 10 * time.Second})
	}
}

// execOf is how a step's command runs in dir: answered y where it asks
// for confirmation or the note shows the reader answer yes; judged alive after the settle window where it streams
// or the note says it runs until stopped; where it may serve, judged alive
// once it listens after that window, and otherwise run to its end; and,
// for an unsafe snippet run with --allow-unsafe, as nobody.
func (l *labRun) execOf(st labs.Step, c extract.Command, dir string) sandbox.Exec {
	e := sandbox.Exec{Cmd: []string{"sh", "-c", c.Text}, Dir: dir, Env: l.cfg.Env, Timeout: l.cfg.timeout(st), OutputLimit: outputCap}
	if dockercli.Any(c.Lines, func(l *dockercli.Line) bool { return len(l.Words) > 0 && l.Words[0] == "sudo" }) {
		// A reader's machine has sudo; the sandbox runs as root and has
		// none: a sudo that only runs its command stands in.
		e.Cmd[2] = sudoShim + c.Text
	}
	if st.Reason == extract.SkipUnsafe {
		// Run with --allow-unsafe: as nobody, whose processes the kernel
		// counts (root's it does not), so that a fork bomb stops at
		// unsafeProcs and labrun can still stop it at its time limit.
		e.Cmd = append([]string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
			"prlimit", fmt.Sprintf("--nproc=%d", unsafeProcs), "--"}, e.Cmd...)
	}
	if dockercli.Any(c.Lines, (*dockercli.Line).AsksConfirmation) || console.Yes(c.Answer) {
		e.Stdin = strings.NewReader("y\n")
	}
	if st.Annotations.ExpectFail {
		// A command the note says fails is waited for, up to its time
		// limit: it is not a server to be judged alive.
		return e
	}
	switch {
	case st.UntilStopped, dockercli.Any(c.Lines, (*dockercli.Line).Streams):
		e.Settle = l.cfg.settle()
	case dockercli.Any(c.Lines, (*dockercli.Line).MayServe):
		// Alive after the settle window, it passes once it listens;
		// anything else runs to its end, as a batch job does.
		e.Settle, e.Serving = l.cfg.settle(), true
	}
	return e
}

// sudoShim defines sudo where the sandbox has none: it drops sudo's own
// options and runs the command, as root.
const sudoShim = `command -v sudo >/dev/null || sudo() { while [ "${1#-}" != "$1" ]; do shift; done; "$@"; }
`

// cannotRun is the verdict on a command that is not run: it uses an
// image the lab was to build and did not, or builds a Dockerfile that
// failed its check. It records the images the command makes.
func (l *labRun) cannotRun(c extract.Command, uses, makes []string) *verdict.Verdict {
	for _, ref := range uses {
		if line, ok := l.building[normRef(ref)]; ok && !l.built[normRef(ref)] {
			return &verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable,
				Message: fmt.Sprintf("image %s was to be built at line %d, which did not pass", ref, line)}
		}
	}
	for _, ref := range makes {
		l.building[normRef(ref)] = c.Line
	}
	if b := buildOf(c.Lines); b != nil {
		if why, ok := l.broken[b.BuildFile()]; ok {
			return &verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonBuildFailed, Message: why}
		}
	}
	return nil
}

// unsafeProcs bounds the processes of a snippet run with --allow-unsafe,
// well under the sandbox's own pids limit.
const unsafeProcs = 512

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
