package interp

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/verdict"
)

// A pipeline's exit status is its last command's: `docker save app | gzip
// > app.tgz` exits 0 when docker save found no image and gzip compressed
// nothing. The reader sees docker's error, so labrun must see how docker
// ended: each Docker command that pipes its output on, and whose errors
// reach the reader, writes its own exit status to a file of the sandbox,
// read once the command has ended. What the command prints is unchanged.

// watchPipes returns c's text with each Docker command of c.Piped whose
// errors reach the reader made to append "INDEX STATUS" (its index in
// c.Lines) to file as it ends, keeping its own exit status; ok is false
// when c has none. A command inside another that is watched (a
// substitution) is left as it is.
func watchPipes(c extract.Command, file string) (text string, ok bool) {
	var b strings.Builder
	at := 0
	for _, s := range c.Piped {
		if !s.Shown || s.Start < at || s.Line >= len(c.Lines) || !c.Lines[s.Line].IsDocker() {
			continue
		}
		// `;`, not a new line, after the command: a here-document it
		// opens starts on the line after the pipeline's, as it did. A
		// command that pipes its output runs in a subshell of its own,
		// which exit ends.
		fmt.Fprintf(&b, "%s{ %s; labrun_s=$?; echo %d $labrun_s >>%s; exit $labrun_s; }", c.Text[at:s.Start], c.Text[s.Start:s.End], s.Line, file)
		at, ok = s.End, true
	}
	if !ok {
		return c.Text, false
	}
	b.WriteString(c.Text[at:])
	return b.String(), true
}

// pipedFile is a new file for a command's piped exit statuses: one of its
// own, as a command left in the background may still write to its file.
func pipedFile() string {
	return "/run/labrun-piped-" + sandbox.NewSession()
}

// pipedExits reads and removes the file that watchPipes's commands wrote
// to, on the host the command ran on.
func (l *labRun) pipedExits(ctx context.Context, file string) ([]verdict.PipedExit, error) {
	r, err := l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"sh", "-c", `cat "$0" 2>/dev/null; rm -f "$0"`, file}, Timeout: 10 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSandboxGone, err)
	}
	return readPipedExits(r.Output), nil
}

// readPipedExits reads the lines "INDEX STATUS" of a piped-exit file, in
// the order of the commands in the command line: the commands of a
// pipeline run at once, and end in any order.
func readPipedExits(out string) []verdict.PipedExit {
	var exits []verdict.PipedExit
	for _, ln := range strings.Split(out, "\n") {
		f := strings.Fields(ln)
		if len(f) != 2 {
			continue
		}
		i, err1 := strconv.Atoi(f[0])
		code, err2 := strconv.Atoi(f[1])
		if err1 == nil && err2 == nil {
			exits = append(exits, verdict.PipedExit{Line: i, ExitCode: code})
		}
	}
	slices.SortStableFunc(exits, func(a, b verdict.PipedExit) int { return a.Line - b.Line })
	return exits
}
