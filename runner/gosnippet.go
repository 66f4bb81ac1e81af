package runner

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/runner/gostd"
	"github.com/labrun/labrun/runner/sandbox"
)

// completeGo completes a Go snippet only as a reader would: a package
// clause where there is none, and the standard imports it uses but does not
// import, on one line after the package clause. It returns the program and
// how many lines come before the snippet's first line. The standard
// library comes from a table (gostd): nothing is asked of this machine.
func completeGo(code string) (string, int) {
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

// goErrorRE matches a compiler error position in main.go.
var goErrorRE = regexp.MustCompile(`(?m)^\S*main\.go:(\d+):(\d+): (.*)$`)

// goSnippet compiles a Go snippet statically with the sandbox's Go
// toolchain and runs the program as root inside the sandbox, so that
// namespace and cgroup demos really run. Compile errors point at the note.
func (l *labRun) goSnippet(ctx context.Context, st labs.Step) (Result, error) {
	dir := path.Join(Workdir, fmt.Sprintf("go-%d", st.Line))
	if st.Notes.File != "" {
		dir = path.Join(Workdir, path.Dir(path.Clean("/"+st.Notes.File)))
	}
	src, added := completeGo(st.Code)
	if err := l.sb.WriteFiles(ctx, dir, map[string][]byte{"main.go": []byte(src + "\n")}); err != nil {
		return Result{}, fmt.Errorf("%w: write main.go: %w", ErrSandboxGone, err)
	}
	env := []string{"HOME=/root", "GOPATH=/tmp/go", "GOCACHE=/tmp/go-cache", "GOFLAGS=-mod=mod", "GOPROXY=off",
		"GOTOOLCHAIN=local", "CGO_ENABLED=0"}
	build, err := l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"sh", "-c",
		"[ -f go.mod ] || go mod init labrun.snippet >/dev/null 2>&1; go build -o prog . && echo built"},
		Dir: dir, Env: env, Timeout: l.cfg.timeout(st), OutputLimit: outputCap})
	if err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrSandboxGone, err)
	}
	if build.ExitCode == 127 || strings.Contains(build.Output, "go: not found") {
		return Result{Verdict: Verdict{Status: Blocked, Reason: ReasonToolMissing, Message: "the sandbox has no Go toolchain"}}, nil
	}
	if build.ExitCode != 0 || build.TimedOut {
		return Result{Verdict: l.compileError(st, build.Output, added), Output: build.Output}, nil
	}
	o, err := l.commandIn(ctx, st, extract.Command{Line: st.Line, Text: "./prog"}, dir)
	if err != nil {
		return Result{}, err
	}
	v := Judge(o)
	v.Hint = ""
	if v.Status == Pass && v.Reason == "" {
		v.Message = "compiled and ran: exit 0"
	}
	return Result{Verdict: v, Output: o.Output}, nil
}

// compileError reports the first compiler error at its line in the note.
func (l *labRun) compileError(st labs.Step, output string, added int) Verdict {
	errs := goErrorRE.FindAllStringSubmatch(output, -1)
	if len(errs) == 0 {
		return Verdict{Status: Fail, Reason: ReasonCompileError, Message: "does not compile: " + lastLine(output)}
	}
	var msgs []string
	for _, m := range errs {
		n, _ := strconv.Atoi(m[1])
		msgs = append(msgs, fmt.Sprintf("%s:%d:%s: %s", st.File, st.Line+n-added-1, m[2], m[3]))
	}
	message := strings.Join(msgs[:min(3, len(msgs))], "; ")
	if len(msgs) > 3 {
		message += fmt.Sprintf(" (and %d more)", len(msgs)-3)
	}
	return Verdict{Status: Fail, Reason: ReasonCompileError, Message: message}
}
