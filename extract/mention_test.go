package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMentionOnly(t *testing.T) {
	told := []string{"In the first part we ran", "Earlier we ran the command", "The image's default command is",
		"That container runs", "which had already been run as", "its CMD is", "Last time I typed"}
	asked := []string{"", "Run", "Now run", "You can run", "To see it, type", "Clean up with", "Then start it with",
		"New commands", "We ran into trouble, so run"}
	for _, lead := range told {
		assert.NotEmpty(t, mentionOnly(lead), lead)
	}
	for _, lead := range asked {
		assert.Empty(t, mentionOnly(lead), lead)
	}
}

func TestSentenceBefore(t *testing.T) {
	assert.Equal(t, "Now run", sentenceBefore("Build it first. Now run "))
	assert.Equal(t, "we ran", sentenceBefore("It works:\nwe ran "))
	assert.Equal(t, "then", sentenceBefore("Steps:\n- build it\n- then "))
}

func TestInlineCommandsRunOnlyWhenAsked(t *testing.T) {
	note := "# T\n\nEarlier we ran `docker ps -a`. The container runs `sleep 30` on its own.\n\n" +
		"The block below runs `docker network create n1`:\n\n```sh\ndocker network create n1\n```\n\n" +
		"Now run `docker network ls`.\n"
	got := map[string]string{}
	for _, s := range Note("n.md", []byte(note)) {
		got[string(s.Form)+" "+s.Code] = s.Reason
	}
	assert.Equal(t, map[string]string{
		"inline docker ps -a":             SkipProse, // told of, in the past
		"inline sleep 30":                 SkipProse, // what the container runs
		"inline docker network create n1": SkipProse, // the block runs it: running both makes n1 twice
		"fenced docker network create n1": "",
		"inline docker network ls":        "",
	}, got)
}
