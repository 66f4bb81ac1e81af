package extract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPrintedLines(t *testing.T) {
	for _, l := range []string{"hello, reader", "Hello from Docker!", "Server Version: 28.5.2", "Up 2 seconds"} {
		assert.True(t, printed(l), l)
	}
	for _, l := range []string{"docker ps", "cd app", "FOO=bar docker run x", "echo Hello, world", "./run.sh",
		"if [ -f x ]; then", "done", "inactive", "$HOME/bin/tool", "{", "# a comment"} {
		assert.False(t, printed(l), l)
	}
}

func TestUnpromptedSession(t *testing.T) {
	block := func(code string) []line {
		var out []line
		for i, l := range strings.Split(code, "\n") {
			out = append(out, line{n: 10 + i, text: l})
		}
		return out
	}
	tests := []struct {
		name, code string
		cmds       []Command // Line, Text and Output only
		output     bool
	}{
		{"commands only", "docker ps\ndocker images", nil, false},
		{"buildkit log under its build", "docker build -t a .\n[+] Building 1.4s (7/7) FINISHED\n => exporting to image   0.0s",
			[]Command{{Line: 10, Text: "docker build -t a .", Output: "[+] Building 1.4s (7/7) FINISHED\n => exporting to image   0.0s"}}, false},
		{"classic log alone", "Sending build context to Docker daemon  3.072kB\nStep 1/2 : FROM busybox\n ---> 3f57d9401f8d", nil, true},
		{"a table and its rows", "docker ps\nCONTAINER ID   IMAGE   NAMES\n3f9c2b1a7e4d   nginx   web\n\ndocker rm -f web",
			[]Command{{Line: 10, Text: "docker ps", Output: "CONTAINER ID   IMAGE   NAMES\n3f9c2b1a7e4d   nginx   web"}, {Line: 14, Text: "docker rm -f web"}}, false},
		{"an elision", "docker ps -a\n...", []Command{{Line: 10, Text: "docker ps -a", Output: "..."}}, false},
		{"the JSON an inspect prints", "docker volume inspect db\n[\n    {\n        \"Name\": \"db\"\n    }\n]\ndocker volume rm db",
			[]Command{{Line: 10, Text: "docker volume inspect db", Output: "[\n    {\n        \"Name\": \"db\"\n    }\n]"}, {Line: 16, Text: "docker volume rm db"}}, false},
		{"a program's words", "docker run --rm greeter\nhello, reader",
			[]Command{{Line: 10, Text: "docker run --rm greeter", Output: "hello, reader"}}, false},
		{"a heredoc is left whole", "cat <<EOF > a\nStep 1/2 : x\nEOF", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmds, output := unpromptedSession(block(tt.code))
			assert.Equal(t, tt.output, output)
			assert.Equal(t, tt.cmds, cmds)
		})
	}
}
