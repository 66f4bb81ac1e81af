package interp

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/verdict"
)

// A reader who runs `docker run -it IMAGE sh` types the next lines into
// the container's shell. labrun starts that container detached instead,
// runs each line typed into it with `docker exec`, in order, and stops it
// at the `exit` that leaves it.

// containerShell is a container's shell that a note's commands are typed
// into.
type containerShell struct {
	container string // the container's name
	shell     string // the shell to run each line with
	started   bool   // labrun started the container (docker run), and stops it at exit
	inside    string // what the shell runs in, for people: "the image busybox"
	dir       string // the shell's working directory, after cd; "" for the container's own
	env       []string
	// why, when not "", is why the shell could not be opened.
	why string
}

// exec is the command line that runs text in the shell.
func (s *containerShell) exec(text string) []string {
	cmd := []string{"docker", "exec"}
	if s.dir != "" {
		cmd = append(cmd, "-w", s.dir)
	}
	for _, e := range s.env {
		cmd = append(cmd, "-e", e)
	}
	return append(cmd, s.container, s.shell, "-c", text)
}

// openShell runs a command that opens a shell in a container: `docker
// run -it` runs detached with the shell kept open, and `docker exec -it`
// checks that the shell starts.
func (l *labRun) openShell(ctx context.Context, st labs.Step, c extract.Command) (verdict.Outcome, error) {
	line := &c.Lines[0]
	sh := &containerShell{shell: c.Shell}
	l.shells[c.Line] = sh
	var run extract.Command
	if line.Is("container run") {
		sh.started = true
		sh.inside = "the image " + line.Operands[0]
		if names := line.Values("name"); len(names) > 0 {
			sh.container = names[len(names)-1]
		}
		words := make([]string, 0, len(line.Args)+3)
		for _, a := range line.Args {
			words = append(words, shellQuote(a))
		}
		at := slices.Index(line.Args, "run") + 1
		extra := []string{"-d"}
		if sh.container == "" {
			sh.container = fmt.Sprintf("labrun-shell-%d", c.Line)
			extra = append(extra, "--name", sh.container)
		}
		words = slices.Insert(words, at, extra...)
		run = extract.NewCommand(c.Line, "docker "+strings.Join(words, " "))
	} else {
		sh.container = line.Operands[0]
		sh.inside = "the container " + sh.container
		run = extract.NewCommand(c.Line, fmt.Sprintf("docker exec %s %s -c true", shellQuote(sh.container), shellQuote(sh.shell)))
	}
	o, err := l.command(ctx, st, run)
	if err != nil {
		return o, err
	}
	o.Command, o.Lines = c.Text, c.Lines
	if v := verdict.Judge(o); v.Status != verdict.Pass {
		sh.why = fmt.Sprintf("%s: %s", v.Status, v.Message)
		return o, nil
	}
	o.Where = fmt.Sprintf("its shell in %s gets the lines typed into it, each run with docker exec", sh.container)
	if sh.started {
		o.Where = fmt.Sprintf("started detached as %s; the lines typed into its shell run with docker exec", sh.container)
	}
	return o, nil
}

// typedIn runs a command typed into a container's shell, in that
// container; it is blocked when the shell could not be opened.
func (l *labRun) typedIn(ctx context.Context, st labs.Step, c extract.Command) (verdict.Outcome, error) {
	sh := l.shells[c.In]
	where := fmt.Sprintf("typed into the container shell that line %d opens", c.In)
	switch {
	case sh == nil:
		return verdict.Outcome{Command: c.Text, Lines: c.Lines, Blocked: &verdict.Verdict{Status: verdict.Blocked,
			Reason: verdict.ReasonDepends, Message: where + ", which was not run"}}, nil
	case sh.why != "":
		return verdict.Outcome{Command: c.Text, Lines: c.Lines, Blocked: &verdict.Verdict{Status: verdict.Blocked,
			Reason: verdict.ReasonDepends, Message: verdict.Clip(where + ", which did not open (" + sh.why + ")")}}, nil
	}
	if rest, ok := strings.CutPrefix(c.Text, "export "); ok {
		// mvdan.cc/sh reads export as a declaration, not a command line
		for _, a := range strings.Fields(rest) {
			if k, v, ok := strings.Cut(a, "="); ok {
				sh.env = append(sh.env, k+"="+strings.Trim(v, `"'`))
			}
		}
	}
	if c.Exits() {
		return l.leave(ctx, sh, c, where)
	}
	run := c
	cd := len(c.Lines) == 1 && c.Lines[0].Program == "cd"
	if cd {
		// the directory it moves to, for the lines after it
		run.Text += " && pwd"
	}
	o, err := l.commandIn(ctx, st, run, Workdir, sh)
	if err != nil {
		return o, err
	}
	if cd {
		if o.ExitCode != 0 || o.TimedOut {
			return o, nil
		}
		o.Output, o.Command = sh.moved(o.Output), c.Text
	}
	o.Where, o.Inside = "in "+sh.container+", "+where, sh.inside
	return o, nil
}

// moved keeps the directory a cd's `&& pwd` printed last as the shell's
// working directory, and returns what the cd itself printed.
func (s *containerShell) moved(output string) string {
	out := strings.TrimRight(output, "\n")
	i := strings.LastIndexByte(out, '\n')
	if dir := out[i+1:]; path.IsAbs(dir) {
		s.dir = dir
		return out[:max(i, 0)]
	}
	return output
}

// leave is the exit that leaves the shell: a container labrun started
// for it is stopped, as the end of its shell would stop it.
func (l *labRun) leave(ctx context.Context, sh *containerShell, c extract.Command, where string) (verdict.Outcome, error) {
	o := verdict.Outcome{Command: c.Text, Lines: c.Lines, Where: "leaves the shell in " + sh.container + ", " + where}
	if !sh.started {
		return o, nil
	}
	ran, err := l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"docker", "kill", sh.container}, Timeout: time.Minute})
	if err != nil {
		return o, fmt.Errorf("%w: line %d: %w", ErrSandboxGone, c.Line, err)
	}
	if ran.ExitCode != 0 && !strings.Contains(ran.Output, "is not running") {
		// the shell had already ended: the reader's exit would find no shell
		o.ExitCode, o.Output = ran.ExitCode, ran.Output
	}
	return o, nil
}
