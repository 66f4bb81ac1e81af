package dockercli

import (
	"strings"
	"testing"

	"github.com/labrun/labrun/engine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRetiredFormsAgreeWithTheGrammar holds the table of retired forms to
// each engine's own CLI: a removed flag is gone from every engine, a flag
// with a modern form is still taken, successors are there, and a moved
// flag is its new command's and not the one notes write it on.
func TestRetiredFormsAgreeWithTheGrammar(t *testing.T) {
	for _, e := range engine.Named {
		command := func(path string) *Command {
			c, _ := Docker(e).Lookup(strings.Fields(path))
			require.NotNil(t, c, "docker %s on %s", path, e)
			require.Equal(t, path, c.Path, "docker %s on %s", path, e)
			return c
		}
		for _, c := range flagChanges {
			for _, path := range c.On {
				f := command(path).Flag(strings.TrimLeft(c.Flag, "-"))
				if c.Removed {
					assert.Nil(t, f, "%s: docker %s has no %s", e, path, c.Flag)
				} else {
					assert.NotNil(t, f, "%s: docker %s still has %s", e, path, c.Flag)
				}
				if c.Successor != "" {
					succ := strings.TrimLeft(strings.Fields(c.Successor)[0], "-")
					assert.NotNil(t, command(path).Flag(succ), "%s: docker %s has %s", e, path, c.Successor)
				}
			}
		}
		for _, m := range movedFlags {
			for _, f := range m.Flags {
				assert.Nil(t, command(m.On).Flag(f), "%s: docker %s has no --%s", e, m.On, f)
				assert.NotNil(t, command(m.To).Flag(f), "%s: docker %s has --%s", e, m.To, f)
			}
		}
	}
	for _, r := range retiredPrograms {
		if r.Successor != "" {
			words := strings.Fields(r.Successor)
			require.Len(t, words, 2, r.Successor)
			assert.Equal(t, "docker", words[0])
			assert.NotNil(t, Plugin(words[1]), "%s is a docker plugin labrun knows", r.Successor)
		}
	}
}

func TestRemovedFlag(t *testing.T) {
	succ, ok := RemovedFlag("search", "--automated")
	assert.True(t, ok)
	assert.Equal(t, "--filter is-automated=true", succ)
	succ, ok = RemovedFlag("image tag", "-f")
	assert.True(t, ok)
	assert.Empty(t, succ, "dropped")
	_, ok = RemovedFlag("container run", "--net")
	assert.False(t, ok, "still taken: a hint, no rewrite")
	_, ok = RemovedFlag("login", "-f")
	assert.False(t, ok)
}
