package extract

import (
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

// seedFiles returns the paths of the seed notes. Where they are not, it
// says so in the test's log, and the test goes on without them: under
// LABRUN_REQUIRE_SEEDS=1 that fails the test instead.
func seedFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(seedsDir, "*"))
	require.NoError(t, err)
	if len(files) == 0 {
		if os.Getenv("LABRUN_REQUIRE_SEEDS") == "1" {
			t.Fatalf("LABRUN_REQUIRE_SEEDS=1 but %s holds no notes", seedsDir)
		}
		t.Logf("%s is not here: tested without the seed notes, which live beside the repository", seedsDir)
	}
	return files
}

func seed(t *testing.T, name string) []Snippet {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(seedsDir, name))
	if os.IsNotExist(err) {
		if os.Getenv("LABRUN_REQUIRE_SEEDS") == "1" {
			t.Fatalf("LABRUN_REQUIRE_SEEDS=1 but %s is not here", seedsDir)
		}
		t.Skipf("%s is not here: the seed notes live beside the repository", seedsDir)
	}
	require.NoError(t, err)
	return Note(name, b)
}

// at finds the snippet at line whose code is code, or, when code ends in
// " *", starts with the rest (so that the test need not quote the notes).
func at(snippets []Snippet, line int, code string) (Snippet, bool) {
	prefix, wild := strings.CutSuffix(code, " *")
	for _, s := range snippets {
		if s.Line == line && (s.Code == code || (wild && strings.HasPrefix(s.Code, prefix+" "))) {
			return s, true
		}
	}
	return Snippet{}, false
}

func TestSeeds(t *testing.T) {
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
		{"001_766d776b5daa4a9c.txt", "docker image prune -a", 110, Shell, "", "How to make effective images"},
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

	t.Run("the untagged namespaces demo is Go", func(t *testing.T) {
		var found bool
		for _, s := range seed(t, "001_766d776b5daa4a9c.txt") {
			if s.Kind == Go {
				found = true
				assert.Equal(t, 624, s.Line)
				assert.Contains(t, s.Code, "CLONE_NEWUTS")
				assert.True(t, s.Runnable)
			}
		}
		assert.True(t, found)
	})
	t.Run("the live blog and the 2015 notes have nothing runnable", func(t *testing.T) {
		for _, name := range []string{"002_5edbaf3827d37b54.txt", "003_af23ad2eda6fe9c2.txt"} {
			for _, s := range seed(t, name) {
				assert.False(t, s.Runnable, "%s:%d %q", name, s.Line, s.Code)
			}
		}
	})
}
