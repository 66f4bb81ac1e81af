package expect

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// A reader who sets a note's output beside what ran today does not call
// every difference broken. Where a line carries what the note itself set
// up (a name it gave, text it echoed or wrote into a file), a state
// (running, exited, healthy), a count (3/3) or an error, and the run does
// not print it, the step did not do what the note says: a contradiction.
// Anything else that differs is the machine or the year: versions and
// sizes, a column Docker added, renamed or dropped, a terminal's layout,
// extra lines, fields added to JSON: drift, reported but no failure.

// Reader is the mode that judges output as a reader does: a
// contradiction fails, drift passes and is reported.
const Reader Mode = "reader"

// Drift kinds.
const (
	DriftColumns = "columns" // a table's columns: added, renamed, dropped
	DriftLayout  = "layout"  // the same words laid out otherwise (a terminal's columns)
	DriftExtra   = "extra"   // lines the run printed that the note does not show
	DriftValue   = "value"   // a value of the machine or the year: versions, sizes, drivers, fields
)

// Drift is one line where the run differs from the note without
// contradicting it.
type Drift struct {
	Line     int    // the line of the note's output, 1-based; 0 for lines only the run printed
	Expected string // that line as the note shows it
	Actual   string // what the run printed there, if anything
	Kind     string
}

// Words are the words a lab's own code holds (its commands, the files it
// writes), lower-cased: a line of output that carries one of them shows
// what the note set up.
type Words map[string]bool

// wordRE finds the words of a text: a count (3/3), or letters, digits
// and the marks that join the parts of names (web-1, app.py, my_vol).
var wordRE = regexp.MustCompile(`\d+/\d+\b|[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?`)

