package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// try keeps its sandbox warm: the next try takes it and gives the same
// report, --fresh does not, and gc removes it.
func TestTryKeepsItsSandboxWarm(t *testing.T) {
	sandboxtest.Client(t)
	t.Setenv("LABRUN_WARM_POOL", t.Name()) // not the user's own
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	note := filepath.Join(t.TempDir(), "n.md")
	require.NoError(t, os.WriteFile(note, []byte("# Volumes\n\n```sh\ndocker volume create data\ndocker run --rm -v data:/data busybox:1.36 touch /data/x\n```\n"), 0o644))
	try := func(args ...string) (string, string) {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), append([]string{"try", "--no-cache", "--no-fix", "--warm", "1m"}, append(args, "volumes", note)...), &stdout, &stderr)
		require.NoError(t, err, stderr.String())
		return stdout.String(), stderr.String()
	}
	t.Cleanup(func() { _ = run(context.Background(), []string{"gc"}, &bytes.Buffer{}, &bytes.Buffer{}) })
	first, said := try()
	assert.Contains(t, said, "kept the sandbox warm for the next try")
	second, said := try()
	assert.Contains(t, said, "took the sandbox kept warm")
	verdicts := regexp.MustCompile(`(?m)^n\.md:\d+.*$`)
	assert.Equal(t, verdicts.FindAllString(first, -1), verdicts.FindAllString(second, -1), "the same verdicts warm")
	_, said = try("--fresh")
	assert.NotContains(t, said, "took the sandbox kept warm")

	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"gc"}, &out, &bytes.Buffer{}))
	assert.Contains(t, out.String(), "removed container labrun-warm-")
}

// syncBuffer is a buffer a watch writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// try --watch runs the talk again when its note changes, and shows the
// new verdicts; Ctrl-C ends it.
func TestTryWatchRunsAgainWhenTheNoteChanges(t *testing.T) {
	sandboxtest.Client(t)
	t.Setenv("LABRUN_WARM_POOL", t.Name())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	note := filepath.Join(t.TempDir(), "n.md")
	require.NoError(t, os.WriteFile(note, []byte("# Greeting\n\n```sh\ndocker run --rm busybox:1.36 echo hello\n```\n"), 0o644))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"try", "--watch", "--no-fix", "--warm", "1m", "greeting", note}, &stdout, &stderr)
	}()
	t.Cleanup(func() { _ = run(context.Background(), []string{"gc"}, &bytes.Buffer{}, &bytes.Buffer{}) })
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "watching") }, 2*time.Minute, 100*time.Millisecond, stderr.String())
	assert.Regexp(t, `n\.md:4 +pass`, stdout.String())

	require.NoError(t, os.WriteFile(note, []byte("# Greeting\n\n```sh\ndocker run --rm busybox:1.36 echo hello\ndocker contianer ls\n```\n"), 0o644))
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "unknown-command") }, 2*time.Minute, 100*time.Millisecond, stdout.String())
	require.Eventually(t, func() bool { return strings.Count(stderr.String(), "watching") == 2 }, time.Minute, 100*time.Millisecond, stderr.String())
	assert.Contains(t, stderr.String(), "greeting: ran from its start: line 4, after the first change, may have changed the sandbox")

	// a snippet added at the end: the run goes on from it
	require.NoError(t, os.WriteFile(note, []byte("# Greeting\n\n```sh\ndocker run --rm busybox:1.36 echo hello\ndocker contianer ls\n```\n\n```sh\ndocker ps -aq | wc -l\n```\n"), 0o644))
	require.Eventually(t, func() bool { return strings.Count(stderr.String(), "watching") == 3 }, time.Minute, 100*time.Millisecond, stderr.String())
	assert.Contains(t, stderr.String(), "greeting: went on from line 9; the snippet before it is unchanged, and what they did is kept")
	assert.Regexp(t, `n\.md:9 +pass`, stdout.String())
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err, "Ctrl-C ends a watch")
	case <-time.After(time.Minute):
		t.Fatal("the watch did not end")
	}
}
