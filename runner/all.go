package runner

import (
	"context"
	"errors"
	"fmt"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/runner/sandbox"
)

// Starter starts sandboxes; *sandbox.Host is one.
type Starter interface {
	Start(ctx context.Context) (*sandbox.Sandbox, error)
}

// Run runs every lab in a sandbox of its own and returns a result for every
// step of every lab, in order. A lab with nothing runnable starts no
// sandbox. Run's error means the run could not go on (a sandbox did not
// start, the daemon went away, the user interrupted it); the results then
// hold what was judged and an error result for every other step.
func Run(ctx context.Context, host Starter, all []labs.Lab, cfg Config) (Report, error) {
	var rep Report
	for i, lab := range all {
		if !runnable(lab) {
			rs, _ := RunLab(ctx, nil, nil, lab, cfg)
			rep.Results = append(rep.Results, rs...)
			continue
		}
		rs, mode, err := runInSandbox(ctx, host, lab, cfg)
		rep.Results = append(rep.Results, rs...)
		if rep.Engine.Sandbox == "" {
			rep.Engine.Sandbox = mode
		}
		if err != nil {
			for _, rest := range all[i+1:] {
				l := &labRun{lab: rest}
				rep.Results = append(rep.Results, l.abandon(0, err)...)
			}
			return rep, err
		}
	}
	return rep, nil
}

func runInSandbox(ctx context.Context, host Starter, lab labs.Lab, cfg Config) (_ []Result, mode string, err error) {
	sb, err := host.Start(ctx)
	if err != nil {
		err = fmt.Errorf("%s: %w", lab.ID, err)
		l := &labRun{lab: lab}
		return l.abandon(0, err), "", err
	}
	defer func() {
		if cerr := sb.Close(ctx); cerr != nil {
			err = errors.Join(err, fmt.Errorf("%s: remove sandbox: %w", lab.ID, cerr))
		}
	}()
	rs, err := RunLab(ctx, sb, sb, lab, cfg)
	if err != nil {
		err = fmt.Errorf("%s: %w", lab.ID, err)
	}
	return rs, sb.Mode(), err
}

func runnable(lab labs.Lab) bool {
	for _, st := range lab.Steps {
		if st.Runnable {
			return true
		}
	}
	return false
}
