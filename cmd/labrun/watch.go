package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/labrun/labrun/report"
	"github.com/labrun/labrun/runner"
)

// watchEvery is how often a watch looks at the files a lab reads.
const watchEvery = 300 * time.Millisecond

// runWatch runs the talk's lab, then again whenever a file it reads
// changes (its note, a file beside it that a step uses), until Ctrl-C. On
// a terminal the report is redrawn in place; elsewhere each run's report
// follows the one before. The sandbox is kept as each run left it: when
// only the note changed, the snippets before its first change unchanged,
// and those after it only looked (runner.Kept), the next run goes on from
// that change, with the results of the snippets before it kept.
func runWatch(ctx context.Context, opts verifyOptions) error {
	if len(opts.paths) == 0 {
		return usageError("--watch runs a talk again as its note changes: give the note's path (the embedded labs do not change)")
	}
	if _, _, err := opts.load(); err != nil { // the options, the talk and the secrets, checked once
		return err
	}
	lr, err := opts.connect(ctx)
	if lr != nil {
		defer lr.close()
	}
	if err != nil {
		return err
	}
	kept := runner.NewKept()
	lr.cfg.Keep = kept
	defer func() { _ = kept.Close(context.WithoutCancel(ctx)) }()
	tty := isTerminal(opts.stdout)
	for {
		files, notes, err := opts.watchOnce(ctx, lr, tty)
		if ctx.Err() != nil {
			return nil // Ctrl-C ends a watch; the sandbox is removed, or kept warm
		}
		if err != nil {
			fmt.Fprintf(opts.stderr, "labrun: %v\n", err)
		}
		for _, said := range kept.Said() {
			opts.say(said)
		}
		opts.say(fmt.Sprintf("watching %s for changes; Ctrl-C to stop", strings.Join(files, ", ")))
		changed := waitForChange(ctx, files)
		if len(changed) == 0 {
			return nil
		}
		if slices.ContainsFunc(changed, func(f string) bool { return !slices.Contains(notes, f) }) {
			kept.Restart() // what changed is not in the snippets' text
		}
	}
}

// watchOnce reads the talk's lab afresh, runs it and shows its report; it
// returns the files to watch: those the lab reads, or, when the notes
// could not be read, the paths given; and of them, the notes.
func (opts verifyOptions) watchOnce(ctx context.Context, lr *labRunner, tty bool) (files, notes []string, err error) {
	var warnings bytes.Buffer
	_, all, err := opts.labs(&warnings)
	if err != nil || len(all) == 0 {
		return opts.paths, nil, err
	}
	files = all[0].Read()
	for _, st := range all[0].Steps {
		if !slices.Contains(notes, st.File) {
			notes = append(notes, st.File)
		}
	}
	rep, err := lr.run(ctx, all)
	if ctx.Err() != nil {
		return files, notes, nil
	}
	var out bytes.Buffer
	if tty {
		out.WriteString("\x1b[H\x1b[2J") // redraw in place
	}
	out.Write(warnings.Bytes())
	if rerr := report.Text(&out, rep.Masked(opts.secrets.Mask), report.TextOptions{Color: colorFor(opts.stdout)}); rerr != nil {
		return files, notes, rerr
	}
	fmt.Fprintf(&out, "%s, %s\n", time.Now().Format("15:04:05"), plural(len(all[0].Steps), "snippet"))
	_, _ = io.Copy(opts.secrets.Writer(opts.stdout), &out)
	return files, notes, err
}

// waitForChange waits until files change (their size or time, or
// whether they are there), and returns those that did; none when ctx
// ended first.
func waitForChange(ctx context.Context, files []string) []string {
	before := stamps(files)
	tick := time.NewTicker(watchEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			now := stamps(files)
			var changed []string
			for _, f := range files {
				if now[f] != before[f] {
					changed = append(changed, f)
				}
			}
			if len(changed) > 0 {
				return changed
			}
		}
	}
}

// stamps is, for each file, its size and modification time, or that it
// is missing.
func stamps(files []string) map[string]string {
	out := map[string]string{}
	for _, f := range files {
		out[f] = "-"
		if info, err := os.Stat(f); err == nil {
			out[f] = fmt.Sprintf("%d %d", info.Size(), info.ModTime().UnixNano())
		}
	}
	return out
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
