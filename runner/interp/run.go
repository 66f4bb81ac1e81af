package interp

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labrun/labrun/check"
	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/verdict"
	"github.com/labrun/labrun/verdict/expect"
)

// Run runs a lab's steps in order in one sandbox, or one set of
// sandboxes, and returns a result for every step. It returns an error only when the sandbox itself fails;
// the results then hold what was judged, and an error result for every
// step that was not.
func Run(ctx context.Context, sb Sandbox, setup Setup, lab labs.Lab, cfg Config) ([]result.Result, error) {
	l := &labRun{sb: sb, lab: lab, cfg: cfg, dockerfiles: map[string]check.Dockerfile{},
		building: map[string]int{}, built: map[string]bool{}, broken: map[string]string{},
		makers: map[dockercli.Object]maker{}, shells: map[int]*containerShell{}, sources: bindSources(lab), bound: map[string]string{}}
	if sb != nil {
		l.sb = routed{Sandbox: sb, host: &l.host}
	}
	if err := l.prepare(ctx, setup); err != nil {
		return l.abandon(0, err), err
	}
	for i := range lab.Steps {
		st := &lab.Steps[i]
		l.at = i
		cfg.progress(Event{Lab: &lab, Step: st})
		start := time.Now()
		r, err := l.step(ctx, *st)
		r.Step, r.LabID, r.Title = *st, lab.ID, lab.Title
		r.Duration = time.Since(start)
		if err != nil {
			return append(l.results, l.abandon(i, err)...), err
		}
		if n := len(l.deferred); n > 0 && l.deferred[n-1] == i {
			l.results = append(l.results, r) // judged at the end of the lab
			continue
		}
		effects := st.Effects
		r.Verdict = l.depends(effects, r)
		l.record(effects, r)
		l.results = append(l.results, r)
		cfg.progress(Event{Lab: &lab, Step: st, Result: &l.results[len(l.results)-1]})
	}
	if err := l.buildDeferred(ctx); err != nil {
		return l.results, err
	}
	return l.results, nil
}

type labRun struct {
	sb           Sandbox
	lab          labs.Lab
	cfg          Config
	dockerfiles  map[string]check.Dockerfile // what the lab's Dockerfiles need, by file name
	missing      map[string]string           // images that could not be had, and why
	broken       map[string]string           // Dockerfiles that failed their static check, and why
	building     map[string]int              // images the lab's commands build, and the line that builds each
	built        map[string]bool             // those that were built
	makers       map[dockercli.Object]maker  // what the lab's steps made, or were to make
	sources      map[int][]string            // the author's values each command prints, by line
	bound        map[string]string           // the lab's own value for each of them, once printed
	away         away                        // the other host the reader is on, after ssh
	shells       map[int]*containerShell     // the containers' shells commands are typed into, by the line that opened each
	deferred     []int                       // the Dockerfile steps built at the end of the lab
	atEnd        bool                        // building them now
	at           int                         // the index of the step being judged
	host         string                      // the host the reader is on, in a lab of several; "" is the first
	swarm        swarm                       // who manages the lab's swarm
	meshed       bool                        // a swarm service was given a published port or a virtual IP
	ipvs         *bool                       // whether the sandbox's kernel has IPVS, once asked
	backgroundAt int                         // the line of the last background start that passed, 0 for none
	results      []result.Result
}

// abandon gives every step from i on an error result.
func (l *labRun) abandon(i int, err error) []result.Result {
	return Abandon(l.lab, i, err)
}

