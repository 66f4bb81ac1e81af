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
		{"sh {host=Node2}", "sh", Annotations{Hosts: []string{"node2"}}},
		{"sh {hosts=node2,node3}", "sh", Annotations{Hosts: []string{"node2", "node3"}}},
		{`sh {hosts="node2, node3, node2"}`, "sh", Annotations{Hosts: []string{"node2", "node3"}}},
		{"sh {host=*}", "sh", Annotations{Hosts: []string{"*"}}},
		{"sh {hosts=*workers}", "sh", Annotations{Hosts: []string{"*workers"}}},
		{"sh {host=10.0.0.5}", "sh", Annotations{Hosts: []string{"10.0.0.5"}}},
		{"sh {until=stopped}", "sh", Annotations{UntilStopped: true}},
		{"sh {long-running}", "sh", Annotations{UntilStopped: true}},
		{"sh {until=tomorrow}", "sh", Annotations{Unknown: []string{"until=tomorrow"}}},
		{"sh {host= hosts=a,,b host=$X}", "sh", Annotations{Unknown: []string{"host=", "hosts=a,,b", "host=$X"}}},
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
		{"<!-- labrun: host=node2 -->", true, Annotations{Hosts: []string{"node2"}}},
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
	comment := Annotations{Skip: true, Timeout: time.Second, Needs: []string{"swarm"}, Hosts: []string{"node1"}}
	info := Annotations{File: "a.yaml", Timeout: 2 * time.Second, Hosts: []string{"node2", "node3"}}
	got := comment.Merge(info)
	assert.Equal(t, Annotations{Skip: true, File: "a.yaml", Timeout: 2 * time.Second, Needs: []string{"swarm"}, Hosts: []string{"node2", "node3"}}, got)
	assert.Equal(t, []string{"node1"}, comment.Merge(Annotations{}).Hosts, "hosts set by the comment alone stay")
	assert.True(t, got.Has("swarm"))
	assert.False(t, got.Has("network"))
}

func TestUntilStoppedFromProse(t *testing.T) {
	note := "# Serve\n\nStart the server; it runs until you press Ctrl+C:\n\n```sh\n./serve.sh\n```\n\n" +
		"```sh\n./tail-logs.sh\n```\n\nPress ^C to stop following.\n\n```sh\n./build.sh\n```\n\nIt stops by itself.\n\n" +
		"```sh {until=stopped}\n./watch.sh\n```\n"
	var got []bool
	for _, s := range Snippets("n.md", []byte(note)) {
		got = append(got, s.UntilStopped)
	}
	assert.Equal(t, []bool{true, true, false, true}, got)
}
