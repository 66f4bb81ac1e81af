package sandbox_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/moby/moby/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func start(t *testing.T) (*sandbox.Sandbox, *sandbox.Host) {
	t.Helper()
	h := sandboxtest.Host(t)
	sb, err := h.Start(context.Background(), sandbox.Online)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, sb.Close(context.Background())) })
	return sb, h
}

func run(t *testing.T, sb *sandbox.Sandbox, e sandbox.Exec) sandbox.Ran {
	t.Helper()
	r, err := sb.Run(context.Background(), e)
	require.NoError(t, err)
	return r
}

func sh(script string) []string { return []string{"sh", "-c", script} }

func TestSandbox(t *testing.T) {
	sb, _ := start(t)
	ctx := context.Background()

	t.Run("exit code after the output is drained", func(t *testing.T) {
		for range 5 {
			r := run(t, sb, sandbox.Exec{Cmd: sh("echo MARK; exit 7")})
			assert.Equal(t, 7, r.ExitCode)
			assert.Equal(t, "MARK\n", r.Output)
		}
	})
	t.Run("stdout and stderr in one stream, in order", func(t *testing.T) {
		r := run(t, sb, sandbox.Exec{Cmd: sh("echo a; echo b >&2; echo c")})
		assert.Equal(t, "a\nb\nc\n", r.Output)
	})
	t.Run("stdin", func(t *testing.T) {
		r := run(t, sb, sandbox.Exec{Cmd: sh("read answer; echo got:$answer"), Stdin: strings.NewReader("y\n")})
		assert.Equal(t, "got:y\n", r.Output)
		r = run(t, sb, sandbox.Exec{Cmd: sh("read answer || echo eof")})
		assert.Equal(t, "eof\n", r.Output)
	})
	t.Run("timeout kills the whole process group promptly", func(t *testing.T) {
		r := run(t, sb, sandbox.Exec{Cmd: sh("sleep 300 & sleep 300"), Timeout: time.Second})
		assert.True(t, r.TimedOut)
		left := run(t, sb, sandbox.Exec{Cmd: sh("pgrep -x sleep || true")})
		assert.Empty(t, strings.TrimSpace(left.Output))
	})
	t.Run("settle window", func(t *testing.T) {
		r := run(t, sb, sandbox.Exec{Cmd: sh("echo started; sleep 300"), Settle: time.Second, Timeout: time.Minute})
		assert.True(t, r.StillRunning)
		assert.False(t, r.TimedOut)
		assert.Equal(t, "started\n", r.Output)
		r = run(t, sb, sandbox.Exec{Cmd: sh("echo quick"), Settle: 5 * time.Second})
		assert.False(t, r.StillRunning)
		assert.Equal(t, 0, r.ExitCode)
	})
	t.Run("a server counts as running once it listens", func(t *testing.T) {
		r := run(t, sb, sandbox.Exec{Cmd: sh("sleep 1; exec socat TCP-LISTEN:9000,reuseaddr,fork EXEC:cat"), Settle: 2 * time.Second, Serving: true, Timeout: time.Minute})
		assert.True(t, r.StillRunning)
		assert.Equal(t, []int{9000}, r.Listening)
		assert.Greater(t, r.ReadyAfter, 900*time.Millisecond, "first seen once it listened")
		assert.Less(t, r.ReadyAfter, 2500*time.Millisecond)
		// A job that listens on nothing runs to its end.
		r = run(t, sb, sandbox.Exec{Cmd: sh("sleep 3; echo done; exit 4"), Settle: time.Second, Serving: true, Timeout: time.Minute})
		assert.False(t, r.StillRunning)
		assert.Equal(t, 4, r.ExitCode)
		assert.Equal(t, "done\n", r.Output)
		r = run(t, sb, sandbox.Exec{Cmd: sh("sleep 300"), Settle: time.Second, Serving: true, Timeout: 3 * time.Second})
		assert.True(t, r.TimedOut, "not listening: held to its time limit")
	})
	t.Run("output is capped", func(t *testing.T) {
		r := run(t, sb, sandbox.Exec{Cmd: sh("yes | head -c 100000"), OutputLimit: 1000})
		assert.True(t, r.Truncated)
		assert.Len(t, r.Output, 1000)
	})
	t.Run("files", func(t *testing.T) {
		require.NoError(t, sb.WriteFiles(ctx, "/lab", map[string][]byte{"Dockerfile": []byte("FROM busybox\n"), "site/index.html": []byte("hi")}))
		r := run(t, sb, sandbox.Exec{Cmd: sh("cat Dockerfile site/index.html"), Dir: "/lab"})
		assert.Equal(t, "FROM busybox\nhi", r.Output)
	})
	t.Run("images come from the host; missing ones are named", func(t *testing.T) {
		missing, err := sb.CopyImages(ctx, []string{"busybox:latest", "labrun-test/never-built:1"})
		require.NoError(t, err)
		assert.Contains(t, missing, "labrun-test/never-built:1")
		assert.NotContains(t, missing, "busybox:latest")
		r := run(t, sb, sandbox.Exec{Cmd: sh("docker run --rm busybox:latest echo inner")})
		assert.Equal(t, "inner\n", r.Output)
	})
	t.Run("swarm", func(t *testing.T) {
		require.NoError(t, sb.InitSwarm(ctx))
		require.NoError(t, sb.InitSwarm(ctx), "a second init is a no-op")
		r := run(t, sb, sandbox.Exec{Cmd: sh("docker secret ls -q && docker node ls -q | wc -l")})
		assert.Equal(t, 0, r.ExitCode, r.Output)
	})
}

