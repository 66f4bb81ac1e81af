package runner_test

import (
	"context"
	"os"
	"testing"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/runner"
	"github.com/labrun/labrun/runner/sandbox/sandboxtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadNote(t *testing.T, path string) []labs.Lab {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return labs.Group(extract.Note(path, b))
}

// verdict is the part of a result the test checks.
type verdict struct {
	Line   int
	Status runner.Status
	Reason string
}

func TestRunVerdicts(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	host := sandboxtest.Host(t)
	before := sandboxtest.HostState(t, cli)

	rep, err := runner.Run(context.Background(), host, loadNote(t, "../testdata/notes/verdicts.md"), runner.Config{})
	require.NoError(t, err)

	var got []verdict
	for _, r := range rep.Results {
		got = append(got, verdict{r.Step.Line, r.Status, r.Reason})
	}
	assert.Equal(t, []verdict{
		{9, runner.Pass, ""},
		{12, runner.Pass, ""},
		{14, runner.Fail, runner.ReasonUnknownFlag},
		{17, runner.Pass, runner.ReasonLongRunning},
		{21, runner.Pass, "expected-failure"},
		{24, runner.Pass, ""},
		{27, runner.Pass, ""},
		{31, runner.Pass, "no-match"},
		{36, runner.Pass, ""},
		{42, runner.Pass, ""},
		{47, runner.Fail, runner.ReasonMissingFile},
		{52, runner.Fail, runner.ReasonBuildFailed},
		{57, runner.Fail, runner.ReasonBuildFailed},
		{62, runner.Blocked, runner.ReasonImageUnavailable},
		{69, runner.Pass, ""},
	}, got)

	byLine := map[int]runner.Result{}
	for _, r := range rep.Results {
		byLine[r.Step.Line] = r
	}
	assert.Contains(t, byLine[14].Hint, "docker service create/update --detach=false")
	assert.Contains(t, byLine[42].Output, "built")
	assert.Contains(t, byLine[47].Message, "verdicts.md:48: COPY/ADD source missing-dir/")
	assert.Contains(t, byLine[52].Message, "copies missing-dir/")
	assert.Equal(t, 52, byLine[52].Line, "the failing command of a block is named")
	assert.Contains(t, byLine[57].Message, "verdicts.md:58: step 2 (RUN exit 3) failed")
	assert.Contains(t, byLine[62].Message, "labrun-test/never-built:1")
	assert.NotEmpty(t, rep.Engine.Sandbox)

	assert.Equal(t, before, sandboxtest.HostState(t, cli), "the host daemon is exactly as it was")
}
