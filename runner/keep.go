package runner

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/runner/interp"
)

// Kept holds, between the runs of a watch (labrun try --watch), each
// lab's sandbox as its last run left it, with the run's state, so that the
// next run of the lab, its note edited, goes on from the first changed
// snippet when the snippets before it are unchanged and their effects can
// be kept (see interp.Session.From). A lab of several hosts is not kept.
// Close releases the sandboxes.
type Kept struct {
	mu       sync.Mutex
	sessions map[string]kept // by lab ID and engine
	restart  bool            // the next run starts every lab from its start
	said     []string        // what the last run did with the kept sandboxes
}

type kept struct {
	s  *interp.Session
	sb Started
}

// NewKept returns an empty Kept.
func NewKept() *Kept { return &Kept{sessions: map[string]kept{}} }

// Restart makes the next run start every lab from its start: a file the
// labs read beside their notes changed, which no step's text shows.
func (k *Kept) Restart() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.restart = true
}

// Said returns what the last run did with the kept sandboxes, and
// forgets it.
func (k *Kept) Said() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	said := k.said
	k.said = nil
	return said
}

func (k *Kept) say(format string, args ...any) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.said = append(k.said, fmt.Sprintf(format, args...))
}

// has reports whether a sandbox is kept for key.
func (k *Kept) has(key string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	_, ok := k.sessions[key]
	return ok
}

// take removes and returns the session kept for key, and whether the run
// may go on from it.
func (k *Kept) take(key string) (kept, bool, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	old, ok := k.sessions[key]
	delete(k.sessions, key)
	return old, ok, !k.restart
}

func (k *Kept) put(key string, s kept) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.sessions[key] = s
}

// endRun is called once a run is done: the restart asked for is done too.
func (k *Kept) endRun() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.restart = false
}

// Close releases every kept sandbox: kept warm where its host does so,
// removed otherwise.
func (k *Kept) Close(ctx context.Context) error {
	k.mu.Lock()
	all := k.sessions
	k.sessions = map[string]kept{}
	k.mu.Unlock()
	var errs []error
	for _, s := range all {
		errs = append(errs, release(ctx, s.sb, true))
	}
	return errors.Join(errs...)
}

// run runs lab, as key names it, on the sandbox kept for it from where
// its first change is, or else from its start in a sandbox that start
// gives, and keeps the sandbox for the next run.
func (k *Kept) run(ctx context.Context, key string, start func(context.Context) (Started, error), lab labs.Lab, cfg interp.Config) ([]result.Result, string, error) {
	if old, ok, mayGoOn := k.take(key); ok {
		from, why, goOn := 0, "a file beside the note changed", false
		if mayGoOn {
			from, why, goOn = old.s.From(ctx, lab)
		}
		if goOn {
			rs, err := old.s.Resume(ctx, lab, cfg, from)
			if err != nil {
				return rs, old.sb.Mode(), errors.Join(labErr(lab.ID, err), release(ctx, old.sb, false))
			}
			k.put(key, old)
			before := fmt.Sprintf("the %d snippets before it are unchanged", from)
			if from == 1 {
				before = "the snippet before it is unchanged"
			}
			at := "its end (snippets were removed)"
			if from < len(lab.Steps) {
				at = fmt.Sprintf("line %d", lab.Steps[from].Line)
			}
			k.say("%s: went on from %s; %s, and what they did is kept", lab.ID, at, before)
			return rs, old.sb.Mode(), nil
		}
		k.say("%s: ran from its start: %s", lab.ID, why)
		if err := release(ctx, old.sb, true); err != nil {
			return interp.Abandon(lab, 0, err), "", labErr(lab.ID, err)
		}
	}
	sb, err := start(ctx)
	if err != nil {
		err = labErr(lab.ID, err)
		return interp.Abandon(lab, 0, err), "", err
	}
	s, rs, err := interp.Start(ctx, sb, sb, lab, cfg)
	if err != nil || ctx.Err() != nil {
		return rs, sb.Mode(), errors.Join(labErr(lab.ID, err), release(ctx, sb, err == nil && ctx.Err() == nil))
	}
	k.put(key, kept{s, sb})
	return rs, sb.Mode(), nil
}

// release ends a sandbox's use: kept warm for the next lab where it can
// be (ok: its lab ran to its end), removed otherwise.
func release(ctx context.Context, sb Started, ok bool) error {
	if r, isReleaser := sb.(releaser); isReleaser {
		_, _, err := r.Release(ctx, ok)
		return err
	}
	return sb.Close(ctx)
}

// labErr names the lab an error came from; it is nil for a nil err.
func labErr(id string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", id, err)
}
