package interp

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/distribution/reference"
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
	l := newLabRun(sb, lab, cfg)
	if err := l.prepare(ctx, setup); err != nil {
		return l.abandon(0, err), err
	}
	return l.run(ctx, 0, nil)
}

func newLabRun(sb Sandbox, lab labs.Lab, cfg Config) *labRun {
	l := &labRun{sb: sb, lab: lab, cfg: cfg, dockerfiles: map[string]check.Dockerfile{},
		building: map[string]int{}, built: map[string]bool{}, broken: map[string]string{},
		makers: map[dockercli.Object]maker{}, shells: map[int]*containerShell{}, sources: bindSources(lab), bound: map[string]string{},
	}
	l.route(sb)
	l.own = ownWords(lab)
	return l
}

// route sends the commands run through l.sb to the host the reader is on.
func (l *labRun) route(sb Sandbox) {
	l.sb = sb
	if sb != nil {
		l.sb = routed{Sandbox: sb, host: &l.host}
	}
}

// run judges the lab's steps from the one at from on, then builds the
// Dockerfiles left to its end. mark, when given, is called before each
// step.
func (l *labRun) run(ctx context.Context, from int, mark func(int)) ([]result.Result, error) {
	lab, cfg := l.lab, l.cfg
	for i := from; i < len(lab.Steps); i++ {
		if mark != nil {
			mark(i)
		}
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
		r.Verdict = l.readers(r)
		l.noteUnstarted(*st, r)
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
	lastBlocked  int                         // the line of the last step that could not run here, 0 for none
	unstarted    int                         // the line of the last background start that could not run, 0 for none
	backgroundAt int                         // the line of the last background start that passed, 0 for none
	results      []result.Result
	own          expect.Words // the words of the lab's code, which its output compares by
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
	if setup == nil {
		return nil
	}
	if err := l.copyImages(ctx, setup, 0); err != nil {
		return err
	}
	if needsSwarm(l.lab) {
		if err := setup.InitSwarm(ctx); err != nil {
			return fmt.Errorf("start a swarm in the sandbox: %w", err)
		}
	}
	return nil
}

// validRef reports whether Docker reads ref as an image reference; one
// with a variable in it is taken as written.
func validRef(ref string) bool {
	if strings.Contains(ref, "$") {
		return true
	}
	_, err := reference.ParseNormalizedNamed(ref)
	return err == nil
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

// ownWords are the words of the lab's code: its commands, Dockerfiles,
// compose files and the files it writes, not its prose nor the output it
// shows.
func ownWords(lab labs.Lab) expect.Words {
	var code []string
	for _, st := range lab.Steps {
		if st.Kind != extract.Output && (st.Kind != extract.Text || st.Annotations.File != "") {
			code = append(code, st.Code)
		}
	}
	return expect.WordsOf(code...)
}
