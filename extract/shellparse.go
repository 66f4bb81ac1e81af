package extract

import (
	"github.com/labrun/labrun/extract/dockercli"

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

	plainKnown bool
	plain      []string // the words of a plain command, see simple
	isPlain    bool

	lined bool
	ls    []dockercli.Line // its simple commands, read once, see lines
	piped []Stage          // those of them that pipe into another, see lines
}

// lines reads the code's simple commands as their programs would, once,
// and which of them pipe their output into another (s.piped).
func (s *shellCode) lines() []dockercli.Line {
	if !s.lined {
		var ws [][]string
		ws, s.piped = words(s)
		s.ls = make([]dockercli.Line, len(ws))
		for i, w := range ws {
			s.ls[i] = dockercli.Parse(w)
		}
		s.lined = true
	}
	return s.ls
}

// simple reports whether the code is one plain command: one line of
// words made only of letters, digits, white space and -_./:=,@%+, whose
// first word is neither an assignment nor one of the words that open a
// clause (for, time, export…). For such code the shell's parse is known
// without parsing: no quote, expansion, operator, glob, comment or
// keyword is there to change it, so there is one statement, one call, and
// its arguments are the fields of the line. Most inline code in notes is
// like this (`docker ps`, `--rm`), and parsing it was most of the time
// spent on inline code. TestSimpleMatchesParse holds it to the parser.
func (s *shellCode) simple() ([]string, bool) {
	if s.plainKnown {
		return s.plain, s.isPlain
	}
	s.plainKnown = true
	for i := 0; i < len(s.code); i++ {
		if !plainByte[s.code[i]] {
			return nil, false
		}
	}
	fields := strings.Fields(s.code)
	if len(fields) > 0 && (strings.Contains(fields[0], "=") || clauseWords[fields[0]]) {
		return nil, false
	}
	s.plain, s.isPlain = fields, true
	return fields, true
}

// plainByte is the bytes a plain command is made of.
var plainByte = func() (t [256]bool) {
	for _, r := range "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t-_./:=,@%+" {
		t[r] = true
	}
	return t
}()

// clauseWords are the words that, first on a line, make the parser read
// something other than a plain call: bash's reserved words and the
// builtins mvdan.cc/sh parses as clauses of their own.
var clauseWords = map[string]bool{
	"if": true, "then": true, "elif": true, "else": true, "fi": true,
	"for": true, "in": true, "do": true, "done": true, "case": true, "esac": true,
	"while": true, "until": true, "select": true, "function": true,
	"time": true, "coproc": true,
	"declare": true, "local": true, "export": true, "readonly": true,
	"typeset": true, "nameref": true, "let": true,
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