// Abandon gives every step of lab from i on an error result: they were
// not run, because of err.
func Abandon(lab labs.Lab, i int, err error) []result.Result {
	var out []result.Result
	for _, st := range lab.Steps[i:] {
		out = append(out, result.Result{
			Step: st, LabID: lab.ID, Title: lab.Title,
			Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonError, Message: "not run: " + oneLine(err.Error())},
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
		swarm = swarm || st.Annotations.Has("swarm")
		u, m := st.Images.Uses, st.Images.Makes
		for _, ref := range m {
			made[normRef(ref)] = true
		}
		for _, ref := range u {
			if !made[normRef(ref)] {
				uses = append(uses, ref) // not one the lab builds itself
			}
		}
		for _, c := range st.Commands {
			swarm = swarm || dockercli.Any(c.Lines, (*dockercli.Line).NeedsSwarm)
			initsOwn = initsOwn || dockercli.Any(c.Lines, (*dockercli.Line).InitsSwarm)
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
func (l *labRun) step(ctx context.Context, st labs.Step) (result.Result, error) {
	if len(st.Dirs) > 0 {
		// the directories the prose told the reader to create
		if _, err := l.sb.Run(ctx, sandbox.Exec{Cmd: append([]string{"mkdir", "-p", "--"}, st.Dirs...), Dir: Workdir, Timeout: time.Minute}); err != nil {
			return result.Result{}, fmt.Errorf("%w: %w", ErrSandboxGone, err)
		}
	}
	if !st.Runnable {
		if st.Annotations.File != "" && !st.Annotations.Skip {
			if err := l.write(ctx, st.Annotations.File, st.Code); err != nil {
				return result.Result{}, err
			}
		}
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Skip, Reason: verdict.Reason(st.Reason), Message: st.Message}}, nil
	}
	l.host = l.hostsOf(st, extract.Command{})[0]
	if st.Host != "" && len(st.Hosts) == 0 && !slices.Contains(l.lab.Hosts, st.Host) && !hostPerCommand(st) {
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsHost,
			Message: fmt.Sprintf("the note runs it on %s, a host this lab does not have", st.Host)}}, nil
	}
	switch st.Kind {
	case extract.Shell:
		return l.shell(ctx, st)
	case extract.Dockerfile, extract.Compose:
		return l.file(ctx, st)
	case extract.Go:
		return l.goSnippet(ctx, st)
	}
	return result.Result{Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonToolMissing,
		Message: fmt.Sprintf("labrun cannot run %s snippets", st.Kind)}}, nil
}

// file writes a Dockerfile or compose snippet into the lab's directory,
// where the commands after it find it, as a reader of the note would, and
// then checks it as Docker would: a Dockerfile is parsed and built, a
// compose file validated.
func (l *labRun) file(ctx context.Context, st labs.Step) (result.Result, error) {
	name := path.Clean("/" + st.WrittenAs)[1:]
	if st.Kind == extract.Dockerfile {
		// BuildKit finds no stage before anything else it finds wrong
		if df, msg, _ := check.ParseDockerfile(st.Code); df.Stages == 0 && len(df.Instructions) > 0 && (msg == "" || strings.Contains(msg, "no build stage")) {
			// Not written: it would replace the Dockerfile it is to be added to.
			return result.Result{Verdict: verdict.Verdict{Status: verdict.Skip, Reason: verdict.Reason(extract.SkipFragment),
				Message: "Dockerfile lines with no FROM: lines to add to a Dockerfile, not a whole one"}}, nil
		}
	}
	if err := l.write(ctx, name, st.Code); err != nil {
		return result.Result{}, err
	}
	if st.Kind == extract.Dockerfile {
		return l.dockerfile(ctx, st, name)
	}
	return l.compose(ctx, st, name)
}

// write writes a file of the lab into its directory.
func (l *labRun) write(ctx context.Context, name, content string) error {
	name = path.Clean("/" + name)[1:]
	if err := l.sb.WriteFiles(ctx, Workdir, map[string][]byte{name: []byte(content + "\n")}); err != nil {
		return fmt.Errorf("%w: write %s: %w", ErrSandboxGone, name, err)
	}
	return nil
}

