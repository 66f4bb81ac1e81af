package interp

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"

	"github.com/labrun/labrun/check"
	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/sandbox"
)

// goErrorRE matches a compiler error position in main.go.
var goErrorRE = regexp.MustCompile(`(?m)^\S*main\.go:(\d+):(\d+): (.*)$`)

// goSnippet compiles a Go snippet statically with the sandbox's Go
// toolchain and runs the program as root inside the sandbox, so that
// namespace and cgroup demos really run. Compile errors point at the note.
func (l *labRun) goSnippet(ctx context.Context, st labs.Step) (result.Result, error) {
	dir := path.Join(Workdir, fmt.Sprintf("go-%d", st.Line))
	if st.Annotations.File != "" {
		dir = path.Join(Workdir, path.Dir(path.Clean("/"+st.Annotations.File)))
	}
	src, added := check.GoProgram(st.Code)
	if err := l.sb.WriteFiles(ctx, dir, map[string][]byte{"main.go": []byte(src + "\n")}); err != nil {
		return result.Result{}, fmt.Errorf("%w: write main.go: %w", ErrSandboxGone, err)
	}
	env := []string{"HOME=/root", "GOPATH=/tmp/go", "GOCACHE=/tmp/go-cache", "GOFLAGS=-mod=mod", "GOPROXY=off",
		"GOTOOLCHAIN=local", "CGO_ENABLED=0"}
	env = append(env, l.cfg.Env...)
	build, err := l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"sh", "-c",
		"[ -f go.mod ] || go mod init labrun.snippet >/dev/null 2>&1; go build -o prog . && echo built"},
		Dir: dir, Env: env, Timeout: l.cfg.timeout(st), OutputLimit: outputCap})
	if err != nil {
		return result.Result{}, fmt.Errorf("%w: %w", ErrSandboxGone, err)
	}
	if build.ExitCode == 127 || strings.Contains(build.Output, "go: not found") {
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonToolMissing, Message: "the sandbox has no Go toolchain"}}, nil
	}
	if build.ExitCode != 0 || build.TimedOut {
		return result.Result{Verdict: l.compileError(st, build.Output, added), Output: build.Output}, nil
	}
	o, err := l.commandIn(ctx, st, extract.NewCommand(st.Line, "./prog"), dir, nil)
	if err != nil {
		return result.Result{}, err
	}
	v := verdict.Judge(o)
	v.Hint = ""
	if v.Status == verdict.Pass && v.Reason == "" {
		v.Message = "compiled and ran: exit 0"
	}
	return result.Result{Verdict: v, Output: o.Output}, nil
}

// compileError reports the first compiler error at its line in the note.
func (l *labRun) compileError(st labs.Step, output string, added int) verdict.Verdict {
	errs := goErrorRE.FindAllStringSubmatch(output, -1)
	if len(errs) == 0 {
		return verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonCompileError, Message: "does not compile: " + verdict.LastLine(output)}
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
	return verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonCompileError, Message: message}
}
