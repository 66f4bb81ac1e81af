package fix

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// snippetAt is the last snippet of note that starts at line.
func snippetAt(t *testing.T, note string, line int) extract.Snippet {
	t.Helper()
	var found []extract.Snippet
	for _, s := range extract.Snippets("note.md", []byte(note)) {
		if s.Line == line {
			found = append(found, s)
		}
	}
	require.NotEmpty(t, found, "no snippet at line %d", line)
	return found[len(found)-1]
}

func TestApplyChangesOnlyTheCode(t *testing.T) {
	tests := []struct {
		name  string
		note  string
		line  int
		edits []Edit
		want  string
	}{
		{
			name:  "a word of an inline span, prose around it untouched",
			note:  "Run `docker-compose up` and docker-compose is happy.\n",
			line:  1,
			edits: []Edit{{Line: 1, Old: "docker-compose", New: "docker compose"}},
			want:  "Run `docker compose up` and docker-compose is happy.\n",
		},
		{
			name: "two edits in the second code span of a line",
			note: "* Demo `docker-compose.debug.yaml`: `docker-compose -f docker-compose.yaml docker-compose.debug.yaml up` - overlay!\n",
			line: 1,
			edits: []Edit{{Line: 1, Old: "docker-compose", New: "docker compose"},
				{Line: 1, Old: "docker-compose.debug.yaml", New: "-f docker-compose.debug.yaml"}},
			want: "* Demo `docker-compose.debug.yaml`: `docker compose -f docker-compose.yaml -f docker-compose.debug.yaml up` - overlay!\n",
		},
		{
			name: "a prompt line of a fenced block in a list, CRLF kept",
			note: "1. Start it:\r\n\r\n   ```console\r\n   $ docker-compose -f a.yaml b.yaml up -d\r\n   Creating web ... done\r\n   ```\r\n",
			line: 4,
			edits: []Edit{{Line: 4, Old: "docker-compose", New: "docker compose"},
				{Line: 4, Old: "b.yaml", New: "-f b.yaml"}},
			want: "1. Start it:\r\n\r\n   ```console\r\n   $ docker compose -f a.yaml -f b.yaml up -d\r\n   Creating web ... done\r\n   ```\r\n",
		},
		{
			name:  "a flag removed with its space",
			note:  "```sh\ndocker tag -f app app:v1\n```\n",
			line:  2,
			edits: []Edit{{Line: 2, Old: "-f", New: ""}},
			want:  "```sh\ndocker tag app app:v1\n```\n",
		},
		{
			name:  "a word on the continuation line of a command",
			note:  "```sh\ndocker ps \\\n  --fromat '{{.Names}}'\n```\n",
			line:  2,
			edits: []Edit{{Line: 2, Old: "--fromat", New: "--format"}},
			want:  "```sh\ndocker ps \\\n  --format '{{.Names}}'\n```\n",
		},
		{
			name: "a line that becomes two, indented as it was",
			note: "> ```yaml\n> web:\n>   image: nginx\n> ```\n",
			line: 2,
			edits: []Edit{{Line: 2, Old: "web:", New: "services:\n  web:"},
				{Line: 3, Old: "  image: nginx", New: "    image: nginx"}},
			want: "> ```yaml\n> services:\n>   web:\n>     image: nginx\n> ```\n",
		},
		{
			name:  "a word that is only part of another is not it",
			note:  "```sh\ndocker run --rm -e FORCE=-f app -f\n```\n",
			line:  2,
			edits: []Edit{{Line: 2, Old: "-f", New: ""}},
			want:  "```sh\ndocker run --rm -e FORCE=-f app\n```\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Apply([]byte(tt.note), snippetAt(t, tt.note, tt.line), tt.edits)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestApplyRefusesWhatItCannotPlace(t *testing.T) {
	note := "Use `docker ps` here, docker-compose there.\n"
	_, err := Apply([]byte(note), snippetAt(t, note, 1), []Edit{{Line: 1, Old: "docker-compose", New: "docker compose"}})
	assert.ErrorContains(t, err, `"docker-compose" is not in the code`, "the prose's word is not the span's")

	note = "Run `docker ps -a` now.\n"
	_, err = Apply([]byte(note), snippetAt(t, note, 1), []Edit{{Line: 1, Old: "-a", New: "-a\n-q"}})
	assert.ErrorContains(t, err, "cannot indent", "a code span holds one line")
}

func TestDiffAppliesWithPatch(t *testing.T) {
	a := "# Notes\n\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n"
	b := "# Notes\n\nONE\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\nthirteen"
	d := Diff("notes.md", []byte(a), []byte(b))
	assert.Contains(t, d, "--- a/notes.md\n+++ b/notes.md\n@@ -1,6 +1,6 @@\n # Notes\n \n-one\n+ONE\n")
	assert.Contains(t, d, "\\ No newline at end of file\n")
	assert.Equal(t, 2, countHunks(d), "the changes are far apart")
	assert.Empty(t, Diff("notes.md", []byte(a), []byte(a)))

	// The diff is for patch -p1: applied by it, it must give b. Without
	// patch that goes unchecked, which CI (LABRUN_REQUIRE_DOCKER=1) does
	// not allow.
	patch, err := exec.LookPath("patch")
	if err != nil {
		sandboxtest.Skip(t, "no patch here: the diff is not applied")
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.md"), []byte(a), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "fix.diff"), []byte(d), 0o644))
	cmd := exec.Command(patch, "-p1", "-i", "fix.diff")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	got, err := os.ReadFile(filepath.Join(dir, "notes.md"))
	require.NoError(t, err)
	assert.Equal(t, b, string(got))
}

func countHunks(d string) int {
	n := 0
	for _, l := range splitLines(d) {
		if len(l) > 2 && l[:2] == "@@" {
			n++
		}
	}
	return n
}
