package runner_test

import (
	"context"
	"strings"
	"testing"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/runner"
	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/labrun/labrun/verdict"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keptNote is a note as an author edits it under try --watch: a container
// started, then commands that only look at it.
const keptNote = "# Clock\n\n```sh\ndocker run -d --name clock busybox:1.36 sleep 600\n```\n\n" +
	"```console\n$ docker ps --format '{{.Names}}'\n%s\n```\n"

func keptLab(t *testing.T, note string) []labs.Lab {
	t.Helper()
	all := labs.Group(extract.Snippets("clock.md", []byte(note)))
	require.Len(t, all, 1)
	return all
}

func statuses(rep result.Report) []verdict.Status {
	var out []verdict.Status
	for _, r := range rep.Results {
		out = append(out, r.Status)
	}
	return out
}

// TestKeptGoesOnFromTheFirstChange: an edit after a step that started a
// container goes on in the same sandbox, the container still there, and
// keeps the result of the step before it; an edit of that step itself
// runs the lab again from its start, in a sandbox of its own (the same
// container name started twice would fail).
func TestKeptGoesOnFromTheFirstChange(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	before := sandboxtest.HostState(t, cli)
	host := &countingHost{EngineHost: runner.OnHost(sandboxtest.Host(t))}
	kept := runner.NewKept()
	ctx := context.Background()
	cfg := runner.Config{Keep: kept}
	run := func(note string) result.Report {
		t.Helper()
		rep, err := runner.Run(ctx, []runner.EngineHost{host}, keptLab(t, strings.ReplaceAll(note, "%s", "clock")), cfg)
		require.NoError(t, err)
		return rep
	}

	first := run(keptNote)
	assert.Equal(t, []verdict.Status{verdict.Pass, verdict.Pass}, statuses(first))
	assert.Empty(t, kept.Said())
	assert.Equal(t, 1, host.starts)

	// the shown output edited: the look at the containers is run again
	// in the same sandbox, whose clock still runs
	wrong := strings.Replace(keptNote, "%s\n", "%s\ncalendar\n", 1)
	second := run(wrong)
	assert.Equal(t, []verdict.Status{verdict.Pass, verdict.Fail}, statuses(second))
	assert.Equal(t, verdict.ReasonOutput, second.Results[1].Reason)
	assert.Equal(t, first.Results[0].Duration, second.Results[0].Duration, "the first step's result is kept, not run again")
	assert.Equal(t, []string{"clock: went on from line 8; the snippet before it is unchanged, and what they did is kept"}, kept.Said())
	assert.Equal(t, 1, host.starts)

	// a command added at the end, which uses what the first step made
	added := keptNote + "\n```sh\ndocker stop -t 0 clock\n```\n"
	third := run(added)
	assert.Equal(t, []verdict.Status{verdict.Pass, verdict.Pass, verdict.Pass}, statuses(third))
	assert.Contains(t, kept.Said()[0], "went on from line 8")
	assert.Equal(t, 1, host.starts)

	// the first step edited: the step after it stopped the clock, so the
	// lab runs from its start, in a sandbox of its own
	edited := strings.Replace(added, "sleep 600", "sleep 601", 1)
	fourth := run(edited)
	assert.Equal(t, []verdict.Status{verdict.Pass, verdict.Pass, verdict.Pass}, statuses(fourth))
	assert.Equal(t, []string{"clock: ran from its start: line 4, after the first change, may have changed the sandbox"}, kept.Said())
	assert.Equal(t, 2, host.starts)

	require.NoError(t, kept.Close(ctx))
	assert.Equal(t, before, sandboxtest.HostState(t, cli), "the host daemon is exactly as it was")
}
