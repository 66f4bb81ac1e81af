package cache

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimingsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "labrun", "timings.json")
	first := LoadTimings(path)
	_, ok := first.Took("a")
	assert.False(t, ok, "no file, no timings")
	require.NoError(t, first.Save(), "a run that recorded nothing")
	assert.NoFileExists(t, path, "a run that recorded nothing writes nothing")

	first.Record("a", 1500*time.Millisecond)
	_, ok = first.Took("a")
	assert.False(t, ok, "a run orders by earlier runs' timings, not its own")
	require.NoError(t, first.Save())

	// Two runs at once: each keeps its own labs' timings.
	second, third := LoadTimings(path), LoadTimings(path)
	d, ok := second.Took("a")
	require.True(t, ok)
	assert.Equal(t, 1500*time.Millisecond, d)
	second.Record("b", time.Second)
	third.Record("a", 2*time.Second)
	require.NoError(t, second.Save())
	require.NoError(t, third.Save())
	last := LoadTimings(path)
	d, _ = last.Took("a")
	assert.Equal(t, 2*time.Second, d)
	d, _ = last.Took("b")
	assert.Equal(t, time.Second, d)
}

func TestTimingsUnreadable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "timings.json")
	require.NoError(t, os.WriteFile(path, []byte("{not json"), 0o644))
	tm := LoadTimings(path)
	_, ok := tm.Took("a")
	assert.False(t, ok)
	tm.Record("a", time.Second)
	require.NoError(t, tm.Save(), "a broken file is written over")
	d, ok := LoadTimings(path).Took("a")
	assert.True(t, ok)
	assert.Equal(t, time.Second, d)
}
