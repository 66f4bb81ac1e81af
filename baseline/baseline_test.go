package baseline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func judged(id, code string, status verdict.Status) result.Result {
	return result.Result{Step: labs.Step{ID: id, Snippet: extract.Snippet{Code: code}}, Engine: "28", Verdict: verdict.Verdict{Status: status}}
}

func ids(rs []result.Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Step.ID)
	}
	return out
}

func TestCompare(t *testing.T) {
	base := FromResults([]result.Result{
		judged("n/a/1", "docker ps", verdict.Pass),
		judged("n/a/2", "docker swarm --detach", verdict.Fail),
		judged("n/a/3", "docker info", verdict.Pass),
		judged("n/a/4", "docker old", verdict.Fail),
		judged("n/a/5", "docker pull x", verdict.Pass),
		judged("n/a/6", "docker changed", verdict.Fail),
	})
	d := Compare(base, []result.Result{
		judged("n/a/1", "docker ps", verdict.Pass),             // unchanged pass
		judged("n/a/2", "docker swarm --detach", verdict.Fail), // unchanged known failure
		judged("n/a/3", "docker info", verdict.Fail),           // regression
		judged("n/a/4", "docker old", verdict.Pass),            // fixed
		judged("n/a/5", "docker pull x", verdict.Blocked),      // could not be judged: a regression of what passed
		judged("n/a/6", "docker changed --now", verdict.Fail),  // code changed: a new failure
		judged("n/a/7", "docker new", verdict.Fail),            // new failing snippet
		judged("n/a/8", "docker newer", verdict.Pass),          // new passing snippet
	})
	assert.Equal(t, []string{"n/a/3"}, ids(d.Regressed))
	assert.Equal(t, []string{"n/a/6", "n/a/7"}, ids(d.NewFail))
	assert.Equal(t, []string{"n/a/4"}, ids(d.Fixed))
	assert.True(t, d.Failed())

	same := Compare(base, []result.Result{judged("n/a/2", "docker swarm --detach", verdict.Fail)})
	assert.False(t, same.Failed(), "an unchanged known failure is not a failure of CI")
}

func TestSaveLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "labrun-baseline.json")
	empty, err := Load(path)
	require.NoError(t, err, "a missing baseline is empty")
	assert.Empty(t, empty.Snippets)

	f := FromResults([]result.Result{judged("n/a/1", "docker ps", verdict.Pass)})
	require.NoError(t, Save(path, f))
	got, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, f, got)

	// a snippet's verdict is kept per engine: what passes on 20.10 and
	// fails on 28 is no regression of 28.
	old := judged("n/a/1", "docker-compose up", verdict.Pass)
	old.Engine = "20.10"
	now := judged("n/a/1", "docker-compose up", verdict.Fail)
	perEngine := FromResults([]result.Result{old, now})
	assert.Len(t, perEngine.Snippets, 2)
	assert.Empty(t, Compare(perEngine, []result.Result{now}).Regressed)

	// a baseline from before engines holds 20.10's verdicts.
	require.NoError(t, os.WriteFile(path, []byte(`{"version": 1, "snippets": {"n/a/1": {"status": "pass", "code": "x"}}}`), 0o644))
	v1, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]Entry{"n/a/1@20.10": {Status: "pass", Code: "x"}}, v1.Snippets)

	require.NoError(t, Save(path, File{Version: 99}))
	_, err = Load(path)
	assert.ErrorContains(t, err, "baseline version 99")
}
