package labs

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNamedHosts(t *testing.T) {
	assert.False(t, Lab{}.NamedHosts(), "a lab that names no host")
	assert.True(t, Lab{FirstHost: "manager1", Hosts: []string{"manager1"}}.NamedHosts(), "one host the note names")
	assert.False(t, Lab{FirstHost: "manager1", Hosts: []string{"manager1"}}.MultiHost())
	assert.True(t, Lab{Hosts: []string{"node2"}}.NamedHosts(), "the reader's machine and node2")
}
