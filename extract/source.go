package extract

import (
	"bytes"
	"sort"
	"strings"
)

// source is a note's normalised bytes with an index of its line starts.
type source struct {
	text   []byte
	starts []int // byte offset of each line's first byte
}

// newSource normalises line endings (CRLF and lone CR become LF, which
// keeps the line count) and indexes the lines.
func newSource(b []byte) *source {
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	} else {
		b = bytes.Clone(b) // front matter is blanked in place
	}
	s := &source{text: b, starts: []int{0}}
	for i, c := range b {
		if c == '\n' && i+1 < len(b) {
			s.starts = append(s.starts, i+1)
		}
	}
	return s
}

// lineOf returns the 1-based line of byte offset off.
func (s *source) lineOf(off int) int {
	return sort.Search(len(s.starts), func(i int) bool { return s.starts[i] > off })
}

// lines returns the text of every line, without newlines.
func (s *source) lines() []string {
	out := make([]string, len(s.starts))
	for i, start := range s.starts {
		end := len(s.text)
		if i+1 < len(s.starts) {
			end = s.starts[i+1] - 1
		}
		out[i] = strings.TrimSuffix(string(s.text[start:end]), "\n")
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
	if first := string(s.text[:s.starts[1]-1]); first != "---" && first != "+++" {
		return nil
	}
	all := s.lines()
	for i := 1; i < len(all); i++ {
		if all[i] == all[0] || (all[0] == "---" && all[i] == "...") {
			end := len(s.text)
			if i+1 < len(s.starts) {
				end = s.starts[i+1]
			}
			for j := 0; j < end; j++ {
				if s.text[j] != '\n' {
					s.text[j] = ' '
				}
			}
			return all[1:i]
		}
	}
	return nil
}
