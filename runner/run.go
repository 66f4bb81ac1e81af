package runner

import (
	"context"
	"errors"
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
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/verdict"
	"github.com/labrun/labrun/verdict/expect"
)

// Workdir is the lab's working directory inside the sandbox.
const Workdir = "/lab"

// Sandbox is what a lab's steps need from their throwaway daemon.
type Sandbox interface {
	Run(ctx context.Context, e sandbox.Exec) (sandbox.Ran, error)
	WriteFiles(ctx context.Context, dir string, files map[string][]byte) error
	// Compose is the command that runs compose there: "docker compose",
	// or "docker-compose" on an engine with only v1.
	Compose() string
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
	Timeout   time.Duration // per snippet, unless annotated; default 2m
	Settle    time.Duration // how long a streaming command must stay alive; default 5s
	Progress  func(Event)   // called as steps start and finish, from several goroutines with Jobs > 1; may be nil
	Jobs      int           // labs run at once, each in its own sandbox; default 1
	Cache     Cache         // results of unchanged labs; nil: no cache
	CacheSalt string        // what the cache key holds besides the lab: labrun's version, the engine, the sandbox image
	Timings   Timings       // how long labs took before, to start the longest first; nil: labs in order
	// Offline runs every lab with no route outside, as the front matter
	// `offline: true` does for the labs of one note.
	Offline bool
	// AllowUnsafe runs the shell snippets classified unsafe (a fork bomb,
	// rm -rf /): inside the sandbox, held by its pids and memory limits and
	// ended by the time limit.
	AllowUnsafe bool
	// Output is how the output a note shows under a command is compared
	// with what it printed, unless the snippet's output= says otherwise;
	// "" is expect.Strict.
	Output expect.Mode

	// grammar is the engine whose CLI grammar judges what a blocked
	// command would have been refused for; set by on for named engines.
	grammar string
}

