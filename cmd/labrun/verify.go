package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/runner"
	"github.com/labrun/labrun/runner/report"
	"github.com/labrun/labrun/runner/sandbox"
)

// verifyOptions are the options of verify and try.
type verifyOptions struct {
	paths   []string
	talk    string // try: the one talk to run
	format  string
	timeout time.Duration
	settle  time.Duration
	image   string
	quiet   bool
	stdout  io.Writer
	stderr  io.Writer
}

func runVerify(ctx context.Context, opts verifyOptions) error {
	write := map[string]func(io.Writer, runner.Report) error{
		"text": func(w io.Writer, rep runner.Report) error {
			return report.Text(w, rep, report.TextOptions{Color: colorFor(w)})
		},
		"json": report.JSON,
	}[opts.format]
	if write == nil {
		return usageError("unknown format %q: text or json", opts.format)
	}
	all, err := loadLabs(opts.paths)
	if err != nil {
		return err
	}
	if opts.talk != "" {
		lab, err := labs.Find(all, opts.talk)
		if err != nil {
			return usageError("%w", err)
		}
		all = []labs.Lab{lab}
	}
	cli, engine, err := sandbox.Connect(ctx)
	if err != nil {
		return environmentError(err)
	}
	defer cli.Close()
	host, err := sandbox.NewHost(ctx, cli, sandbox.Config{Image: opts.image, Session: os.Getenv("LABRUN_SESSION")})
	if err != nil {
		return environmentError(err)
	}
	cfg := runner.Config{Timeout: opts.timeout, Settle: opts.settle}
	if !opts.quiet {
		cfg.Progress = progress(opts.stderr)
	}
	rep, runErr := runner.Run(ctx, host, all, cfg)
	rep.Engine.Server, rep.Engine.API = engine.Server, engine.API
	if err := write(opts.stdout, rep); err != nil {
		return err
	}
	switch {
	case ctx.Err() != nil:
		return &exitError{code: exitInterrupted, err: errors.New("interrupted; the sandboxes were removed")}
	case runErr != nil:
		return environmentError(runErr)
	case runner.Summary(rep.Results)[runner.Fail] > 0:
		return failed
	}
	return nil
}

// progress reports each step on stderr as it finishes, one plain line per
// snippet, so that a long run shows it is alive.
func progress(w io.Writer) func(runner.Event) {
	return func(e runner.Event) {
		if e.Result == nil {
			if e.Step == &e.Lab.Steps[0] {
				fmt.Fprintf(w, "labrun: %s: starting (%d snippets)\n", e.Lab.ID, len(e.Lab.Steps))
			}
			return
		}
		r := e.Result
		fmt.Fprintf(w, "labrun: %s:%d %s %s\n", r.Step.File, r.Step.Line, r.Status, r.Reason)
	}
}

// colorFor reports whether w is a terminal that takes colour (NO_COLOR
// unset).
func colorFor(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
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
