package check

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/labrun/labrun/check/gostd"
)

// GoProgram completes a Go snippet only as a reader would: a package
// clause where there is none, and the standard imports it uses but does not
// import, on one line after the package clause. It returns the program and
// how many lines come before the snippet's first line. The standard
// library comes from a table (gostd): nothing is asked of this machine.
func GoProgram(code string) (string, int) {
	src, added := code, 0
	if !packageRE.MatchString(code) {
		src, added = "package main\n"+code, 1
	}
	missing := missingImports(src)
	if len(missing) == 0 {
		return src, added
	}
	line := "import (" + strings.Join(missing, "; ") + ")"
	pkgEnd := packageRE.FindStringIndex(src)
	return src[:pkgEnd[1]] + "; " + line + src[pkgEnd[1]:], added
}

// packageRE finds a package clause.
var packageRE = regexp.MustCompile(`(?m)^package\s+\w+.*$`)

// missingImports lists, quoted and in order, the standard packages src
// uses by name (fmt.Println) without importing them. A program that does
// not parse gets none: the compiler says why.
func missingImports(src string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", src, 0)
	if err != nil {
		return nil
	}
	imported := map[string]bool{}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		imported[importName(im, p)] = true
	}
	unresolved := map[*ast.Ident]bool{}
	for _, id := range f.Unresolved {
		unresolved[id] = true
	}
	uses := map[string][]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && unresolved[id] && !imported[id.Name] {
				uses[id.Name] = append(uses[id.Name], sel.Sel.Name)
			}
		}
		return true
	})
	var out []string
	for name, names := range uses {
		if p, ok := gostd.Import(name, names); ok {
			out = append(out, strconv.Quote(p))
		}
	}
	sort.Strings(out)
	return out
}

// importName is the name an import gives its package in the file: its
// own name, or the last element of its path (math/rand/v2 is rand).
func importName(im *ast.ImportSpec, p string) string {
	if im.Name != nil {
		return im.Name.Name
	}
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	return base
}
