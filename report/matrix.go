package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// row is one snippet of a run on several engines: its result on each.
type row struct {
	First result.Result            // its result on the first engine that has one: where it is, what it runs
	By    map[string]result.Result // by engine name
}

// engineOrder names the report's engines from oldest to newest, by the
// engine version each holds (or its name, for an image that did not say).
func engineOrder(rep result.Report) []string {
	engines := slices.Clone(rep.Engines)
	slices.SortStableFunc(engines, func(a, b result.Engine) int {
		return engine.Compare(orDefault(a.Versions.Engine, a.Name), orDefault(b.Versions.Engine, b.Name))
	})
	var names []string
	for _, e := range engines {
		names = append(names, e.Name)
	}
	return names
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// rows groups a run's results by snippet, in report order.
func rows(results []result.Result) []row {
	var out []row
	index := map[string]int{}
	for _, r := range results {
		key := r.LabID + "\x00" + r.Step.ID
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, row{First: r, By: map[string]result.Result{}})
		}
		out[i].By[r.Engine] = r
	}
	return out
}

// summary says in a line how a snippet fares across engines (oldest
// first): "works since 26: …", "works on 26 only: …", "broken since
// 26: …", with the verdict of the engine where it changes.
func (rw row) summary(engines []string) string {
	var works, rest []string
	same := true
	for _, e := range engines {
		r, ok := rw.By[e]
		if !ok {
			continue
		}
		if r.Status != rw.By[engines[0]].Status {
			same = false
		}
		if r.Status == verdict.Pass {
			works = append(works, e)
		} else {
			rest = append(rest, e)
		}
	}
	why := func(e string) string {
		r := rw.By[e]
		if r.Status == verdict.Fail {
			return e + ": " + orDefault(string(r.Reason), string(verdict.Fail)) + ": " + r.Message
		}
		return e + ": " + string(r.Status) + " " + string(r.Reason) + ": " + r.Message
	}
	if same && !rw.reasonsDiffer(engines) {
		return rw.By[engines[len(engines)-1]].Message
	}
	if len(works) == 0 {
		return rw.byReason(engines, why)
	}
	first, last := slices.Index(engines, works[0]), slices.Index(engines, works[len(works)-1])
	contiguous := last-first+1 == len(works)
	// A run of engines at either end is a change in one release, which
	// the reader of an older or a newer note meets: "broken since 29"
	// rather than "works on 28 only".
	switch {
	case contiguous && last == len(engines)-1:
		return fmt.Sprintf("works since %s; %s", works[0], why(engines[first-1]))
	case contiguous && first == 0:
		return fmt.Sprintf("broken since %s; %s", engines[last+1], why(engines[last+1]))
	case len(works) == 1:
		return fmt.Sprintf("works on %s only; %s", works[0], why(rest[0]))
	}
	return fmt.Sprintf("works on %s, not on %s; %s", strings.Join(works, ", "), strings.Join(rest, ", "), why(rest[0]))
}

// reasonsDiffer reports whether the engines give the snippet different
// verdicts or reasons (it may fail everywhere, but not for the same cause).
func (rw row) reasonsDiffer(engines []string) bool {
	for _, e := range engines {
		if r, ok := rw.By[e]; ok && (r.Status != rw.First.Status || r.Reason != rw.First.Reason) {
			return true
		}
	}
	return false
}

// byReason lists the engines' verdicts, one part per reason, engines with
// the same reason together: "20.10: usage: …; 26, 28: deprecated: …".
func (rw row) byReason(engines []string, why func(string) string) string {
	var order []string
	group := map[string][]string{}
	for _, e := range engines {
		r, ok := rw.By[e]
		if !ok {
			continue
		}
		k := string(r.Status) + " " + string(r.Reason)
		if _, seen := group[k]; !seen {
			order = append(order, k)
		}
		group[k] = append(group[k], e)
	}
	var parts []string
	for _, k := range order {
		es := group[k]
		w := why(es[0])
		parts = append(parts, strings.Join(es, ", ")+w[len(es[0]):])
	}
	return strings.Join(parts, "; ")
}

// hint is the hint of the newest engine that gives one.
func (rw row) hint(engines []string) string {
	for i := len(engines) - 1; i >= 0; i-- {
		if r, ok := rw.By[engines[i]]; ok && r.Hint != "" {
			return r.Hint
		}
	}
	return ""
}
