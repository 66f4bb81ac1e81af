package fix

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// Run runs labs, each in its own sandbox, and returns a result for each of
// their steps on every engine; its error means it could not run them.
type Run func(ctx context.Context, all []labs.Lab) ([]result.Result, error)

// Attempt is what the search did for one failing step.
type Attempt struct {
	// Step is the step as the notes had it when it was tried (the
	// rewrites before it in its note may have moved it).
	Step  labs.Step
	LabID string
	// Origin is the step's ID before any rewrite: a rewrite may join
	// labs (an image name mended makes a later talk use it), and so
	// rename the steps after it.
	Origin string
	Line   int         // the line of the command that failed, then
	Tried  []Candidate // the rewrites that did not pass, in the order tried
	// Fix is the rewrite that passed, and the edits of the step's
	// commands before it that it needed; nil when none passed.
	Fix     *Candidate
	Code    string   // the step's code rewritten
	Engines []string // the engines the rewrite passed on
}

// Outcome is the notes with every verified rewrite made, and what was
// tried for each failing step that had candidates.
type Outcome struct {
	Notes    []labs.Note
	Attempts []Attempt
	// Results are the searched labs' results as they last ran, with
	// every kept rewrite made.
	Results []result.Result
	origins map[string]string // by file and step ID in Notes: the ID before any rewrite
}

// Origin is the ID that the step of r, a result in Results, had before
// any rewrite.
func (o Outcome) Origin(r result.Result) string {
	if id, ok := o.origins[r.Step.File+"\x00"+r.Step.ID]; ok {
		return id
	}
	return r.Step.ID
}

// snippetPlace names a snippet by its note and its place among the note's
// snippets, which no rewrite changes (a rewrite edits a snippet's code;
// it never adds or removes one), where its lab and step ID may.
type snippetPlace struct {
	file string
	n    int
}

// stepsAt are the steps of the labs of notes by the place of their
// snippets.
func stepsAt(notes []labs.Note) map[snippetPlace]labs.Step {
	n := map[string]int{}
	place := map[string]int{} // by file and line
	for _, sn := range labs.Extract(notes) {
		place[fmt.Sprintf("%s\x00%d", sn.File, sn.Line)] = n[sn.File]
		n[sn.File]++
	}
	out := map[snippetPlace]labs.Step{}
	for _, lab := range group(notes) {
		for _, st := range lab.Steps {
			out[snippetPlace{st.File, place[fmt.Sprintf("%s\x00%d", st.File, st.Line)]}] = st
		}
	}
	return out
}

// origins maps the steps of now, by file and ID, to the IDs of was, the
// steps before any rewrite by their places.
func origins(was map[snippetPlace]labs.Step, now []labs.Note) map[string]string {
	out := map[string]string{}
	for at, st := range stepsAt(now) {
		if old, ok := was[at]; ok {
			out[st.File+"\x00"+st.ID] = old.ID
		}
	}
	return out
}

// Options say how Search goes about it.
type Options struct {
	// Jobs is how many notes are searched at once (at least 1): the
	// labs of one note are searched in order, one after the other, as a
	// rewrite may move the lines of the labs after it.
	Jobs int
	// Progress, when not nil, hears each try, one line at a time (from
	// several goroutines when Jobs > 1).
	Progress func(string)
	// MaxTries is how many rewrites of one step are run at most (0: no
	// limit); the candidates are tried most likely first.
	MaxTries int
}

