package interp

import (
	"context"
	"strings"
	"testing"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stillSandbox runs every command with exit 0 and no output, but for the
// list of containers, which it gives as ps says.
type stillSandbox struct{ ps string }

func (s *stillSandbox) Run(_ context.Context, e sandbox.Exec) (sandbox.Ran, error) {
	if len(e.Cmd) > 1 && e.Cmd[0] == "docker" && e.Cmd[1] == "ps" {
		return sandbox.Ran{Output: s.ps}, nil
	}
	return sandbox.Ran{}, nil
}
func (s *stillSandbox) WriteFiles(context.Context, string, map[string][]byte) error { return nil }
func (s *stillSandbox) Compose() string                                             { return "docker compose" }

func sessionLab(t *testing.T, blocks ...string) labs.Lab {
	t.Helper()
	note := "# Edit\n"
	for _, b := range blocks {
		note += "\n```sh\n" + b + "\n```\n"
	}
	all := labs.Group(extract.Snippets("edit.md", []byte(note)))
	require.Len(t, all, 1)
	return all[0]
}

func TestSessionGoesOnOnlyWhereWhatWasDoneCanBeKept(t *testing.T) {
	ctx := context.Background()
	sb := &stillSandbox{ps: "c1 running\n"}
	s, _, err := Start(ctx, sb, nil, sessionLab(t, "docker run -d --name web nginx", "docker ps", "curl -s localhost:8080"), Config{})
	require.NoError(t, err)

	from := func(blocks ...string) (int, string, bool) { return s.From(ctx, sessionLab(t, blocks...)) }
	_, why, ok := from("docker run -d --name web nginx", "docker ps", "curl -s localhost:8080")
	assert.False(t, ok)
	assert.Equal(t, "nothing changed", why)

	i, _, ok := from("docker run -d --name web nginx", "docker ps -a", "curl -s localhost:8080")
	assert.True(t, ok, "what follows the edit only looks")
	assert.Equal(t, 1, i)

	i, _, ok = from("docker run -d --name web nginx", "docker ps", "curl -s localhost:8080", "docker rm -f web")
	assert.True(t, ok, "a snippet added at the end")
	assert.Equal(t, 3, i)

	i, _, ok = from("docker run -d --name web nginx", "docker ps")
	assert.True(t, ok, "a snippet that only looked, removed from the end")
	assert.Equal(t, 2, i)

	_, why, ok = from("docker run -d --name web nginx:1.27", "docker ps", "curl -s localhost:8080")
	assert.False(t, ok)
	assert.Equal(t, "line 4, after the first change, may have changed the sandbox", why)

	sb.ps = "c1 exited\n"
	_, why, ok = from("docker run -d --name web nginx", "docker ps -a", "curl -s localhost:8080")
	assert.False(t, ok)
	assert.Equal(t, "the sandbox's containers changed since the run", why)
	sb.ps = "c1 running\n"

	rs, err := s.Resume(ctx, sessionLab(t, "docker run -d --name web nginx", "docker ps -a", "curl -s localhost:8080"), Config{}, 1)
	require.NoError(t, err)
	require.Len(t, rs, 3)
	assert.Equal(t, "docker ps -a", strings.TrimSpace(rs[1].Step.Code))
	_, why, ok = from("docker run -d --name web nginx", "docker ps -a", "curl -s localhost:8080")
	assert.Equal(t, "nothing changed", why, "the session holds the lab it went on with")
	assert.False(t, ok)

	added := sessionLab(t, "docker run -d --name web nginx", "docker ps -a", "curl -s localhost:8080", "docker rm -f web")
	i, _, ok = s.From(ctx, added)
	require.True(t, ok)
	rs, err = s.Resume(ctx, added, Config{}, i)
	require.NoError(t, err, "a snippet added at the end goes on from the run's end")
	assert.Len(t, rs, 4)
	removed := sessionLab(t, "docker run -d --name web nginx", "docker ps -a", "curl -s localhost:8080")
	_, why, ok = s.From(ctx, removed)
	assert.False(t, ok)
	assert.Equal(t, "line 16, after the first change, may have changed the sandbox", why)
}
