package sandbox_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/moby/moby/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listen starts, inside the sandbox (in network namespace ns, if not
// ""), a server on port that answers any request with "stand-in": the
// guard-rail tests aim at it instead of at what the rails protect.
func listen(ns string, port int) string {
	in := ""
	if ns != "" {
		in = "ip netns exec " + ns + " "
	}
	return fmt.Sprintf(`printf 'HTTP/1.0 200 OK\r\nContent-Length: 9\r\n\r\nstand-in\n' >/tmp/stand-in
setsid -f %[1]ssocat TCP4-LISTEN:%[2]d,fork,reuseaddr SYSTEM:"cat /tmp/stand-in" </dev/null >/dev/null 2>&1
for i in $(seq 50); do %[1]sss -ltn | grep -q ':%[2]d ' && exit 0; sleep 0.1; done
exit 1`, in, port)
}

// where returns a sandbox's address and its network's name and gateway,
// as the host daemon sees them.
func where(t *testing.T, cli *client.Client, sb *sandbox.Sandbox) (addr, network, gateway string) {
	t.Helper()
	insp, err := cli.ContainerInspect(context.Background(), sb.ID(), client.ContainerInspectOptions{})
	require.NoError(t, err)
	for name, ep := range insp.Container.NetworkSettings.Networks {
		return ep.IPAddress.String(), name, ep.Gateway.String()
	}
	t.Fatal("the sandbox is on no network")
	return "", "", ""
}

// plainRun runs busybox in a plain container on a host network, outside
// any sandbox, labelled with the session so that the test's GC removes
// it whatever happens: the control that shows an address can be reached
// where no guard rail stands.
func plainRun(t *testing.T, h *sandbox.Host, network, script string) (string, error) {
	t.Helper()
	out, err := exec.Command("docker", "run", "--rm", "--network", network,
		"--label", sandbox.SessionLabel+"="+h.Session(), "busybox", "sh", "-c", script).CombinedOutput()
	return string(out), err
}

// inSandbox runs a script in the sandbox, in an inner container when
// inner is set, and returns its exit code and output.
func inSandbox(t *testing.T, sb *sandbox.Sandbox, inner bool, script string) sandbox.Ran {
	t.Helper()
	cmd := sh(script)
	if inner {
		cmd = []string{"docker", "run", "--rm", "busybox", "sh", "-c", script}
	}
	return run(t, sb, sandbox.Exec{Cmd: cmd, Timeout: 30 * time.Second})
}

// fetch is a request to addr:port that gives up after 3 s, with curl in
// the sandbox and busybox nc in a container.
func fetch(inner bool, addr string, port int) string {
	if inner {
		return fmt.Sprintf(`printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 3 %s %d`, addr, port)
	}
	return fmt.Sprintf("curl -sS --max-time 3 http://%s:%d/", addr, port)
}

// refused checks that a fetch was refused at once, not timed out: nc says
// so, curl exits 7 ("could not connect"; 28 would be a time-out).
func refused(t *testing.T, inner bool, r sandbox.Ran) {
	t.Helper()
	if inner {
		assert.Contains(t, strings.ToLower(r.Output), "refused", "inner=%v", inner)
		return
	}
	assert.Equal(t, 7, r.ExitCode, "curl did not find the connection refused: %s", r.Output)
}

// TestGuardRails shows, from inside a sandbox (its own processes and a
// container of its daemon), in both network modes, that the host daemon's
// socket and the host's ports on the gateway, cloud metadata and another
// lab's sandbox are out of reach, while each stand-in is reachable where no
// rail stands. Nothing is sent to a real metadata address: its stand-in
// sits in a network namespace made inside the sandbox.
func TestGuardRails(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	h := sandboxtest.Host(t)
	ctx := context.Background()
	local := !strings.HasPrefix(os.Getenv("DOCKER_HOST"), "tcp://") && !strings.HasPrefix(os.Getenv("DOCKER_HOST"), "ssh://")

	// The host daemon's TCP port, stood in for by a listener of the test
	// process on every address of the host.
	ln, err := net.Listen("tcp4", "0.0.0.0:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "stand-in") }), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	for _, reach := range []sandbox.Network{sandbox.Online, sandbox.Offline} {
		t.Run(reach.String(), func(t *testing.T) {
			sb, err := h.Start(ctx, reach)
			require.NoError(t, err)
			t.Cleanup(func() { assert.NoError(t, sb.Close(ctx)) })
			missing, err := sb.CopyImages(ctx, []string{"busybox"})
			require.NoError(t, err)
			require.Empty(t, missing)
			assert.Equal(t, reach, sb.Network())
			_, network, gw := where(t, cli, sb)

			t.Run("host daemon socket", func(t *testing.T) {
				insp, err := cli.ContainerInspect(ctx, sb.ID(), client.ContainerInspectOptions{})
				require.NoError(t, err)
				for _, m := range insp.Container.Mounts {
					assert.NotContains(t, m.Source, "docker.sock", "a socket is mounted into the sandbox")
				}
				info, err := cli.Info(ctx, client.InfoOptions{})
				require.NoError(t, err)
				r := inSandbox(t, sb, false, "docker info --format '{{.ID}}'")
				require.Equal(t, 0, r.ExitCode, r.Output)
				assert.NotEqual(t, info.Info.ID, strings.TrimSpace(r.Output), "the sandbox's docker is the host's")
			})
			t.Run("host ports on the gateway", func(t *testing.T) {
				if !local {
					sandboxtest.Skip(t, "the daemon is on another machine: the test's listener is not on its gateway")
				}
				out, err := plainRun(t, h, network, fetch(true, gw, port))
				require.NoError(t, err, "control: a plain container on the sandbox's network reaches the listener: %s", out)
				require.Contains(t, out, "stand-in")
				for _, inner := range []bool{false, true} {
					r := inSandbox(t, sb, inner, fetch(inner, gw, port))
					assert.NotEqual(t, 0, r.ExitCode, "inner=%v reached the host: %s", inner, r.Output)
					refused(t, inner, r)
				}
			})
			t.Run("daemon ports anywhere", func(t *testing.T) {
				r := inSandbox(t, sb, false, "iptables -C LABRUN-GUARD -o eth0 -p tcp --dport 2375:2376 -j REJECT --reject-with tcp-reset")
				assert.Equal(t, 0, r.ExitCode, "no rule refuses the daemon's ports: %s", r.Output)
			})
			t.Run("cloud metadata", func(t *testing.T) {
				// A namespace of the test's own, routed from the sandbox,
				// holds 169.254.169.254 and a control address.
				setup := `set -e
ip netns add meta
ip link add meta0 type veth peer name meta1
ip link set meta1 netns meta
ip addr add 10.254.0.1/30 dev meta0
ip link set meta0 up
ip netns exec meta ip addr add 10.254.0.2/30 dev meta1
ip netns exec meta ip addr add 169.254.169.254/32 dev meta1
ip netns exec meta ip link set meta1 up
ip netns exec meta ip link set lo up
ip netns exec meta ip route add default via 10.254.0.1
ip route add 169.254.169.254/32 via 10.254.0.2
` + listen("meta", 80)
				r := inSandbox(t, sb, false, setup)
				require.Equal(t, 0, r.ExitCode, r.Output)
				for _, inner := range []bool{false, true} {
					r := inSandbox(t, sb, inner, fetch(inner, "10.254.0.2", 80))
					require.Equal(t, 0, r.ExitCode, "control: inner=%v cannot reach the stand-in's namespace: %s", inner, r.Output)
					require.Contains(t, r.Output, "stand-in")
					r = inSandbox(t, sb, inner, fetch(inner, "169.254.169.254", 80))
					assert.NotEqual(t, 0, r.ExitCode, "inner=%v reached the metadata stand-in: %s", inner, r.Output)
					refused(t, inner, r)
				}
			})
			t.Run("another lab's sandbox", func(t *testing.T) {
				other, err := h.Start(ctx, sandbox.Online)
				require.NoError(t, err)
				defer func() { assert.NoError(t, other.Close(ctx)) }()
				r := inSandbox(t, other, false, listen("", 7000))
				require.Equal(t, 0, r.ExitCode, r.Output)
				addr, otherNet, _ := where(t, cli, other)
				out, err := plainRun(t, h, otherNet, fetch(true, addr, 7000))
				require.NoError(t, err, "control: a plain container on the other lab's network reaches it: %s", out)
				require.Contains(t, out, "stand-in")
				for _, inner := range []bool{false, true} {
					r := inSandbox(t, sb, inner, fetch(inner, addr, 7000))
					assert.NotEqual(t, 0, r.ExitCode, "inner=%v reached another lab's sandbox: %s", inner, r.Output)
					assert.NotContains(t, r.Output, "stand-in")
				}
			})
		})
	}
}
