package interp

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
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

// A lab of one host that the note names runs what the note types there
// after an ssh to that host's address: the ssh moves the reader nowhere.
func TestSSHToTheLabsOwnHost(t *testing.T) {
	l := &labRun{lab: labs.Lab{FirstHost: "manager1", Hosts: []string{"manager1"}}}
	on := func(host, command string) extract.Command {
		c := extract.NewCommand(7, command)
		c.Host = host // as the note's ssh session and its address say
		return c
	}
	_, ok := l.elsewhere(on("manager1", "ssh docker@manager1.swarmlab.example.net"))
	assert.False(t, ok, "the lab's own host")
	_, moved := l.throughSSH(on("manager1", "ssh docker@manager1.swarmlab.example.net"))
	require.NotNil(t, moved)
	assert.Equal(t, "now on manager1: the commands after it run there", moved.Message)
	c, moved := l.throughSSH(on("manager1", "ssh docker@manager1.swarmlab.example.net docker node ls"))
	assert.Nil(t, moved)
	assert.Equal(t, "docker node ls", c.Text, "the words ssh hands the host")

	v, ok := l.elsewhere(on("github.com", "ssh -T git@github.com"))
	assert.True(t, ok, "a host on the internet")
	assert.Equal(t, "runs on github.com, a host this lab does not have", v.Message)
}
