package fix

import (
	"fmt"
	"strings"
)

// around is how many unchanged lines a hunk shows around a change.
const around = 3

// Diff is the unified diff that turns a into b, the note at path, as
// `diff -u` and `git apply` read it; "" when they are the same.
func Diff(path string, a, b []byte) string {
	if string(a) == string(b) {
		return ""
	}
	x, y := splitLines(string(a)), splitLines(string(b))
	ops := lineOps(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", path, path)
	for start := 0; start < len(ops); {
		// A hunk runs from context lines before a change to context
		// lines after the last change that is close enough.
		first := indexChange(ops, start)
		if first < 0 {
			break
		}
		from := max(first-around, start)
		last := first
		for j := first + 1; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				if j-last > 2*around {
					break
				}
				last = j
			}
		}
		to := min(last+around+1, len(ops))
		writeHunk(&out, ops[from:to])
		start = to
	}
	return out.String()
}

type op struct {
	kind   byte // ' ', '-', '+'
	text   string
	ax, by int // 1-based line in a and in b where the op stands
}

// lineOps aligns x and y by their longest common subsequence, after the
// lines they share at both ends.
func lineOps(x, y []string) []op {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	l := make([][]int, len(mx)+1)
	for i := range l {
		l[i] = make([]int, len(my)+1)
	}
	for i := len(mx) - 1; i >= 0; i-- {
		for j := len(my) - 1; j >= 0; j-- {
			if mx[i] == my[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var ops []op
	ax, by := 1, 1
	add := func(kind byte, text string) {
		ops = append(ops, op{kind, text, ax, by})
		if kind != '+' {
			ax++
		}
		if kind != '-' {
			by++
		}
	}
	for _, s := range x[:pre] {
		add(' ', s)
	}
	i, j := 0, 0
	for i < len(mx) || j < len(my) {
		switch {
		case i < len(mx) && j < len(my) && mx[i] == my[j]:
			add(' ', mx[i])
			i, j = i+1, j+1
		case j < len(my) && (i == len(mx) || l[i][j+1] > l[i+1][j]):
			add('+', my[j])
			j++
		default:
			add('-', mx[i])
			i++
		}
	}
	for _, s := range x[len(x)-suf:] {
		add(' ', s)
	}
	return ops
}

func indexChange(ops []op, from int) int {
	for i := from; i < len(ops); i++ {
		if ops[i].kind != ' ' {
			return i
		}
	}
	return -1
}

func writeHunk(out *strings.Builder, ops []op) {
	na, nb := 0, 0
	for _, o := range ops {
		if o.kind != '+' {
			na++
		}
		if o.kind != '-' {
			nb++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", span(ops[0].ax, na), span(ops[0].by, nb))
	for _, o := range ops {
		out.WriteByte(o.kind)
		out.WriteString(strings.TrimSuffix(o.text, "\n"))
		out.WriteByte('\n')
		if !strings.HasSuffix(o.text, "\n") {
			out.WriteString("\\ No newline at end of file\n")
		}
	}
}

// span is a hunk's range as unified diffs write it: "3,4", "3" for one
// line, "2,0" for none after line 2.
func span(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

// splitLines splits s into lines that keep their "\n".
func splitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}
