package sandbox_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/labrun/labrun/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The saved images of a labrun that was killed are removed; this
// process's own are kept.
func TestGCSavedImages(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dead := filepath.Join(tmp, "labrun-images-999999999-abc")
	mine := filepath.Join(tmp, fmt.Sprintf("labrun-images-%d-abc", os.Getpid()))
	other := filepath.Join(tmp, "somebody-else")
	for _, d := range []string{dead, mine, other} {
		require.NoError(t, os.MkdirAll(d, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(d, "x.tar"), []byte("x"), 0o644))
	}
	removed, err := sandbox.GCSavedImages()
	require.NoError(t, err)
	assert.Equal(t, []string{"saved images " + dead}, removed)
	assert.NoDirExists(t, dead)
	assert.DirExists(t, mine)
	assert.DirExists(t, other)
}
