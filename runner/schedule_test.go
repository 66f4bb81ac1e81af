package runner_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/runner/interp"
	"github.com/labrun/labrun/verdict"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/runner"
	"github.com/labrun/labrun/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeSandbox runs nothing: every command exits 0 at once. It lets the
// tests of scheduling run without Docker.
type fakeSandbox struct {
	reach  sandbox.Network
	mu     sync.Mutex
	ran    []string
	closed int
}

func (s *fakeSandbox) Run(_ context.Context, e sandbox.Exec) (sandbox.Ran, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ran = append(s.ran, e.Cmd[len(e.Cmd)-1])
	return sandbox.Ran{}, nil
}
func (s *fakeSandbox) WriteFiles(context.Context, string, map[string][]byte) error { return nil }
func (s *fakeSandbox) Compose() string                                             { return "docker compose" }
func (s *fakeSandbox) CopyImages(context.Context, []string) (map[string]string, error) {
	return nil, nil
}
func (s *fakeSandbox) InitSwarm(context.Context) error { return nil }
func (s *fakeSandbox) Mode() string                    { return "fake" }
func (s *fakeSandbox) Close(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed++
	return nil
}

// fakeHost starts fake sandboxes and keeps them, to be looked at.
type fakeHost struct {
	mu      sync.Mutex
	started []*fakeSandbox
	fail    error // when set, Start fails with it
}

func (h *fakeHost) StartSet(ctx context.Context, reach sandbox.Network, _ []string) (runner.Started, error) {
	return h.Start(ctx, reach)
}

func (h *fakeHost) Start(ctx context.Context, reach sandbox.Network) (runner.Started, error) {
	if h.fail != nil {
		return nil, h.fail
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sb := &fakeSandbox{reach: reach}
	h.mu.Lock()
	h.started = append(h.started, sb)
	h.mu.Unlock()
	return sb, nil
}
func (h *fakeHost) Engine() string            { return "fake" }
func (h *fakeHost) Versions() engine.Versions { return engine.Versions{} }
func (h *fakeHost) ImageIDs(context.Context, []string) map[string]string {
	return map[string]string{}
}

// reaches counts the sandboxes started for each network, and checks that
// each was removed once.
func (h *fakeHost) reaches(t *testing.T) map[sandbox.Network]int {
	t.Helper()
	n := map[sandbox.Network]int{}
	for _, sb := range h.started {
		n[sb.reach]++
		assert.Equal(t, 1, sb.closed, "a sandbox removed %d times", sb.closed)
	}
	return n
}

func note(t *testing.T, name, text string) []labs.Lab {
	t.Helper()
	return labs.Group(extract.Snippets(name, []byte(text)))
}

// Each lab runs in a sandbox of its own on the network its note asks
// for, the report keeps the labs' order and says which ran offline.
func TestRunStartsEachLabOnItsNetwork(t *testing.T) {
	all := append(note(t, "on.md", "# One\n\n```sh\ndocker ps\n```\n\n# Two\n\n```sh\ndocker images\n```\n"),
		note(t, "off.md", "---\noffline: true\n---\n# Three\n\n```sh\ndocker info\n```\n")...)
	require.Len(t, all, 3)
	for _, jobs := range []int{1, 2} {
		h := &fakeHost{}
		rep, err := runner.Run(context.Background(), []runner.EngineHost{h}, all, runner.Config{Jobs: jobs})
		require.NoError(t, err)
		assert.Equal(t, map[sandbox.Network]int{sandbox.Online: 2, sandbox.Offline: 1}, h.reaches(t), "jobs=%d", jobs)
		assert.Equal(t, result.Network{Mode: "mixed", Offline: []string{"three"}}, rep.Network)
		var order []string
		for _, r := range rep.Results {
			order = append(order, r.LabID+" "+string(r.Status))
		}
		assert.Equal(t, []string{"one pass", "two pass", "three pass"}, order, "jobs=%d", jobs)
	}

	h := &fakeHost{}
	rep, err := runner.Run(context.Background(), []runner.EngineHost{h}, all, runner.Config{Offline: true})
	require.NoError(t, err)
	assert.Equal(t, map[sandbox.Network]int{sandbox.Offline: 3}, h.reaches(t), "--offline cuts every lab")
	assert.Equal(t, "offline", rep.Network.Mode)
}

// A sandbox that cannot start stops the run: every snippet not judged
// gets an error result, and nothing started is left behind.
func TestRunStopsWhenASandboxCannotStart(t *testing.T) {
	all := note(t, "n.md", "# One\n\n```sh\ndocker ps\n```\n\n# Two\n\n```sh\ndocker images\n```\n")
	h := &fakeHost{fail: errors.New("no room")}
	rep, err := runner.Run(context.Background(), []runner.EngineHost{h}, all, runner.Config{Jobs: 2})
	require.ErrorContains(t, err, "no room")
	require.Len(t, rep.Results, 2)
	for _, r := range rep.Results {
		assert.Equal(t, verdict.Blocked, r.Status)
		assert.Equal(t, verdict.ReasonError, r.Reason)
	}
}

// An interrupted run starts nothing more and removes what it started.
func TestRunInterruptedRemovesItsSandboxes(t *testing.T) {
	all := note(t, "n.md", "# One\n\n```sh\ndocker ps\n```\n\n# Two\n\n```sh\ndocker images\n```\n\n# Three\n\n```sh\ndocker info\n```\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := &fakeHost{}
	cfg := runner.Config{Jobs: 1, Config: interp.Config{Progress: func(e interp.Event) {
		if e.Result == nil {
			cancel() // the first step starts, and the user presses Ctrl-C
		}
	}}}
	rep, err := runner.Run(ctx, []runner.EngineHost{h}, all, cfg)
	require.ErrorIs(t, err, context.Canceled)
	require.Len(t, rep.Results, 3)
	assert.Equal(t, verdict.Blocked, rep.Results[2].Status, "the last lab never ran")
	assert.Equal(t, verdict.ReasonError, rep.Results[2].Reason)
	started := h.reaches(t) // each started sandbox removed once
	assert.Positive(t, started[sandbox.Online], "the first lab's sandbox started")
	assert.Less(t, started[sandbox.Online], 3, "nothing started after the interruption but the sandbox started ahead")
}