// Event tells the progress display what is happening.
type Event struct {
	Engine string // the engine the lab runs on
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

// reach is what a lab's sandbox may reach.
func (c Config) reach(lab labs.Lab) sandbox.Network {
	if c.Offline || lab.Offline {
		return sandbox.Offline
	}
	return sandbox.Online
}

// outputMode is how a step's shown output is compared.
func (c Config) outputMode(st labs.Step) expect.Mode {
	switch {
	case st.Notes.Output != "":
		return expect.Mode(st.Notes.Output)
	case c.Output != "":
		return c.Output
	}
	return expect.Strict
}

func (c Config) settle() time.Duration {
	if c.Settle > 0 {
		return c.Settle
	}
	return 5 * time.Second
}

// ready is how long a probe after a background start is tried: three
// settle windows, as draining a node's tasks or a server's first start
// can take most of one (a drain took 4.5 s here).
func (c Config) ready() time.Duration {
	return 3 * c.settle()
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
		effects := labs.Effects(st.Snippet)
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
	sb          Sandbox
	lab         labs.Lab
	cfg         Config
	dockerfiles map[string]check.Dockerfile // what the lab's Dockerfiles need, by file name
	missing     map[string]string           // images that could not be had, and why
	broken      map[string]string           // Dockerfiles that failed their static check, and why
	building    map[string]int              // images the lab's commands build, and the line that builds each
	built       map[string]bool             // those that were built
	makers      map[dockercli.Object]maker  // what the lab's steps made, or were to make
	sources     map[int][]string            // the author's values each command prints, by line
	bound       map[string]string           // the lab's own value for each of them, once printed
	away        away                        // the other host the reader is on, after ssh
	shells      map[int]*containerShell     // the containers' shells commands are typed into, by the line that opened each
	deferred    []int                       // the Dockerfile steps built at the end of the lab
	atEnd       bool                        // building them now
	at          int                         // the index of the step being judged
	host        string                      // the host the reader is on, in a lab of several; "" is the first
	swarm       swarm                       // who manages the lab's swarm
	meshed      bool                        // a swarm service was given a published port or a virtual IP
	ipvs        *bool                       // whether the sandbox's kernel has IPVS, once asked
	started     int                         // the line of the last background start that passed, 0 for none
	results     []Result
}

// abandon gives every step from i on an error result.
func (l *labRun) abandon(i int, err error) []Result {
	var out []Result
	for _, st := range l.lab.Steps[i:] {
		out = append(out, Result{
			Step: st, LabID: l.lab.ID, Title: l.lab.Title,
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
		swarm = swarm || st.Notes.Has("swarm")
		u, m := stepImages(st)
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
func (l *labRun) step(ctx context.Context, st labs.Step) (Result, error) {
	if len(st.Dirs) > 0 {
		// the directories the prose told the reader to create
		if _, err := l.sb.Run(ctx, sandbox.Exec{Cmd: append([]string{"mkdir", "-p", "--"}, st.Dirs...), Dir: Workdir, Timeout: time.Minute}); err != nil {
			return Result{}, fmt.Errorf("%w: %w", ErrSandboxGone, err)
		}
	}
	if !st.Runnable {
		if st.Notes.File != "" && !st.Notes.Skip {
			if err := l.write(ctx, st.Notes.File, st.Code); err != nil {
				return Result{}, err
			}
		}
		return Result{Verdict: verdict.Verdict{Status: verdict.Skip, Reason: verdict.Reason(st.Reason), Message: st.Message}}, nil
	}
	l.host = l.hostsOf(st, extract.Command{})[0]
	if st.Host != "" && len(st.Hosts) == 0 && !slices.Contains(l.lab.Hosts, st.Host) && !hostPerCommand(st) {
		return Result{Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsHost,
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
	return Result{Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonToolMissing,
		Message: fmt.Sprintf("labrun cannot run %s snippets", st.Kind)}}, nil
}

// file writes a Dockerfile or compose snippet into the lab's directory,
// where the commands after it find it, as a reader of the note would, and
// then checks it as Docker would: a Dockerfile is parsed and built, a
// compose file validated.
func (l *labRun) file(ctx context.Context, st labs.Step) (Result, error) {
	name := path.Clean("/" + labs.WrittenAs(st.Snippet))[1:]
	if st.Kind == extract.Dockerfile {
		// BuildKit finds no stage before anything else it finds wrong
		if df, msg, _ := check.ParseDockerfile(st.Code); df.Stages == 0 && len(df.Instructions) > 0 && (msg == "" || strings.Contains(msg, "no build stage")) {
			// Not written: it would replace the Dockerfile it is to be added to.
			return Result{Verdict: verdict.Verdict{Status: verdict.Skip, Reason: verdict.Reason(extract.SkipFragment),
				Message: "Dockerfile lines with no FROM: lines to add to a Dockerfile, not a whole one"}}, nil
		}
	}
	if err := l.write(ctx, name, st.Code); err != nil {
		return Result{}, err
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
func (l *labRun) dockerfile(ctx context.Context, st labs.Step, name string) (Result, error) {
	delete(l.broken, name)
	df, msg, line := check.ParseDockerfile(st.Code)
	if msg != "" {
		l.broken[name] = fmt.Sprintf("the Dockerfile at %s:%d does not parse", st.File, st.Line)
		return Result{Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonSyntax,
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
		return Result{Verdict: verdict.Verdict{Status: verdict.Pass, Hint: strings.Join(hints, "; "), Message: fmt.Sprintf(
			"parses (BuildKit's parser); built by the command at line %d, with its flags and the lab's files by then", buildLine)}}, nil
	}
	if len(df.Sources) > 0 {
		var script strings.Builder
		for _, src := range df.Sources {
			fmt.Fprintf(&script, "[ -e %s ] || echo %d:%s\n", shellQuote(src.Path), src.Line, shellQuote(src.Path))
		}
		ran, err := l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"sh", "-c", script.String()}, Dir: Workdir, Timeout: time.Minute})
		if err != nil {
			return Result{}, fmt.Errorf("%w: %w", ErrSandboxGone, err)
		}
		if first := oneLine(ran.Output); first != "" {
			if !l.atEnd && buildLine == 0 && l.filesLater() {
				// The note never builds it, and what comes after may
				// make the file: a reader builds it once they have.
				l.deferred = append(l.deferred, l.at)
				return Result{}, nil
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
			return Result{Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonMissingFile, Message: message}, Line: st.Line + dl - 1}, nil
		}
	}
	for _, base := range df.Bases {
		if why, ok := l.missing[base]; ok {
			return Result{Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable,
				Message: fmt.Sprintf("base image %s is not available here: %s", base, why)}}, nil
		}
	}
	r, err := l.check(ctx, st, "docker build -f "+name+" .")
	r.Hint = strings.Join(hints, "; ")
	return r, err
}

// filesLater reports whether a step after the current one may make
// files in the lab's directory: a runnable command, or a file snippet.
func (l *labRun) filesLater() bool {
	for _, st := range l.lab.Steps[l.at+1:] {
		if st.Kind == extract.Shell && st.Runnable || st.Notes.File != "" && !st.Notes.Skip ||
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
		case st.Kind == extract.Dockerfile && (st.Notes.File == name || st.Notes.File == "" && name == "Dockerfile"):
			return 0, false
		case st.Kind == extract.Shell && st.Runnable:
			for i, c := range st.Commands {
				if builds(c.Lines, name) {
					// the commands before it in its own block may make files too
					return c.Line, between || i > 0
				}
			}
			between = true
		case st.Notes.File != "" && !st.Notes.Skip:
			between = true
		}
	}
	return 0, false
}

// check runs one command that checks a file snippet and judges the
// snippet by it.
func (l *labRun) check(ctx context.Context, st labs.Step, command string) (Result, error) {
	c := extract.NewCommand(st.Line, command)
	o, err := l.command(ctx, st, c)
	if err != nil {
		return Result{}, err
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
	return Result{Verdict: v, Output: o.Output}, nil
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

// shell runs a shell snippet command by command, as a reader would type
// them; it stops at the first command that does not pass.
func (l *labRun) shell(ctx context.Context, st labs.Step) (Result, error) {
	var out strings.Builder
	var notes []string
	var reason verdict.Reason
	var compared *expect.Comparison // the last comparison of a command's output with the note's
	// stopAt ends the snippet at command c, whose verdict v is the snippet's.
	stopAt := func(c extract.Command, v verdict.Verdict) (Result, error) {
		r := Result{Verdict: v, Output: out.String()}
		if len(st.Commands) > 1 {
			r.Line, r.Command = c.Line, c.Text
		}
		return r, nil
	}
	var hosts []string // the hosts the commands ran on, in a lab of several
	for i, c := range st.Commands {
		if v, ok := l.elsewhere(c); ok {
			for _, rest := range st.Commands[i+1:] {
				_, _ = l.elsewhere(rest) // follow the reader's host to the block's end
			}
			return stopAt(c, v)
		}
		if c.Host != "" && multiHost(l.lab) && !slices.Contains(hostsOfLab(l.lab), c.Host) {
			return stopAt(c, verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsHost,
				Message: fmt.Sprintf("runs on %s, a host this lab does not have", c.Host)})
		}
		for _, host := range l.hostsOf(st, c) {
			l.host = host
			if host != "" && !slices.Contains(hosts, host) {
				hosts = append(hosts, host)
			}
			c, moved := l.throughSSH(c, host)
			if moved != nil {
				notes = append(notes, moved.Message)
				continue
			}
			c, advertised := advertiseOwn(c)
			c, replaced, err := l.joinWithOwn(ctx, c, host)
			if err != nil {
				return Result{}, err
			}
			if advertised != "" {
				replaced = strings.TrimPrefix(strings.Join([]string{replaced, advertised}, "; "), "; ")
			}
			o, v, retried, err := l.judged(ctx, st, c)
			if err != nil {
				return Result{}, err
			}
			if v, err = l.withoutMesh(ctx, c, o, v); err != nil {
				return Result{}, err
			}
			if replaced != "" {
				v.Message += " (" + replaced + ")"
			}
			appendCapped(&out, o.Output)
			if v.Status != verdict.Pass {
				v.Message = on(host) + v.Message
				r, err := stopAt(c, v)
				r.Host = host
				return r, err
			}
			l.swarm.follow(c, host)
			l.meshed = l.meshed || publishes(c)
			if startsInBackground(c) {
				l.started = c.Line
			}
			if v.Compared != nil {
				compared = v.Compared
			}
			if v.Reason != "" || o.Answered || o.Bound != "" || o.Where != "" || v.Compared != nil || retried || replaced != "" {
				notes = append(notes, on(host)+v.Message)
				reason = v.Reason
			}
		}
	}
	v := verdict.Verdict{Status: verdict.Pass, Reason: reason, Message: "exit 0"}
	if len(st.Commands) > 1 {
		v.Message = fmt.Sprintf("%d commands, all exit 0", len(st.Commands))
	}
	if len(notes) > 0 {
		v.Message = strings.Join(notes, "; ")
	} else if len(hosts) > 0 {
		v.Message = on(strings.Join(hosts, ", ")) + v.Message
	}
	if len(st.Commands) == 1 {
		v.Hint = verdict.Hint(st.Commands[0].Lines)
	}
	v.Compared = compared
	return Result{Verdict: v, Output: out.String(), Host: strings.Join(hosts, ",")}, nil
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
		return verdict.Outcome{Command: c.Text, Lines: c.Lines, Grammar: l.cfg.grammar, Blocked: blocked}, nil
	}
	ran, err := l.sb.Run(ctx, e)
	if err != nil {
		return verdict.Outcome{}, fmt.Errorf("%w: %s:%d: %w", ErrSandboxGone, st.File, c.Line, err)
	}
	if st.Reason == extract.SkipUnsafe {
		// What it left running in the background (a fork bomb's children
		// outlive the shell that started them) would starve the steps
		// after it: kill(-1) as nobody ends every process of nobody's.
		// The shell's own kill: procps 4's /bin/kill refuses -1.
		for range 2 {
			_, _ = l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
				"sh", "-c", "kill -KILL -1"}, Timeout: 10 * time.Second})
		}
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
	out := ran.Output
	if ran.Truncated {
		out += fmt.Sprintf("\n[labrun: output cut here; only the first %d KiB are kept]\n", outputCap>>10)
	}
	return verdict.Outcome{
		Uses:          uses,
		Command:       c.Text,
		Lines:         c.Lines,
		Bound:         bound,
		Grammar:       l.cfg.grammar,
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
		ExpectFail:    st.Notes.ExpectFail,
		Expected:      c.Output,
		ExpectedMode:  l.cfg.outputMode(st),
		MissingImages: l.missing,
		Offline:       l.cfg.reach(l.lab) == sandbox.Offline,
	}, nil
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
	if st.Notes.ExpectFail {
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
