package interp

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/labrun/labrun/check"
	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/verdict"
)

// file writes a Dockerfile or compose snippet into the lab's directory,
// where the commands after it find it, as a reader of the note would, and
// then checks it as Docker would: a Dockerfile is parsed and built, a
// compose file validated.
func (l *labRun) file(ctx context.Context, st labs.Step) (result.Result, error) {
	name := path.Clean("/" + st.WrittenAs)[1:]
	if st.Kind == extract.Dockerfile {
		// BuildKit finds no stage before anything else it finds wrong
		if df, msg, _ := check.ParseDockerfile(st.Code); df.Stages == 0 && len(df.Instructions) > 0 && (msg == "" || strings.Contains(msg, "no build stage")) {
			// Not written: it would replace the Dockerfile it is to be added to.
			return result.Result{Verdict: verdict.Verdict{Status: verdict.Skip, Reason: verdict.Reason(extract.SkipFragment),
				Message: "Dockerfile lines with no FROM: lines to add to a Dockerfile, not a whole one"}}, nil
		}
	}
	if err := l.write(ctx, name, st.Code); err != nil {
		return result.Result{}, err
	}
	if st.Kind == extract.Dockerfile {
		return l.dockerfile(ctx, st, name)
	}
	return l.compose(ctx, st, name)
}

// write writes a file of the lab into its directory.
func (l *labRun) write(ctx context.Context, name, content string) error {
	name = path.Clean("/" + name)[1:]
	if err := l.sb.WriteFiles(ctx, Workdir, map[string][]byte{name: []byte(content + "\n")}); err != nil {
		return fmt.Errorf("%w: write %s: %w", ErrSandboxGone, name, err)
	}
	return nil
}

// dockerfile checks a Dockerfile snippet: BuildKit's parser first, then its
// COPY and ADD sources against the lab's files, its base images, and last a
// real build by the sandbox's daemon.
func (l *labRun) dockerfile(ctx context.Context, st labs.Step, name string) (result.Result, error) {
	delete(l.broken, name)
	df, msg, line := check.ParseDockerfile(st.Code)
	if msg != "" {
		l.broken[name] = fmt.Sprintf("the Dockerfile at %s:%d does not parse", st.File, st.Line)
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonSyntax,
			Message: dockerfileRef(st.File, st.Line, line) + ": " + msg}, Line: st.Line + max(line, 1) - 1}, nil
	}
	l.dockerfiles[name] = df
	var hints []string // BuildKit's build checks
	for _, w := range df.Warnings {
		hints = append(hints, dockerfileRef(st.File, st.Line, w.Line)+": "+w.Path)
	}
	buildLine, between := l.builtLater(name)
	if buildLine > 0 && (df.Secrets || between) {
		// The note builds it itself, with flags labrun's own build would
		// lack (--secret) or after steps that make the files it copies.
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Pass, Hint: strings.Join(hints, "; "), Message: fmt.Sprintf(
			"parses (BuildKit's parser); built by the command at line %d, with its flags and the lab's files by then", buildLine)}}, nil
	}
	// An image that cannot be had stops the build here before a file
	// it copies would.
	for _, base := range df.Bases {
		if why, ok := l.missing[base]; ok {
			return result.Result{Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable,
				Message: fmt.Sprintf("base image %s is not available here: %s", base, why)}}, nil
		}
	}
	if r, err := l.uncopied(ctx, st, name, df, buildLine); r != nil || err != nil {
		return *r, err
	}
	r, err := l.check(ctx, st, "docker build -f "+name+" .")
	r.Hint = strings.Join(hints, "; ")
	return r, err
}