// dockerfile checks a Dockerfile snippet: BuildKit's parser first, then its
// COPY and ADD sources against the lab's files, its base images, and last a
// real build by the sandbox's daemon.
func (l *labRun) dockerfile(ctx context.Context, st labs.Step, name string) (result.Result, error) {
	delete(l.broken, name)
	df, msg, line := check.ParseDockerfile(st.Code)
	if msg != "" {
		l.broken[name] = fmt.Sprintf("the Dockerfile at %s:%d does not parse", st.File, st.Line)
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonSyntax,
			Message: dockerfileRef(st.File, st.Line, line) + ": " + msg}, Line: st.Line + max(line, 1) - 1}, nil
	}
	l.dockerfiles[name] = df
	var hints []string // BuildKit's build checks
	for _, w := range df.Warnings {
		hints = append(hints, dockerfileRef(st.File, st.Line, w.Line)+": "+w.Path)
	}
	buildLine, between := l.builtLater(name)
	if buildLine > 0 && (df.Secrets || between) {
		// The note builds it itself, with flags labrun's own build would
		// lack (--secret) or after steps that make the files it copies.
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Pass, Hint: strings.Join(hints, "; "), Message: fmt.Sprintf(
			"parses (BuildKit's parser); built by the command at line %d, with its flags and the lab's files by then", buildLine)}}, nil
	}
	if r, err := l.uncopied(ctx, st, name, df, buildLine); r != nil || err != nil {
		return *r, err
	}
	for _, base := range df.Bases {
		if why, ok := l.missing[base]; ok {
			return result.Result{Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable,
				Message: fmt.Sprintf("base image %s is not available here: %s", base, why)}}, nil
		}
	}
	r, err := l.check(ctx, st, "docker build -f "+name+" .")
	r.Hint = strings.Join(hints, "; ")
	return r, err
}

// uncopied checks that the files the Dockerfile st, written as name,
// copies are in the lab's directory. Where one is not, its result says
// which; an empty result defers the Dockerfile to the lab's end, when a
// step after it may make the file and the note never builds it
// (buildLine is 0). nil: every file is there.
func (l *labRun) uncopied(ctx context.Context, st labs.Step, name string, df check.Dockerfile, buildLine int) (*result.Result, error) {
	if len(df.Sources) == 0 {
		return nil, nil
	}
	var script strings.Builder
	for _, src := range df.Sources {
		fmt.Fprintf(&script, "[ -e %s ] || echo %d:%s\n", shellQuote(src.Path), src.Line, shellQuote(src.Path))
	}
	ran, err := l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"sh", "-c", script.String()}, Dir: Workdir, Timeout: time.Minute})
	if err != nil {
		return &result.Result{}, fmt.Errorf("%w: %w", ErrSandboxGone, err)
	}
	first := oneLine(ran.Output)
	if first == "" {
		return nil, nil
	}
	if !l.atEnd && buildLine == 0 && l.filesLater() {
		// The note never builds it, and what comes after may make the
		// file: a reader builds it once they have.
		l.deferred = append(l.deferred, l.at)
		return &result.Result{}, nil
	}
	n, p, _ := strings.Cut(first, ":")
	dl, _ := strconv.Atoi(n)
	l.broken[name] = fmt.Sprintf("the Dockerfile at %s:%d copies %s, which is not in the lab", st.File, st.Line, p)
	message := fmt.Sprintf("%s: COPY/ADD source %s is not in the lab's directory", dockerfileRef(st.File, st.Line, dl), p)
	if l.atEnd {
		message += ", even at the end of the lab"
	}
	for _, base := range df.Bases {
		if _, ok := l.missing[base]; ok {
			message += fmt.Sprintf(" (and its base image %s is not available here)", base)
		}
	}
	return &result.Result{Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonMissingFile, Message: message}, Line: st.Line + dl - 1}, nil
}

