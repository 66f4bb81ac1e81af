package cache

import (
	"testing"
	"time"

	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDirRoundTrip(t *testing.T) {
	d := Dir(t.TempDir())
	key := "ab0123456789"
	_, ok := d.Get(key)
	assert.False(t, ok)
	rs := []result.Result{{
		Step: labs.Step{ID: "n/t/1", Snippet: extract.Snippet{File: "n.md", Line: 3, Code: "docker ps", Kind: extract.Shell,
			Annotations: extract.Annotations{Timeout: time.Second, Needs: []string{"swarm"}}}},
		LabID: "t", Title: "T", Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonExitCode, Message: "exit 1"},
		Duration: 1500 * time.Millisecond,
	}}
	require.NoError(t, d.Put(key, rs))
	got, ok := d.Get(key)
	require.True(t, ok)
	assert.Equal(t, rs, got)
}
