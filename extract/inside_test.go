package extract

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTypedInside: the commands typed into a container's shell carry the
// line of the command that opened it, up to the exit, a host prompt, a
// docker command or the end of the talk; the opener of such a shell runs.
func TestTypedInside(t *testing.T) {
	b, err := os.ReadFile("../testdata/notes/container-shell.md")
	require.NoError(t, err)
	type cmd struct {
		line, in int
		opens    bool
	}
	var got []cmd
	runnable := map[int]bool{}
	for _, s := range Snippets("container-shell.md", b) {
		runnable[s.Line] = s.Runnable
		for _, c := range s.Commands {
			got = append(got, cmd{c.Line, c.In, c.Opens})
		}
	}
	assert.Equal(t, []cmd{
		{11, 0, true}, {12, 11, false}, {13, 11, false}, {15, 11, false}, // the prompted session to its exit
		{23, 0, false},                                                   // `curl` in prose is no command
		{26, 0, true}, {27, 26, false}, {28, 26, false}, {29, 26, false}, // the image's own shell
		{37, 0, true}, {44, 37, false}, {45, 37, false}, {51, 37, false}, {52, 37, false}, {58, 37, false},
		{64, 0, false}, // back on the host after exit
		{73, 0, false}, {74, 0, true}, {75, 74, false}, {76, 74, false}, {77, 0, false},
		{85, 0, true}, {86, 85, false}, {88, 85, false}, {89, 85, false}, {90, 0, false},
		{100, 0, true}, {106, 100, false},
	}, got)
	assert.True(t, runnable[11] && runnable[37] && runnable[100], "a shell that lines are typed into is opened")
}

// TestShellWithNothingTyped: an interactive shell that nothing is typed
// into, or that the next talk only follows, stays a skip.
func TestShellWithNothingTyped(t *testing.T) {
	note := "# A\n\n```sh\ndocker run -it --name box debian bash\n```\n\n```sh\ndocker exec box ls\n```\n\n" +
		"# B\n\n```sh\ndocker run -it alpine sh\n```\n\n# C\n\n```sh\nls /\n```\n"
	got := Snippets("n.md", []byte(note))
	require.Len(t, got, 4)
	assert.Equal(t, SkipInteractive, got[0].Reason, "docker exec is typed on the host")
	assert.Zero(t, got[1].Commands[0].In)
	assert.Equal(t, SkipInteractive, got[2].Reason, "the next talk is not typed into it")
	assert.Zero(t, got[3].Commands[0].In)
}
