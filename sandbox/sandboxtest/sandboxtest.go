package sandboxtest

import (
	"context"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/sandbox"
	"github.com/moby/moby/client"
	tclog "github.com/testcontainers/testcontainers-go/log"
)

// Required reports whether Docker tests must run (LABRUN_REQUIRE_DOCKER=1).
func Required() bool { return os.Getenv("LABRUN_REQUIRE_DOCKER") == "1" }

// Skip skips the test, or fails it when Docker tests are required.
func Skip(t testing.TB, format string, args ...any) {
	t.Helper()
	if Required() {
		t.Fatalf("LABRUN_REQUIRE_DOCKER=1 but: "+format, args...)
	}
	t.Skipf(format, args...)
}

// Client returns a client for the host daemon. It turns testcontainers-go's
// reaper off, as labrun's main does: its image cannot be pulled here.
func Client(t testing.TB) (*client.Client, sandbox.Engine) {
	t.Helper()
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") == "" {
		_ = os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
	tclog.SetDefault(tclog.NewNoopLogger())
	cli, eng, err := sandbox.Connect(context.Background())
	if err != nil {
		Skip(t, "no Docker daemon: %v", err)
	}
	t.Cleanup(func() { cli.Close() })
	return cli, eng
}

// Host returns a sandbox host of the default engine whose session is
// removed when the test ends.
func Host(t testing.TB) *sandbox.Host {
	t.Helper()
	return EngineHost(t, engine.Default)
}

// EngineHost returns a sandbox host of an engine whose session is removed
// when the test ends. Without the engine's image the test is skipped: for
// the default engine, which `make images` builds, that is a failure under
// LABRUN_REQUIRE_DOCKER=1; another engine is built only on demand.
func EngineHost(t testing.TB, name string) *sandbox.Host {
	t.Helper()
	return ConfigHost(t, sandbox.Config{Engine: name})
}

// ConfigHost returns a sandbox host made with cfg (its engine, by
// default the default one), whose session is removed when the test ends,
// sandboxes kept warm included; see EngineHost.
func ConfigHost(t testing.TB, cfg sandbox.Config) *sandbox.Host {
	t.Helper()
	name := cfg.Engine
	if name == "" {
		name = engine.Default
	}
	cli, _ := Client(t)
	h, err := sandbox.NewHost(context.Background(), cli, cfg)
	if errors.Is(err, sandbox.ErrNoSandboxImage) {
		if name != engine.Default {
			t.Skipf("%v", err)
		}
		Skip(t, "%v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := h.Close(); err != nil {
			t.Errorf("remove saved images: %v", err)
		}
		if _, err := sandbox.GC(context.Background(), cli, h.Session()); err != nil {
			t.Errorf("gc: %v", err)
		}
	})
	return h
}

// State is what a test must leave on the host daemon as it found it.
type State struct {
	Images, Containers, Volumes, Networks []string
	Swarm                                 string
}

// HostState reads the host daemon's images, containers, volumes, networks
// and swarm state. Sandboxes of labrun sessions (labelled containers and
// networks, and the sandboxes' own volumes) are left out, so that a test is
// not disturbed by another labrun at work on the same daemon; anything a
// snippet might leak onto the host carries no such label and is counted.
func HostState(t testing.TB, cli *client.Client) State {
	t.Helper()
	ctx := context.Background()
	var s State
	sandboxVolumes := map[string]bool{}
	imgs, err := cli.ImageList(ctx, client.ImageListOptions{All: true})
	must(t, err)
	for _, i := range imgs.Items {
		s.Images = append(s.Images, i.ID+" "+strings.Join(i.RepoTags, ","))
	}
	cs, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true})
	must(t, err)
	for _, c := range cs.Items {
		if _, ok := c.Labels[sandbox.SessionLabel]; ok {
			for _, m := range c.Mounts {
				sandboxVolumes[m.Name] = true
			}
			continue
		}
		s.Containers = append(s.Containers, c.ID+" "+string(c.State))
	}
	vs, err := cli.VolumeList(ctx, client.VolumeListOptions{})
	must(t, err)
	for _, v := range vs.Items {
		if !sandboxVolumes[v.Name] {
			s.Volumes = append(s.Volumes, v.Name)
		}
	}
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{})
	must(t, err)
	for _, n := range ns.Items {
		if _, ok := n.Labels[sandbox.SessionLabel]; !ok {
			s.Networks = append(s.Networks, n.ID+" "+n.Name)
		}
	}
	info, err := cli.Info(ctx, client.InfoOptions{})
	must(t, err)
	s.Swarm = string(info.Info.Swarm.LocalNodeState)
	for _, l := range [][]string{s.Images, s.Containers, s.Volumes, s.Networks} {
		sort.Strings(l)
	}
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
