package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	got, err := Parse("20.10, 28,docker:29-dind,28")
	require.NoError(t, err)
	assert.Equal(t, []string{"20.10", "28", "docker:29-dind"}, got, "in the order given, once each")
	for _, bad := range []string{"", "28,", "19.03", "latest"} {
		_, err := Parse(bad)
		assert.Error(t, err, bad)
	}
}

func TestCompare(t *testing.T) {
	assert.Negative(t, Compare("20.10.24", "26.1.5"))
	assert.Negative(t, Compare("9", "10"), "numerically, not by text")
	assert.Positive(t, Compare("28.5.2", "28.5"))
	assert.Negative(t, Compare("28", "28.0"), "a shorter spelling first")
	assert.Negative(t, Compare("28", "docker:29-dind"), "what does not parse comes last")
}

func TestReadEngines(t *testing.T) {
	all, def := readEngines("# NAME SUITE CLI\n28 sid 28.5.2 default\n\n20.10 bookworm 20.10.24\n26   trixie  26.1.5\n" +
		"29 sid 29.10.0 daemon=v2.0.0-beta.25 compose=v5.7.2 buildx=v0.39.1\n")
	assert.Equal(t, []Engine{{Name: "20.10", Suite: "bookworm", CLI: "20.10.24"}, {Name: "26", Suite: "trixie", CLI: "26.1.5"},
		{Name: "28", Suite: "sid", CLI: "28.5.2"},
		{Name: "29", Suite: "sid", CLI: "29.10.0", Sources: map[string]string{"daemon": "v2.0.0-beta.25", "compose": "v5.7.2", "buildx": "v0.39.1"}}},
		all, "oldest first, whatever the file's order")
	assert.Equal(t, "28", def)
	assert.True(t, all[3].FromSource())
	assert.False(t, all[2].FromSource())
	for _, bad := range []string{"28 sid\n", "28 sid 28.5.2 newest\n", "26 trixie 26.1.5 default\n28 sid 28.5.2 default\n", "28 sid 28.5.2\n",
		"28 sid 28.5.2 default\n29 sid 29.10.0 daemon=v2.0.0-beta.25\n", "28 sid 28.5.2 default\n29 sid 29.10.0 daemon=\n",
		"28 sid 28.5.2 default\n29 sid 29.10.0 engine=v29 compose=v5.7.2 buildx=v0.39.1\n"} {
		assert.Panics(t, func() { readEngines(bad) }, bad)
	}
}

func TestEnginesTxt(t *testing.T) {
	require.NotEmpty(t, All)
	assert.Contains(t, Named, Default, "the default is a named engine")
	seen := map[string]bool{}
	for _, e := range All {
		assert.False(t, seen[e.Name], "%s is listed once", e.Name)
		seen[e.Name] = true
		assert.NotEmpty(t, e.Suite, e.Name)
		assert.Regexp(t, `^\d+\.\d+\.\d+$`, e.CLI, "%s: a docker/cli release", e.Name)
	}
}