// Search tries, for each failing step of results (the run of the labs
// of notes), the candidates that rewrite it, each in its lab's sandbox
// in place of the step: the whole lab runs again, so the rewrite meets the
// lab's state at that point. A rewrite is kept when keeps says so: the
// step then passes and no other step of the lab loses its verdict. Steps
// are taken in order, and a kept rewrite stays in the notes the later ones
// are tried in. A step whose first failing command, once rewritten, lets
// a later one fail is rewritten there too; its rewrites are kept only when
// the step passes in the end.
func Search(ctx context.Context, notes []labs.Note, results []result.Result, run Run, opts Options) (Outcome, error) {
	all := group(notes)
	units := independent(all, results)
	was := stepsAt(notes)
	found := make([]*search, len(units))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(opts.Jobs, 1))
	for u, ids := range units {
		s := &search{notes: slices.Clone(notes), original: was, run: run, progress: opts.Progress, maxTries: opts.MaxTries}
		found[u] = s
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			for _, id := range ids {
				if ctx.Err() != nil {
					s.err = ctx.Err()
					return
				}
				if s.err = s.lab(ctx, id, labResults(results, id)); s.err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	// Each unit rewrote notes no other unit touched.
	out := Outcome{Notes: slices.Clone(notes)}
	var errs []error
	for _, s := range found {
		for i, n := range s.notes {
			if string(n.Data) != string(notes[i].Data) {
				out.Notes[i] = n
			}
		}
		out.Attempts = append(out.Attempts, s.attempts...)
		out.Results = append(out.Results, s.final...)
		errs = append(errs, s.err)
	}
	order := map[string]int{}
	for i, lab := range all {
		order[lab.ID] = i
	}
	sort.SliceStable(out.Attempts, func(i, j int) bool { return order[out.Attempts[i].LabID] < order[out.Attempts[j].LabID] })
	out.origins = origins(was, out.Notes)
	return out, errors.Join(errs...)
}

// independent parts the labs with a failing step into units that share
// no note, each with its labs' IDs in order: a unit's rewrites touch no
// other unit's notes, so units can be searched at once.
func independent(all []labs.Lab, results []result.Result) [][]string {
	var units [][]string
	var files []map[string]bool
	for _, lab := range all {
		res := labResults(results, lab.ID)
		if !slices.ContainsFunc(res, func(r result.Result) bool { return r.Status == verdict.Fail }) {
			continue
		}
		mine := map[string]bool{}
		for _, st := range lab.Steps {
			mine[st.File] = true
		}
		// Join every unit that shares a note with this lab.
		joined, ids := map[string]bool{}, []string{}
		var keep [][]string
		var keepFiles []map[string]bool
		for u := range units {
			if !sharesAny(files[u], mine) {
				keep, keepFiles = append(keep, units[u]), append(keepFiles, files[u])
				continue
			}
			ids = append(ids, units[u]...)
			for f := range files[u] {
				joined[f] = true
			}
		}
		for f := range mine {
			joined[f] = true
		}
		units, files = append(keep, append(ids, lab.ID)), append(keepFiles, joined)
	}
	return units
}

func sharesAny(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// search is the search of one unit of labs.
type search struct {
	notes    []labs.Note
	original map[snippetPlace]labs.Step // the steps before any rewrite
	run      Run
	progress func(string)
	maxTries int
	attempts []Attempt
	final    []result.Result // each lab's results, once searched
	err      error
	// effects are the state comparisons made, by original and rewrite:
	// "" when they left the same state, else what differed.
	effects map[string]string
}

// mostCommands is how many commands of one step a search rewrites.
const mostCommands = 3

// state is what a search stands on: the notes, the lab in them, and that
// lab's results as they last ran.
type state struct {
	notes   []labs.Note
	lab     labs.Lab
	results []result.Result
}

// lab searches the failing steps of the lab id, whose results are res.
// The notes are read again only when a rewrite changed them.
func (s *search) lab(ctx context.Context, id string, res []result.Result) error {
	lab, ok := findLab(s.notes, id)
	if !ok {
		return nil
	}
	now := state{notes: s.notes, lab: lab, results: res}
	for i := 0; i < len(now.lab.Steps); i++ {
		st := now.lab.Steps[i]
		failed := failing(now.results, st.ID)
		if failed == nil {
			continue
		}
		att := Attempt{Step: st, LabID: id, Line: failed.At(), Origin: origins(s.original, now.notes)[st.File+"\x00"+st.ID]}
		trying := now
		var edits []Edit
		var why []string
		var kept []Candidate // the rewrites of the step's commands so far
		tries := 0
		for range mostCommands {
			line := st.Line + failed.At() - failed.Step.Line // where it is now
			var next *state
			for _, c := range Candidates(trying.lab, i, line) {
				if s.maxTries > 0 && tries == s.maxTries {
					s.say(fmt.Sprintf("%s:%d: no more tries: %d rewrites of this snippet ran (--max-tries)", st.File, line, tries))
					break
				}
				tries++
				n, err := s.try(ctx, trying, st, c)
				if err != nil {
					return err
				}
				if n == nil {
					att.Tried = append(att.Tried, c)
					continue
				}
				edits, why, kept = append(edits, c.Edits...), append(why, strings.Split(c.Why, "; ")...), append(kept, c)
				next = n
				break
			}
			if next == nil {
				break
			}
			trying, st = *next, next.lab.Steps[i]
			if failed = failing(trying.results, st.ID); failed == nil {
				att.Fix = &Candidate{Edits: edits, Why: strings.Join(dedupeStrings(why), "; "), Show: st.Code}
				att.Code, att.Engines = st.Code, passedOn(trying.results, st.ID)
				now, s.notes = trying, trying.notes
				break
			}
		}
		if att.Fix == nil && len(kept) > 0 {
			// Rewrites that mended one command of a step that still
			// fails were tried too.
			att.Tried = append(kept, att.Tried...)
			s.say(fmt.Sprintf("%s:%d: `%s` passed, but the step still fails at line %d (%s %s), which no rewrite mends",
				st.File, kept[0].Edits[0].Line, kept[0].Show, failed.At(), failed.Status, failed.Reason))
		}
		if att.Fix != nil || len(att.Tried) > 0 {
			s.attempts = append(s.attempts, att)
		}
	}
	s.final = append(s.final, now.results...)
	return nil
}

// try runs the lab of from with c made in its notes, in place of step st.
// It returns what c gives when it is worth keeping (the step passed, or
// the command c rewrote passed and a later one of the step failed), and
// nil when not.
func (s *search) try(ctx context.Context, from state, st labs.Step, c Candidate) (*state, error) {
	next, err := apply(from.notes, st, c.Edits)
	if err != nil {
		s.say(fmt.Sprintf("%s:%d: cannot place `%s`: %v", st.File, st.Line, c.Show, err))
		return nil, nil
	}
	lab, ok := findLab(next, from.lab.ID)
	if !ok {
		return nil, nil
	}
	if c.SameAs != "" {
		same, why, err := s.sameEffect(ctx, c.SameAs, c.Show)
		if err != nil {
			return nil, err
		}
		if !same {
			s.say(fmt.Sprintf("%s:%d: `%s` is not tried: %s", st.File, c.Edits[0].Line, c.Show, why))
			return nil, nil
		}
	}
	s.say(fmt.Sprintf("%s:%d: trying `%s`", st.File, c.Edits[0].Line, c.Show))
	after, err := s.run(ctx, []labs.Lab{lab})
	if err != nil {
		return nil, err
	}
	if ok, why := keeps(from.results, after, st.ID, c.Edits[0].Line); !ok {
		s.say(fmt.Sprintf("%s:%d: `%s` is not kept: %s", st.File, c.Edits[0].Line, c.Show, oneLine(why)))
		return nil, nil
	}
	for _, r := range unmasked(from.results, after) {
		s.say(fmt.Sprintf("%s:%d: blocked before `%s`, now fails on its own: %s %s", r.Step.File, r.At(), c.Show, r.Reason, oneLine(r.Message)))
	}
	return &state{notes: next, lab: lab, results: after}, nil
}

func (s *search) say(msg string) {
	if s.progress != nil {
		s.progress(msg)
	}
}

// keeps reports whether the run after, with a rewrite of step id at line,
// is one to keep over the run before. On each engine the step failed on,
// it must pass, or fail only at a later command of the step; on the
// others it must keep its verdict or pass (a rewrite that mends today's
// engine must not break an older one that took the original). Every other
// step must keep its verdict or come to pass, and none may come to fail,
// but for one that was blocked: it was never judged, and now is, on its
// own commands (a later fault the first one hid, which the search then
// takes in turn). When not kept, it says why.
func keeps(before, after []result.Result, id string, line int) (bool, string) {
	old := map[[2]string]verdict.Status{}
	for _, r := range before {
		old[[2]string{r.Step.ID, r.Engine}] = r.Status
	}
	seen := false
	for _, r := range after {
		was, known := old[[2]string{r.Step.ID, r.Engine}]
		on := ""
		if r.Engine != "" {
			on = " on " + r.Engine
		}
		if r.Step.ID == id {
			seen = true
			mended := r.Status == verdict.Pass || (r.Status == verdict.Fail && r.At() > line)
			if !mended && (was == verdict.Fail || !known || r.Status != was) {
				return false, fmt.Sprintf("it gave %s %s%s: %s", r.Status, r.Reason, on, r.Message)
			}
			continue
		}
		if !known {
			continue
		}
		if (was == verdict.Pass && r.Status != verdict.Pass) || (r.Status == verdict.Fail && was != verdict.Fail && was != verdict.Blocked) {
			return false, fmt.Sprintf("line %d would go from %s to %s %s%s: %s", r.At(), was, r.Status, r.Reason, on, r.Message)
		}
	}
	if !seen {
		return false, "the rewritten note has no such snippet"
	}
	return true, ""
}

// unmasked are the results of after that fail where before they were
// blocked, one per step.
func unmasked(before, after []result.Result) []result.Result {
	was := map[[2]string]verdict.Status{}
	for _, r := range before {
		was[[2]string{r.Step.ID, r.Engine}] = r.Status
	}
	var out []result.Result
	seen := map[string]bool{}
	for _, r := range after {
		if r.Status == verdict.Fail && was[[2]string{r.Step.ID, r.Engine}] == verdict.Blocked && !seen[r.Step.ID] {
			seen[r.Step.ID] = true
			out = append(out, r)
		}
	}
	return out
}

// apply makes edits of step st in its note.
func apply(notes []labs.Note, st labs.Step, edits []Edit) ([]labs.Note, error) {
	out := slices.Clone(notes)
	for i, n := range out {
		if n.Path != st.File {
			continue
		}
		data, err := Apply(n.Data, st.Snippet, edits)
		if err != nil {
			return nil, err
		}
		out[i] = labs.Note{Path: n.Path, Data: data}
		return out, nil
	}
	return nil, fmt.Errorf("%s: not among the notes", st.File)
}

func group(notes []labs.Note) []labs.Lab {
	return labs.Group(labs.Extract(notes))
}

func findLab(notes []labs.Note, id string) (labs.Lab, bool) {
	for _, lab := range group(notes) {
		if lab.ID == id {
			return lab, true
		}
	}
	return labs.Lab{}, false
}

func labResults(results []result.Result, id string) []result.Result {
	var out []result.Result
	for _, r := range results {
		if r.LabID == id {
			out = append(out, r)
		}
	}
	return out
}

// failing is the first failing result of step id, or nil.
func failing(results []result.Result, id string) *result.Result {
	for i := range results {
		if results[i].Step.ID == id && results[i].Status == verdict.Fail {
			return &results[i]
		}
	}
	return nil
}

func passedOn(results []result.Result, id string) []string {
	var out []string
	for _, r := range results {
		if r.Step.ID == id && r.Status == verdict.Pass && !slices.Contains(out, r.Engine) {
			out = append(out, r.Engine)
		}
	}
	return out
}

// oneLine is s up to its first newline, marked when it went on.
func oneLine(s string) string {
	first, _, more := strings.Cut(s, "\n")
	if more {
		return first + " …"
	}
	return first
}