// filesLater reports whether a step after the current one may make
// files in the lab's directory: a runnable command, or a file snippet.
func (l *labRun) filesLater() bool {
	for _, st := range l.lab.Steps[l.at+1:] {
		if st.Kind == extract.Shell && st.Runnable || st.Annotations.File != "" && !st.Annotations.Skip ||
			st.Runnable && (st.Kind == extract.Dockerfile || st.Kind == extract.Compose) {
			return true
		}
	}
	return false
}

// buildDeferred judges, at the end of the lab, the Dockerfiles whose
// COPY sources were not there yet where they appeared and that the note
// never builds: with the lab's files as they are now, as a reader who
// built it after following the note would.
func (l *labRun) buildDeferred(ctx context.Context) error {
	l.atEnd = true
	for _, i := range l.deferred {
		st := l.lab.Steps[i]
		l.at = i
		start := time.Now()
		name := fmt.Sprintf(".labrun/Dockerfile.%d", st.Line) // the note's Dockerfile may have been replaced since
		if err := l.write(ctx, name, st.Code); err != nil {
			return err
		}
		r, err := l.dockerfile(ctx, st, name)
		if err != nil {
			return err
		}
		if r.Status == verdict.Pass {
			r.Message = "built at the end of the lab, which never builds it: the files it copies were made after it"
		}
		r.Step, r.LabID, r.Title, r.Duration = st, l.lab.ID, l.lab.Title, time.Since(start)
		l.results[i] = r
		l.cfg.progress(Event{Lab: &l.lab, Step: &l.lab.Steps[i], Result: &l.results[i]})
	}
	return nil
}

// builtLater finds the command after the current step that builds the
// Dockerfile name, before another snippet rewrites it: its line, or 0. It
// also says whether a step between them may make files (a command, a file
// snippet, or a command before the build in the build's own block).
func (l *labRun) builtLater(name string) (line int, between bool) {
	for _, st := range l.lab.Steps[l.at+1:] {
		switch {
		case st.Kind == extract.Dockerfile && (st.Annotations.File == name || st.Annotations.File == "" && name == "Dockerfile"):
			return 0, false
		case st.Kind == extract.Shell && st.Runnable:
			for i, c := range st.Commands {
				if builds(c.Lines, name) {
					// the commands before it in its own block may make files too
					return c.Line, between || i > 0
				}
			}
			between = true
		case st.Annotations.File != "" && !st.Annotations.Skip:
			between = true
		}
	}
	return 0, false
}

// check runs one command that checks a file snippet and judges the
// snippet by it.
func (l *labRun) check(ctx context.Context, st labs.Step, command string) (result.Result, error) {
	c := extract.NewCommand(st.Line, command)
	o, err := l.command(ctx, st, c)
	if err != nil {
		return result.Result{}, err
	}
	v := verdict.Judge(o)
	if v.Status == verdict.Fail && buildOf(c.Lines) != nil {
		var missing bool
		v.Message, missing = buildFailure(st, o.Output, v.Message)
		switch {
		case missing:
			v.Reason = verdict.ReasonMissingFile
		case v.Reason == verdict.ReasonExitCode:
			v.Reason = verdict.ReasonBuildFailed
		}
	}
	if v.Status == verdict.Pass {
		v.Message = "builds"
	}
	v.Hint = ""
	return result.Result{Verdict: v, Output: o.Output}, nil
}

// stepRE finds the classic builder's step lines.
var stepRE = regexp.MustCompile(`(?m)^Step (\d+)/\d+ : (.*)$`)

// BuildKit names the failing step ` > [stage 2/3] RUN …:`, the
// Dockerfile's line (`Dockerfile:3` above an excerpt), the cause
// (`ERROR: failed to solve: …`, after "failed to build: " from Buildx), and
// a source that is not there as `"/path": not found`.
var (
	bkStepRE    = regexp.MustCompile(`(?m)^ > \[(?:[\w.-]+ )?(\d+)/\d+\] (.*):$`)
	bkLineRE    = regexp.MustCompile(`(?m)^Dockerfile(?:\.[\w.-]+)?:(\d+)$`)
	bkCauseRE   = regexp.MustCompile(`(?m)^ERROR: (?:failed to build: )?(?:failed to solve: )?(.+)$`)
	bkMissingRE = regexp.MustCompile(`failed to calculate checksum of ref [^"\n]*"([^"]+)": not found`)
)

