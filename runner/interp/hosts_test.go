package interp

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/verdict"
)

func TestWhatRunsOnAnotherHostIsBlockedUntilExit(t *testing.T) {
	l := &labRun{}
	judged := func(command string) (verdict.Verdict, bool) { return l.elsewhere(extract.NewCommand(7, command)) }
	_, ok := judged("docker ps")
	assert.False(t, ok, "on the lab's own host")
	v, ok := judged("ssh node2")
	assert.True(t, ok)
	assert.Equal(t, verdict.ReasonNeedsHost, v.Reason)
	v, ok = judged("docker info")
	assert.True(t, ok)
	assert.Contains(t, v.Message, "runs on node2 (after `ssh node2` at line 7)")
	_, ok = judged("exit")
	assert.True(t, ok, "exit is typed on node2")
	_, ok = judged("docker ps")
	assert.False(t, ok, "back on the lab's own host")
	_, ok = judged("ssh node3 uptime")
	assert.True(t, ok)
	_, ok = judged("docker ps")
	assert.False(t, ok, "ssh with a command comes back by itself")
}
