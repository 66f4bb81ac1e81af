package sandbox

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEngineImage(t *testing.T) {
	assert.Equal(t, "labrun/sandbox:28", EngineImage("28"))
	assert.Equal(t, "labrun/sandbox:20.10", EngineImage("20.10"))
	assert.Equal(t, "docker:29-dind", EngineImage("docker:29-dind"), "any other engine is an image")
}

func TestParseEngines(t *testing.T) {
	got, err := ParseEngines("20.10, 28,docker:29-dind,28")
	require.NoError(t, err)
	assert.Equal(t, []string{"20.10", "28", "docker:29-dind"}, got, "in the order given, once each")
	for _, bad := range []string{"", "28,", "19.03", "latest"} {
		_, err := ParseEngines(bad)
		assert.Error(t, err, bad)
	}
}

func TestMissingImageAdviceNamesTheBuild(t *testing.T) {
	assert.Contains(t, missingImageAdvice("28", "labrun/sandbox:28"), "`make images`")
	assert.Contains(t, missingImageAdvice("26", "labrun/sandbox:26"), "`make images ENGINES=26`")
	assert.Contains(t, missingImageAdvice("docker:29-dind", "docker:29-dind"), "docker pull docker:29-dind")
}

func TestCompareVersions(t *testing.T) {
	assert.Negative(t, CompareVersions("20.10.24", "26.1.5"))
	assert.Negative(t, CompareVersions("9", "10"), "numerically, not by text")
	assert.Positive(t, CompareVersions("28.5.2", "28.5"))
	assert.Negative(t, CompareVersions("28", "docker:29-dind"), "what does not parse comes last")
}

func TestVersionsFromLabels(t *testing.T) {
	v := versionsFrom(map[string]string{"org.labrun.version.engine": "28.5.2", "org.labrun.version.compose": "2.40.3", "other": "x"})
	assert.Equal(t, Versions{Engine: "28.5.2", Compose: "2.40.3"}, v)
	assert.Equal(t, "Engine 28.5.2, Compose 2.40.3", v.String())
}
