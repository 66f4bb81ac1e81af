package sandbox_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func onHost(t *testing.T, set *sandbox.Set, host, script string) sandbox.Ran {
	t.Helper()
	r, err := set.Run(context.Background(), sandbox.Exec{Cmd: sh(script), Host: host, Timeout: time.Minute})
	require.NoError(t, err)
	return r
}

// TestSetFormsASwarm: a set's hosts have their names, reach each other by
// name, and form a swarm of three; closing the set leaves the host
// daemon as it was.
func TestSetFormsASwarm(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	before := sandboxtest.HostState(t, cli)
	h := sandboxtest.Host(t)
	ctx := context.Background()
	set, err := h.StartSet(ctx, sandbox.Online, []string{"node1", "node2", "node3"})
	require.NoError(t, err)
	defer func() {
		require.NoError(t, set.Close(ctx))
		assert.Equal(t, before, sandboxtest.HostState(t, cli), "the host daemon is exactly as it was")
	}()
	assert.Equal(t, []string{"node1", "node2", "node3"}, set.Hosts())
	for _, host := range set.Hosts() {
		assert.Equal(t, host+"\n", onHost(t, set, host, "hostname").Output)
		assert.NotEmpty(t, set.Address(host))
	}
	assert.Equal(t, "node1\n", onHost(t, set, "", "hostname").Output, "no host is the first host")
	assert.Equal(t, 0, onHost(t, set, "node3", "getent hosts node2").ExitCode, "hosts find each other by name")

	r := onHost(t, set, "node1", "docker swarm init --advertise-addr eth0 >/dev/null && docker swarm join-token -q worker")
	require.Equal(t, 0, r.ExitCode, r.Output)
	token := strings.TrimSpace(r.Output)
	for _, host := range []string{"node2", "node3"} {
		r := onHost(t, set, host, "docker swarm join --token "+token+" "+set.Address("node1")+":2377")
		require.Equal(t, 0, r.ExitCode, r.Output)
	}
	r = onHost(t, set, "node1", "docker node ls --format '{{.Hostname}} {{.Status}}' | sort")
	assert.Equal(t, "node1 Ready\nnode2 Ready\nnode3 Ready\n", r.Output)

	_, err = set.Run(ctx, sandbox.Exec{Cmd: sh("true"), Host: "node9"})
	assert.ErrorContains(t, err, `no host "node9"`)
}

// TestSetInterruptedLeavesNothing: Ctrl-C while a set starts removes
// whatever of it was made.
func TestSetInterruptedLeavesNothing(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	before := sandboxtest.HostState(t, cli)
	h := sandboxtest.Host(t)
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	set, err := h.StartSet(ctx, sandbox.Online, []string{"node1", "node2", "node3"})
	if err == nil {
		require.NoError(t, set.Close(context.Background()))
	}
	assert.Equal(t, before, sandboxtest.HostState(t, cli), "the host daemon is exactly as it was")
}

// BenchmarkStartSet times a set of one and of three hosts of the default
// engine, from nothing to every daemon answering behind its guard rails,
// against one sandbox; removing them is not counted. A lab of three hosts
// should be ready in under twice the time of a lab of one.
func BenchmarkStartSet(b *testing.B) {
	for _, hosts := range [][]string{{"node1"}, {"node1", "node2", "node3"}} {
		b.Run(fmt.Sprintf("hosts=%d", len(hosts)), func(b *testing.B) {
			h := sandboxtest.Host(b)
			ctx := context.Background()
			for b.Loop() {
				set, err := h.StartSet(ctx, sandbox.Online, hosts)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				_ = set.Close(ctx)
				b.StartTimer()
			}
		})
	}
}
