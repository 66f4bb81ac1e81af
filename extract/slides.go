package extract

import "strings"

// A slide deck (remark, reveal.js, Marp, Deckset) is a note whose slides
// are separated by `---` lines, and a slide tool renders each slide on its
// own: a fence left open (opened with four backticks and closed with
// three, or never closed) ends with its slide. Read whole, as CommonMark
// reads it, the same fence swallows the rest of the deck. So the parse of
// a deck restarts at each separator that ends such a fence; a note whose
// fences are all closed parses as one document, as before.

// deckBreaks is how many slide separators make a note a deck.
const deckBreaks = 2

// slideRestarts returns the offsets of the slide separators at which the
// parse of a deck must restart so that a fence left open ends with its
// slide, in order; nil for a note that is not a deck or leaves no fence
// open. Front matter is blank by now, so its `---` lines separate
// nothing; a fence closed as CommonMark closes it is read whole, so a
// `---` inside it (a YAML document separator in a compose file) is code.
func slideRestarts(src *source) []int {
	if !strings.Contains(src.str, "\n---") || !strings.Contains(src.str, "```") && !strings.Contains(src.str, "~~~") {
		return nil
	}
	lines := src.lines()
	var restarts []int
	separators := 0
	para := false // the line above continues a paragraph: a `---` under it underlines a heading
	for i := 0; i < len(lines); i++ {
		t := lines[i]
		if isSeparator(t) {
			if !para {
				separators++
			}
			para = false
			continue
		}
		run, _ := fenceLine(t)
		if run == "" {
			para = strings.TrimSpace(t) != "" && !strings.HasPrefix(strings.TrimLeft(t, " "), "#")
			continue
		}
		para = false
		end, sep := fenceEnd(lines, i, run)
		switch {
		case end >= 0:
			i = end
		case sep >= 0:
			restarts = append(restarts, src.starts[sep])
			i = sep - 1 // the separator is read next
		default:
			i = len(lines)
		}
	}
	if separators < deckBreaks {
		return nil
	}
	return restarts
}

// fenceEnd finds where the fence that lines[open] opens with run ends:
// end, the line of its closing fence, or -1 when it is left open, and
// then sep, the separator that ends its slide (-1 at the end of the
// note). A fence is left open when no fence closes it, and when the fence
// that would close it comes after a separator and a fence that opens
// another block: that one is the later block's, and this one was never
// closed in its slide.
func fenceEnd(lines []string, open int, run string) (end, sep int) {
	sep = -1
	for i := open + 1; i < len(lines); i++ {
		t := lines[i]
		if isSeparator(t) && sep < 0 {
			sep = i
			continue
		}
		r, info := fenceLine(t)
		if r == "" || r[0] != run[0] || len(r) < len(run) {
			continue
		}
		switch {
		case info == "":
			return i, -1
		case sep >= 0:
			return -1, sep
		}
	}
	return -1, sep
}

// isSeparator reports whether a line separates slides: `---` on its own.
func isSeparator(t string) bool {
	return trimRightBlank(t) == "---"
}

// fenceLine reads a line as a code fence of the note's top level, as
// CommonMark does: its run of backticks or tildes, indented by no more
// than three spaces, and the info string after it; run is "" when the
// line is no fence.
func fenceLine(t string) (run, info string) {
	i := 0
	for i < 3 && i < len(t) && t[i] == ' ' {
		i++
	}
	if i == len(t) || t[i] != '`' && t[i] != '~' {
		return "", ""
	}
	j := i
	for j < len(t) && t[j] == t[i] {
		j++
	}
	if j-i < 3 {
		return "", ""
	}
	run, info = t[i:j], strings.TrimSpace(t[j:])
	if run[0] == '`' && strings.Contains(info, "`") {
		return "", "" // an inline code span, not a fence
	}
	return run, info
}
