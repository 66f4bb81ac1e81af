package runner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/runner/interp"
	"github.com/labrun/labrun/sandbox"
)

// Started is a sandbox that a Starter started: what a lab runs in, what
// prepares it, and its removal.
type Started interface {
	interp.Sandbox
	interp.Setup
	Mode() string // how it runs: privileged or not
	// Close removes it; it works after Ctrl-C and may be called twice.
	Close(ctx context.Context) error
}

// releaser is a sandbox that can be kept warm for the next lab after its
// own, reset: *sandbox.Sandbox is one. ok says the lab ran to its end.
type releaser interface {
	Release(ctx context.Context, ok bool) (kept bool, why string, err error)
}

// Starter starts sandboxes: one for a lab, or a set of one per host for
// a lab whose note names several hosts.
type Starter interface {
	Start(ctx context.Context, reach sandbox.Network) (Started, error)
	StartSet(ctx context.Context, reach sandbox.Network, hosts []string) (Started, error)
}

// EngineHost starts the sandboxes of one engine; OnHost makes a
// *sandbox.Host one.
type EngineHost interface {
	Starter
	ImageIDs
	Engine() string            // the engine's name, as results carry it
	Versions() engine.Versions // its Docker parts, known once a sandbox started
}

// OnHost makes a host daemon's sandboxes of one engine an EngineHost.
func OnHost(h *sandbox.Host) EngineHost { return onHost{h} }

type onHost struct{ *sandbox.Host }

func (h onHost) Start(ctx context.Context, reach sandbox.Network) (Started, error) {
	sb, err := h.Host.Start(ctx, reach)
	if err != nil {
		return nil, err // not a nil *Sandbox in an interface
	}
	return sb, nil
}

func (h onHost) StartSet(ctx context.Context, reach sandbox.Network, hosts []string) (Started, error) {
	set, err := h.Host.StartSet(ctx, reach, hosts)
	if err != nil {
		return nil, err
	}
	return set, nil
}

// Config shapes a run: how labs are scheduled, and, embedded, how each
// lab's steps are run.
type Config struct {
	interp.Config
	Jobs      int     // labs run at once, each in its own sandbox; default 1
	Cache     Cache   // results of unchanged labs; nil: no cache
	CacheSalt string  // what the cache key holds besides the lab: labrun's version, the engine, the sandbox image
	Timings   Timings // how long labs took before, to start the longest first; nil: labs in order
	// Offline runs every lab with no route outside, as the front matter
	// `offline: true` does for the labs of one note.
	Offline bool
	// AllowUnsafe runs the shell snippets classified unsafe (a fork bomb,
	// rm -rf /): inside the sandbox, held by its pids and memory limits and
	// ended by the time limit.
	AllowUnsafe bool
	// Keep, when set, keeps each lab's sandbox after its run, as the run
	// left it, for the next Run with the same Keep (a watch); the caller
	// closes it.
	Keep *Kept
}

// reach is what a lab's sandbox may reach.
func (c Config) reach(lab labs.Lab) sandbox.Network {
	if c.Offline || lab.Offline {
		return sandbox.Offline
	}
	return sandbox.Online
}

// Cache keeps the results of labs by a key made of everything that decides
// them; an unchanged lab is not run again.
type Cache interface {
	Get(key string) ([]result.Result, bool)
	Put(key string, results []result.Result) error
}

// Timings remembers how long labs took, so that a run can start the labs
// that take longest first: two workers given a long lab last finish it
// alone. *cache.Timings is one.
type Timings interface {
	Took(labID string) (time.Duration, bool)
	Record(labID string, d time.Duration)
}

// ImageIDs names the images a lab uses by content: a cache key that holds
// them changes when an image changes. *sandbox.Host is one.
type ImageIDs interface {
	ImageIDs(ctx context.Context, refs []string) map[string]string
}

