package runner

import (
	"testing"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/sandbox"
	"github.com/stretchr/testify/assert"
)

func TestNetworkOfARun(t *testing.T) {
	runs := labs.Step{Snippet: extract.Snippet{Kind: extract.Shell, Runnable: true}}
	online := labs.Lab{ID: "online", Steps: []labs.Step{runs}}
	offline := labs.Lab{ID: "offline", Offline: true, Steps: []labs.Step{runs}}
	idle := labs.Lab{ID: "idle", Offline: true} // nothing to run: no sandbox, no say

	assert.Equal(t, result.Network{Mode: "online"}, networkOf([]labs.Lab{online, idle}, Config{}))
	assert.Equal(t, result.Network{Mode: "offline"}, networkOf([]labs.Lab{online, offline}, Config{Offline: true}))
	assert.Equal(t, result.Network{Mode: "offline"}, networkOf([]labs.Lab{offline}, Config{}), "every lab offline by its note")
	mixed := networkOf([]labs.Lab{online, offline, idle}, Config{})
	assert.Equal(t, result.Network{Mode: "mixed", Offline: []string{"offline"}}, mixed)
	assert.Equal(t, "offline", mixed.Of("offline"))
	assert.Equal(t, "online", mixed.Of("online"))
	assert.Equal(t, "online", result.Network{Mode: "online"}.Of("offline"))

	assert.Equal(t, sandbox.Offline, Config{}.reach(offline))
	assert.Equal(t, sandbox.Online, Config{}.reach(online))
	assert.Equal(t, sandbox.Offline, Config{Offline: true}.reach(online))
}
