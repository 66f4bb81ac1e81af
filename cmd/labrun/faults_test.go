package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/moby/moby/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildLabrun builds the labrun binary once per test binary run.
var buildLabrun = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "labrun-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "labrun")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", &exec.ExitError{Stderr: out}
	}
	return bin, nil
})

func labrunBinary(t *testing.T) string {
	t.Helper()
	bin, err := buildLabrun()
	require.NoError(t, err)
	// The runs keep their results and timings in a cache of the test's
	// own, not in the user's (set after the build, which keeps Go's).
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	return bin
}

// slowNote writes a note whose one lab runs long enough to be interrupted.
func slowNote(t *testing.T) string {
	t.Helper()
	note := filepath.Join(t.TempDir(), "slow.md")
	require.NoError(t, os.WriteFile(note, []byte("# Slow\n\n```sh\ndocker version\nsleep 120\n```\n\n```sh\necho after\n```\n"), 0o644))
	return note
}

// startSlow starts `labrun try slow` on the slow note in a session of its
// own, with the environment given added, and returns the command, its
// session and its standard error.
func startSlow(t *testing.T, bin, note string, env ...string) (*exec.Cmd, string, *bytes.Buffer) {
	t.Helper()
	session := sandbox.NewSession()
	cmd := exec.Command(bin, "try", "-q", "slow", note)
	cmd.Env = append(append(os.Environ(), "LABRUN_SESSION="+session), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	return cmd, session, &stderr
}

// leftovers lists what of a session is on the host daemon.
func leftovers(t *testing.T, cli *client.Client, session string) []string {
	t.Helper()
	ctx := context.Background()
	f := client.Filters{}.Add("label", sandbox.SessionLabel+"="+session)
	var out []string
	cs, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	require.NoError(t, err)
	for _, c := range cs.Items {
		out = append(out, "container "+c.ID[:12])
	}
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{Filters: f})
	require.NoError(t, err)
	for _, n := range ns.Items {
		out = append(out, "network "+n.Name)
	}
	return out
}

// volumes lists the host's volumes: a sandbox's anonymous volume carries
// no label, so it is found by comparing before and after.
func volumes(t *testing.T, cli *client.Client) []string {
	t.Helper()
	vs, err := cli.VolumeList(context.Background(), client.VolumeListOptions{})
	require.NoError(t, err)
	var out []string
	for _, v := range vs.Items {
		out = append(out, v.Name)
	}
	return out
}

// volumesAsBefore checks that the host's volumes come back to before. A
// removed sandbox's anonymous volume can outlive its container for a
// moment on a loaded machine (seen once in CI, gone seconds later), so
// the check waits up to 15 s; a volume that is really leaked stays.
func volumesAsBefore(t *testing.T, cli *client.Client, before []string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	sorted := func(v []string) []string { return slices.Sorted(slices.Values(v)) }
	for time.Now().Before(deadline) && !slices.Equal(sorted(before), sorted(volumes(t, cli))) {
		time.Sleep(250 * time.Millisecond)
	}
	assert.ElementsMatch(t, before, volumes(t, cli), "volumes left behind")
}

// waitForSandbox waits until the session's sandbox container exists.
func waitForSandbox(t *testing.T, cli *client.Client, session string, stderr *bytes.Buffer) {
	t.Helper()
	f := client.Filters{}.Add("label", sandbox.SessionLabel+"="+session)
	require.Eventually(t, func() bool {
		cs, err := cli.ContainerList(context.Background(), client.ContainerListOptions{Filters: f})
		return err == nil && len(cs.Items) == 1
	}, time.Minute, 50*time.Millisecond, "the sandbox never started: %s", stderr)
}

// faultSeed is the seed of a test's random moments: LABRUN_FAULT_SEED
// when set, so that a failure can be replayed, and otherwise a new one,
// logged.
func faultSeed(t *testing.T) uint64 {
	t.Helper()
	if s := os.Getenv("LABRUN_FAULT_SEED"); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		require.NoError(t, err, "LABRUN_FAULT_SEED")
		return seed
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("random moments from seed %d: LABRUN_FAULT_SEED=%d replays them", seed, seed)
	return seed
}