// Run runs the labs on every engine of hosts, each lab in a sandbox of its
// own, cfg.Jobs at a time, and returns a result for every step of every
// lab on every engine: lab by lab, in the labs' order, and within a lab
// engine by engine, in the order of hosts. A lab with nothing runnable
// starts no sandbox; a lab whose results are in cfg.Cache is not run. The
// sandboxes are started one ahead of the labs that need them, so that a
// lab seldom waits for its daemon. Run's error means the run could not go
// on (a sandbox did not start, the daemon went away, the user interrupted
// it); the results then hold what was judged and an error result for the
// rest.
func Run(ctx context.Context, hosts []EngineHost, all []labs.Lab, cfg Config) (result.Report, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if cfg.AllowUnsafe {
		all = allowUnsafe(all)
		cfg.CacheSalt += " allow-unsafe"
	}
	b := &batch{hosts: hosts, all: all, cfg: cfg, cancel: cancel,
		results: make([][][]result.Result, len(hosts)), keys: make([][]string, len(hosts)), modes: make([][]string, len(hosts))}
	todo := b.plan(ctx)
	longestFirst(todo, func(j job) time.Duration { return took(cfg.Timings, b.timingID(j)) })
	starts := b.startPools(ctx, todo)
	defer func() {
		for _, a := range starts {
			a.stop(ctx)
		}
	}()
	b.work(ctx, todo, starts)
	if cfg.Keep != nil {
		cfg.Keep.endRun()
	}
	return b.report(ctx)
}

// batch is the state of one Run.
type batch struct {
	hosts  []EngineHost
	all    []labs.Lab
	cfg    Config
	cancel context.CancelCauseFunc // stops the run, with the error that stopped it

	mu      sync.Mutex
	results [][][]result.Result // by engine, then lab
	keys    [][]string          // cache keys, by engine, then lab; "" without a cache
	modes   [][]string          // how each engine's sandboxes ran
	errs    []error             // what stopped the run
}

// job is one lab to run on one engine, on the network it asks for.
type job struct {
	engine, lab int
	reach       sandbox.Network
}

// pool is the sandboxes of one engine and network, started ahead.
type pool struct {
	engine int
	reach  sandbox.Network
}

// plan judges at once the labs that need no sandbox (nothing to run, or
// their results cached) and returns the others, the jobs.
func (b *batch) plan(ctx context.Context) []job {
	var todo []job
	for e, host := range b.hosts {
		b.results[e] = make([][]result.Result, len(b.all))
		b.keys[e] = make([]string, len(b.all))
		for i, lab := range b.all {
			if ctx.Err() != nil {
				break
			}
			if !lab.Runnable() {
				b.results[e][i], _ = interp.Run(ctx, nil, nil, lab, b.cfg.Config)
				continue
			}
			reach := b.cfg.reach(lab)
			if b.cfg.Cache != nil {
				b.keys[e][i] = cacheKey(ctx, host, lab, b.cfg.CacheSalt+" engine "+host.Engine()+" "+reach.String())
				if rs, ok := cached(b.cfg.forEngine(host.Engine()), b.keys[e][i], lab); ok {
					b.results[e][i] = rs
					continue
				}
			}
			todo = append(todo, job{e, i, reach})
		}
	}
	return todo
}

func (b *batch) timingID(j job) string {
	return timingKey(b.all[j.lab].ID, b.hosts[j.engine].Engine(), len(b.hosts))
}

// startPools starts, for each engine and network the jobs need, their
// sandboxes ahead: a lab takes the next sandbox of its own kind.
func (b *batch) startPools(ctx context.Context, todo []job) map[pool]*ahead {
	need := map[pool]int{}
	for _, j := range todo {
		if !b.all[j.lab].NamedHosts() && !b.keeps(j) { // a set starts when its lab runs
			need[pool{j.engine, j.reach}]++
		}
	}
	starts := map[pool]*ahead{}
	for p, n := range need {
		starts[p] = startAhead(ctx, b.hosts[p.engine], p.reach, n)
	}
	return starts
}

