package expect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// captured reads an output that capture.sh wrote from one engine:
// testdata/20.10 from this machine's host daemon (Engine 20.10.24, with
// the host's CLI 28.2.2), testdata/28 from inside labrun's sandbox of
// Engine 28.5.2 (CLI 28.5.2, BuildKit).
func captured(t *testing.T, engine, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", engine, name))
	require.NoError(t, err)
	return string(b)
}

// TestAcrossEngines: what Engine 20.10 printed, shown in a note, matches
// what today's engine prints for the same commands: only IDs, ages,
// sizes, ports Docker picked, widths, pulls and the builder's progress
// differ.
func TestAcrossEngines(t *testing.T) {
	for _, name := range []string{"run-d.txt", "ps.txt", "ps-a.txt", "ps-format.txt", "port.txt", "network-ls.txt", "build-classic.txt", "run.txt"} {
		t.Run(name, func(t *testing.T) {
			old, now := captured(t, "20.10", name), captured(t, "28", name)
			if name == "build-classic.txt" {
				now = captured(t, "28", "build.txt") // the note shows the classic builder, today's engine runs BuildKit
			}
			assert.Nil(t, Compare(old, now, Strict), "20.10 shown, 28 ran")
			assert.Nil(t, Compare(now, old, Strict), "28 shown, 20.10 ran")
		})
	}
}

// TestRealDifferences: a changed value, a renamed column, a dropped
// column and a line that no longer appears are differences, each named
// by the note's line.
func TestRealDifferences(t *testing.T) {
	ps := captured(t, "20.10", "ps.txt")
	tests := []struct {
		name, want, got string
		line            int
		why             string
	}{
		{"changed value", strings.Replace(ps, "capture-web", "capture-api", 1), captured(t, "28", "ps.txt"), 1, "no row like"},
		{"renamed column", strings.Replace(ps, "STATUS", "STATE ", 1), captured(t, "28", "ps.txt"), 1, "column STATE is not in the table"},
		{"a line no longer printed", "built\nready\n", captured(t, "28", "run.txt"), 2, "the run printed nothing more"},
		{"a different line", "built at noon\n", captured(t, "28", "run.txt"), 1, "differs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Compare(tt.want, tt.got, Strict)
			require.NotNil(t, d)
			assert.Equal(t, tt.line, d.Line)
			assert.Contains(t, d.Why, tt.why)
		})
	}
}

// TestImagesDiffer: the host holds three tags of busybox, the sandbox
// one. Strict names the row the note does not show; lax asks only that
// the note's rows are there.
func TestImagesDiffer(t *testing.T) {
	host, sandbox := captured(t, "20.10", "images.txt"), captured(t, "28", "images.txt")
	d := Compare(sandbox, host, Strict)
	require.NotNil(t, d)
	assert.Contains(t, d.Why, "a row the note does not show: `busybox  latest")
	assert.Nil(t, Compare(sandbox, host, Lax))
	d = Compare(host, sandbox, Lax)
	require.NotNil(t, d, "the note's latest and stable rows are not in the sandbox's list")
}

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{
		"3f9c2b1a7e4d":                            "<id>",
		"sha256:" + strings.Repeat("ab", 32):      "sha256:<digest>",
		"Up 2 seconds":                            "Up <age>",
		"Up About a minute":                       "Up <age>",
		"Exited (0) 5 minutes ago":                "Exited (0) <age> ago",
		"Less than a second ago":                  "<age> ago",
		"busybox   1.36   4.26MB":                 "busybox   1.36   <size>",
		"#5 DONE 0.5s":                            "#5 DONE <duration>",
		"0.0.0.0:49153->80/tcp, :::49153->80/tcp": "<ip>:<port>->80/tcp",
		"80/tcp -> 0.0.0.0:32769":                 "80/tcp -> <ip>:<port>",
		"0.0.0.0:8080->80/tcp, [::]:8080->80/tcp": "<ip>:8080->80/tcp",
		"node 6j3pmtn5tbwd1x3dmbfd8qyvt is ready": "node <id> is ready",
		"xl11ijk3jep1ejmb007xka4ra *   node1":     "<id> *   node1",
		"docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377": "docker swarm join --token <join-token> <ip>:2377",
		"swarmservicenamewithnoid":                         "swarmservicenamewithnoid",
		"28.5.2+dfsg4":                                     "<version>",
		"Docker Compose version v2.40.3":                   "Docker Compose version <version>",
		"busybox:1.36":                                     "busybox:1.36",
		"hello world   ":                                   "hello world",
		`"CreatedAt": "2019-09-26T02:18:36Z",`:             `"CreatedAt": "<time>",`,
		"2026-01-15 10:00:00 +0000 UTC":                    "<time>",
		`"Created": "2026-12-07T06:12:10.123456789+01:00"`: `"Created": "<time>"`,
	} {
		assert.Equal(t, want, normalise(in), in)
	}
}