// TestInterruptsLeaveNothing sends SIGINT or SIGTERM at a random moment,
// from labrun's start to the middle of its lab, 20 times, and checks each
// time that labrun exits 130 and leaves no container, network or volume.
func TestInterruptsLeaveNothing(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	sandboxtest.Host(t)
	bin, note := labrunBinary(t), slowNote(t)
	before := volumes(t, cli)
	const runs = 20
	leaked := 0
	r := rand.New(rand.NewPCG(faultSeed(t), 0))
	for i := range runs {
		sig := []os.Signal{syscall.SIGINT, syscall.SIGTERM}[i%2]
		delay := time.Duration(200+r.IntN(6000)) * time.Millisecond
		cmd, session, stderr := startSlow(t, bin, note)
		time.Sleep(delay)
		require.NoError(t, cmd.Process.Signal(sig))
		err := cmd.Wait()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, "run %d (%v after %v): %s", i, sig, delay, stderr)
		assert.Equal(t, exitInterrupted, ee.ExitCode(), "run %d (%v after %v): %s", i, sig, delay, stderr)
		left := leftovers(t, cli, session)
		leaked += len(left)
		assert.Empty(t, left, "run %d (%v after %v) left these behind", i, sig, delay)
	}
	volumesAsBefore(t, cli, before)
	t.Logf("%d interrupted runs, %d objects leaked", runs, leaked)
}

// TestKilledThenGC kills labrun with SIGKILL, which it cannot catch, and
// checks that `labrun gc` then removes what it left, and nothing of a
// labrun that is still running.
func TestKilledThenGC(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	sandboxtest.Host(t)
	bin, note := labrunBinary(t), slowNote(t)
	before := volumes(t, cli)

	// A labrun that keeps running through the other's gc.
	live, liveSession, liveErr := startSlow(t, bin, note)
	t.Cleanup(func() { _ = live.Process.Signal(syscall.SIGINT); _ = live.Wait() })

	cmd, session, stderr := startSlow(t, bin, note)
	waitForSandbox(t, cli, session, stderr)
	waitForSandbox(t, cli, liveSession, liveErr)
	time.Sleep(2 * time.Second)
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	require.NotEmpty(t, leftovers(t, cli, session), "SIGKILL leaves the sandbox behind")

	out, err := exec.Command(bin, "gc").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "removed container labrun-"+session)
	assert.Empty(t, leftovers(t, cli, session), "gc removed the killed run's sandbox")
	assert.Len(t, leftovers(t, cli, liveSession), 2, "gc spared the running labrun's container and network")

	require.NoError(t, live.Process.Signal(syscall.SIGINT))
	_ = live.Wait()
	assert.Empty(t, leftovers(t, cli, liveSession))
	volumesAsBefore(t, cli, before)
}

// TestTwoAtOnce runs two labruns at the same time on the same note, whose
// lab names a container: each has its own sandbox, and both pass.
func TestTwoAtOnce(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	sandboxtest.Host(t)
	bin := labrunBinary(t)
	before := sandboxtest.HostState(t, cli)
	note := filepath.Join(t.TempDir(), "twice.md")
	require.NoError(t, os.WriteFile(note, []byte("# Twice\n\n```sh\ndocker run -d --name web busybox:1.36 sleep 60\ndocker ps --format '{{.Names}}' | grep -x web\ndocker rm -f web\n```\n"), 0o644))
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(bin, "verify", "--no-cache", "-q", note)
			cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
			errs[i] = cmd.Run()
		}()
	}
	wg.Wait()
	for i := range 2 {
		require.NoError(t, errs[i], "run %d: %s", i, &outs[i])
		assert.Contains(t, outs[i].String(), "1 snippets: 1 pass, 0 fail")
	}
	assert.Equal(t, before, sandboxtest.HostState(t, cli))
	cs, err := cli.ContainerList(context.Background(), client.ContainerListOptions{All: true,
		Filters: client.Filters{}.Add("label", sandbox.SandboxLabel)})
	require.NoError(t, err)
	assert.Empty(t, cs.Items, "sandboxes left behind")
}