// keepKey names a job's lab in cfg.Keep.
func (b *batch) keepKey(j job) string {
	return b.timingID(j) + " " + j.reach.String()
}

// keeps reports whether a job's lab has its sandbox kept from a run
// before, which it goes on in, or releases to start one of its own.
func (b *batch) keeps(j job) bool {
	return b.cfg.Keep != nil && b.cfg.Keep.has(b.keepKey(j))
}

// work runs the jobs, cfg.Jobs at a time, until they are done or the run
// stops.
func (b *batch) work(ctx context.Context, todo []job, starts map[pool]*ahead) {
	next := make(chan job)
	var wg sync.WaitGroup
	for range min(max(b.cfg.Jobs, 1), len(todo)) {
		wg.Go(func() {
			for j := range next {
				b.runJob(ctx, j, starts[pool{j.engine, j.reach}])
			}
		})
	}
	for _, j := range todo {
		if context.Cause(ctx) != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
}

// runJob runs one lab on one engine and keeps what came of it.
func (b *batch) runJob(ctx context.Context, j job, start *ahead) {
	began := time.Now()
	var startLab func(context.Context) (Started, error)
	lab := b.all[j.lab]
	switch {
	case lab.NamedHosts():
		startLab = func(ctx context.Context) (Started, error) {
			return b.hosts[j.engine].StartSet(ctx, j.reach, lab.RunsOn())
		}
	case b.keeps(j):
		startLab = func(ctx context.Context) (Started, error) {
			return b.hosts[j.engine].Start(ctx, j.reach)
		}
	default:
		startLab = start.Start
	}
	cfg := b.cfg.forEngine(b.hosts[j.engine].Engine()).Config
	cfg.Reach = j.reach
	var rs []result.Result
	var mode string
	var err error
	if b.cfg.Keep != nil && !lab.NamedHosts() {
		rs, mode, err = b.cfg.Keep.run(ctx, b.keepKey(j), startLab, lab, cfg)
	} else {
		rs, mode, err = runInSandbox(ctx, startLab, lab, cfg)
	}
	if key := b.keys[j.engine][j.lab]; err == nil && key != "" && ctx.Err() == nil {
		_ = b.cfg.Cache.Put(key, rs) // a cache that cannot be written only costs time
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err == nil && ctx.Err() == nil && b.cfg.Timings != nil {
		b.cfg.Timings.Record(b.timingID(j), time.Since(began))
	}
	b.results[j.engine][j.lab] = rs
	if mode != "" {
		b.modes[j.engine] = append(b.modes[j.engine], mode)
	}
	if err != nil {
		b.errs = append(b.errs, err)
		b.cancel(err)
	}
}

// report puts the results in order, lab by lab and engine by engine, with
// an error result for every lab that was not run, and says what stopped
// the run, if anything did.
func (b *batch) report(ctx context.Context) (result.Report, error) {
	rep := result.Report{Network: networkOf(b.all, b.cfg)}
	stop := errors.Join(b.errs...)
	if stop == nil && ctx.Err() != nil {
		stop = context.Cause(ctx)
	}
	for e, host := range b.hosts {
		eng := result.Engine{Name: host.Engine(), Versions: host.Versions()}
		sort.Strings(b.modes[e])
		if len(b.modes[e]) > 0 {
			eng.Sandbox = b.modes[e][0]
		}
		rep.Engines = append(rep.Engines, eng)
	}
	for i := range b.all {
		for e, host := range b.hosts {
			rs := b.results[e][i]
			if rs == nil {
				rs = interp.Abandon(b.all[i], 0, orErr(stop, context.Canceled))
			}
			for k := range rs {
				rs[k].Engine = host.Engine()
			}
			rep.Results = append(rep.Results, rs...)
		}
	}
	return rep, stop
}

// forEngine returns cfg with its progress events naming the engine.
func (c Config) forEngine(name string) Config {
	if slices.Contains(engine.Named, name) {
		c.Grammar = name
	}
	if p := c.Progress; p != nil {
		c.Progress = func(e interp.Event) {
			e.Engine = name
			p(e)
		}
	}
	return c
}

// timingKey names a lab's timing: its ID, with the engine when a run has
// several (a lab may take longer on one engine than on another).
func timingKey(labID, engine string, engines int) string {
	if engines > 1 {
		return labID + "@" + engine
	}
	return labID
}

// took is how long a lab took when it last ran; a lab never timed may be
// any length, so it counts as the longest.
func took(t Timings, id string) time.Duration {
	if t == nil {
		return 0
	}
	if d, ok := t.Took(id); ok {
		return d
	}
	return math.MaxInt64
}

// longestFirst orders the labs to run so that those that took longest
// when they last ran start first; labs with no timing come before them
// all, since any of them may be long, and labs keep their order otherwise.
// With no timings the order is unchanged. Only the order of running
// changes: the report keeps the labs' order.
func longestFirst[J any](todo []J, took func(J) time.Duration) {
	sort.SliceStable(todo, func(a, b int) bool { return took(todo[a]) > took(todo[b]) })
}

// cached returns a lab's results from the cache, marked as such.
func cached(cfg Config, key string, lab labs.Lab) ([]result.Result, bool) {
	rs, ok := cfg.Cache.Get(key)
	if !ok || len(rs) != len(lab.Steps) {
		return nil, false
	}
	for i := range rs {
		rs[i].Cached = true
		if cfg.Progress != nil {
			cfg.Progress(interp.Event{Lab: &lab, Step: &lab.Steps[i], Result: &rs[i]})
		}
	}
	return rs, true
}

// allowUnsafe makes the unsafe shell snippets of labs runnable, on copies.
func allowUnsafe(all []labs.Lab) []labs.Lab {
	out := make([]labs.Lab, len(all))
	for i, lab := range all {
		lab.Steps = append([]labs.Step(nil), lab.Steps...)
		for j := range lab.Steps {
			st := &lab.Steps[j]
			if st.Reason == extract.SkipUnsafe && st.Kind == extract.Shell && !st.Annotations.Skip {
				st.Runnable = true // Reason stays: the command runs as an unprivileged user
			}
		}
		out[i] = lab
	}
	return out
}

func orErr(err, def error) error {
	if err == nil {
		return def
	}
	return err
}

// runInSandbox runs a lab in the sandbox that start gives it.
func runInSandbox(ctx context.Context, start func(context.Context) (Started, error), lab labs.Lab, cfg interp.Config) (_ []result.Result, mode string, err error) {
	sb, err := start(ctx)
	if err != nil {
		err = labErr(lab.ID, err)
		return interp.Abandon(lab, 0, err), "", err
	}
	defer func() {
		if cerr := release(ctx, sb, err == nil); cerr != nil {
			err = errors.Join(err, fmt.Errorf("%s: remove sandbox: %w", lab.ID, cerr))
		}
	}()
	rs, err := interp.Run(ctx, sb, sb, lab, cfg)
	return rs, sb.Mode(), labErr(lab.ID, err)
}

// cacheKey digests everything a lab's results depend on: its snippets as
// written (code, kind, annotations, positions), the images it uses by
// content, and salt (labrun's version, the engine, the sandbox image).
func cacheKey(ctx context.Context, images ImageIDs, lab labs.Lab, salt string) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode(salt)
	_ = enc.Encode(lab.ID)
	var refs []string
	for _, st := range lab.Steps {
		_ = enc.Encode([]any{st.ID, st.File, st.Line, st.Kind, st.Code, st.Runnable, st.Reason, st.Annotations, st.Commands})
		uses := st.Images.Uses
		refs = append(refs, uses...)
	}
	_ = enc.Encode(images.ImageIDs(ctx, refs))
	return hex.EncodeToString(h.Sum(nil))
}
