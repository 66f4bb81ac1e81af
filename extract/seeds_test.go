package extract

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedsDir holds conference notes written by others, beside the repository;
// they are read where they are, never copied into the project.
const seedsDir = "../../shared/seeds"

// seedsHere reports whether seedsDir is beside the repository. Where it is
// not (a laptop, or CI's checkout, which holds the repository alone), the
// tests that read it go on without it; under LABRUN_REQUIRE_SEEDS=1, set on
// a machine that keeps the seeds, its absence fails the test instead, so
// that a moved folder cannot turn the seeds tests into skips that look
// green.
func seedsHere(t testing.TB) bool {
	t.Helper()
	_, err := os.Stat(seedsDir)
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("LABRUN_REQUIRE_SEEDS") == "1" {
			t.Fatalf("LABRUN_REQUIRE_SEEDS=1 but %s is not here", seedsDir)
		}
		return false
	}
	require.NoError(t, err)
	return true
}

// seedFiles returns the paths of the seed notes, or none, with a line in
// the test's log, where seedsHere finds no seeds. A seeds folder with no
// notes in it fails the test.
func seedFiles(t testing.TB) []string {
	t.Helper()
	if !seedsHere(t) {
		t.Logf("%s is not here: tested without the seed notes, which live beside the repository", seedsDir)
		return nil
	}
	files, err := filepath.Glob(filepath.Join(seedsDir, "*"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "%s holds no notes", seedsDir)
	return files
}

// seed returns the snippets of the seed note name. The caller has made sure
// that the seeds are here: a note missing from them fails the test.
func seed(t *testing.T, name string) []Snippet {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(seedsDir, name))
	require.NoError(t, err)
	return Snippets(name, b)
}

// at finds the snippet at line whose code is code, or, when code ends in
// " *", starts with the rest followed by a space or a line break (so that
// the test need not quote the notes).
func at(snippets []Snippet, line int, code string) (Snippet, bool) {
	prefix, wild := strings.CutSuffix(code, " *")
	for _, s := range snippets {
		rest, ok := strings.CutPrefix(s.Code, prefix)
		if s.Line == line && (s.Code == code || (wild && ok && rest != "" && (rest[0] == ' ' || rest[0] == '\n'))) {
			return s, true
		}
	}
	return Snippet{}, false
}

func TestSeeds(t *testing.T) {
	if !seedsHere(t) {
		t.Skipf("%s is not here: the seed notes live beside the repository", seedsDir)
	}
	type want struct {
		file, code string
		line       int
		kind       Kind
		reason     SkipReason // "" = runnable
		talk       string
	}
	tests := []want{
		{"000_bd899f8c639912a5.txt", "docker system prune", 101, Shell, "", "What's new"},
		{"000_bd899f8c639912a5.txt", "docker swarm --detach=false", 107, Shell, "", "What's new"},
		{"000_bd899f8c639912a5.txt", "docker stack", 112, Shell, SkipFragment, "What's new"},
		{"001_766d776b5daa4a9c.txt", "USER", 93, Dockerfile, SkipFragment, "How to make effective images"},
		{"001_766d776b5daa4a9c.txt", "COPY package.json *", 104, Dockerfile, "", "How to make effective images"},
		{"001_766d776b5daa4a9c.txt", "docker image prune -a", 110, Shell, "", "How to make effective images"},
		{"001_766d776b5daa4a9c.txt", "docker system prune -a", 112, Shell, "", "How to make effective images"},
		{"001_766d776b5daa4a9c.txt", "driver: ossfs", 128, Config, SkipFragment, "Evolution of container orchestration at alibaba"},
		{"001_766d776b5daa4a9c.txt", "docker diff <image>", 357, Shell, SkipPlaceholder, "Become troubleshooting pro"},
		{"001_766d776b5daa4a9c.txt", "docker secret ls", 36, Shell, "", "Solomon Hykes"},
		{"001_766d776b5daa4a9c.txt", ":(){ :|: & };:", 665, Shell, SkipUnsafe, "What have Namespaces done for you lately"},
		{"001_766d776b5daa4a9c.txt", "nsenter -t <PID> -u hostname", 724, Shell, SkipPlaceholder, "Container performance analysis"},
		{"004_aa0bf3629db6b28c.txt", "FROM httpd:2.4\nCOPY ./public-html/ /usr/local/apache2/htdocs/", 15, Dockerfile, "", "004_aa0bf3629db6b28c"},
		{"004_aa0bf3629db6b28c.txt", "docker build . -t *", 20, Shell, "", "004_aa0bf3629db6b28c"},
		{"004_aa0bf3629db6b28c.txt", "docker run -p 80:80 *", 32, Shell, "", "004_aa0bf3629db6b28c"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			s, ok := at(seed(t, tt.file), tt.line, tt.code)
			require.True(t, ok, "%s:%d: %q not found", tt.file, tt.line, tt.code)
			assert.Equal(t, tt.kind, s.Kind)
			assert.Equal(t, tt.reason, s.Reason, s.Message)
			assert.Equal(t, tt.reason == "", s.Runnable)
			assert.Equal(t, tt.talk, s.Talk)
		})
	}

	t.Run("the untagged namespaces demo is the one Go program", func(t *testing.T) {
		var gos []Snippet
		for _, s := range seed(t, "001_766d776b5daa4a9c.txt") {
			if s.Kind == Go {
				gos = append(gos, s)
			}
		}
		require.Len(t, gos, 1)
		assert.Equal(t, 624, gos[0].Line)
		assert.Equal(t, "What have Namespaces done for you lately", gos[0].Talk)
		assert.Contains(t, gos[0].Code, "CLONE_NEWUTS")
		assert.True(t, gos[0].Runnable)
	})
	t.Run("the live blog names commands in prose only", func(t *testing.T) {
		assert.Empty(t, seed(t, "002_5edbaf3827d37b54.txt"), "its prose names docker commands, in no code span or block")
	})
	t.Run("the 2015 notes have two names in code, nothing runnable", func(t *testing.T) {
		var lines []int
		for _, s := range seed(t, "003_af23ad2eda6fe9c2.txt") {
			lines = append(lines, s.Line)
			assert.Equal(t, Text, s.Kind, "line %d", s.Line)
			assert.Equal(t, SkipProse, s.Reason, "line %d", s.Line)
			assert.False(t, s.Runnable, "line %d", s.Line)
		}
		assert.Equal(t, []int{172, 186}, lines)
	})
}
