package extract

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// words splits shell code into the words of each simple command, as the
// shell would, in order: `a x | b y && c` gives [[a x] [b y] [c]]. A word
// that is not a plain literal (an expansion, a substitution) keeps its
// source text with outer quotes removed. Code that does not parse is split
// on white space, one command per line. ParseLines reads those words as
// their programs would. piped are the commands that pipe their output
// into another (`a x` above).
func words(sh *shellCode) (_ [][]string, piped []Stage) {
	code := sh.code
	if fields, ok := sh.simple(); ok {
		if len(fields) == 0 {
			return nil, nil
		}
		return [][]string{fields}, nil
	}
	f, err := sh.parse()
	if err != nil {
		var out [][]string
		for _, l := range strings.Split(code, "\n") {
			if fields := strings.Fields(l); len(fields) > 0 {
				out = append(out, fields)
			}
		}
		return out, nil
	}
	var out [][]string
	var printer *syntax.Printer // made for the first word that is not a literal: most have none
	// Walk visits a pipeline before its commands: the statements that
	// pipe into another are known when their calls are reached.
	pipes := map[*syntax.CallExpr]pipedStmt{}
	syntax.Walk(f, func(node syntax.Node) bool {
		if b, ok := node.(*syntax.BinaryCmd); ok {
			if st := pipesOut(b); st != nil {
				if call, ok := st.Cmd.(*syntax.CallExpr); ok {
					pipes[call] = pipedStmt{st, b.Op == syntax.PipeAll}
				}
			}
		}
		call, ok := node.(*syntax.CallExpr)
		if !ok {
			return true
		}
		var args []string
		for _, w := range call.Args {
			if lit := w.Lit(); lit != "" {
				args = append(args, lit)
				continue
			}
			if printer == nil {
				printer = syntax.NewPrinter()
			}
			var b strings.Builder
			_ = printer.Print(&b, w)
			args = append(args, unquote(b.String()))
		}
		if len(args) > 0 {
			if p, ok := pipes[call]; ok {
				piped = append(piped, Stage{Line: len(out), Start: int(p.st.Pos().Offset()), End: lineEnd(p.st),
					Shown: !p.withErrors && !hidesErrors(p.st)})
			}
			out = append(out, args)
		}
		return true
	})
	return out, piped
}

// pipedStmt is a statement that pipes its output into another command,
// and with it its errors (bash's `|&`) when withErrors.
type pipedStmt struct {
	st         *syntax.Stmt
	withErrors bool
}

// pipesOut is the statement of pipeline b whose output b pipes into its
// last command, nil when b is no pipeline. mvdan.cc/sh reads `a | b | c`
// as `(a | b) | c`: there it is b, and a is the inner pipeline's.
func pipesOut(b *syntax.BinaryCmd) *syntax.Stmt {
	if b.Op != syntax.Pipe && b.Op != syntax.PipeAll {
		return nil
	}
	if inner, ok := b.X.Cmd.(*syntax.BinaryCmd); ok && (inner.Op == syntax.Pipe || inner.Op == syntax.PipeAll) {
		return inner.Y
	}
	return b.X
}

// lineEnd is the offset where a statement ends on its line: a
// here-document's body, which follows that line, is not part of it.
func lineEnd(st *syntax.Stmt) int {
	end := st.Cmd.End()
	for _, r := range st.Redirs {
		e := r.End()
		if r.Hdoc != nil {
			e = r.Word.End()
		}
		if e.After(end) {
			end = e
		}
	}
	return int(end.Offset())
}

// hidesErrors reports whether a statement sends its standard error
// anywhere but the terminal: `2>/dev/null`, `2>&1` (into the pipe),
// `&>file`. bash's `|&` pipes it too.
func hidesErrors(st *syntax.Stmt) bool {
	for _, r := range st.Redirs {
		switch {
		case r.Op == syntax.RdrAll || r.Op == syntax.AppAll:
			return true
		case r.N != nil && r.N.Value == "2":
			return true
		}
	}
	return false
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