// TestElisionsAndModes: "..." stands for any number of lines; lax only
// asks that each shown line appears; ignore compares nothing.
func TestElisionsAndModes(t *testing.T) {
	run := "a\nb\nc\nd\n"
	assert.Nil(t, Compare("a\n...\nd\n", run, Strict))
	assert.Nil(t, Compare("a\n(...output...)\n", run, Strict))
	assert.Nil(t, Compare("…\n", run, Strict))
	assert.NotNil(t, Compare("a\nd\n", run, Strict), "without an elision the lines between are a difference")
	assert.Nil(t, Compare("d\nb\n", run, Lax))
	d := Compare("b\nz\n", run, Lax)
	require.NotNil(t, d)
	assert.Equal(t, 2, d.Line)
	assert.Nil(t, Compare("anything\n", run, Ignore))
	more := Compare("a\nb\n", run, Strict)
	require.NotNil(t, more)
	assert.Equal(t, "c", more.Actual)
}

func TestSameLines(t *testing.T) {
	assert.True(t, SameLines("node1\nnode2\nnode3\n", "node2\nnode3\nnode1\n"))
	assert.True(t, SameLines("web.1 3f9c2b1a7e4d\nweb.2 aaaabbbbcccc\n", "web.2 1234567890ab\nweb.1 ba0987654321\n"), "IDs aside")
	assert.False(t, SameLines("node1\nnode2\n", "node1\nnode1\n"), "a line twice is not two lines")
	assert.False(t, SameLines("node1\n...\n", "node3\nnode1\n"), "an elision says nothing of the count")
	assert.False(t, SameLines("node1\nnode2\n", "node1\nnode2\nnode3\n"))
}

// pruned is what `docker volume prune` printed, answered y with no
// terminal: its question with no newline after it, then what it did.
const pruned = "WARNING! This will remove anonymous local volumes not used by at least one container.\n" +
	"Are you sure you want to continue? [y/N] Total reclaimed space: 0B\n"

// TestQuestionAnswered: a command prints its question with no newline
// after it; the note shows the reader's answer there, as a terminal
// echoes it, and the next output on a line of its own. Both read as the
// question and then the output; the answer is the reader's, not output.
func TestQuestionAnswered(t *testing.T) {
	warning := "WARNING! This will remove anonymous local volumes not used by at least one container.\n"
	assert.Nil(t, Compare(warning+"Are you sure you want to continue? [y/N] y\nTotal reclaimed space: 0B\n", pruned, Strict), "the answer as typed")
	assert.Nil(t, Compare(warning+"Are you sure you want to continue? [y/N]\nTotal reclaimed space: 0B\n", pruned, Strict), "the answer taken off")
	assert.Nil(t, Compare(pruned, pruned, Strict), "the note shows it as printed")
	assert.Nil(t, Compare("Are you sure you want to continue? [y/N] y\n", "Are you sure you want to continue? [y/N] ", Strict), "nothing after it")

	declined := Compare(warning+"Are you sure you want to continue? [y/N] y\nTotal reclaimed space: 0B\n", warning+"Are you sure you want to continue? [y/N] ", Strict)
	require.NotNil(t, declined, "a run that read no answer did nothing")
	assert.Equal(t, 3, declined.Line)
	assert.Equal(t, "the run printed nothing more", declined.Why)

	other := Compare(warning+"Are you sure you want to continue? [y/N] y\nDeleted Volumes:\nold\n\nTotal reclaimed space: 0B\n", pruned, Strict)
	require.NotNil(t, other)
	assert.Equal(t, 3, other.Line, "named by the note's line")
	assert.Equal(t, "Total reclaimed space: 0B", other.Actual)
}

// TestCommentsInOutput: a comment the note shows among the output is
// matched where the run prints it (a file's line, as cat shows it) and
// passed over where it does not; it hides no other difference.
func TestCommentsInOutput(t *testing.T) {
	assert.Nil(t, Compare("data\n# now list them\n", "data\n", Strict), "a remark after the output")
	assert.Nil(t, Compare("# the volume's name:\ndata\n", "data\n", Strict), "a remark before it")
	dockerfile := "# syntax=docker/dockerfile:1\nFROM busybox:1.36\n"
	assert.Nil(t, Compare(dockerfile, dockerfile, Strict), "a line of the file cat shows")
	more := Compare("FROM busybox:1.36\n", dockerfile, Strict)
	require.NotNil(t, more, "the run's own comment lines are output")
	d := Compare("data\n# a remark\nmore\n", "data\nother\n", Strict)
	require.NotNil(t, d)
	assert.Equal(t, 3, d.Line)
	assert.Equal(t, "more", d.Expected)
	assert.Nil(t, Compare("# first the name\ndata\n", "x\ndata\n", Lax))
	assert.True(t, SameLines("node2\n# sorted by name\nnode1\n", "node1\nnode2\n"), "a list in another order, with a remark")
	assert.NotNil(t, Compare("#!/bin/sh\necho hi\n", "echo hi\n", Strict), "a shebang is no comment")
}
