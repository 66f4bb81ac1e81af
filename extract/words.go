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
// their programs would.
func words(sh *shellCode) [][]string {
	code := sh.code
	if fields, ok := sh.simple(); ok {
		if len(fields) == 0 {
			return nil
		}
		return [][]string{fields}
	}
	f, err := sh.parse()
	if err != nil {
		var out [][]string
		for _, l := range strings.Split(code, "\n") {
			if fields := strings.Fields(l); len(fields) > 0 {
				out = append(out, fields)
			}
		}
		return out
	}
	var out [][]string
	var printer *syntax.Printer // made for the first word that is not a literal: most have none
	syntax.Walk(f, func(node syntax.Node) bool {
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
			out = append(out, args)
		}
		return true
	})
	return out
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
