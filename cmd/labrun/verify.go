package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/labrun/labrun/baseline"
	"github.com/labrun/labrun/cache"
	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/fix"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/report"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/runner"
	"github.com/labrun/labrun/runner/interp"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/secret"
	"github.com/labrun/labrun/verdict"
	"github.com/labrun/labrun/verdict/expect"
	"github.com/moby/moby/client"
	"golang.org/x/term"
)

// verifyOptions are the options of verify and try.
type verifyOptions struct {
	paths          []string
	talk           string // try: the one talk to run
	format         string
	reports        []string // FORMAT=FILE
	baseline       string
	updateBaseline bool
	timeout        time.Duration
	settle         time.Duration
	engines        string // comma-separated engine names
	offline        bool   // no route outside for any lab
	output         string // how shown output is compared: strict, lax or ignore
	quiet          bool
	verbose        bool
	jobs           int
	shard          string
	noCache        bool
	noBuild        bool
	allowUnsafe    bool
	noFix          bool     // verify, try: try no rewrites of failing snippets
	maxTries       int      // the most rewrites of one snippet run (0: all)
	write          bool     // fix: rewrite the notes in place
	changed        string   // verify, try: run only the labs changed since this Git ref
	annotations    string   // verify, try: "github" for workflow-command annotations; "" decides by $GITHUB_ACTIONS
	env            []string // --env: NAME or NAME=VALUE, passed into the labs
	labEnv         []string // what --env gives the labs, as NAME=VALUE
	secrets        *secret.Set
	fresh          bool          // take no sandbox kept warm
	warm           time.Duration // try: keep the sandbox warm after the lab for this long
	watch          bool          // try: run again as the note changes
	stdout         io.Writer
	stderr         io.Writer
}

// writer renders a report in one format.
type writer func(io.Writer, result.Report) error

// writers returns the report formats by name; text is coloured when it
// goes to a terminal.
func writers(w io.Writer) map[string]writer {
	return map[string]writer{
		"text": func(w io.Writer, rep result.Report) error {
			return report.Text(w, rep, report.TextOptions{Color: colorFor(w)})
		},
		"json":     report.JSON,
		"junit":    report.JUnit,
		"markdown": report.Markdown,
		"html":     report.HTML,
		"sarif":    report.SARIF,
	}
}

