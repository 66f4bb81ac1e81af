package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/labrun/labrun/runner/sandbox"
	"github.com/labrun/labrun/runner/sandbox/sandboxtest"
	"github.com/moby/moby/client"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
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
			return nil
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
	err := run(context.Background(), []string{"verify", "--sandbox-image", "labrun-test/no-sandbox:0", "../../testdata/notes/handout.txt"}, &stdout, &stderr)
	assert.Equal(t, exitEnvironment, exitCode(context.Background(), err, &stderr))
	assert.Contains(t, stderr.String(), "make images")
}

// TestInterruptLeavesNothing interrupts `labrun try` in the middle of a lab
// and checks that it exits 130 and that nothing of its session is left on
// the host daemon.
func TestInterruptLeavesNothing(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	sandboxtest.Host(t) // skips (or fails in CI) without the sandbox image
	bin := filepath.Join(t.TempDir(), "labrun")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	note := filepath.Join(t.TempDir(), "slow.md")
	require.NoError(t, os.WriteFile(note, []byte("# Slow\n\n```sh\ndocker version\nsleep 120\n```\n"), 0o644))
	session := sandbox.NewSession()
	cmd := exec.Command(bin, "try", "slow", note)
	cmd.Env = append(os.Environ(), "LABRUN_SESSION="+session)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())

	f := client.Filters{}.Add("label", sandbox.SessionLabel+"="+session)
	require.Eventually(t, func() bool {
		cs, err := cli.ContainerList(context.Background(), client.ContainerListOptions{Filters: f})
		return err == nil && len(cs.Items) == 1
	}, time.Minute, 100*time.Millisecond, "the sandbox never started: %s", &stderr)
	time.Sleep(3 * time.Second) // into the lab: the inner daemon is up, the sleep is running
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err := cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, stderr.String())
	assert.Equal(t, exitInterrupted, ee.ExitCode(), stderr.String())

	cs, err := cli.ContainerList(context.Background(), client.ContainerListOptions{All: true, Filters: f})
	require.NoError(t, err)
	assert.Empty(t, cs.Items, "containers left behind")
	ns, err := cli.NetworkList(context.Background(), client.NetworkListOptions{Filters: f})
	require.NoError(t, err)
	assert.Empty(t, ns.Items, "networks left behind")
}
