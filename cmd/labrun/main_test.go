package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	// try keeps its sandbox warm for the next try: the tests keep none,
	// unless one sets LABRUN_WARM_IDLE itself.
	if os.Getenv("LABRUN_WARM_IDLE") == "" {
		_ = os.Setenv("LABRUN_WARM_IDLE", "0")
	}
	testscript.Main(m, map[string]func(){
		"labrun": func() {
			os.Exit(exitCode(context.Background(), run(context.Background(), os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
		},
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: notes in,
// labrun's transcript out. [docker] holds when a daemon answers; under
// LABRUN_REQUIRE_DOCKER=1 a missing daemon fails the script instead.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("XDG_CACHE_HOME", env.WorkDir+"/.cache") // each script starts with no cached results
			notes, err := filepath.Abs("../../testdata/notes")
			env.Setenv("NOTES", notes) // the test notes, to copy from
			env.Setenv("ENGINE", engine.Default)
			env.Setenv("LABRUN_WARM_IDLE", "0") // no script leaves a sandbox warm
			return err
		},
		Condition: func(cond string) (bool, error) {
			if cond != "docker" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			cli, _, err := sandbox.Connect(context.Background())
			if err != nil {
				if sandboxtest.Required() {
					return false, fmt.Errorf("LABRUN_REQUIRE_DOCKER=1 but: %w", err)
				}
				return false, nil
			}
			cli.Close()
			return true, nil
		},
	})
}

func TestNoDaemonIsAnEnvironmentError(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
	var stdout, stderr bytes.Buffer
	start := time.Now()
	err := run(context.Background(), []string{"verify", "../../testdata/notes/handout.txt"}, &stdout, &stderr)
	t.Logf("no daemon reported after %v", time.Since(start))
	assert.Equal(t, exitEnvironment, exitCode(context.Background(), err, &stderr))
	assert.Contains(t, stderr.String(), "DOCKER_HOST")
	assert.Contains(t, stderr.String(), "unix:///nonexistent/docker.sock")
}

func TestMissingSandboxImageNamesTheFix(t *testing.T) {
	sandboxtest.Client(t)
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"verify", "--engine", "labrun-test/no-sandbox:0", "../../testdata/notes/handout.txt"}, &stdout, &stderr)
	assert.Equal(t, exitEnvironment, exitCode(context.Background(), err, &stderr))
	assert.Contains(t, stderr.String(), "docker pull labrun-test/no-sandbox:0")
}

// Progress redraws its line only on a terminal: /dev/null, a character
// device too, and a pipe are not one.
func TestIsTerminal(t *testing.T) {
	null, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer null.Close()
	assert.False(t, isTerminal(null), os.DevNull)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	assert.False(t, isTerminal(w), "a pipe")
	assert.False(t, isTerminal(&bytes.Buffer{}), "not a file")
}
