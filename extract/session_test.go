package extract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// TestSessionLinesThatAreNotOutput: what a session shows among a
// command's output that the command does not print: the author's
// comments after it, a bare prompt, and the answer the reader typed at
// its question, which is kept as the command's Answer.
func TestSessionLinesThatAreNotOutput(t *testing.T) {
	block := func(code string) []line {
		var out []line
		for i, l := range strings.Split(code, "\n") {
			out = append(out, line{n: 1 + i, text: l})
		}
		return out
	}
	type shown struct{ Text, Output, Answer string }
	tests := []struct {
		name, code string
		want       []shown
	}{
		{"a comment between commands", "$ docker volume create data\ndata\n# now list them\n$ docker volume ls -q\ndata\n# done",
			[]shown{{"docker volume create data", "data", ""}, {"docker volume ls -q", "data", ""}}},
		{"a comment among what a command prints is kept", "$ cat Dockerfile\n# syntax=docker/dockerfile:1\nFROM busybox:1.36\n# a remark\n\n$ docker build -q .",
			[]shown{{"cat Dockerfile", "# syntax=docker/dockerfile:1\nFROM busybox:1.36", ""}, {"docker build -q .", "", ""}}},
		{"an elision is output", "$ docker info\nClient:\n# ...", []shown{{"docker info", "Client:\n# ...", ""}}},
		{"a bare prompt ends a session", "$ docker ps -q\n3f9c2b1a7e4d\n$", []shown{{"docker ps -q", "3f9c2b1a7e4d", ""}}},
		{"bare prompts of a host and a container", "node1$ docker ps -q\n3f9c2b1a7e4d\nnode1$\n/ # hostname\nweb\n/ #\nstray words",
			[]shown{{"docker ps -q", "3f9c2b1a7e4d", ""}, {"hostname", "web", ""}}},
		{"a typed answer", "$ docker volume prune\nWARNING! This will remove anonymous local volumes not used by at least one container.\n" +
			"Are you sure you want to continue? [y/N] y\nTotal reclaimed space: 0B\n$",
			[]shown{{"docker volume prune", "WARNING! This will remove anonymous local volumes not used by at least one container.\n" +
				"Are you sure you want to continue? [y/N]\nTotal reclaimed space: 0B", "y"}}},
		{"a question answered no", "$ docker plugin install vieux/sshfs\nDo you grant the above permissions? [y/N] n\naborted",
			[]shown{{"docker plugin install vieux/sshfs", "Do you grant the above permissions? [y/N]\naborted", "n"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []shown
			for _, c := range promptCommands(block(tt.code)) {
				got = append(got, shown{c.Text, c.Output, c.Answer})
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestCommentsInUnpromptedBlocks: in a block with no prompts, a comment
// ends the table above it and is no output; a bare prompt is no command.
func TestCommentsInUnpromptedBlocks(t *testing.T) {
	note := "# T\n\n```sh\ndocker ps\nCONTAINER ID   IMAGE   NAMES\n3f9c2b1a7e4d   nginx   web\n# stop it\ndocker rm -f web\n$\n```\n"
	got := Snippets("n.md", []byte(note))
	require.Len(t, got, 1)
	var cmds [][2]string
	for _, c := range got[0].Commands {
		cmds = append(cmds, [2]string{c.Text, c.Output})
	}
	assert.Equal(t, [][2]string{{"docker ps", "CONTAINER ID   IMAGE   NAMES\n3f9c2b1a7e4d   nginx   web"}, {"docker rm -f web", ""}}, cmds)
}

// TestPairedOutputAnswer: an output block after a command's block is
// read as the lines under a prompt are: the typed answer is the reader's.
func TestPairedOutputAnswer(t *testing.T) {
	note := "# T\n\n```sh\ndocker image prune\n```\n\nYou should see:\n\n```text\nWARNING! This will remove all dangling images.\n" +
		"Are you sure you want to continue? [y/N] y\nTotal reclaimed space: 0B\n```\n"
	got := Snippets("n.md", []byte(note))
	require.NotEmpty(t, got)
	require.Len(t, got[0].Commands, 1)
	c := got[0].Commands[0]
	assert.Equal(t, "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N]\nTotal reclaimed space: 0B", c.Output)
	assert.Equal(t, "y", c.Answer)
}
