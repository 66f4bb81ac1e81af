package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/labrun/labrun/fix"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// runFix runs the labs, searches a rewrite that passes for each failing
// snippet, prints the notes' diff on stdout (or, with --write, rewrites
// them) and says on stderr what became of each failing snippet.
func runFix(ctx context.Context, opts verifyOptions) error {
	if opts.write && len(opts.paths) == 0 {
		return usageError("--write rewrites notes in place: give their paths (the embedded labs are not files)")
	}
	notes, all, lr, err := opts.prepare(ctx)
	if lr != nil {
		defer lr.close()
	}
	if err != nil {
		return err
	}
	rep, err := lr.run(ctx, all)
	if err == nil {
		var out fix.Outcome
		out, err = fix.Search(ctx, notes, rep.Results, lr.runQuietly, fix.Options{Jobs: opts.jobs, Progress: opts.say, MaxTries: opts.maxTries})
		if err == nil {
			var refreshed []fix.Refreshed
			out.Notes, refreshed = fix.Refresh(out.Notes, rep.Results)
			return opts.fixed(rep.Results, notes, out, refreshed)
		}
	}
	if ctx.Err() != nil {
		return &exitError{code: exitInterrupted, err: fmt.Errorf("interrupted; the sandboxes were removed and no note was written")}
	}
	return environmentError(err)
}

// fixed reports the search: each failing snippet's fate and each output
// block refreshed on stderr, the diff on stdout or the notes written. It
// fails when a snippet that failed has no rewrite that passed.
func (opts verifyOptions) fixed(results []result.Result, before []labs.Note, out fix.Outcome, refreshed []fix.Refreshed) error {
	attempts := map[string]fix.Attempt{}
	for _, a := range out.Attempts {
		attempts[a.Step.File+"\x00"+a.Origin] = a
	}
	// How each step ended, with every kept rewrite made: failing on some
	// engine, or passing on all.
	endFail, endPass := map[string]bool{}, map[string]bool{}
	endReason := map[string]verdict.Reason{}
	for _, r := range out.Results {
		key := r.Step.File + "\x00" + out.Origin(r)
		if r.Status == verdict.Fail && !endFail[key] {
			endFail[key], endReason[key] = true, r.Reason
		}
		if _, ok := endPass[key]; !ok {
			endPass[key] = true
		}
		endPass[key] = endPass[key] && r.Status == verdict.Pass
	}
	seen := map[string]bool{}
	failing, mended := 0, 0
	for _, r := range results {
		key := r.Step.File + "\x00" + r.Step.ID
		a, tried := attempts[key]
		unmasked := r.Status == verdict.Blocked && (tried || endFail[key])
		if r.Status != verdict.Fail && !unmasked || seen[key] {
			continue
		}
		seen[key] = true
		failing++
		status, behind := fmt.Sprintf("%s %s", r.Status, r.Reason), ""
		if unmasked {
			status = fmt.Sprintf("%s %s", verdict.Fail, endReason[key])
			behind = " (blocked behind the snippets before it until they were rewritten)"
		}
		switch {
		case tried && a.Fix != nil:
			mended++
			// The rewrite's first line, counted in the note as it was
			// (the rewrites before it may have moved the step).
			line := r.Step.Line + a.Fix.Edits[0].Line - a.Step.Line
			fmt.Fprintf(opts.stderr, "%s:%d: a rewrite passed on %s: %s%s\n", r.Step.File, line, strings.Join(a.Engines, ", "), a.Fix.Why, behind)
		case endPass[key]:
			mended++
			fmt.Fprintf(opts.stderr, "%s:%d: passes once the snippets before it are rewritten\n", r.Step.File, r.At())
		case tried:
			var shows []string
			for _, c := range a.Tried {
				shows = append(shows, "`"+c.Show+"`")
			}
			fmt.Fprintf(opts.stderr, "%s:%d: %s%s, and no rewrite passed; tried %s\n", r.Step.File, r.At(), status, behind, strings.Join(shows, ", "))
		default:
			fmt.Fprintf(opts.stderr, "%s:%d: %s%s; labrun knows no rewrite for it\n", r.Step.File, r.At(), status, behind)
		}
	}
	for _, r := range refreshed {
		fmt.Fprintf(opts.stderr, "%s:%d: the output shown drifted (%s): refreshed with what ran today\n", r.File, r.Line, r.Kind)
	}
	changed := 0
	for i, n := range out.Notes {
		if string(n.Data) == string(before[i].Data) {
			continue
		}
		changed++
		if !opts.write {
			fmt.Fprint(opts.stdout, fix.Diff(n.Path, before[i].Data, n.Data))
			continue
		}
		if err := writeNote(n); err != nil {
			return err
		}
	}
	verb := "to rewrite (the diff is on stdout; --write applies it)"
	if opts.write {
		verb = "rewritten"
	}
	what := fmt.Sprintf("%d of %d failing snippets", mended, failing)
	if len(refreshed) > 0 {
		what += fmt.Sprintf(" and %d drifted output blocks", len(refreshed))
	}
	fmt.Fprintf(opts.stderr, "labrun: %s %s, in %d notes\n", what, verb, changed)
	if mended < failing {
		return failed
	}
	return nil
}

// writeNote writes a rewritten note over the file it came from (through
// a symbolic link, to its target), keeping the file's mode: into a
// temporary file beside it, then renamed, so that a note is never left
// half written.
func writeNote(n labs.Note) error {
	path, err := filepath.EvalSymlinks(n.Path)
	if err != nil {
		return fmt.Errorf("write %s: %w", n.Path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", n.Path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".labrun-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", n.Path, err)
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing to remove
	_, err = tmp.Write(n.Data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), info.Mode().Perm())
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", n.Path, err)
	}
	return nil
}
