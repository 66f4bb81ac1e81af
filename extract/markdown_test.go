package extract

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
)

// goldmarkParser is goldmark's parser as goldmark.New makes it, every parser
// and transformer on: what mdParser must agree with, and the yardstick of
// the extraction benchmarks.
var goldmarkParser = goldmark.New().Parser()

// TestParserMatchesGoldmark checks that the trimmed parser extraction uses
// (mdParser) finds what goldmark's full parser finds: the same snippets,
// talks and annotations, on the test notes, the seeds and 20,000 generated
// notes dense with the characters where the two could part: emphasis,
// brackets, backticks, HTML, headings and link reference definitions.
func TestParserMatchesGoldmark(t *testing.T) {
	notes := map[string]string{
		"emphasised title":       "# *Run* _it_ **now**\n`docker ps`\n",
		"setext emphasis":        "Some *nice*\n_title_\n===\n`docker ps`\n",
		"link around code":       "[a](`docker ps`) and [`docker images`](x)\n",
		"reference definitions":  "[r]: /u \"`docker ps`\"\n\n  [s]:\n  /v\n`docker rm x`\n",
		"emphasis around a span": "*`docker ps`* _a `docker images` b_ __`x`__\n",
		"comment in emphasis":    "_<!-- labrun: skip -->`docker ps`_\n",
	}
	testNotes, err := filepath.Glob("../testdata/notes/*")
	require.NoError(t, err)
	require.NotEmpty(t, testNotes)
	for _, f := range append(testNotes, seedFiles(t)...) {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		notes[f] = string(b)
	}
	tokens := []string{
		"*", "**", "_", "__", "`", "``", "[", "]", "(", ")", "!", "\\", "<", ">", " ", " ", "\n", "\n", "\n\n",
		"# ", "## ", "\n===\n", "\n---\n", "> ", "- ", "1. ", "    ", "\t", "```\n", "~~~sh\n",
		"[r]: /u", "[r]", "<http://x.y>", "<!-- labrun: skip -->", "<!-- labrun: file=a.txt -->", "<b>",
		"docker ps", "docker run --rm busybox", "FROM busybox", "$ docker ps", "a", "word", "x_y",
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(30) {
			b.WriteString(tokens[r.IntN(len(tokens))])
		}
		notes[fmt.Sprintf("generated %d: %s", i, b.String())] = b.String()
	}
	found := 0
	for name, text := range notes {
		want := snippetsWith("n.md", []byte(text), goldmarkParser)
		found += len(want)
		if !assert.Equal(t, want, Snippets("n.md", []byte(text)), "%.80q", name) {
			return
		}
	}
	assert.Greater(t, found, 5000, "too few snippets in the notes to tell")
}
