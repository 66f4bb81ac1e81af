package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// changedSince splits the labs into those a change since ref touches
// (one of their notes, or a file beside them they read: see labs.Read)
// and the rest. The change is what git shows between the merge base of
// ref and HEAD and the work tree, with the files git does not track yet;
// the repository is the one the first path is in.
func changedSince(ctx context.Context, ref string, paths []string, all []labs.Lab, say func(string)) (touched, rest []labs.Lab, err error) {
	if len(paths) == 0 {
		return nil, nil, usageError("--changed %s: give the notes' paths (the embedded labs are in no Git repository)", ref)
	}
	dir := paths[0]
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	top, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, nil, usageError("--changed %s: %s is not in a Git repository: %w", ref, paths[0], err)
	}
	top = strings.TrimSpace(top)
	if _, err := git(ctx, top, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return nil, nil, usageError("--changed %s: no such commit in %s (in a shallow clone, fetch it first)", ref, top)
	}
	base := ref
	if mb, err := git(ctx, top, "merge-base", ref, "HEAD"); err == nil {
		base = strings.TrimSpace(mb)
	} else {
		say(fmt.Sprintf("--changed %s: no merge base with HEAD (a shallow clone?): comparing with %s itself", ref, ref))
	}
	diff, err := git(ctx, top, "diff", "--name-only", "-z", "--no-renames", base, "--")
	if err != nil {
		return nil, nil, environmentError(fmt.Errorf("--changed %s: git diff: %w", ref, err))
	}
	untracked, err := git(ctx, top, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, nil, environmentError(fmt.Errorf("--changed %s: git ls-files: %w", ref, err))
	}
	changed := map[string]bool{}
	for _, f := range strings.Split(diff+untracked, "\x00") {
		if f != "" {
			changed[filepath.Join(top, filepath.FromSlash(f))] = true
		}
	}
	for _, lab := range all {
		if reads(lab, changed) {
			touched = append(touched, lab)
		} else {
			rest = append(rest, lab)
		}
	}
	return touched, rest, nil
}

// reads reports whether the lab reads one of the changed files (absolute
// paths, symbolic links resolved as git's top level is).
func reads(lab labs.Lab, changed map[string]bool) bool {
	for _, p := range lab.Read() {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
			abs = filepath.Join(dir, filepath.Base(abs))
		}
		if changed[abs] {
			return true
		}
		for f := range changed { // a directory the lab reads
			if strings.HasPrefix(f, abs+string(filepath.Separator)) {
				return true
			}
		}
	}
	return false
}

// notRun are the results of labs --changed left out: every step a skip,
// on every engine.
func notRun(rest []labs.Lab, engines []string, ref string) []result.Result {
	var out []result.Result
	for _, lab := range rest {
		for _, e := range engines {
			for _, st := range lab.Steps {
				out = append(out, result.Result{Step: st, LabID: lab.ID, Title: lab.Title, Engine: e,
					Verdict: verdict.Verdict{Status: verdict.Skip, Reason: verdict.ReasonUnchanged,
						Message: "not run: its note and the files it uses did not change since " + ref}})
			}
		}
	}
	return out
}

// inLabOrder puts results in the order of the labs, those of each lab in
// the order they came.
func inLabOrder(all []labs.Lab, results []result.Result) []result.Result {
	by := map[string][]result.Result{}
	for _, r := range results {
		by[r.LabID] = append(by[r.LabID], r)
	}
	var out []result.Result
	for _, lab := range all {
		out = append(out, by[lab.ID]...)
		delete(by, lab.ID)
	}
	for _, r := range results { // none should be left; keep any that are
		if rs, ok := by[r.LabID]; ok {
			out = append(out, rs...)
			delete(by, r.LabID)
		}
	}
	return out
}

// git runs git in dir and returns what it printed.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", fmt.Errorf("%s", msg)
		}
		return "", err
	}
	return string(out), nil
}
