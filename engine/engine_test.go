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
	assert.Negative(t, Compare("28", "docker:29-dind"), "what does not parse comes last")
}
