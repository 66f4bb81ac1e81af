package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/labrun/labrun/report"
)

// watchEvery is how often a watch looks at the files a lab reads.
const watchEvery = 300 * time.Millisecond

// runWatch runs the talk's lab, then again whenever a file it reads
// changes (its note, a file beside it that a step uses), until Ctrl-C. On
// a terminal the report is redrawn in place; elsewhere each run's report
// follows the one before. Each run takes the sandbox the run before kept
// warm, so a rerun starts at once.
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
	tty := isTerminal(opts.stdout)
	for {
		files, err := opts.watchOnce(ctx, lr, tty)
		if ctx.Err() != nil {
			return nil // Ctrl-C ends a watch; the sandbox was removed or kept warm
		}
		if err != nil {
			fmt.Fprintf(opts.stderr, "labrun: %v\n", err)
		}
		opts.say(fmt.Sprintf("watching %s for changes; Ctrl-C to stop", strings.Join(files, ", ")))
		if !waitForChange(ctx, files) {
			return nil
		}
	}
}

// watchOnce reads the talk's lab afresh, runs it and shows its report; it
// returns the files to watch: those the lab reads, or, when the notes
// could not be read, the paths given.
func (opts verifyOptions) watchOnce(ctx context.Context, lr *labRunner, tty bool) ([]string, error) {
	var warnings bytes.Buffer
	_, all, err := opts.labs(&warnings)
	if err != nil || len(all) == 0 {
		return opts.paths, err
	}
	files := all[0].Read()
	rep, err := lr.run(ctx, all)
	if ctx.Err() != nil {
		return files, nil
	}
	var out bytes.Buffer
	if tty {
		out.WriteString("\x1b[H\x1b[2J") // redraw in place
	}
	out.Write(warnings.Bytes())
	if rerr := report.Text(&out, rep.Masked(opts.secrets.Mask), report.TextOptions{Color: colorFor(opts.stdout)}); rerr != nil {
		return files, rerr
	}
	fmt.Fprintf(&out, "%s, %s\n", time.Now().Format("15:04:05"), plural(len(all[0].Steps), "snippet"))
	_, _ = io.Copy(opts.secrets.Writer(opts.stdout), &out)
	return files, err
}

// waitForChange waits until one of files changes (its size or time, or
// whether it is there), and reports whether one did before ctx ended.
func waitForChange(ctx context.Context, files []string) bool {
	before := stamps(files)
	tick := time.NewTicker(watchEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
			if stamps(files) != before {
				return true
			}
		}
	}
}

// stamps is, for each file, its size and modification time, or that it
// is missing, as one string to compare.
func stamps(files []string) string {
	var b strings.Builder
	for _, f := range files {
		if info, err := os.Stat(f); err == nil {
			fmt.Fprintf(&b, "%s %d %d\n", f, info.Size(), info.ModTime().UnixNano())
		} else {
			fmt.Fprintf(&b, "%s -\n", f)
		}
	}
	return b.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