// commonWords are words too common in code and output alike to say that
// a line shows what the note set up.
var commonWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the to of and or is in on it for with from as at by be this that
		docker run sh bin usr etc var tmp lib true false null none yes no latest local bridge host tcp udp
		name names image images id container containers volume volumes network networks service services
		status state created command ports size tag repository driver scope`) {
		commonWords[w] = true
	}
}

// WordsOf gathers the words of a lab's code.
func WordsOf(texts ...string) Words {
	out := Words{}
	for _, t := range texts {
		for _, w := range wordRE.FindAllString(t, -1) {
			if w = strings.ToLower(w); len(w) >= 2 && !commonWords[w] {
				out[w] = true
			}
		}
	}
	return out
}

// stateRE matches the words that say how things stand: a container's
// state, a health, a task's, an error.
var stateRE = regexp.MustCompile(`^(?:Up|Exited|Created|Restarting|Paused|Dead|Removing|running|exited|created|restarting|paused|dead|healthy|unhealthy|starting|Running|Shutdown|Complete|Failed|Rejected|Pending|Ready|Active|Drain|Down|Leader|Reachable|Unreachable|Error|error|ERROR|failed|denied|refused)$`)

// countRE matches a count the note asked for: 3/3 replicas.
var countRE = regexp.MustCompile(`^\d+/\d+$`)

// keys are the words of a line of the note's output that carry what the
// note set up: its own words, states and counts. The tokens that
// normalising put in (<id>, <time>, …) are none.
func (own Words) keys(line string) []string {
	var out []string
	for _, w := range wordRE.FindAllString(tokensOut(line), -1) {
		if own[strings.ToLower(w)] || stateRE.MatchString(w) || countRE.MatchString(w) {
			out = append(out, w)
		}
	}
	return out
}

// tokenRE finds the tokens normalising puts in a line.
var tokenRE = regexp.MustCompile(`<[a-z-]+>`)

func tokensOut(line string) string {
	return tokenRE.ReplaceAllString(line, " ")
}

// printed is the set of words a run printed, its lines normalised.
func printed(got []item) map[string]bool {
	out := map[string]bool{}
	add := func(text string) {
		for _, w := range wordRE.FindAllString(tokensOut(text), -1) {
			out[w] = true
		}
	}
	for _, it := range got {
		if it.table == nil {
			add(it.text)
			continue
		}
		for _, row := range it.table.rows {
			add(strings.Join(row, " "))
		}
	}
	return out
}

// contradiction is the first line of the note's output that carries a
// key word the run never printed, or nil.
func contradiction(want, got []item, own Words) *Difference {
	words := printed(got)
	check := func(line int, raw, text string) *Difference {
		for _, k := range own.keys(text) {
			if !words[k] {
				return &Difference{Line: line, Expected: raw, Why: fmt.Sprintf("the run never printed %q", k)}
			}
		}
		return nil
	}
	for _, w := range want {
		switch {
		case w.elision, w.comment:
			continue
		case w.table != nil:
			for i, row := range w.table.rows {
				if d := check(w.line+1+i, w.table.raws[i], strings.Join(row, " ")); d != nil {
					return d
				}
			}
		default:
			if d := check(w.line, w.raw, w.text); d != nil {
				return d
			}
		}
	}
	return nil
}

// plainText is the difference when the command printed plain text (no
// table, no value of the machine or the year: a release, a size, a time,
// an ID) and the note shows a plain line it did not print, where either
// the note shows that one line and the run printed one other (`41` where
// it prints `42`) or the run printed the lines around it (`one`, `two`,
// and not `three`): what a command computed or echoed, which no drift
// explains. nil otherwise.
func plainText(want, got []item) *Difference {
	printed := map[string]bool{}
	for _, g := range got {
		if g.table != nil || tokenRE.MatchString(g.text) {
			return nil
		}
		printed[g.text] = true
	}
	var shown []item
	for _, w := range want {
		if w.table != nil {
			return nil
		}
		if !w.elision && !w.comment {
			shown = append(shown, w)
		}
	}
	plain := func(w item) bool { return !tokenRE.MatchString(w.text) && !warningRE.MatchString(w.text) }
	if len(shown) == 1 && len(got) == 1 && plain(shown[0]) && !printed[shown[0].text] {
		return &Difference{Line: shown[0].line, Expected: shown[0].raw, Actual: got[0].raw, Why: "the run printed another line"}
	}
	matched := false
	var missing *item
	for i, w := range shown {
		switch {
		case printed[w.text]:
			matched = true
		case missing == nil && plain(w):
			missing = &shown[i]
		}
	}
	if !matched || missing == nil {
		return nil
	}
	return &Difference{Line: missing.line, Expected: missing.raw, Why: "the run printed the lines around it, not this one"}
}

// warningRE matches a warning or notice a tool printed on the side.
var warningRE = regexp.MustCompile(`(?i)^\s*(?:warning|warn|notice|note|deprecated|deprecation|hint)\b`)

// drifts lists how the run differs from the note where it does not
// contradict it: each line of the note the run does not print as it is
// (with what the first difference found there), and the lines only the
// run printed.
func drifts(want, got []item, first *Difference) []Drift {
	lines := map[string]bool{}
	for _, g := range got {
		if g.table == nil {
			lines[g.text] = true
		}
	}
	var out []Drift
	var words map[string]bool // what the run printed, read once a line needs it
	extra := false
	for _, w := range want {
		switch {
		case w.elision, w.comment:
		case w.table != nil:
			for _, g := range got {
				if g.table == nil {
					continue
				}
				if !sameColumns(w.table.columns, g.table.columns) {
					out = append(out, Drift{Line: w.line, Expected: w.raw, Actual: g.raw, Kind: DriftColumns})
				} else if w.table.differs(*g.table, true) != "" {
					out = append(out, Drift{Line: w.line, Expected: w.raw, Actual: g.raw, Kind: DriftValue})
				}
				extra = extra || len(g.table.rows) > len(w.table.rows)
				break
			}
		case !lines[w.text]:
			d := Drift{Line: w.line, Expected: w.raw, Kind: DriftValue}
			if first != nil && first.Line == w.line {
				d.Actual = first.Actual
			}
			if words == nil {
				words = printed(got)
			}
			if layoutOnly(w, words) {
				d.Kind = DriftLayout
			}
			out = append(out, d)
		}
	}
	if extra || first != nil && first.Line == 0 || len(out) == 0 {
		out = append(out, Drift{Kind: DriftExtra})
	}
	return out
}

// sameColumns reports whether two tables' headers name the same columns,
// in any order.
func sameColumns(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, c := range a {
		found := false
		for _, d := range b {
			found = found || c == d
		}
		if !found {
			return false
		}
	}
	return true
}

// layoutOnly reports whether every word of the note's line is one of
// words, those the run printed, on lines of their own or otherwise: `ls`
// in a terminal's columns against one name a line.
func layoutOnly(w item, words map[string]bool) bool {
	fields := strings.Fields(w.text)
	if len(fields) < 2 {
		return false
	}
	for _, f := range fields {
		if !words[f] {
			return false
		}
	}
	return true
}

// Read compares a run's output with the output the note shows, in mode.
// In Reader mode a difference is a contradiction, the Difference, or
// drift, listed in Drift with no Difference; Strict and Lax report their
// first difference as Compare does.
func Read(want, got string, mode Mode, own Words) Comparison {
	c := Comparison{Mode: mode, Expected: want, Actual: got}
	if mode != Reader {
		c.Difference = Compare(want, got, mode)
		return c
	}
	w, g := items(want, true), items(got, false)
	first := compareItems(w, g, Strict)
	if first == nil {
		return c
	}
	if d := contradiction(w, g, own); d != nil {
		c.Difference = d
		return c
	}
	if d := plainText(w, g); d != nil {
		c.Difference = d
		return c
	}
	c.Drift = drifts(w, g, first)
	return c
}

// DriftKinds are the kinds of c's drift, each once, in the order first
// seen.
func (c Comparison) DriftKinds() []string {
	var kinds []string
	for _, d := range c.Drift {
		if !slices.Contains(kinds, d.Kind) {
			kinds = append(kinds, d.Kind)
		}
	}
	return kinds
}