// buildFailure names the step of a failed build and its line in the note,
// from the output of either builder. missing says the build failed on a
// source that is not there: a file of the context or of another stage.
func buildFailure(st labs.Step, output, fallback string) (msg string, missing bool) {
	if cause := bkCauseRE.FindAllStringSubmatch(output, -1); len(cause) > 0 {
		why := verdict.Clip(cause[len(cause)-1][1])
		if m := bkMissingRE.FindStringSubmatch(output); m != nil {
			why, missing = m[1]+" is not there to copy", true
		}
		line := st.Line
		if m := bkLineRE.FindAllStringSubmatch(output, -1); len(m) > 0 {
			n, _ := strconv.Atoi(m[len(m)-1][1])
			line = st.Line + n - 1
		}
		if steps := bkStepRE.FindAllStringSubmatch(output, -1); len(steps) > 0 {
			last := steps[len(steps)-1]
			return fmt.Sprintf("%s:%d: step %s (%s) failed: %s", st.File, line, last[1], verdict.Clip(last[2]), why), missing
		}
		return fmt.Sprintf("%s:%d: %s", st.File, line, why), missing
	}
	steps := stepRE.FindAllStringSubmatch(output, -1)
	if len(steps) == 0 {
		return fallback, false
	}
	last := steps[len(steps)-1]
	n, _ := strconv.Atoi(last[1])
	line := st.Line
	if df, _, _ := check.ParseDockerfile(st.Code); n >= 1 && n-1 < len(df.Instructions) {
		line = st.Line + df.Instructions[n-1] - 1
	}
	return fmt.Sprintf("%s:%d: step %s (%s) failed: %s", st.File, line, last[1], verdict.Clip(last[2]), verdict.LastLine(output)), false
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

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
	c, moved := l.throughSSH(c, host)
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
	if len(s.notes) > 0 {
		v.Message = strings.Join(s.notes, "; ")
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
	text, bound, blocked := l.bind(st, c.Text)
	if blocked != nil {
		return verdict.Outcome{Command: c.Text, Lines: c.Lines, Blocked: blocked}, nil
	}
	c.Text = text
	e := l.execOf(st, c, dir)
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
	if b := buildOf(c.Lines); b != nil {
		uses = append(uses, l.dockerfiles[b.BuildFile()].Bases...)
	}
	if ran.ExitCode == 0 && !ran.TimedOut {
		for _, ref := range makes {
			l.built[normRef(ref)] = true
		}
	}
	l.learn(c, ran.Output)
	return l.outcome(st, c, e, ran, uses, bound), nil
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
// for confirmation; judged alive after the settle window where it streams
// or the note says it runs until stopped; where it may serve, judged alive
// once it listens after that window, and otherwise run to its end; and,
// for an unsafe snippet run with --allow-unsafe, as nobody.
func (l *labRun) execOf(st labs.Step, c extract.Command, dir string) sandbox.Exec {
	e := sandbox.Exec{Cmd: []string{"sh", "-c", c.Text}, Dir: dir, Timeout: l.cfg.timeout(st), OutputLimit: outputCap}
	if st.Reason == extract.SkipUnsafe {
		// Run with --allow-unsafe: as nobody, whose processes the kernel
		// counts (root's it does not), so that a fork bomb stops at
		// unsafeProcs and labrun can still stop it at its time limit.
		e.Cmd = append([]string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
			"prlimit", fmt.Sprintf("--nproc=%d", unsafeProcs), "--"}, e.Cmd...)
	}
	if dockercli.Any(c.Lines, (*dockercli.Line).AsksConfirmation) {
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
