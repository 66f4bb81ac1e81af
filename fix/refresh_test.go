package fix

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
	"github.com/labrun/labrun/verdict/expect"
)

// An output block that drifted is rewritten with what ran; one that
// matched, and a failing step's, are left as the note has them.
func TestRefresh(t *testing.T) {
	note := "# Images\n\n```console\n$ docker images busybox\nREPOSITORY   TAG      IMAGE ID       CREATED        VIRTUAL SIZE\nbusybox      1.36     a416a98b71e2   3 months ago   4.26 MB\n```\n\n" +
		"```console\n$ echo hi\nhi\n```\n"
	snippets := extract.Snippets("n.md", []byte(note))
	require.Len(t, snippets, 2)
	ran := "REPOSITORY   TAG       IMAGE ID       CREATED        SIZE\nbusybox      1.36      6d6f1b0b7c5e   2 months ago   4.42MB\n"
	c := expect.Read(snippets[0].Commands[0].Output, ran, expect.Reader, expect.WordsOf(snippets[0].Code))
	require.Nil(t, c.Difference)
	require.NotEmpty(t, c.Drift)
	results := []result.Result{
		{Step: labs.NewStep("n/images/1", snippets[0]), Verdict: verdict.Verdict{Status: verdict.Pass, Compared: &c}},
		{Step: labs.NewStep("n/images/2", snippets[1]), Verdict: verdict.Verdict{Status: verdict.Pass}},
	}
	out, done := Refresh([]labs.Note{{Path: "n.md", Data: []byte(note)}}, results)
	assert.Equal(t, []Refreshed{{File: "n.md", Line: 5, Kind: "columns"}}, done)
	assert.Equal(t, "# Images\n\n```console\n$ docker images busybox\n"+ran+"```\n\n```console\n$ echo hi\nhi\n```\n", string(out[0].Data))

	results[0].Status = verdict.Fail
	out, done = Refresh([]labs.Note{{Path: "n.md", Data: []byte(note)}}, results)
	assert.Empty(t, done)
	assert.Equal(t, note, string(out[0].Data))
}