// uncopied checks that the files the Dockerfile st, written as name,
// copies are in the lab's directory. Where one is not, its result says
// which; an empty result defers the Dockerfile to the lab's end, when a
// step after it may make the file and the note never builds it
// (buildLine is 0). nil: every file is there.
func (l *labRun) uncopied(ctx context.Context, st labs.Step, name string, df check.Dockerfile, buildLine int) (*result.Result, error) {
	if len(df.Sources) == 0 {
		return nil, nil
	}
	var script strings.Builder
	for _, src := range df.Sources {
		fmt.Fprintf(&script, "[ -e %s ] || echo %d:%s\n", shellQuote(src.Path), src.Line, shellQuote(src.Path))
	}
	ran, err := l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"sh", "-c", script.String()}, Dir: Workdir, Timeout: time.Minute})
	if err != nil {
		return &result.Result{}, fmt.Errorf("%w: %w", ErrSandboxGone, err)
	}
	first := oneLine(ran.Output)
	if first == "" {
		return nil, nil
	}
	if !l.atEnd && buildLine == 0 && l.filesLater() {
		// The note never builds it, and what comes after may make the
		// file: a reader builds it once they have.
		l.deferred = append(l.deferred, l.at)
		return &result.Result{}, nil
	}
	n, p, _ := strings.Cut(first, ":")
	dl, _ := strconv.Atoi(n)
	if r := l.readersCopies(st, ran.Output); r != nil {
		return r, nil
	}
	l.broken[name] = fmt.Sprintf("the Dockerfile at %s:%d copies %s, which is not in the lab", st.File, st.Line, p)
	message := fmt.Sprintf("%s: COPY/ADD source %s is not in the lab's directory", dockerfileRef(st.File, st.Line, dl), p)
	if l.atEnd {
		message += ", even at the end of the lab"
	}
	return &result.Result{Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonMissingFile, Message: message}, Line: st.Line + dl - 1}, nil
}

// filesLater reports whether a step after the current one may make
// files in the lab's directory: a runnable command, or a file snippet.
func (l *labRun) filesLater() bool {
	for _, st := range l.lab.Steps[l.at+1:] {
		if st.Kind == extract.Shell && st.Runnable || st.Annotations.File != "" && !st.Annotations.Skip ||
			st.Runnable && (st.Kind == extract.Dockerfile || st.Kind == extract.Compose) {
			return true
		}
	}
	return false
}

// buildDeferred judges, at the end of the lab, the Dockerfiles whose
// COPY sources were not there yet where they appeared and that the note
// never builds: with the lab's files as they are now, as a reader who
// built it after following the note would.
func (l *labRun) buildDeferred(ctx context.Context) error {
	l.atEnd = true
	for _, i := range l.deferred {
		st := l.lab.Steps[i]
		l.at = i
		start := time.Now()
		name := fmt.Sprintf(".labrun/Dockerfile.%d", st.Line) // the note's Dockerfile may have been replaced since
		if err := l.write(ctx, name, st.Code); err != nil {
			return err
		}
		r, err := l.dockerfile(ctx, st, name)
		if err != nil {
			return err
		}
		if r.Status == verdict.Pass {
			r.Message = "built at the end of the lab, which never builds it: the files it copies were made after it"
		}
		r.Step, r.LabID, r.Title, r.Duration = st, l.lab.ID, l.lab.Title, time.Since(start)
		l.results[i] = r
		l.cfg.progress(Event{Lab: &l.lab, Step: &l.lab.Steps[i], Result: &l.results[i]})
	}
	return nil
}

// builtLater finds the command after the current step that builds the
// Dockerfile name, before another snippet rewrites it: its line, or 0. It
// also says whether a step between them may make files (a command, a file
// snippet, or a command before the build in the build's own block).
func (l *labRun) builtLater(name string) (line int, between bool) {
	for _, st := range l.lab.Steps[l.at+1:] {
		switch {
		case st.Kind == extract.Dockerfile && (st.Annotations.File == name || st.Annotations.File == "" && name == "Dockerfile"):
			return 0, false
		case st.Kind == extract.Shell && st.Runnable:
			for i, c := range st.Commands {
				if builds(c.Lines, name) {
					// the commands before it in its own block may make files too
					return c.Line, between || i > 0
				}
			}
			between = true
		case st.Annotations.File != "" && !st.Annotations.Skip:
			between = true
		}
	}
	return 0, false
}

