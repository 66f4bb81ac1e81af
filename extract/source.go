package extract

import (
	"bytes"
	"sort"
	"strings"
)

// source is a note's normalised text with an index of its line starts.
type source struct {
	text   []byte // what goldmark parses
	str    string // the same text, so that lines and snippets are cut out of it without a copy each
	starts []int  // byte offset of each line's first byte
}

// newSource normalises line endings (CRLF and lone CR become LF, which
// keeps the line count), blanks front matter (see blankFrontMatter) and
// indexes the lines. It returns the front matter's lines. b is not
// modified.
func newSource(b []byte) (*source, []string) {
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	s := &source{text: b, str: string(b), starts: make([]int, 1, bytes.Count(b, []byte("\n"))+1)}
	for i := bytes.IndexByte(b, '\n'); i >= 0 && i+1 < len(b); {
		s.starts = append(s.starts, i+1)
		next := bytes.IndexByte(b[i+1:], '\n')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return s, s.blankFrontMatter()
}

// lineOf returns the 1-based line of byte offset off.
func (s *source) lineOf(off int) int {
	return sort.Search(len(s.starts), func(i int) bool { return s.starts[i] > off })
}

// lineFrom is lineOf for an offset that usually lies on line n or a little
// after it, as the next line of a block does: it steps forward from there
// instead of searching the whole index, and searches when off is before
// line n.
func (s *source) lineFrom(n, off int) int {
	if n < 1 || s.starts[n-1] > off {
		return s.lineOf(off)
	}
	for n < len(s.starts) && s.starts[n] <= off {
		n++
	}
	return n
}

// line is the text of line n (1-based), without its newline.
func (s *source) line(n int) string {
	end := len(s.str)
	if n < len(s.starts) {
		end = s.starts[n] - 1
	}
	return strings.TrimSuffix(s.str[s.starts[n-1]:end], "\n")
}

// lines returns the text of every line, without newlines.
func (s *source) lines() []string {
	out := make([]string, len(s.starts))
	for i, start := range s.starts {
		end := len(s.str)
		if i+1 < len(s.starts) {
			end = s.starts[i+1] - 1
		}
		out[i] = strings.TrimSuffix(s.str[start:end], "\n")
	}
	return out
}

// blankFrontMatter replaces a leading YAML (---) or TOML (+++) front matter
// block with blank lines, so that it is skipped while every other line keeps
// its number. It returns the front matter's lines.
func (s *source) blankFrontMatter() []string {
	// Look at the first line alone before splitting the whole note: most
	// notes have no front matter.
	if len(s.starts) < 2 {
		return nil
	}
	if first := s.str[:s.starts[1]-1]; first != "---" && first != "+++" {
		return nil
	}
	all := s.lines()
	for i := 1; i < len(all); i++ {
		if all[i] == all[0] || (all[0] == "---" && all[i] == "...") {
			end := len(s.str)
			if i+1 < len(s.starts) {
				end = s.starts[i+1]
			}
			// A copy: the text may still be the caller's bytes.
			text := []byte(s.str)
			for j := 0; j < end; j++ {
				if text[j] != '\n' {
					text[j] = ' '
				}
			}
			s.text, s.str = text, string(text)
			return all[1:i]
		}
	}
	return nil
}
