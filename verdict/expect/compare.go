package expect

import (
	"fmt"
	"strings"

	"github.com/labrun/labrun/extract/console"
)

// Mode is how strictly output is compared.
type Mode string

// The modes of --output and of the annotation output=.
const (
	Strict Mode = "strict" // every line the note shows, in order, and no other (after normalising)
	Lax    Mode = "lax"    // every line the note shows appears, in any place
	Ignore Mode = "ignore" // output is not compared
)

// Difference is the first place where what ran differs from what the
// note shows.
type Difference struct {
	Line     int    // the line of the note's output, 1-based; 0 when the run printed more than the note shows
	Expected string // that line as the note shows it
	Actual   string // what the run printed there, "" when it printed nothing more
	Why      string // for people
}

// item is one line of output, or one of docker's tables, or an elision.
type item struct {
	line    int // the first line's number, 1-based
	text    string
	raw     string
	table   *table
	elision bool
	// comment: a comment the note shows among the output (`# now list
	// them`), which the run prints only where it is a line of what the
	// command shows (`cat Dockerfile`): matched where the run prints it,
	// passed over where it does not.
	comment bool
}

// outLine is a line of output and its number in the output, 1-based.
type outLine struct {
	n    int
	text string
}

// outputLines splits output into lines, the terminal's escapes removed.
// A command prints the question it asks (`[y/N] `) with no newline after
// it, so a line that asks one is read as two: the question, and what
// follows it, which in the run is what the command printed next, and in
// the note the answer the reader typed: their input, no output.
func outputLines(out string, note bool) []outLine {
	var lines []outLine
	for i, raw := range strings.Split(strings.TrimRight(strings.ReplaceAll(out, "\r\n", "\n"), "\n"), "\n") {
		raw = ansiRE.ReplaceAllString(raw, "")
		q, rest, ok := console.Question(raw)
		if !ok {
			lines = append(lines, outLine{i + 1, raw})
			continue
		}
		lines = append(lines, outLine{i + 1, q})
		if strings.TrimSpace(rest) != "" && !(note && console.Answer(rest)) {
			lines = append(lines, outLine{i + 1, rest})
		}
	}
	return lines
}

// items reads output into what is compared: lines normalised, tables by
// column, elisions and comments (only where the note shows them) and the
// noise of pulls and builds left out.
func items(out string, note bool) []item {
	lines := outputLines(out, note)
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text
	}
	var its []item
	for i := 0; i < len(lines); i++ {
		raw, n := texts[i], lines[i].n
		switch {
		case strings.TrimSpace(raw) == "":
		case note && fenceRE.MatchString(raw):
			// a fence of the note's Markdown left in its output (a fence
			// opened with four backticks, closed with three): markup
		case note && elisionRE.MatchString(raw):
			its = append(its, item{line: n, raw: raw, elision: true})
		case note && console.Comment(raw):
			its = append(its, item{line: n, raw: raw, text: normalise(raw), comment: true})
		case noiseRE.MatchString(raw):
		case headerRE.MatchString(raw):
			t, rows := readTable(texts[i:])
			its = append(its, item{line: n, raw: raw, table: &t})
			i += rows - 1
		default:
			its = append(its, item{line: n, raw: raw, text: normalise(raw)})
		}
	}
	return its
}

// Compare compares a run's output with the output the note shows. It
// returns nil when they match in mode.
func Compare(want, got string, mode Mode) *Difference {
	if mode == Ignore {
		return nil
	}
	return compareItems(items(want, true), items(got, false), mode)
}

// compareItems is Compare of outputs already read into items.
func compareItems(w, g []item, mode Mode) *Difference {
	if len(w) == 0 {
		return nil // the note shows nothing but markup
	}
	if mode == Lax {
		return lax(w, g)
	}
	m := matcher{want: w, got: g, seen: map[[2]int]bool{}}
	if m.match(0, 0) {
		return nil
	}
	return m.first()
}

