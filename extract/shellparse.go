package extract

import (
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// shellParsers holds parsers for reuse: a new Parser carries a read buffer
// that made it the largest allocation of a note's extraction, and a Parser
// resets itself at the start of each Parse (its documentation allows reuse
// once a Parse is done), so a reused one gives the same tree.
var shellParsers = sync.Pool{New: func() any { return syntax.NewParser() }}

// shellCode is a piece of shell code and its parse, made at most once: the
// classifier reads its words and the splitter its statements, and both
// used to parse the same code.
type shellCode struct {
	code   string
	parsed bool
	file   *syntax.File
	err    error
}

func (s *shellCode) parse() (*syntax.File, error) {
	if !s.parsed {
		p := shellParsers.Get().(*syntax.Parser)
		s.file, s.err = p.Parse(strings.NewReader(s.code), "")
		shellParsers.Put(p)
		s.parsed = true
	}
	return s.file, s.err
}