// check runs one command that checks a file snippet and judges the
// snippet by it.
func (l *labRun) check(ctx context.Context, st labs.Step, command string) (result.Result, error) {
	c := extract.NewCommand(st.Line, command)
	o, err := l.command(ctx, st, c)
	if err != nil {
		return result.Result{}, err
	}
	v := verdict.Judge(o)
	if v.Status == verdict.Fail && buildOf(c.Lines) != nil {
		var missing bool
		v.Message, missing = buildFailure(st, o.Output, v.Message)
		switch {
		case missing:
			v.Reason = verdict.ReasonMissingFile
		case v.Reason == verdict.ReasonExitCode:
			v.Reason = verdict.ReasonBuildFailed
		}
	}
	if v.Status == verdict.Pass {
		v.Message = "builds"
	}
	v.Hint = ""
	return result.Result{Verdict: v, Output: o.Output}, nil
}

// stepRE finds the classic builder's step lines.
var stepRE = regexp.MustCompile(`(?m)^Step (\d+)/\d+ : (.*)$`)

// BuildKit names the failing step ` > [stage 2/3] RUN …:`, the
// Dockerfile's line (`Dockerfile:3` above an excerpt), the cause
// (`ERROR: failed to solve: …`, after "failed to build: " from Buildx), and
// a source that is not there as `"/path": not found`.
var (
	bkStepRE    = regexp.MustCompile(`(?m)^ > \[(?:[\w.-]+ )?(\d+)/\d+\] (.*):$`)
	bkLineRE    = regexp.MustCompile(`(?m)^Dockerfile(?:\.[\w.-]+)?:(\d+)$`)
	bkCauseRE   = regexp.MustCompile(`(?m)^ERROR: (?:failed to build: )?(?:failed to solve: )?(.+)$`)
	bkMissingRE = regexp.MustCompile(`failed to calculate checksum of ref [^"\n]*"([^"]+)": not found`)
)

// buildFailure names the step of a failed build and its line in the note,
// from the output of either builder. missing says the build failed on a
// source that is not there: a file of the context or of another stage.
func buildFailure(st labs.Step, output, fallback string) (msg string, missing bool) {
	if cause := bkCauseRE.FindAllStringSubmatch(output, -1); len(cause) > 0 {
		why := verdict.Clip(cause[len(cause)-1][1])
		if m := bkMissingRE.FindStringSubmatch(output); m != nil {
			why, missing = m[1]+" is not there to copy", true
		}
		line := st.Line
		if m := bkLineRE.FindAllStringSubmatch(output, -1); len(m) > 0 {
			n, _ := strconv.Atoi(m[len(m)-1][1])
			line = st.Line + n - 1
		}
		if steps := bkStepRE.FindAllStringSubmatch(output, -1); len(steps) > 0 {
			last := steps[len(steps)-1]
			return fmt.Sprintf("%s:%d: step %s (%s) failed: %s", st.File, line, last[1], verdict.Clip(last[2]), why), missing
		}
		return fmt.Sprintf("%s:%d: %s", st.File, line, why), missing
	}
	steps := stepRE.FindAllStringSubmatch(output, -1)
	if len(steps) == 0 {
		return fallback, false
	}
	last := steps[len(steps)-1]
	n, _ := strconv.Atoi(last[1])
	line := st.Line
	if df, _, _ := check.ParseDockerfile(st.Code); n >= 1 && n-1 < len(df.Instructions) {
		line = st.Line + df.Instructions[n-1] - 1
	}
	return fmt.Sprintf("%s:%d: step %s (%s) failed: %s", st.File, line, last[1], verdict.Clip(last[2]), verdict.LastLine(output)), false
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