// TestDaemonGoesAway cuts labrun off from the daemon in the middle of a
// lab, through a proxy in front of the daemon's socket: labrun exits 3
// with the results it had and an error result for the rest, and does not
// hang.
func TestDaemonGoesAway(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	sandboxtest.Host(t)
	bin, note := labrunBinary(t), slowNote(t)
	target := strings.TrimPrefix(os.Getenv("DOCKER_HOST"), "unix://")
	if target == "" {
		target = "/var/run/docker.sock"
	}
	p := startProxy(t, target)
	session := sandbox.NewSession()
	t.Cleanup(func() { // labrun could not remove it
		removed, err := sandbox.GC(context.Background(), cli, session)
		t.Logf("gc after the test: %v %v", removed, err)
	})

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "try", "-q", "slow", note)
	cmd.Env = append(os.Environ(), "LABRUN_SESSION="+session, "DOCKER_HOST=unix://"+p.path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	waitForSandbox(t, cli, session, &stderr)
	time.Sleep(4 * time.Second) // into the lab's sleep
	p.cut()
	cut := time.Now()
	err := cmd.Wait()
	t.Logf("labrun ended %v after the daemon went away", time.Since(cut).Round(time.Millisecond))
	require.NoError(t, ctx.Err(), "labrun hung")
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "%s", &stderr)
	assert.Equal(t, exitEnvironment, ee.ExitCode(), "%s", &stderr)
	assert.Contains(t, stdout.String(), "blocked", "the lab's steps get error results")
	assert.Contains(t, stdout.String(), "not run", "the step after the cut was not run")
}

// proxy forwards a unix socket to the daemon's until it is cut.
type proxy struct {
	path  string
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	p := &proxy{path: filepath.Join(t.TempDir(), "docker.sock")}
	ln, err := net.Listen("unix", p.path)
	require.NoError(t, err)
	p.ln = ln
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			d, err := net.Dial("unix", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, d)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(d, c); d.Close() }()
			go func() { _, _ = io.Copy(c, d); c.Close() }()
		}
	}()
	t.Cleanup(p.cut)
	return p
}

// cut closes the socket and every connection through it, as a daemon that
// stops would.
func (p *proxy) cut() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestHugeNote lists the talks of a 100 MB note, with about as many
// snippets per kilobyte as the conference notes (one), and reports
// labrun's peak memory, which must stay bounded.
func TestHugeNote(t *testing.T) {
	bin := labrunBinary(t)
	prose := strings.Repeat("The speaker walked through how the engine schedules containers, and why it matters for the build.\n", 7)
	chunk := "## Talk %d\n\n" + prose + "\n- a list item about `docker system prune -a`\n\n> a quote\n\n" + prose +
		"\n```sh\ndocker build -t t%d .\ndocker run --rm t%d sh -c 'echo %d'\n```\n\n"
	path := filepath.Join(t.TempDir(), "huge.md")
	f, err := os.Create(path)
	require.NoError(t, err)
	size := 0
	for i := 0; size < 100<<20; i++ {
		n, err := fmt.Fprintf(f, chunk, i%500, i, i, i)
		require.NoError(t, err)
		size += n
	}
	require.NoError(t, f.Close())

	cmd := exec.Command(bin, "list", path)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	require.NoError(t, cmd.Run(), "%s", &stderr)
	peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
	t.Logf("labrun list on a %d MB note: %v, peak memory %d MB", size>>20, time.Since(start).Round(time.Millisecond), peak>>20)
	assert.Less(t, peak, int64(2<<30), "peak memory on a 100 MB note")
}
