package extract

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseInfo(t *testing.T) {
	tests := []struct {
		info string
		lang string
		want Annotations
	}{
		{"", "", Annotations{}},
		{"sh", "sh", Annotations{}},
		{"Dockerfile", "dockerfile", Annotations{}},
		{"{.bash}", "", Annotations{Unknown: []string{".bash"}}},
		{"sh {skip}", "sh", Annotations{Skip: true}},
		{"yaml {file=compose.override.yaml}", "yaml", Annotations{File: "compose.override.yaml"}},
		{"bash {expect=fail timeout=30s needs=swarm,network}", "bash",
			Annotations{ExpectFail: true, Timeout: 30 * time.Second, Needs: []string{"swarm", "network"}}},
		{"sh {timeout=5 lab=\"my lab\"}", "sh", Annotations{Timeout: 5 * time.Second, Lab: "my lab"}},
		{"sh {timeout=soon color=red}", "sh", Annotations{Unknown: []string{"timeout=soon", "color=red"}}},
		{"sh {skip=false expect=pass}", "sh", Annotations{}},
	}
	for _, tt := range tests {
		t.Run(tt.info, func(t *testing.T) {
			lang, got := ParseInfo(tt.info)
			assert.Equal(t, tt.lang, lang)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseComment(t *testing.T) {
	tests := []struct {
		html string
		ok   bool
		want Annotations
	}{
		{"<!-- labrun: skip -->", true, Annotations{Skip: true}},
		{"<!--labrun: file=Dockerfile.dev-->\n", true, Annotations{File: "Dockerfile.dev"}},
		{"<!-- labrun expect=fail -->", true, Annotations{ExpectFail: true}},
		{"<!-- a plain comment -->", false, Annotations{}},
		{"<div>labrun: skip</div>", false, Annotations{}},
	}
	for _, tt := range tests {
		t.Run(tt.html, func(t *testing.T) {
			got, ok := ParseComment(tt.html)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAnnotationsMerge(t *testing.T) {
	comment := Annotations{Skip: true, Timeout: time.Second, Needs: []string{"swarm"}}
	info := Annotations{File: "a.yaml", Timeout: 2 * time.Second}
	got := comment.Merge(info)
	assert.Equal(t, Annotations{Skip: true, File: "a.yaml", Timeout: 2 * time.Second, Needs: []string{"swarm"}}, got)
	assert.True(t, got.Has("swarm"))
	assert.False(t, got.Has("network"))
}
