package sandbox

import (
	"archive/tar"
	"context"
	"fmt"
	"io"
	"net"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/client"
)

// Exec is one process to run in a sandbox.
type Exec struct {
	Cmd     []string
	Dir     string
	Env     []string
	Stdin   io.Reader     // nil: the process reads end of file at once
	Timeout time.Duration // the process group is killed after this long; 0: no limit
	Settle  time.Duration // if not 0: a process alive after this long is judged running, then stopped
	// Serving: a process alive after Settle counts as running only once
	// it, or a container it started, listens on a TCP port (a server);
	// until then it runs on, up to Timeout, and is judged as it ends.
	Serving     bool
	OutputLimit int // bytes of output kept; default 1 MiB
	// Host is, in a Set, the host to run on; "" is the lab's first host.
	// A lone sandbox is one host and ignores it.
	Host string
}

// Ran is what an Exec did.
type Ran struct {
	ExitCode     int
	Output       string // stdout and stderr in the order they came, capped
	Truncated    bool   // Output was cut at its limit
	TimedOut     bool   // killed at its timeout
	StillRunning bool   // alive after its settle window, then stopped
	// Listening are, for a Serving process judged running, the TCP
	// ports it or its containers listened on, and ReadyAfter how long
	// after its start they were first seen.
	Listening  []int
	ReadyAfter time.Duration
	Duration   time.Duration
}

const defaultOutputLimit = 1 << 20

// Run runs a process in the sandbox and waits for it. The process runs in
// a process group of its own, so that a timeout, a settle window or Ctrl-C
// stops everything it started. The exit code is read only after the output
// stream is drained: before that it may not be set yet. Run's error means
// the sandbox could not run the process; a failing process is a Ran.
func (s *Sandbox) Run(ctx context.Context, e Exec) (Ran, error) {
	start := time.Now()
	pidfile := "/run/labrun-exec-" + NewSession()
	// oom_score_adj 1000: when a snippet exhausts the sandbox's memory,
	// the kernel kills the snippet, not the sandbox's daemon.
	cmd := append([]string{"setsid", "-w", "sh", "-c", `echo $$ >"$0"; echo 1000 >/proc/self/oom_score_adj 2>/dev/null; exec "$@" 2>&1`, pidfile}, e.Cmd...)
	id, att, err := s.attach(ctx, cmd, e)
	if err != nil {
		return Ran{}, err
	}
	defer att.Close()
	out := &capped{limit: e.OutputLimit}
	if out.limit <= 0 {
		out.limit = defaultOutputLimit
	}
	done := make(chan error, 1)
	go func() {
		_, err := stdcopy.StdCopy(out, out, att.Reader)
		done <- err
	}()

	r, err := s.wait(ctx, e, pidfile, start, done, att.Conn)
	if err != nil {
		return Ran{}, err
	}
	r.ExitCode, err = s.exitCode(ctx, id)
	if err != nil {
		return Ran{}, err
	}
	r.Output, r.Truncated = out.String(), out.truncated
	if r.StillRunning || r.TimedOut {
		r.Output = setsidNoise.ReplaceAllString(r.Output, "")
	}
	r.Duration = time.Since(start)
	return r, nil
}

// wait waits until the process of pidfile, started at start, ends (done
// says when its output has), or until its settle window, its timeout or
// ctx stops it, and says which in a Ran without its exit code and output.
// A Serving process alive after its settle window is stopped only once it
// listens. The error means ctx ended, or the output of a process that
// ended by itself could not be read to its end.
func (s *Sandbox) wait(ctx context.Context, e Exec, pidfile string, start time.Time, done <-chan error, conn net.Conn) (Ran, error) {
	var r Ran
	settle, timeout := timer(e.Settle), timer(e.Timeout)
	defer settle.Stop()
	defer timeout.Stop()
	// A server's ports are looked at from its start, so that the
	// message says when it first listened; it is judged running once it
	// listens after its settle window.
	// The first look waits 750 ms: most commands that may serve (a
	// docker run without -d) are batch jobs that end before it, and a
	// look costs them a few exec round trips.
	var poll <-chan time.Time
	every := 500 * time.Millisecond
	if e.Serving && e.Settle > 0 {
		poll = time.After(750 * time.Millisecond)
	}
	settled := false
	var firstSeen time.Duration
	var err error
loop:
	for {
		select {
		case err = <-done:
			break loop
		case <-settle.C:
			settled = true
			if !e.Serving {
				r.StillRunning = true
				err = s.stop(ctx, pidfile, done, conn)
				break loop
			}
			poll = time.After(0)
		case <-poll:
			ports := s.listening(ctx, e.Host, pidfile, start)
			if len(ports) > 0 && firstSeen == 0 {
				firstSeen = time.Since(start)
			}
			if len(ports) > 0 && settled {
				r.StillRunning, r.Listening, r.ReadyAfter = true, ports, firstSeen
				err = s.stop(ctx, pidfile, done, conn)
				break loop
			}
			poll, every = time.After(every), min(2*every, time.Second)
		case <-timeout.C:
			r.TimedOut = true
			err = s.stop(ctx, pidfile, done, conn)
			break loop
		case <-ctx.Done():
			_ = s.stop(ctx, pidfile, done, conn)
			return Ran{}, ctx.Err()
		}
	}
	if err != nil && !r.StillRunning && !r.TimedOut {
		return Ran{}, fmt.Errorf("read exec output: %w", err)
	}
	return r, nil
}