func formatNames() string {
	var names []string
	for n := range writers(nil) {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// output is one report to write: a format and where.
type output struct {
	write writer
	path  string // "" is stdout
}

func (opts verifyOptions) outputs() ([]output, error) {
	switch opts.annotations {
	case "", "github", "none":
	default:
		return nil, usageError("--annotations %q: want github or none", opts.annotations)
	}
	all := writers(nil)
	w, ok := all[opts.format]
	if !ok {
		return nil, usageError("unknown format %q: %s", opts.format, formatNames())
	}
	outs := []output{{write: w}}
	for _, r := range opts.reports {
		format, path, ok := strings.Cut(r, "=")
		if !ok || path == "" {
			return nil, usageError("--report %q: want FORMAT=FILE, e.g. junit=report.xml", r)
		}
		w, found := all[format]
		if !found {
			return nil, usageError("--report %q: unknown format %q: %s", r, format, formatNames())
		}
		outs = append(outs, output{write: w, path: path})
	}
	if summary := os.Getenv("GITHUB_STEP_SUMMARY"); summary != "" {
		if md, ok := all["markdown"]; ok {
			outs = append(outs, output{write: md, path: summary})
		}
	}
	return outs, nil
}

func runVerify(ctx context.Context, opts verifyOptions) error {
	outs, err := opts.outputs()
	if err != nil {
		return err
	}
	if opts.updateBaseline && opts.baseline == "" {
		return usageError("--update-baseline needs --baseline FILE")
	}
	if opts.updateBaseline && opts.changed != "" {
		return usageError("--update-baseline records every snippet's verdict: run it without --changed")
	}
	var base baseline.File
	if opts.baseline != "" {
		if base, err = baseline.Load(opts.baseline); err != nil {
			return usageError("%w", err)
		}
	}
	notes, all, err := opts.load()
	if err != nil {
		return err
	}
	run, rest := all, []labs.Lab(nil)
	if opts.changed != "" {
		if run, rest, err = changedSince(ctx, opts.changed, opts.paths, all, opts.say); err != nil {
			return err
		}
		opts.say(fmt.Sprintf("%d of %d labs changed since %s; the rest are reported as not run", len(run), len(all), opts.changed))
	}
	var rep result.Report
	var runErr error
	if len(run) > 0 {
		lr, err := opts.connect(ctx)
		if lr != nil {
			defer lr.close()
		}
		if err != nil {
			return err
		}
		rep, runErr = lr.run(ctx, run)
		if runErr == nil && !opts.noFix {
			var out fix.Outcome
			out, runErr = fix.Search(ctx, notes, rep.Results, lr.runQuietly, fix.Options{Jobs: opts.jobs, Progress: opts.say, MaxTries: opts.maxTries})
			attachFixes(rep.Results, out.Attempts)
		}
	}
	if len(rest) > 0 {
		engines, _ := engine.Parse(opts.engines) // checked by connect, or by nothing when no lab runs
		rep.Results = inLabOrder(all, append(rep.Results, notRun(rest, engines, opts.changed)...))
	}
	shown := rep.Masked(opts.secrets.Mask)
	if err := writeOutputs(opts.secrets.Writer(opts.stdout), outs, shown); err != nil {
		return err
	}
	if opts.github() {
		if err := report.GitHubAnnotations(opts.stderr, shown, workspacePath); err != nil {
			return err
		}
	}
	return opts.verdict(ctx, rep, base, runErr)
}

// labRunner runs labs in the sandboxes of the engines the options name,
// on the daemon it is connected to.
type labRunner struct {
	cli     *client.Client
	daemon  sandbox.Engine
	hosts   []*sandbox.Host
	cfg     runner.Config
	timings *cache.Timings
}

// prepare reads the labs the options select, with the notes they come
// from, and connects to the daemon to run them; the labRunner it returns,
// even with an error, must be closed.
func (opts *verifyOptions) prepare(ctx context.Context) ([]labs.Note, []labs.Lab, *labRunner, error) {
	notes, all, err := opts.load()
	if err != nil {
		return nil, nil, nil, err
	}
	lr, err := opts.connect(ctx)
	return notes, all, lr, err
}

// load reads the labs the options select, with the notes they come from,
// and the secrets to mask from then on (see secrets).
func (opts *verifyOptions) load() ([]labs.Note, []labs.Lab, error) {
	var warnings bytes.Buffer // said once the secrets are masked
	notes, all, err := opts.labs(&warnings)
	if err != nil {
		return nil, nil, err
	}
	if err := opts.readSecrets(all); err != nil {
		return nil, nil, err
	}
	_, _ = opts.stderr.Write(warnings.Bytes())
	return notes, all, nil
}

// connect checks the options that say how labs run and connects to the
// daemon; the labRunner it returns, even with an error, must be closed.
func (opts verifyOptions) connect(ctx context.Context) (*labRunner, error) {
	if opts.jobs < 1 {
		return nil, usageError("--jobs %d: at least 1", opts.jobs)
	}
	switch expect.Mode(opts.output) {
	case expect.Reader, expect.Strict, expect.Lax, expect.Ignore:
	default:
		return nil, usageError("--output %q: want reader, strict, lax or ignore", opts.output)
	}
	engines, err := engine.Parse(opts.engines)
	if err != nil {
		return nil, usageError("%w", err)
	}
	cli, daemon, err := sandbox.Connect(ctx)
	if err != nil {
		return nil, environmentError(err)
	}
	lr := &labRunner{cli: cli, daemon: daemon}
	for _, e := range engines {
		if _, err := ensureEngine(ctx, cli, e, false, opts.noBuild, opts.say); err != nil {
			return lr, environmentError(err)
		}
	}
	lr.hosts, err = engineHosts(ctx, cli, engines, sandbox.Config{Idle: opts.warm, Fresh: opts.fresh, Pool: os.Getenv("LABRUN_WARM_POOL"), Say: opts.say})
	if err != nil {
		return lr, environmentError(err)
	}
	lr.cfg, lr.timings = opts.config(daemon, len(engines))
	return lr, nil
}

func (lr *labRunner) close() {
	for _, h := range lr.hosts {
		h.Close()
	}
	lr.cli.Close()
}

// run runs the labs on every engine and returns the report.
func (lr *labRunner) run(ctx context.Context, all []labs.Lab) (result.Report, error) {
	var targets []runner.EngineHost
	for _, h := range lr.hosts {
		targets = append(targets, runner.OnHost(h))
	}
	rep, err := runner.Run(ctx, targets, all, lr.cfg)
	if lr.timings != nil {
		_ = lr.timings.Save() // timings that cannot be kept only cost time
	}
	rep.Host = result.Host{Server: lr.daemon.Server, API: lr.daemon.API}
	return rep, err
}

// runQuietly runs labs as run does, without showing each snippet's
// progress: the rewrites of a search, which say what they try.
func (lr *labRunner) runQuietly(ctx context.Context, all []labs.Lab) ([]result.Result, error) {
	quiet := *lr
	quiet.cfg.Progress, quiet.cfg.Keep = nil, nil
	rep, err := quiet.run(ctx, all)
	return rep.Results, err
}

// say shows a line of progress on stderr, unless quiet.
func (opts verifyOptions) say(msg string) {
	if !opts.quiet {
		fmt.Fprintf(opts.stderr, "labrun: %s\n", msg)
	}
}

// attachFixes gives each result of a step that a search tried to
// rewrite the rewrite that passed and those that did not.
func attachFixes(results []result.Result, attempts []fix.Attempt) {
	for _, a := range attempts {
		for i := range results {
			r := &results[i]
			if r.Step.ID != a.Origin || r.Step.File != a.Step.File {
				continue
			}
			if a.Fix != nil {
				r.Fix = &result.Fix{Code: a.Code, Engine: strings.Join(a.Engines, ","), Why: a.Fix.Why}
			}
			for _, c := range a.Tried {
				r.Tried = append(r.Tried, c.Show)
			}
		}
	}
}

// labs are the labs the options select: those of the notes (or the
// embedded ones), of one talk with try, of one shard with --shard.
func (opts verifyOptions) labs(warnings io.Writer) ([]labs.Note, []labs.Lab, error) {
	notes, all, err := loadNotes(opts.paths, warnings)
	if err != nil {
		return nil, nil, err
	}
	if opts.talk != "" {
		lab, err := labs.Find(all, opts.talk)
		if err != nil {
			return nil, nil, usageError("%w", err)
		}
		all = []labs.Lab{lab}
	}
	if opts.shard != "" {
		i, n, err := labs.ParseShard(opts.shard)
		if err != nil {
			return nil, nil, usageError("%w", err)
		}
		all = labs.Shard(all, i, n)
	}
	return notes, all, nil
}

// config is the runner's configuration for these options, on a host
// daemon, with engines engines, and the labs' timings it keeps (nil when
// they cannot be read), which the caller saves after the run.
func (opts verifyOptions) config(daemon sandbox.Engine, engines int) (runner.Config, *cache.Timings) {
	cfg := runner.Config{Jobs: opts.jobs, AllowUnsafe: opts.allowUnsafe, Offline: opts.offline,
		Config: interp.Config{Timeout: opts.timeout, Settle: opts.settle, Output: expect.Mode(opts.output), Env: opts.labEnv}}
	if !opts.quiet {
		cfg.Progress = newProgress(opts.stderr, opts.verbose, opts.jobs, engines > 1).event
	}
	if !opts.noCache {
		if dir, err := cache.Default(); err == nil {
			// Each lab's key also holds its engine and the ID of the
			// engine's sandbox image.
			// What the labs are given is in the key as a digest; what
			// is cached is masked as the reports are.
			cfg.Cache = maskedCache{Cache: dir, secrets: opts.secrets}
			cfg.CacheSalt = strings.Join([]string{report.Version, daemon.Server, "output=" + opts.output, envDigest(opts.labEnv)}, " ")
		}
	}
	// The labs' timings only order the run, so they are kept with
	// --no-cache too.
	timings, _ := cache.DefaultTimings()
	if timings != nil {
		cfg.Timings = timings
	}
	return cfg, timings
}

// verdict is the run's outcome as an exit: interrupted, an environment
// error, failed snippets (or, with a baseline, regressions), or none; with
// --update-baseline it writes the baseline instead.
func (opts verifyOptions) verdict(ctx context.Context, rep result.Report, base baseline.File, runErr error) error {
	failedRun := result.Summary(rep.Results)[verdict.Fail] > 0
	if opts.baseline != "" && runErr == nil && ctx.Err() == nil {
		if opts.updateBaseline {
			if err := baseline.Save(opts.baseline, baseline.FromResults(rep.Results)); err != nil {
				return err
			}
			fmt.Fprintf(opts.stderr, "labrun: baseline %s updated with %d snippets\n", opts.baseline, len(rep.Results))
			return nil
		}
		diff := baseline.Compare(base, rep.Results)
		writeDiff(opts.stderr, opts.baseline, diff)
		failedRun = diff.Failed()
	}
	switch {
	case ctx.Err() != nil:
		return &exitError{code: exitInterrupted, err: errors.New("interrupted; the sandboxes were removed")}
	case runErr != nil:
		return environmentError(runErr)
	case failedRun:
		return failed
	}
	return nil
}

// engineHosts prepares a sandbox host per engine, sharing one session so
// that Ctrl-C and gc find them all. It fails, naming every engine whose
// image is missing and how to build it, before anything runs.
func engineHosts(ctx context.Context, cli *client.Client, engines []string, cfg sandbox.Config) ([]*sandbox.Host, error) {
	session := os.Getenv("LABRUN_SESSION")
	if session == "" {
		session = sandbox.NewSession()
	}
	var hosts []*sandbox.Host
	var errs []error
	for _, e := range engines {
		cfg.Engine, cfg.Session = e, session
		h, err := sandbox.NewHost(ctx, cli, cfg)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		hosts = append(hosts, h)
	}
	return hosts, errors.Join(errs...)
}

func writeOutputs(stdout io.Writer, outs []output, rep result.Report) error {
	for _, o := range outs {
		if o.path == "" {
			if err := o.write(stdout, rep); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(o.path), 0o755); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
		if o.path == os.Getenv("GITHUB_STEP_SUMMARY") {
			flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND // the job summary collects every step's
		}
		f, err := os.OpenFile(o.path, flags, 0o644)
		if err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		err = o.write(f, rep)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write report %s: %w", o.path, err)
		}
	}
	return nil
}

// writeDiff says on stderr how the run compares with the baseline.
func writeDiff(w io.Writer, path string, d baseline.Diff) {
	fmt.Fprintf(w, "labrun: against baseline %s: %d regressed, %d new failing, %d fixed\n",
		path, len(d.Regressed), len(d.NewFail), len(d.Fixed))
	for _, group := range []struct {
		name    string
		results []result.Result
	}{{"regressed", d.Regressed}, {"new failing", d.NewFail}, {"fixed", d.Fixed}} {
		for _, r := range group.results {
			fmt.Fprintf(w, "  %s:%d %s: %s %s: %s\n", r.Step.File, r.Step.Line, group.name, r.Status, r.Reason, r.Message)
		}
	}
}

// progress shows a run as it goes on stderr: on a terminal one live line
// per lab; elsewhere one plain line per snippet. Verbose adds each
// snippet's output.
type progress struct {
	mu      sync.Mutex // labs may run in parallel
	w       io.Writer
	tty     bool
	verbose bool
	engines bool // name the engine of each line
	done    map[verdict.Status]int
}

// newProgress shows progress on w; with several jobs or engines a
// terminal gets plain lines too, as one live line cannot follow several
// labs. With several engines each line names its engine.
func newProgress(w io.Writer, verbose bool, jobs int, engines bool) *progress {
	return &progress{w: w, tty: isTerminal(w) && jobs <= 1 && !engines, verbose: verbose, engines: engines, done: map[verdict.Status]int{}}
}

func (p *progress) event(e interp.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(e.Lab.Steps)
	if e.Result == nil {
		if e.Step == &e.Lab.Steps[0] {
			p.done = map[verdict.Status]int{}
			if !p.tty {
				fmt.Fprintf(p.w, "labrun: %s%s: starting (%d snippets)\n", e.Lab.ID, p.on(e.Engine), n)
			}
		}
		if p.tty {
			fmt.Fprintf(p.w, "\r\x1b[K%s %d/%d %s:%d …", e.Lab.ID, p.count()+1, n, e.Step.File, e.Step.Line)
		}
		return
	}
	r := e.Result
	p.done[r.Status]++
	if p.tty {
		if p.count() == n {
			fmt.Fprintf(p.w, "\r\x1b[K%s: %d pass, %d fail, %d blocked, %d skip\n", e.Lab.ID,
				p.done[verdict.Pass], p.done[verdict.Fail], p.done[verdict.Blocked], p.done[verdict.Skip])
		}
	} else {
		cached := ""
		if r.Cached {
			cached = " (cached)"
		}
		fmt.Fprintf(p.w, "labrun: %s:%d%s %s %s%s\n", r.Step.File, r.Step.Line, p.on(e.Engine), r.Status, r.Reason, cached)
	}
	switch {
	case !p.verbose:
	case r.Compared != nil && r.Compared.Difference != nil:
		// What it printed, beside what the note shows.
		fmt.Fprintf(p.w, "%s\n", expect.Text(r.Compared.SideBySide()))
	case r.Output != "":
		fmt.Fprintf(p.w, "%s\n", strings.TrimRight(r.Output, "\n"))
	}
}

// on names the engine of a progress line when there are several.
func (p *progress) on(engine string) string {
	if !p.engines || engine == "" {
		return ""
	}
	return " [" + engine + "]"
}

func (p *progress) count() int {
	c := 0
	for _, n := range p.done {
		c += n
	}
	return c
}

// colorFor reports whether w is a terminal that takes colour (NO_COLOR
// unset).
func colorFor(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	// A terminal answers the terminal ioctl; /dev/null, also a
	// character device, does not.
	return ok && term.IsTerminal(int(f.Fd()))
}

type gcOptions struct {
	stdout io.Writer
}

func runGC(ctx context.Context, opts gcOptions) error {
	cli, _, err := sandbox.Connect(ctx)
	if err != nil {
		return environmentError(err)
	}
	defer cli.Close()
	removed, err := sandbox.GC(ctx, cli, "")
	for _, r := range removed {
		fmt.Fprintf(opts.stdout, "removed %s\n", r)
	}
	if err != nil {
		return environmentError(err)
	}
	if len(removed) == 0 {
		fmt.Fprintln(opts.stdout, "nothing to remove")
	}
	return nil
}