func TestDestructiveCommandsLeaveTheHostAlone(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	before := sandboxtest.HostState(t, cli)
	sb, _ := start(t)
	ctx := context.Background()
	_, err := sb.CopyImages(ctx, []string{"busybox:latest"})
	require.NoError(t, err)
	r := run(t, sb, sandbox.Exec{Cmd: sh(`docker run -d --name victim busybox:latest sleep 600 &&
		docker volume create data && docker network create net1 && docker swarm init --advertise-addr eth0 &&
		docker rm -f $(docker ps -aq) && docker swarm leave --force &&
		docker system prune -af --volumes && docker images -q | wc -l`), Timeout: 2 * time.Minute})
	require.Equal(t, 0, r.ExitCode, r.Output)
	assert.Equal(t, "0", strings.TrimSpace(lastLine(r.Output)), "the sandbox's own images are gone")
	require.NoError(t, sb.Close(ctx))
	assert.Equal(t, before, sandboxtest.HostState(t, cli), "the host daemon is exactly as it was")
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func TestCloseAndGCLeaveNothing(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	h := sandboxtest.Host(t)
	ctx := context.Background()
	a, err := h.Start(ctx, sandbox.Online)
	require.NoError(t, err)
	b, err := h.Start(ctx, sandbox.Online)
	require.NoError(t, err)
	require.NoError(t, a.Close(ctx))
	require.NoError(t, a.Close(ctx), "Close twice is fine")
	f := client.Filters{}.Add("label", sandbox.SessionLabel+"="+h.Session())
	cs, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	require.NoError(t, err)
	require.Len(t, cs.Items, 1, "only the sandbox that was not closed is left")
	assert.Equal(t, b.ID(), cs.Items[0].ID)

	removed, err := sandbox.GC(ctx, cli, h.Session())
	require.NoError(t, err)
	assert.Len(t, removed, 2, "b's container and network: %v", removed)
	cs, err = cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	require.NoError(t, err)
	assert.Empty(t, cs.Items)
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{Filters: f})
	require.NoError(t, err)
	assert.Empty(t, ns.Items)
}

// BenchmarkStart times a sandbox of each engine whose image is here, from
// nothing to an inner daemon that answers behind its guard rails; removing
// it is not counted. The default engine is also timed offline.
func BenchmarkStart(b *testing.B) {
	for _, eng := range engine.Named {
		for _, reach := range []sandbox.Network{sandbox.Online, sandbox.Offline} {
			name := "engine=" + eng
			if reach == sandbox.Offline {
				if eng != engine.Default {
					continue
				}
				name += "/offline"
			}
			b.Run(name, func(b *testing.B) {
				h := sandboxtest.EngineHost(b, eng)
				ctx := context.Background()
				for b.Loop() {
					sb, err := h.Start(ctx, reach)
					if err != nil {
						b.Fatal(err)
					}
					b.StopTimer() // start to ready: removing it is another matter
					_ = sb.Close(ctx)
					b.StartTimer()
				}
			})
		}
	}
}

// benchSandbox starts a sandbox that lasts as long as the benchmark.
func benchSandbox(b *testing.B) *sandbox.Sandbox {
	h := sandboxtest.Host(b)
	ctx := context.Background()
	sb, err := h.Start(ctx, sandbox.Online)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = sb.Close(ctx) })
	return sb
}

func BenchmarkExec(b *testing.B) {
	sb, ctx := benchSandbox(b), context.Background()
	for b.Loop() {
		if _, err := sb.Run(ctx, sandbox.Exec{Cmd: []string{"true"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDockerExec runs the same command as BenchmarkExec through the
// plain docker CLI, `docker exec <sandbox> true`: the difference between
// the two is labrun's per-snippet overhead.
func BenchmarkDockerExec(b *testing.B) {
	sb := benchSandbox(b)
	for b.Loop() {
		if out, err := exec.Command("docker", "exec", sb.ID(), "true").CombinedOutput(); err != nil {
			b.Fatal(err, string(out))
		}
	}
}

// Images are saved from the host once per run, under each of their names,
// however many sandboxes load them, and the files go with the Host.
func TestImagesSavedOncePerHost(t *testing.T) {
	h := sandboxtest.Host(t)
	ctx := context.Background()
	refs := []string{"busybox:latest", "busybox:1.36"} // one image, two names
	saved := map[string]time.Time{}
	for i := range 2 {
		sb, err := h.Start(ctx, sandbox.Online)
		require.NoError(t, err)
		missing, err := sb.CopyImages(ctx, refs)
		require.NoError(t, err)
		assert.Empty(t, missing)
		r := run(t, sb, sandbox.Exec{Cmd: sh("docker image ls --format '{{.Repository}}:{{.Tag}}' | sort")})
		assert.Equal(t, "busybox:1.36\nbusybox:latest", strings.TrimSpace(r.Output), "sandbox %d", i)
		require.NoError(t, sb.Close(ctx))

		files, err := filepath.Glob(filepath.Join(sandbox.SavedImages(h), "*.tar"))
		require.NoError(t, err)
		require.Len(t, files, len(refs))
		for _, f := range files {
			fi, err := os.Stat(f)
			require.NoError(t, err)
			if i == 0 {
				saved[f] = fi.ModTime()
			} else {
				assert.Equal(t, saved[f], fi.ModTime(), "%s saved again", f)
			}
		}
	}
	dir := sandbox.SavedImages(h)
	require.NoError(t, h.Close())
	assert.NoDirExists(t, dir)
}
