package fix

import (
	"bytes"
	"regexp"
	"slices"
	"strings"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// A step whose output drifted from the note's (the machine or the year
// differs, nothing the note set up) passes; the note still shows the old
// lines. Refresh offers the output block as it reads today: the lines the
// note shows under the command, replaced by what the command printed.

// Refreshed is one output block Refresh rewrote.
type Refreshed struct {
	File string
	Line int    // the note's first line of the block, before the rewrite
	Kind string // the drift's kinds, comma-separated: columns, layout, extra, value
}

// Refresh rewrites, in notes, the output each passing step of results
// shows where it drifted, with what the step printed. A block that
// cannot be found as the note shows it (the note changed since, or its
// lines are not the output's) is left as it is.
func Refresh(notes []labs.Note, results []result.Result) ([]labs.Note, []Refreshed) {
	out := make([]labs.Note, len(notes))
	copy(out, notes)
	var done []Refreshed
	for i := range out {
		// Later blocks first, so that a block that grows or shrinks does
		// not move the lines of those before it.
		var drifted []result.Result
		for _, r := range results {
			if r.Step.File == out[i].Path && r.Status == verdict.Pass && r.Compared != nil && len(r.Compared.Drift) > 0 {
				drifted = append(drifted, r)
			}
		}
		for j := len(drifted) - 1; j >= 0; j-- {
			r := drifted[j]
			data, line, ok := refreshBlock(out[i].Data, r)
			if !ok {
				continue
			}
			out[i].Data = data
			done = append(done, Refreshed{File: out[i].Path, Line: line, Kind: strings.Join(r.Compared.DriftKinds(), ", ")})
		}
	}
	return out, done
}

// refreshBlock replaces the lines of data that show the output r's step
// compared with what it printed; line is the block's first line.
func refreshBlock(data []byte, r result.Result) (_ []byte, line int, ok bool) {
	from := 0
	for _, c := range r.Step.Commands {
		if c.Output == r.Compared.Expected {
			from = c.Line
		}
	}
	if from == 0 {
		return nil, 0, false
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	shown := strings.Split(strings.TrimRight(r.Compared.Expected, "\n"), "\n")
	if last := len(shown) - 1; last > 0 && strings.TrimSpace(shown[last]) == "..." {
		shown = shown[:last] // an elision the prose implied, not in the note
	}
	// a rewrite of the note before it may have moved the block up
	start, n := findLines(lines, max(from-5, 0), shown)
	if n == 0 {
		return nil, 0, false
	}
	first := string(lines[start])
	indent := first[:len(first)-len(strings.TrimLeft(first, " \t>"))]
	end := "\n"
	if strings.HasSuffix(first, "\r\n") {
		end = "\r\n"
	}
	var repl []byte
	for _, l := range strings.Split(strings.TrimRight(ansiRE.ReplaceAllString(r.Compared.Actual, ""), "\n"), "\n") {
		repl = append(repl, []byte(strings.TrimRight(indent+strings.TrimRight(l, "\r"), " \t")+end)...)
	}
	rewritten := slices.Concat(lines[:start], [][]byte{repl}, lines[start+n:])
	return bytes.Join(rewritten, nil), start + 1, true
}

// findLines finds, after the note's line from (1-based), the lines that
// show the output shown, one for each, as the note writes them (its
// indentation aside; a question line with the reader's typed answer
// after it); it returns their index and count, 0 when they are not there.
func findLines(lines [][]byte, from int, shown []string) (start, n int) {
	const window = 80 // lines between a command and its output block, at most
	matches := func(i, k int) bool {
		got := strings.TrimSpace(strings.TrimRight(string(lines[i]), "\r\n"))
		want := strings.TrimSpace(shown[k])
		return got == want || want != "" && strings.HasPrefix(got, want)
	}
	for i := from; i < len(lines) && i < from+window; i++ {
		k := 0
		for k < len(shown) && i+k < len(lines) && matches(i+k, k) {
			k++
		}
		if k == len(shown) {
			return i, k
		}
	}
	return 0, 0
}

// ansiRE matches terminal escape sequences.
var ansiRE = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)
