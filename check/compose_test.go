package check

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Compose v2's keys pass compose-go's check: a top-level name, include
// (whose files are in the sandbox, not where labrun runs), develop.
func TestCheckComposeKnowsComposeV2(t *testing.T) {
	ctx := context.Background()
	for name, code := range map[string]string{
		"name":    "name: cheat\nservices:\n  web:\n    image: busybox:1.36\n",
		"include": "include:\n  - other.yaml\nservices:\n  web:\n    image: busybox:1.36\n",
		"develop": "services:\n  web:\n    image: busybox:1.36\n    develop:\n      watch:\n        - action: sync\n          path: ./src\n          target: /src\n",
	} {
		assert.Empty(t, Compose(ctx, "/lab", "compose.yaml", []byte(code)), name)
	}
	assert.Contains(t, Compose(ctx, "/lab", "compose.yaml", []byte("services:\n  web:\n    image: busybox:1.36\n    ports:\n      - target: eighty\n")), "target")
	assert.Contains(t, Compose(ctx, "/lab", "compose.yaml", []byte("services:\n  web:\n    imgae: busybox:1.36\n")), "imgae")
}

func TestComposeImages(t *testing.T) {
	code := "services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n  app:\n    build: .\n  env:\n    image: ${REGISTRY}/app\n"
	assert.Equal(t, []string{"nginx:1.27", "postgres:16"}, ComposeImages(code), "in order, without builds or variables")
	assert.Nil(t, ComposeImages("services: [\n"), "not YAML")
}
