package sandbox

import (
	"testing"

	"github.com/labrun/labrun/engine"
	"github.com/stretchr/testify/assert"
)

func TestEngineImage(t *testing.T) {
	assert.Equal(t, "labrun/sandbox:28", EngineImage("28"))
	assert.Equal(t, "labrun/sandbox:20.10", EngineImage("20.10"))
	assert.Equal(t, "docker:29-dind", EngineImage("docker:29-dind"), "any other engine is an image")
}

func TestMissingImageAdviceNamesTheBuild(t *testing.T) {
	assert.Contains(t, missingImageAdvice("28", "labrun/sandbox:28"), "`labrun setup --engine 28`")
	assert.Contains(t, missingImageAdvice("26", "labrun/sandbox:26"), "`labrun setup --engine 26`")
	assert.Contains(t, missingImageAdvice("docker:29-dind", "docker:29-dind"), "docker pull docker:29-dind")
}

func TestVersionsFromLabels(t *testing.T) {
	v := versionsFrom(map[string]string{"org.labrun.version.engine": "28.5.2", "org.labrun.version.compose": "2.40.3", "other": "x"})
	assert.Equal(t, engine.Versions{Engine: "28.5.2", Compose: "2.40.3"}, v)
	assert.Equal(t, "Engine 28.5.2, Compose 2.40.3", v.String())
}
