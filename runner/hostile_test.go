package runner_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labrun/labrun/runner/interp"
	"github.com/labrun/labrun/verdict"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/runner"
	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/moby/moby/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHostileSnippets runs snippets that attack what they can reach: a fork
// bomb (with AllowUnsafe), a memory hog, endless output, the root
// filesystem and the Docker socket, the user's credentials and
// environment. Each is held in the sandbox; the host daemon comes out as it
// went in, and the host's secrets are not found.
func TestHostileSnippets(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	host := runner.OnHost(sandboxtest.Host(t))
	before := sandboxtest.HostState(t, cli)
	hostInfo, err := cli.Info(context.Background(), client.InfoOptions{})
	require.NoError(t, err)

	// What a snippet must not find: a file on the host, a credential in the
	// user's Docker config, a variable in labrun's environment.
	secret := "labrun-test-secret-" + fmt.Sprint(time.Now().UnixNano())
	home := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(home, ".docker"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(home, ".docker", "config.json"),
		[]byte(`{"auths":{"registry.example":{"auth":"`+secret+`"}}}`), 0o600))
	t.Setenv("HOME", home)
	t.Setenv("LABRUN_TEST_SECRET", secret)
	marker := filepath.Join(t.TempDir(), "host-marker")
	require.NoError(t, os.WriteFile(marker, []byte(secret), 0o644))

	note := strings.Join([]string{
		"# Hostile",
		"```sh\nbomb() { bomb | bomb & }; bomb\n```", // 3
		"```sh\necho alive after the bomb\n```",      // 6
		"```sh\ntail /dev/zero\n```",                 // 9
		"```sh\necho alive after the hog\n```",       // 12
		"```sh\nyes\n```",                            // 15
		"```sh\ndocker run --rm -v /:/host busybox:1.36 ls -d /host" + marker + "\n```",            // 18
		"```sh\ncurl -s --unix-socket /var/run/docker.sock http://localhost/info | jq -r .ID\n```", // 21
		"```sh\nenv; cat ~/.docker/config.json; ls -a ~ /root /lab\n```",                           // 24
	}, "\n\n")
	all := labs.Group(extract.Snippets("hostile.md", []byte(note)))
	require.Len(t, all, 1)
	require.Equal(t, extract.SkipUnsafe, all[0].Steps[0].Reason, "the bomb is classified unsafe")

	rep, err := runner.Run(context.Background(), []runner.EngineHost{host}, all, runner.Config{Config: interp.Config{Timeout: 20 * time.Second}, AllowUnsafe: true})
	require.NoError(t, err)
	require.Len(t, rep.Results, 8)
	for _, r := range rep.Results {
		t.Logf("%d %s %s %s (%v)", r.Step.Line, r.Status, r.Reason, r.Message, r.Duration.Round(time.Millisecond))
	}
	// Each block is on lines 4n-1 to 4n+1 of the note; results come in order.
	bomb, afterBomb, hog, afterHog, endless, root, sock, creds := rep.Results[0], rep.Results[1], rep.Results[2],
		rep.Results[3], rep.Results[4], rep.Results[5], rep.Results[6], rep.Results[7]

	// With AllowUnsafe the bomb runs: its own shell exits at once, and the
	// children it leaves are held by the pids limit and killed after it.
	assert.Equal(t, verdict.Pass, bomb.Status, "with AllowUnsafe the bomb runs, as a job judged by its exit")
	assert.Equal(t, "exit 0", bomb.Message)
	assert.Equal(t, verdict.Pass, afterBomb.Status, "the sandbox still runs commands after the bomb")

	assert.Equal(t, verdict.Fail, hog.Status, "the memory hog is killed, by the memory limit or the time limit")
	assert.Equal(t, verdict.Pass, afterHog.Status, "the sandbox still runs commands after the hog")

	assert.Equal(t, verdict.Fail, endless.Status)
	assert.True(t, strings.Contains(endless.Message, "output cut at 64 KiB"), endless.Message)
	assert.Less(t, len(endless.Output), 70<<10)

	// / in a snippet's container is the sandbox's: the host's file is not
	// there, and a path of the reader's machine is not the note's to make
	assert.Equal(t, verdict.Blocked, root.Status)
	assert.Equal(t, verdict.ReasonNeedsHost, root.Reason)
	assert.True(t, strings.Contains(root.Output, "No such file"), root.Output)

	assert.Equal(t, verdict.Pass, sock.Status)
	assert.NotEmpty(t, strings.TrimSpace(sock.Output))
	assert.NotContains(t, sock.Output, hostInfo.Info.ID, "the socket is the sandbox daemon's, not the host's")

	assert.NotContains(t, creds.Output, secret, "neither the user's Docker config nor labrun's environment reaches a snippet")
	assert.NotContains(t, creds.Output, "LABRUN_TEST_SECRET")

	assert.Equal(t, before, sandboxtest.HostState(t, cli), "the host daemon is exactly as it was")
}
