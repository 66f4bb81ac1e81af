package interp

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/verdict"
)

// TestWatchPipes runs commands as the sandbox does (sh -c, dash here),
// with a docker of the test's own: a Docker command that pipes its output
// on writes how it ended to the file, the command prints what it printed
// unwatched and exits as it did, and a here-document still reaches its
// command.
func TestWatchPipes(t *testing.T) {
	tests := []struct {
		name    string
		docker  string // the body of the test's docker
		command string
		watched bool
		want    []verdict.PipedExit
	}{
		{"a save that fails, gzipped", `echo "Error: No such image: $2" >&2; return 1`,
			"docker save my_image:my_tag | gzip | wc -c", true, []verdict.PipedExit{{Line: 0, ExitCode: 1}}},
		// (the second reads its input: a builtin echo into a closed pipe
		// would kill the subshell, which a real docker, a program of its
		// own, does not)
		{"the second of three", `[ "$1" = ps ] && echo "docker ps" || { cat >/dev/null; echo "docker $1"; return 1; }`,
			"docker ps | docker inspect x | tr a-z A-Z", true, []verdict.PipedExit{{Line: 0, ExitCode: 0}, {Line: 1, ExitCode: 1}}},
		{"cut off by head", `yes`, "docker logs web | head -n 2", true, []verdict.PipedExit{{Line: 0, ExitCode: 141}}},
		{"a here-document", `cat; return 2`, "docker run -i busybox:1.36 sh <<EOF | tr a-z A-Z\necho hi\nEOF", true,
			[]verdict.PipedExit{{Line: 0, ExitCode: 2}}},
		{"in a loop", `echo "$2"; [ "$2" != b ]`, "for i in a b; do docker save $i | cat; done", true,
			[]verdict.PipedExit{{Line: 0, ExitCode: 0}, {Line: 0, ExitCode: 1}}},
		{"errors sent away", `echo oops >&2; return 1`, "docker inspect x 2>/dev/null | grep -c y", false, nil},
		{"not docker", `return 1`, "echo hi | docker load", false, nil},
		{"no pipe", `return 1`, "docker ps && echo listed", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "piped")
			c := extract.NewCommand(1, tt.command)
			text, ok := watchPipes(c, file)
			assert.Equal(t, tt.watched, ok, text)
			fake := "docker() { " + tt.docker + "; }\n"
			run := func(text string) (string, int) {
				out, err := exec.Command("sh", "-c", fake+text).CombinedOutput()
				code := 0
				if e, ok := err.(*exec.ExitError); ok {
					code = e.ExitCode()
				} else {
					require.NoError(t, err)
				}
				return string(out), code
			}
			wantOut, wantCode := run(tt.command)
			out, code := run(text)
			assert.Equal(t, wantOut, out, "what it prints")
			assert.Equal(t, wantCode, code, "its exit status")
			written, _ := os.ReadFile(file)
			assert.Equal(t, tt.want, readPipedExits(string(written)))
		})
	}
}
