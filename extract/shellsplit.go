package extract

import (
	"strings"
)

// SplitCommands splits a shell block into the commands a reader would type
// one by one, each with its note line (firstLine is the note line of the
// block's first line). Commands on one line are typed together and stay
// together; comments and blank lines are dropped; backslash continuations,
// quotes, heredocs and compound commands stay whole. A block that does not
// parse is split one logical line per command, so that the runner reports
// the syntax error at the right line.
func SplitCommands(code string, firstLine int) []Command {
	return splitCommands(&shellCode{code: code}, firstLine)
}

func splitCommands(sh *shellCode, firstLine int) []Command {
	code := sh.code
	if fields, ok := sh.simple(); ok {
		if len(fields) == 0 {
			return nil
		}
		return []Command{{Line: firstLine, Text: strings.TrimSpace(code)}}
	}
	f, err := sh.parse()
	if err != nil {
		return splitLines(code, firstLine)
	}
	type span struct{ start, end, line, endLine int }
	var spans []span
	for _, st := range f.Stmts {
		sp := span{int(st.Pos().Offset()), int(st.End().Offset()), int(st.Pos().Line()), int(st.End().Line())}
		for _, r := range st.Redirs {
			if r.Hdoc != nil && int(r.Hdoc.End().Offset()) > sp.end {
				sp.end, sp.endLine = int(r.Hdoc.End().Offset()), int(r.Hdoc.End().Line())
			}
		}
		if n := len(spans); n > 0 && sp.line == spans[n-1].endLine {
			spans[n-1].end, spans[n-1].endLine = sp.end, sp.endLine
			continue
		}
		spans = append(spans, sp)
	}
	var cmds []Command
	for _, sp := range spans {
		text := strings.TrimSuffix(strings.TrimSpace(code[sp.start:min(sp.end, len(code))]), ";")
		if text != "" {
			cmds = append(cmds, Command{Line: firstLine + sp.line - 1, Text: text})
		}
	}
	return cmds
}

func splitLines(code string, firstLine int) []Command {
	var cmds []Command
	lines := strings.Split(code, "\n")
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		c := Command{Line: firstLine + i, Text: t}
		for strings.HasSuffix(c.Text, "\\") && i+1 < len(lines) {
			i++
			c.Text += "\n" + strings.TrimSpace(lines[i])
		}
		cmds = append(cmds, c)
	}
	return cmds
}
