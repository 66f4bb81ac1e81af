package fix

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/labrun/labrun/extract"
)

// Edit replaces, on one line of a note, the code Old with New. Old is
// code as the note shows it: a word of a command (`docker-compose`,
// `--fromat`), a command, or a whole line of a Dockerfile or compose file.
// New may hold newlines: the lines after the first are indented as the
// line's code is. An empty New removes Old with one space beside it, and
// the whole line when nothing else was on it.
type Edit struct {
	Line     int // 1-based line of the note
	Old, New string
}

// Apply makes the edits in data, a note whose snippet sn they rewrite,
// and returns the note rewritten. Only the snippet's code changes: an
// edit is made inside the code of its line (for an inline snippet, inside
// its code span), and every other byte stays as it was. It fails when an
// edit's Old is not on its line as a whole word.
func Apply(data []byte, sn extract.Snippet, edits []Edit) ([]byte, error) {
	lines := bytes.SplitAfter(data, []byte("\n"))
	if sn.Form == extract.Inline {
		return applyInline(lines, sn, edits)
	}
	order := append([]Edit(nil), edits...)
	// Later lines first, so that a line an edit adds or removes does not
	// move the lines the others name; edits of one line in their order.
	sort.SliceStable(order, func(i, j int) bool { return order[i].Line > order[j].Line })
	for _, e := range order {
		if e.Line < 1 || e.Line > len(lines) || e.Old == "" {
			return nil, fmt.Errorf("line %d: nothing to replace", e.Line)
		}
		n, text, at, err := find(lines, e)
		if err != nil {
			return nil, err
		}
		end := string(lines[n-1][len(text):])
		rewritten, ok := replace(text, at, len(e.Old), e.New, true)
		if !ok {
			return nil, fmt.Errorf("line %d: cannot indent new lines after %q", n, text[:at])
		}
		if rewritten == "" && strings.TrimSpace(text) != "" {
			lines[n-1] = nil // the line held only Old
			continue
		}
		lines[n-1] = []byte(strings.ReplaceAll(rewritten, "\n", lineBreak(end)) + end)
	}
	return bytes.Join(lines, nil), nil
}

// applyInline makes the edits in the code of an inline snippet, then puts
// the code back in its span, on its line.
func applyInline(lines [][]byte, sn extract.Snippet, edits []Edit) ([]byte, error) {
	code := firstLine(sn.Code)
	if sn.Line < 1 || sn.Line > len(lines) {
		return nil, fmt.Errorf("line %d: no such line", sn.Line)
	}
	text := string(lines[sn.Line-1])
	span := strings.Index(text, code)
	if span < 0 {
		return nil, fmt.Errorf("line %d: the code span is not on this line", sn.Line)
	}
	for _, e := range edits {
		at := wordIndex(code, e.Old)
		if e.Line != sn.Line || e.Old == "" || at < 0 {
			return nil, fmt.Errorf("line %d: %q is not in the code", e.Line, e.Old)
		}
		rewritten, ok := replace(code, at, len(e.Old), e.New, false)
		if strings.Contains(e.New, "`") {
			return nil, fmt.Errorf("line %d: a backtick would end the code span", e.Line)
		}
		if !ok {
			return nil, fmt.Errorf("line %d: cannot indent new lines in a code span", e.Line)
		}
		code = rewritten
	}
	lines[sn.Line-1] = []byte(text[:span] + code + text[span+len(firstLine(sn.Code)):])
	return bytes.Join(lines, nil), nil
}

// find finds e's Old in its line, or in the lines that continue its
// command after a backslash, and returns the line, its text and where Old
// is in it.
func find(lines [][]byte, e Edit) (n int, text string, at int, err error) {
	for n = e.Line; n <= len(lines); n++ {
		text, _ = splitEnd(string(lines[n-1]))
		if at = wordIndex(text, e.Old); at >= 0 {
			return n, text, at, nil
		}
		if !strings.HasSuffix(strings.TrimRight(text, " \t"), "\\") {
			break
		}
	}
	return 0, "", 0, fmt.Errorf("line %d: %q is not in the code", e.Line, e.Old)
}

// replace puts repl in place of text[at:at+n]. Newlines in repl start
// lines indented as the code at was (block is false for a code span,
// which cannot hold them). An empty repl takes a space beside the old
// text with it, and leaves "" when nothing but blanks is left.
func replace(text string, at, n int, repl string, block bool) (string, bool) {
	before, after := text[:at], text[at+n:]
	if strings.Contains(repl, "\n") {
		indent := before
		if !block || strings.Trim(indent, " \t>") != "" {
			// Only a whole line of code, after its indentation or
			// quote marks, may become several.
			return "", false
		}
		repl = strings.ReplaceAll(repl, "\n", "\n"+indent)
	}
	if repl == "" {
		switch {
		case strings.HasSuffix(before, " "):
			before = before[:len(before)-1]
		case strings.HasPrefix(after, " "):
			after = after[1:]
		}
		if strings.TrimSpace(before+after) == "" {
			return "", true
		}
	}
	return before + repl + after, true
}

// wordIndex finds old in code where it stands as whole words: nothing
// but a blank, a quote, a backtick or a shell operator on either side (a
// flag's `=` after it); -1 when it does not.
func wordIndex(code, old string) int {
	for from := 0; from <= len(code)-len(old); {
		i := strings.Index(code[from:], old)
		if i < 0 {
			return -1
		}
		i += from
		left := i == 0 || strings.ContainsRune(" \t`'\"(;|&>", rune(code[i-1]))
		j := i + len(old)
		right := j == len(code) || strings.ContainsRune(" \t`'\");|&=\\<>", rune(code[j]))
		if left && right {
			return i
		}
		from = i + 1
	}
	return -1
}

// splitEnd parts a line from its line ending ("\n", "\r\n" or none).
func splitEnd(line string) (text, end string) {
	switch {
	case strings.HasSuffix(line, "\r\n"):
		return line[:len(line)-2], "\r\n"
	case strings.HasSuffix(line, "\n"):
		return line[:len(line)-1], "\n"
	}
	return line, ""
}

// lineBreak is the line ending new lines take: the line's own, or "\n"
// on a last line that has none.
func lineBreak(end string) string {
	if end == "" {
		return "\n"
	}
	return end
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
