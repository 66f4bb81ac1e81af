package interp

import (
	"context"
	"fmt"
	"time"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// A reader who has just started a server in the background gives it a
// moment: after a background start (docker run -d, compose up -d,
// service create), a probe that follows it (curl localhost:8080, docker
// service ls showing 3/3) and fails is tried again, waiting longer each
// time, for up to three settle windows, before it counts as failed.

// backoff is the first wait between two tries of a probe; each wait is
// twice the one before, up to maxBackoff.
const (
	backoff    = 250 * time.Millisecond
	maxBackoff = 2 * time.Second
)

// probes reports whether a command only looks, so that running it again
// changes nothing: one of its simple commands probes and none of the
// others is a docker command.
func probes(c extract.Command) bool {
	probe := false
	for i := range c.Lines {
		switch {
		case c.Lines[i].Probes():
			probe = true
		case c.Lines[i].IsDocker():
			return false
		}
	}
	return probe
}

// retriable reports whether a failed command earns another try: it is a
// probe, after a background start, and it failed as a probe of a server
// still starting fails (not on its flags, its usage or a missing file).
func (l *labRun) retriable(c extract.Command, v verdict.Verdict) bool {
	if l.backgroundAt == 0 || v.Status != verdict.Fail || !probes(c) {
		return false
	}
	return v.Reason == verdict.ReasonExitCode || v.Reason == verdict.ReasonOutput
}

// retry runs a failing probe again, with backoff, until it passes or
// its window (Config.ready) is over; it returns the last try's outcome and verdict,
// with a message that says it was retried.
func (l *labRun) retry(ctx context.Context, run func() (verdict.Outcome, error), o verdict.Outcome, v verdict.Verdict) (verdict.Outcome, verdict.Verdict, error) {
	start := time.Now()
	window := l.cfg.ready()
	wait, tries := backoff, 1
	for left := window; left > 0; left = window - time.Since(start) {
		// the last wait ends with the window, for one last try then
		select {
		case <-ctx.Done():
			return o, v, ctx.Err()
		case <-time.After(min(wait, left)):
		}
		wait = min(2*wait, maxBackoff)
		var err error
		if o, err = run(); err != nil {
			return o, v, err
		}
		tries++
		if v = verdict.Judge(o); v.Status == verdict.Pass {
			v.Message += fmt.Sprintf(" (on try %d, %.1fs after the first: the background start at line %d was still starting)",
				tries, time.Since(start).Seconds(), l.backgroundAt)
			return o, v, nil
		}
	}
	v.Message += fmt.Sprintf(" (tried %d times over %s after the background start at line %d)", tries, window, l.backgroundAt)
	return o, v, nil
}

// startsInBackground reports whether a command that passed started
// something that may still be starting.
func startsInBackground(c extract.Command) bool {
	return dockercli.Any(c.Lines, (*dockercli.Line).StartsInBackground)
}

// noteUnstarted keeps the line of a step that was to start something in
// the background (docker run -d, compose up -d, a service) and could not
// run here, or waits for the reader to fill it in; a start that failed
// is the note's, and forgets it.
func (l *labRun) noteUnstarted(st labs.Step, r result.Result) {
	if r.Status == verdict.Blocked {
		l.lastBlocked = st.Line
	}
	for _, c := range st.Commands {
		starts := func(l *dockercli.Line) bool { return l.StartsInBackground() || l.MayServe() || l.Is("compose up") }
		if !dockercli.Any(c.Lines, starts) {
			continue
		}
		switch {
		case r.Status == verdict.Blocked, r.Status == verdict.Skip && r.Reason == verdict.Reason(extract.SkipPlaceholder):
			l.unstarted = c.Line
		case r.Status == verdict.Fail:
			l.unstarted = 0
		}
		return
	}
}
