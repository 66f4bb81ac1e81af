package labs

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReadNamesTheFilesBesideTheNote(t *testing.T) {
	note := "# Demo\n\n```sh\ndocker compose up -d\ndocker build -t api ./api\nsh setup.sh\n./scripts/seed.sh --fast\ncd web && ls\ndocker compose -f ops/stack.yml config\ncat /etc/hosts ../other.txt\n```\n"
	all := Group(Extract([]Note{{Path: filepath.Join("talks", "demo.md"), Data: []byte(note)}}))
	if assert.Len(t, all, 1) {
		assert.ElementsMatch(t, []string{
			"talks/demo.md",
			"talks/compose.yaml", "talks/compose.yml", "talks/docker-compose.yaml", "talks/docker-compose.yml",
			"talks/api/Dockerfile", "talks/setup.sh", "talks/scripts/seed.sh", "talks/web", "talks/ops/stack.yml",
		}, all[0].Read())
	}
}
