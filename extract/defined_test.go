package extract

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefinedWords: a word of capitals that the prose gives the reader to
// fill in makes its command a placeholder; one the prose only explains,
// a variable the shell passes on, or a word grep looks for does not.
func TestDefinedWords(t *testing.T) {
	b, err := os.ReadFile("../testdata/notes/defined-words.md")
	require.NoError(t, err)
	got := map[int]string{}
	for _, s := range Snippets("defined-words.md", b) {
		if s.Kind == Shell && s.Form == Fenced {
			got[s.Line] = string(s.Reason) + " " + s.Message
		}
	}
	assert.Equal(t, map[int]string{
		8:  "placeholder `APP` is a placeholder the text defines for the reader to fill in",
		18: "placeholder `TAG` is a placeholder the text defines for the reader to fill in",
		26: " ", 35: " ", 43: " ",
	}, got)
}

func TestHasCapsWord(t *testing.T) {
	for text, want := range map[string]bool{
		"where APP is the name": true, "VERSION_2 here": true, "the OS and an ID": false,
		"Docker and BuildKit": false, "a run of A1B": true, "lower only": false, "": false,
	} {
		assert.Equal(t, want, hasCapsWord(text), text)
	}
}
