package interp

import (
	"context"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"

	"github.com/labrun/labrun/check"
	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/sandbox"
)

// compose checks a compose snippet: compose-go's validation, then, for a
// whole application (a file under a name compose finds with no -f), up -d, every container running (or healthy), down.
// It is brought up by the engine's compose: Compose v2, or docker-compose
// v1 on 20.10.
func (l *labRun) compose(ctx context.Context, st labs.Step, name string) (result.Result, error) {
	if msg := check.Compose(ctx, Workdir, name, []byte(st.Code)); msg != "" {
		if line := l.writtenAgain(name); line > 0 {
			// A file built up over several blocks: this one is a state
			// on the way (`services:` alone, a service still to fill in).
			return result.Result{Verdict: verdict.Verdict{Status: verdict.Skip, Reason: verdict.Reason(extract.SkipFragment),
				Message: fmt.Sprintf("%s on the way: the note writes it again at line %d (%s)", name, line, msg)}}, nil
		}
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonSyntax, Message: fmt.Sprintf("%s:%d: %s", st.File, st.Line, msg)}}, nil
	}
	if !dockercli.ComposeDefault(name) {
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Pass, Message: fmt.Sprintf("valid compose file %s (compose-go); an overlay is brought up by the commands that name it", name)}}, nil
	}
	compose := l.sb.Compose()
	up := compose + " -f " + name + " up -d"
	o, err := l.command(ctx, st, extract.NewCommand(st.Line, up))
	if err != nil {
		return result.Result{}, err
	}
	defer func() {
		_, _ = l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"sh", "-c", compose + " -f " + name + " down -v --remove-orphans"},
			Dir: Workdir, Timeout: 2 * time.Minute})
	}()
	if v := verdict.Judge(o); v.Status != verdict.Pass {
		v.Hint = ""
		return result.Result{Verdict: v, Output: o.Output}, nil
	}
	ran, err := l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"sh", "-c", composeHealthScript(compose, name)}, Dir: Workdir, Timeout: time.Minute})
	if err != nil {
		return result.Result{}, fmt.Errorf("%w: %w", ErrSandboxGone, err)
	}
	if ran.ExitCode != 0 {
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonExitCode, Message: "up, but " + oneLine(ran.Output)}, Output: o.Output + ran.Output}, nil
	}
	return result.Result{Verdict: verdict.Verdict{Status: verdict.Pass, Message: "up and running with `" + compose + "` (" + strings.TrimSpace(ran.Output) +
		"), then taken down"}, Output: o.Output}, nil
}

// composeHealthScript waits up to 30 s for every container of the project
// to be running, and healthy where it has a health check, or to have run
// to completion with exit 0 (a one-shot service). It prints a count on
// success and the first bad container with its logs otherwise.
func composeHealthScript(compose, name string) string {
	return `ids=$(` + compose + ` -f ` + name + ` ps -a -q)
[ -n "$ids" ] || { echo "no container is running"; exit 1; }
for i in $(seq 30); do
	bad=""; up=0; done=0
	for id in $ids; do
		st=$(docker inspect -f '{{.State.Status}}{{if .State.Health}}/{{.State.Health.Status}}{{end}}:{{.State.ExitCode}}' "$id")
		case "$st" in running:*|running/healthy:*) up=$((up+1)) ;; exited:0) done=$((done+1)) ;; running/starting:*) bad=wait ;; *) bad="$id ${st%:*}"; break ;; esac
	done
	if [ -z "$bad" ]; then
		[ "$done" = 0 ] && echo "$up containers running" || echo "$up containers running, $done ran to completion (exit 0)"
		exit 0
	fi
	[ "$bad" != wait ] && break
	sleep 1
done
set -- $bad
echo "container $(docker inspect -f '{{.Name}}' "$1") is $2: $(docker logs --tail 3 "$1" 2>&1 | tr '\n' ' ')"
exit 1`
}

// dockerfileRef names a Dockerfile's line in its note.
func dockerfileRef(file string, noteLine, dfLine int) string {
	if dfLine <= 0 {
		return fmt.Sprintf("%s:%d", file, noteLine)
	}
	return fmt.Sprintf("%s:%d", file, noteLine+dfLine-1)
}

// writtenAgain is the line of a later step of the lab that writes the
// file name again, 0 for none.
func (l *labRun) writtenAgain(name string) int {
	for _, st := range l.lab.Steps[l.at+1:] {
		if st.WrittenAs != "" && path.Clean(st.WrittenAs) == name {
			return st.Line
		}
	}
	return 0
}
