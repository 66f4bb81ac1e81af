package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSlideRestarts: a deck's parse restarts at the separator that ends a
// fence left open in its slide, and nowhere else: not in a note that is
// no deck, not at a `---` in a closed fence or in front matter, not where
// every fence is closed.
func TestSlideRestarts(t *testing.T) {
	tests := []struct {
		name, note string
		lines      []int // the separators' lines
	}{
		{"four backticks closed by three", "# D\n\n---\n\n````sh\ndocker ps\n```\n\n---\n\n```sh\ndocker info\n```\n", []int{9}},
		{"never closed, the next slide's fence closing it", "# D\n\n---\n\n```sh\ndocker ps\n\n---\n\n```sh\ndocker info\n```\n", []int{8}},
		{"never closed, to the end", "# D\n\n---\n\n---\n\n```sh\ndocker ps\n", nil},
		{"two slides left open", "# D\n\n---\n\n```sh\na\n---\n```sh\nb\n---\n```sh\nc\n```\n", []int{7, 10}},
		{"every fence closed", "# D\n\n---\n\n```sh\ndocker ps\n```\n\n---\n\n```sh\ndocker info\n```\n", nil},
		{"a YAML document separator in a closed fence", "# D\n\n---\n\n```yaml\na: 1\n---\nb: 2\n```\n\n---\n\n`docker ps`\n", nil},
		{"a fence quoting Markdown with a fence in it", "# D\n\n---\n\n````md\n---\n```sh\nx\n```\n````\n\n---\n", nil},
		{"one thematic break: no deck", "# N\n\n````sh\ndocker ps\n```\n\n---\n\n```sh\ndocker info\n```\n", nil},
		{"front matter is no slide", "---\ntitle: t\n---\n\n````sh\ndocker ps\n```\n\n---\n\n```sh\ndocker info\n```\n", nil},
		{"setext underlines are no separators", "Title\n---\n\nText\n\nSub\n---\n\n````sh\ndocker ps\n```\n\n---\n\n`x`\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, _ := newSource([]byte(tt.note))
			var lines []int
			for _, off := range slideRestarts(src) {
				lines = append(lines, src.lineOf(off))
			}
			assert.Equal(t, tt.lines, lines)
		})
	}
}

// TestDeckFenceEndsWithItsSlide: in a deck, a fence left open ends at the
// next slide separator, with a warning that says so; the blocks of the
// slides after it are found as usual, at their own lines.
func TestDeckFenceEndsWithItsSlide(t *testing.T) {
	note := "class: center\n\n# Volumes\n\n---\n\n## Create\n\n````sh\ndocker volume create data\n```\n\n---\n\n" +
		"## Use\n\n```sh\ndocker run --rm -v data:/data busybox:1.36 ls /data\n\n---\n\n## Clean\n\n```sh\ndocker volume rm data\n```\n"
	type found struct {
		Line int
		Code string
		Talk string
	}
	var got []found
	var warnings []string
	for _, s := range Snippets("deck.md", []byte(note)) {
		got = append(got, found{s.Line, s.Code, s.Talk})
		warnings = append(warnings, s.Warnings...)
	}
	assert.Equal(t, []found{
		{10, "docker volume create data", "Volumes"},
		{18, "docker run --rm -v data:/data busybox:1.36 ls /data", "Volumes"},
		{25, "docker volume rm data", "Volumes"},
	}, got)
	assert.Equal(t, []string{
		"the ```` fence at line 9 is never closed: the rest of its slide, to line 12, is one code block",
		"the ``` fence at line 17 is never closed: the rest of its slide, to line 19, is one code block",
	}, warnings)
}

// TestNotADeckReadWhole: a Markdown note that is no deck reads a fence
// left open as CommonMark does, to the end; one whose fences are closed
// keeps its `---` rules and the YAML separators in its blocks.
func TestNotADeckReadWhole(t *testing.T) {
	open := Snippets("n.md", []byte("# N\n\n````sh\ndocker ps\n```\n\n---\n\n```sh\ndocker info\n```\n"))
	if assert.Len(t, open, 1) {
		assert.Equal(t, 4, open[0].Line)
		assert.Contains(t, open[0].Warnings[0], "everything after it, to line 11")
	}
	closed := Snippets("n.md", []byte("# N\n\n```yaml\nservices:\n  a:\n    image: x\n---\nb: 1\n```\n\n---\n\nText.\n\n---\n\n```sh\ndocker ps\n```\n"))
	if assert.Len(t, closed, 2) {
		assert.Equal(t, "services:\n  a:\n    image: x\n---\nb: 1", closed[0].Code)
		assert.Equal(t, 18, closed[1].Line)
		assert.Empty(t, closed[0].Warnings)
	}
}
