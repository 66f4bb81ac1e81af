package expect

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Comparison is one command's output set against the output its note
// shows: what a report needs to show the two side by side.
type Comparison struct {
	Mode       Mode
	Expected   string      // the output the note shows
	Actual     string      // what the run printed
	Difference *Difference // the first difference; nil when they match
	// Drift is how the run differs without contradicting the note, in
	// Reader mode: nil when it does not, or when Difference is set.
	Drift []Drift `json:",omitempty"`
}

// Compared compares want (the note's) with got (the run's) in mode.
func Compared(want, got string, mode Mode) Comparison {
	return Comparison{Mode: mode, Expected: want, Actual: got, Difference: Compare(want, got, mode)}
}

// Mark says how a row of a side-by-side diff pairs its two lines, with
// the marks of sdiff(1).
type Mark byte

// The marks of a side-by-side row.
const (
	Same    Mark = ' ' // the lines match once normalised
	Elided  Mark = '.' // the run's line is one that the note's "..." stands for
	Changed Mark = '|' // the lines differ
	Missing Mark = '<' // only the note shows this line
	Extra   Mark = '>' // only the run printed this line
)

// Row is one row of a side-by-side diff: the note's line on the left,
// the run's on the right, either "" where that side has none.
type Row struct {
	Left, Right string
	Mark        Mark
}

// maxRows bounds the lines of each side that a side-by-side diff aligns
// (the alignment costs their product).
const maxRows = 400

// SideBySide aligns the note's output with the run's, line by line, the
// way a reader sets them next to each other: lines equal once IDs, ages,
// sizes and widths are normalised line up as the same; the lines of a
// pull or a build that only one side shows are left out; a "..." of the
// note takes the run's lines it stands for.
func (c Comparison) SideBySide() []Row {
	left, right := displayed(c.Expected, true), displayed(c.Actual, false)
	// The longest common subsequence of the two sides' keys.
	n, m := len(left), len(right)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if !left[i].elision && left[i].key == right[j].key {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var rows []Row
	i, j := 0, 0
	gapL, gapR := 0, 0 // where the lines not in common began
	flush := func() {
		rows = append(rows, gap(left[gapL:i], right[gapR:j])...)
	}
	for i < n && j < m {
		switch {
		case !left[i].elision && left[i].key == right[j].key:
			flush()
			rows = append(rows, Row{Left: left[i].raw, Right: right[j].raw, Mark: Same})
			i, j = i+1, j+1
			gapL, gapR = i, j
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	i, j = n, m
	flush()
	return rows
}

// shown is one line of a side of the diff.
type shown struct {
	raw     string
	key     string // what is compared: the line normalised, its spacing collapsed
	elision bool
}

// displayed reads one side's lines for the diff: blank lines and the
// noise of pulls and builds are left out, as Compare leaves them out.
func displayed(out string, note bool) []shown {
	var lines []shown
	for _, l := range outputLines(out, note) {
		raw := strings.TrimRight(l.text, " \t")
		switch {
		case strings.TrimSpace(raw) == "" || noiseRE.MatchString(raw):
		case note && elisionRE.MatchString(raw):
			lines = append(lines, shown{raw: raw, elision: true})
		default:
			lines = append(lines, shown{raw: raw, key: strings.Join(strings.Fields(normalise(raw)), " ")})
		}
		if len(lines) == maxRows {
			lines = append(lines, shown{raw: "[labrun: the rest is not shown]", key: "\x00rest"})
			break
		}
	}
	return lines
}

// gap pairs the lines between two matched ones: a note whose only lines
// there are elisions stands for all the run's lines; otherwise lines
// pair up in order as changed, and what is left over is missing or
// extra.
func gap(left, right []shown) []Row {
	elided := len(left) > 0
	for _, l := range left {
		elided = elided && l.elision
	}
	var rows []Row
	if elided {
		rows = append(rows, Row{Left: left[0].raw, Mark: Elided})
		for _, r := range right {
			rows = append(rows, Row{Right: r.raw, Mark: Elided})
		}
		return rows
	}
	for k := 0; k < max(len(left), len(right)); k++ {
		switch {
		case k < len(left) && k < len(right):
			rows = append(rows, Row{Left: left[k].raw, Right: right[k].raw, Mark: Changed})
		case k < len(left):
			rows = append(rows, Row{Left: left[k].raw, Mark: Missing})
		default:
			rows = append(rows, Row{Right: right[k].raw, Mark: Extra})
		}
	}
	return rows
}

// maxLeft bounds the width of the note's column in a text diff; longer
// lines push the run's column out on their own row.
const maxLeft = 60

// Text renders rows as two columns, the note's on the left, headed as
// such, with sdiff's marks between them.
func Text(rows []Row) string {
	width := utf8.RuneCountInString("the note shows")
	for _, r := range rows {
		width = max(width, min(maxLeft, utf8.RuneCountInString(r.Left)))
	}
	var b strings.Builder
	line := func(left string, mark Mark, right string) {
		pad := max(0, width-utf8.RuneCountInString(left))
		b.WriteString(strings.TrimRight(fmt.Sprintf("%s%s %c %s", left, strings.Repeat(" ", pad), mark, right), " "))
		b.WriteByte('\n')
	}
	line("the note shows", ' ', "the run printed")
	for _, r := range rows {
		line(r.Left, r.Mark, r.Right)
	}
	return strings.TrimRight(b.String(), "\n")
}
