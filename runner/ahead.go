package runner

import (
	"context"
	"sync"

	"github.com/labrun/labrun/sandbox"
)

// ahead starts a known number of sandboxes one after another, each while
// the labs before it run, so that a lab finds its sandbox ready instead of
// waiting seconds for a daemon to start. At most one sandbox waits unused:
// the next starts only when the one before is taken.
type ahead struct {
	ready  chan startAttempt
	cancel context.CancelFunc
	done   sync.WaitGroup
}

type startAttempt struct {
	sb  Started
	err error
}

// startAhead starts n sandboxes from host in the background, each on a
// network that reaches what reach says.
func startAhead(ctx context.Context, host Starter, reach sandbox.Network, n int) *ahead {
	ctx, cancel := context.WithCancel(ctx)
	a := &ahead{ready: make(chan startAttempt), cancel: cancel}
	a.done.Add(1)
	go func() {
		defer a.done.Done()
		defer close(a.ready)
		for range n {
			sb, err := host.Start(ctx, reach)
			select {
			case a.ready <- startAttempt{sb, err}:
			case <-ctx.Done():
				if sb != nil {
					_ = sb.Close(ctx) // Close runs on a fresh context
				}
				return
			}
			if err != nil {
				return // the run stops at a failed start
			}
		}
	}()
	return a
}

// Start hands out the next sandbox, waiting for it if it is not ready yet.
func (a *ahead) Start(ctx context.Context) (Started, error) {
	select {
	case s, ok := <-a.ready:
		if !ok {
			return nil, orErr(context.Cause(ctx), context.Canceled)
		}
		return s.sb, s.err
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

// stop ends the background starts and removes a sandbox that was started
// and never taken.
func (a *ahead) stop(ctx context.Context) {
	a.cancel()
	for s := range a.ready {
		if s.sb != nil {
			_ = s.sb.Close(ctx) // Close runs on a fresh context
		}
	}
	a.done.Wait()
}