// listeningScript prints what tells which TCP ports a process group and
// the containers it started listen on: the socket inodes of the group's
// processes ("inode N"), the sandbox's TCP sockets ("tcp" and a line of
// /proc/net/tcp), and each running container ("ctr ID CREATED PID
// SHARED", SHARED 1 when it shares the sandbox's network namespace) with
// its network namespace's sockets ("ctcp ID" and a line of its
// /proc/PID/net/tcp) and its own processes' socket inodes ("cinode ID N",
// its processes found by the cgroup that names it).
const listeningScript = `pg=$(cat "$1" 2>/dev/null) || exit 0
for p in $(pgrep -g "$pg" 2>/dev/null); do ls -l /proc/$p/fd 2>/dev/null; done | sed -n 's/.*socket:\[\([0-9]*\)\]$/inode \1/p'
cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | sed 's/^/tcp /'
ids=$(docker ps -q 2>/dev/null)
[ -n "$ids" ] || exit 0
self=$(readlink /proc/self/ns/net)
docker inspect -f '{{.Id}} {{.Created}} {{.State.Pid}}' $ids 2>/dev/null | while read -r id created pid; do
	shared=0
	[ "$(readlink /proc/$pid/ns/net)" = "$self" ] && shared=1
	echo "ctr $id $created $pid $shared"
	cat /proc/$pid/net/tcp /proc/$pid/net/tcp6 2>/dev/null | sed "s/^/ctcp $id /"
	for p in $(grep -l "$id" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3); do ls -l /proc/$p/fd 2>/dev/null; done |
		sed -n "s/.*socket:\[\([0-9]*\)\]$/cinode $id \1/p"
done`

// listening returns the TCP ports that the process group of pidfile, or
// a container created since start, listens on, in order; none when it
// cannot tell.
func (s *Sandbox) listening(ctx context.Context, host, pidfile string, start time.Time) []int {
	r, err := s.Run(ctx, Exec{Cmd: []string{"sh", "-c", listeningScript, "listening", pidfile}, Host: host, Timeout: 10 * time.Second})
	if err != nil || r.ExitCode != 0 {
		return nil
	}
	return ListeningPorts(r.Output, start)
}

// ListeningPorts reads listeningScript's output: the ports in LISTEN
// state of the process group's sockets, and of the containers created
// at or after start (a second of clock skew allowed), in order, each once.
// A container's socket counts when one of its own processes holds it; when
// its processes cannot be told, every listening socket of its network
// namespace counts, unless that namespace is the sandbox's (--network
// host), whose sockets are the sandbox's own.
func ListeningPorts(out string, start time.Time) []int {
	inodes := map[string]bool{}
	recent, shared := map[string]bool{}, map[string]bool{}
	owned := map[string]map[string]bool{} // container → its processes' socket inodes
	var ports []int
	add := func(local, state string) {
		i := strings.LastIndex(local, ":")
		if i < 0 || state != "0A" { // 0A: LISTEN
			return
		}
		p, err := strconv.ParseUint(local[i+1:], 16, 16)
		if err == nil && p > 0 && !slices.Contains(ports, int(p)) {
			ports = append(ports, int(p))
		}
	}
	lines := strings.Split(out, "\n")
	for _, l := range lines {
		f := strings.Fields(l)
		switch {
		case len(f) == 2 && f[0] == "inode":
			inodes[f[1]] = true
		case len(f) >= 3 && f[0] == "ctr":
			created, err := time.Parse(time.RFC3339Nano, f[2])
			recent[f[1]] = err == nil && !created.Before(start.Add(-time.Second))
			shared[f[1]] = len(f) >= 5 && f[4] == "1"
		case len(f) == 3 && f[0] == "cinode":
			if owned[f[1]] == nil {
				owned[f[1]] = map[string]bool{}
			}
			owned[f[1]][f[2]] = true
		}
	}
	for _, l := range lines {
		f := strings.Fields(l)
		switch {
		case len(f) >= 11 && f[0] == "tcp" && inodes[f[10]]:
			add(f[2], f[4])
		case len(f) >= 12 && f[0] == "ctcp" && recent[f[1]]:
			id, inode := f[1], f[11]
			if owned[id] != nil && owned[id][inode] || owned[id] == nil && !shared[id] {
				add(f[3], f[5])
			}
		}
	}
	sort.Ints(ports)
	return ports
}

