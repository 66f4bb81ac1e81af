package baseline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"

	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// Version of the baseline file's format: 2 keys each verdict by snippet and
// engine; 1 (before engines) by snippet alone, on engine 20.10.
const Version = 2

// File is a baseline as stored: each snippet's verdict by its ID and
// engine, "ID@ENGINE".
type File struct {
	Version  int              `json:"version"`
	Snippets map[string]Entry `json:"snippets"`
}

// Entry is one snippet's remembered verdict. Code is a digest of the
// snippet: a snippet whose code changed is compared as a new one.
type Entry struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	Code   string `json:"code"`
}

// Load reads a baseline. A missing file is an empty baseline, so that the
// first CI run with --baseline works before anyone wrote one.
func Load(path string) (File, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return File{Version: Version, Snippets: map[string]Entry{}}, nil
	}
	if err != nil {
		return File{}, fmt.Errorf("read baseline: %w", err)
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return File{}, fmt.Errorf("%s: not a labrun baseline: %w", path, err)
	}
	switch f.Version {
	case Version:
	case 1:
		// Every run before engines ran on 20.10's sandbox.
		v1 := f.Snippets
		f = File{Version: Version, Snippets: map[string]Entry{}}
		for id, e := range v1 {
			f.Snippets[key(id, "20.10")] = e
		}
	default:
		return File{}, fmt.Errorf("%s: baseline version %d, this labrun reads versions 1 and %d", path, f.Version, Version)
	}
	if f.Snippets == nil {
		f.Snippets = map[string]Entry{}
	}
	return f, nil
}

// key names a snippet's verdict on one engine: a snippet that passes on
// 20.10 and fails on 28 has a verdict for each.
func key(id, engine string) string { return id + "@" + engine }

// FromResults makes the baseline of a run.
func FromResults(results []result.Result) File {
	f := File{Version: Version, Snippets: map[string]Entry{}}
	for _, r := range results {
		f.Snippets[key(r.Step.ID, r.Engine)] = Entry{Status: string(r.Status), Reason: string(r.Reason), Code: digest(r.Step.Code)}
	}
	return f
}

// Save writes a baseline, sorted so that it diffs well in version control.
func Save(path string, f File) error {
	b, err := json.MarshalIndent(f, "", "  ") // maps are written in key order
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	return nil
}

// Diff is how a run compares with a baseline.
type Diff struct {
	Regressed []result.Result // passed in the baseline, fail now (blocked is the environment's, not the snippet's)
	NewFail   []result.Result // failing, and not a known failure
	Fixed     []result.Result // failed in the baseline, pass now
}

// Failed reports whether the run should fail CI: a regression or a new
// failing snippet.
func (d Diff) Failed() bool { return len(d.Regressed) > 0 || len(d.NewFail) > 0 }

// Compare compares a run's results with a baseline.
func Compare(base File, results []result.Result) Diff {
	var d Diff
	for _, r := range results {
		old, ok := base.Snippets[key(r.Step.ID, r.Engine)]
		known := ok && old.Code == digest(r.Step.Code)
		switch {
		case known && old.Status == string(verdict.Pass) && r.Status == verdict.Fail:
			d.Regressed = append(d.Regressed, r)
		case r.Status == verdict.Fail && !(known && old.Status == string(verdict.Fail)):
			d.NewFail = append(d.NewFail, r)
		case known && old.Status == string(verdict.Fail) && r.Status == verdict.Pass:
			d.Fixed = append(d.Fixed, r)
		}
	}
	for _, l := range [][]result.Result{d.Regressed, d.NewFail, d.Fixed} {
		sort.SliceStable(l, func(i, j int) bool { return l[i].Step.ID < l[j].Step.ID })
	}
	return d
}

func digest(code string) string {
	h := sha256.Sum256([]byte(code))
	return hex.EncodeToString(h[:8])
}
