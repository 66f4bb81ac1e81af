package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHostOf(t *testing.T) {
	tests := []struct {
		text  string
		host  string
		first bool
	}{
		{"On node2, paste the join command:", "node2", false},
		{"Log in to `manager1` and run:", "manager1", false},
		{"Switch to worker-3:", "worker-3", false},
		{"Back on the manager, list the nodes:", "", true},
		{"There is nothing to type on the worker; from the manager, see where the tasks went:", "", true},
		{"Now on the second node:", "another host (second node)", false},
		{"Run it on each worker:", "another host (each worker)", false},
		{"It runs on arm64 and on port 8080:", "", false},
		{"Install Docker on Ubuntu 22.04:", "", false},
		{"Two machines, node1 and node2, run Docker.", "", false},
	}
	for _, tt := range tests {
		host, first := hostOf(tt.text)
		assert.Equal(t, tt.host, host, tt.text)
		assert.Equal(t, tt.first, first, tt.text)
	}
}

// TestHostContext: the first host the prose names is the lab's own; a
// block the prose puts on another is marked with it until the prose or
// a heading brings the reader back.
func TestHostContext(t *testing.T) {
	note := "# S\n\n## A\n\nOn node1, init:\n\n```sh\ndocker swarm init\n```\n\n## B\n\nOn node2, join:\n\n```sh\ndocker swarm join x\n```\n\n" +
		"Then check:\n\n```sh\ndocker info\n```\n\nBack on node1:\n\n```sh\ndocker node ls\n```\n\n## C\n\n```sh\ndocker ps\n```\n"
	var hosts []string
	for _, s := range Note("n.md", []byte(note)) {
		if s.Kind == Shell && s.Form == Fenced {
			hosts = append(hosts, s.Host)
		}
	}
	assert.Equal(t, []string{"", "node2", "node2", "", ""}, hosts)
}