// must runs a process that has to succeed: its error, or its exit code
// with what it printed, fails as "WHAT: output".
func (s *Sandbox) must(ctx context.Context, what string, e Exec) error {
	r, err := s.Run(ctx, e)
	if err != nil {
		return err
	}
	if r.ExitCode != 0 {
		return fmt.Errorf("%s: %s", what, strings.TrimSpace(r.Output))
	}
	return nil
}

// attach creates the exec of cmd, attaches to its output and feeds it
// e.Stdin, closing its input at the end.
func (s *Sandbox) attach(ctx context.Context, cmd []string, e Exec) (string, client.HijackedResponse, error) {
	created, err := s.cli.ExecCreate(ctx, s.id, client.ExecCreateOptions{
		Cmd: cmd, WorkingDir: e.Dir, Env: e.Env,
		AttachStdout: true, AttachStderr: true, AttachStdin: e.Stdin != nil,
	})
	if err != nil {
		return "", client.HijackedResponse{}, fmt.Errorf("exec in sandbox: %w", err)
	}
	att, err := s.cli.ExecAttach(ctx, created.ID, client.ExecAttachOptions{})
	if err != nil {
		return "", client.HijackedResponse{}, fmt.Errorf("attach to exec in sandbox: %w", err)
	}
	if e.Stdin != nil {
		go func() {
			_, _ = io.Copy(att.Conn, e.Stdin)
			if cw, ok := att.Conn.(interface{ CloseWrite() error }); ok {
				_ = cw.CloseWrite()
			}
		}()
	}
	return created.ID, att.HijackedResponse, nil
}

// stop interrupts the process group (with util-linux kill: dash's builtin
// takes no process group) as Ctrl-C would, kills it if it is
// still there after a grace period, and waits for the output to end.
func (s *Sandbox) stop(ctx context.Context, pidfile string, done <-chan error, conn net.Conn) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	signal := func(sig string) {
		script := fmt.Sprintf(`pid=$(cat %s 2>/dev/null) && /bin/kill -%s -- "-$pid" 2>/dev/null; true`, pidfile, sig)
		if c, err := s.cli.ExecCreate(ctx, s.id, client.ExecCreateOptions{Cmd: []string{"sh", "-c", script}}); err == nil {
			_, _ = s.cli.ExecStart(ctx, c.ID, client.ExecStartOptions{})
		}
	}
	signal("INT")
	var err error
	finished := false
	select {
	case err = <-done:
		finished = true
	case <-time.After(2 * time.Second):
	}
	signal("KILL") // what ignored the interrupt, background jobs too
	if finished {
		return err
	}
	select {
	case err = <-done:
		return err
	case <-time.After(5 * time.Second):
		conn.Close()
		return <-done
	}
}

// setsidNoise is what setsid -w prints when its child was killed.
var setsidNoise = regexp.MustCompile(`(?m)^setsid: child \d+ did not exit normally.*\n?`)

// exitCode reads an exec's exit code once it has stopped running.
func (s *Sandbox) exitCode(ctx context.Context, execID string) (int, error) {
	ctx = context.WithoutCancel(ctx)
	for i := 0; ; i++ {
		insp, err := s.cli.ExecInspect(ctx, execID, client.ExecInspectOptions{})
		if err != nil {
			return 0, fmt.Errorf("inspect exec in sandbox: %w", err)
		}
		if !insp.Running || i == 100 {
			return insp.ExitCode, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// timer is a time.Timer that never fires when d is 0.
func timer(d time.Duration) *time.Timer {
	if d <= 0 {
		t := time.NewTimer(time.Hour)
		t.Stop()
		return t
	}
	return time.NewTimer(d)
}

// capped keeps the first limit bytes written to it and counts the rest.
type capped struct {
	mu        sync.Mutex
	b         strings.Builder
	limit     int
	truncated bool
}

func (c *capped) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.limit - c.b.Len(); room < len(p) {
		c.truncated = true
		if room > 0 {
			c.b.Write(p[:room])
		}
		return len(p), nil
	}
	c.b.Write(p)
	return len(p), nil
}

func (c *capped) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.String()
}

// tarFiles writes files, with their parent directories, as a tar stream.
func tarFiles(w io.Writer, files map[string][]byte) error {
	tw := tar.NewWriter(w)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	dirs := map[string]bool{}
	for _, name := range names {
		for d := path.Dir(name); d != "." && d != "/" && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
			if err := tw.WriteHeader(&tar.Header{Name: d + "/", Mode: 0o755, Typeflag: tar.TypeDir, ModTime: time.Now()}); err != nil {
				return err
			}
		}
		mode := int64(0o644)
		if strings.HasSuffix(name, ".sh") {
			mode = 0o755
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: mode, Size: int64(len(files[name])), ModTime: time.Now()}); err != nil {
			return err
		}
		if _, err := tw.Write(files[name]); err != nil {
			return err
		}
	}
	return tw.Close()
}

func isNotFound(err error) bool {
	return cerrdefs.IsNotFound(err)
}