// lax finds the first line the note shows that appears nowhere in what
// ran.
func lax(want, got []item) *Difference {
	for _, w := range want {
		if w.elision {
			continue
		}
		found := false
		for _, g := range got {
			if same(w, g, true) == "" {
				found = true
				break
			}
		}
		if !found && !w.comment {
			return &Difference{Line: w.line, Expected: w.raw, Why: "not in the output"}
		}
	}
	return nil
}

// matcher matches the note's items against the run's in order, an
// elision standing for any number of items.
type matcher struct {
	want, got []item
	seen      map[[2]int]bool // positions already tried and failed
	// the furthest the match got: the note's item it could not match,
	// the run's item it was compared with, and why
	furthest, at int
	why          string
}

func (m *matcher) match(i, j int) bool {
	if i == len(m.want) {
		if j == len(m.got) {
			return true
		}
		m.fail(i, j, "")
		return false
	}
	if m.seen[[2]int{i, j}] {
		return false
	}
	m.seen[[2]int{i, j}] = true
	if m.want[i].elision {
		for k := j; k <= len(m.got); k++ {
			if m.match(i+1, k) {
				return true
			}
		}
		return false
	}
	if m.want[i].comment {
		if j < len(m.got) && same(m.want[i], m.got[j], false) == "" && m.match(i+1, j+1) {
			return true
		}
		return m.match(i+1, j)
	}
	if j == len(m.got) {
		m.fail(i, j, "the run printed nothing more")
		return false
	}
	if why := same(m.want[i], m.got[j], false); why != "" {
		m.fail(i, j, why)
		return false
	}
	return m.match(i+1, j+1)
}

func (m *matcher) fail(i, j int, why string) {
	if i > m.furthest || m.why == "" && i == m.furthest {
		m.furthest, m.at, m.why = i, j, why
	}
}

// first is the difference at the furthest point the match reached.
func (m *matcher) first() *Difference {
	d := &Difference{Why: m.why}
	if m.at < len(m.got) {
		d.Actual = m.got[m.at].raw
	}
	if m.furthest < len(m.want) {
		d.Line, d.Expected = m.want[m.furthest].line, m.want[m.furthest].raw
	} else {
		d.Why = "the run printed more than the note shows"
	}
	if d.Why == "" {
		d.Why = "differs"
	}
	return d
}

// same says how a run's item differs from the note's, or "".
func same(want, got item, lax bool) string {
	switch {
	case want.table != nil && got.table != nil:
		return want.table.differs(*got.table, lax)
	case want.table != nil:
		return fmt.Sprintf("the note shows a table (%s), the run printed a line", strings.Join(want.table.columns, ", "))
	case got.table != nil:
		return fmt.Sprintf("the run printed a table (%s)", strings.Join(got.table.columns, ", "))
	case want.text != got.text:
		return "differs"
	}
	return ""
}

// SameLines reports whether want and got hold the same lines once
// normalised, in any order: what a list in an order nobody chose
// (`docker service ps` placing tasks) shows. A note that elides lines
// says nothing of how many there are, and is not read so.
func SameLines(want, got string) bool {
	w, g := items(want, true), items(got, false)
	key := func(it item) string {
		if it.table != nil {
			return "\x00table " + strings.Join(it.table.columns, "\x00")
		}
		return strings.Join(strings.Fields(it.text), " ")
	}
	printed := map[string]bool{}
	for _, it := range g {
		printed[key(it)] = true
	}
	count, shown := map[string]int{}, 0
	for _, it := range w {
		switch {
		case it.elision || it.table != nil:
			return false // elisions and tables have their own rules
		case it.comment && !printed[key(it)]:
			continue // the note's comment
		}
		count[key(it)]++
		shown++
	}
	if shown != len(g) {
		return false
	}
	for _, it := range g {
		if count[key(it)] == 0 {
			return false
		}
		count[key(it)]--
	}
	return true
}
