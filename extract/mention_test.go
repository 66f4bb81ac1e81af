package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMentionOnly(t *testing.T) {
	told := []string{"In the first part we ran", "Earlier we ran the command", "The image's default command is",
		"That container runs", "which had already been run as", "its CMD is", "Last time I typed"}
	asked := []string{"", "Run", "Now run", "You can run", "To see it, type", "Clean up with", "Then start it with",
		"New commands", "We ran into trouble, so run"}
	for _, lead := range told {
		assert.NotEmpty(t, mentionOnly(lead, ""), lead)
	}
	for _, lead := range asked {
		assert.Empty(t, mentionOnly(lead, ""), lead)
	}
	// "the `docker scan` command" names it, unless the text asks to run it
	assert.NotEmpty(t, mentionOnly("Create a volume by using the", "command"))
	assert.NotEmpty(t, mentionOnly("it is good practice to scan it using the", "command"))
	assert.Empty(t, mentionOnly("Now run the", "command"))
	assert.Empty(t, mentionOnly("Type", "command"))
	// an example in parentheses
	assert.NotEmpty(t, mentionOnly("you can remove the project directory (for example,", ""))
	assert.Empty(t, mentionOnly("For example, run", ""), "an example the reader is asked to run")
}

func TestSentenceBefore(t *testing.T) {
	assert.Equal(t, "Now run", sentenceBefore("Build it first. Now run "))
	assert.Equal(t, "we ran", sentenceBefore("It works:\nwe ran "))
	assert.Equal(t, "then", sentenceBefore("Steps:\n- build it\n- then "))
}

func TestInlineCommandsRunOnlyWhenAsked(t *testing.T) {
	note := "# T\n\nEarlier we ran `docker ps -a`. The container runs `sleep 30` on its own.\n\n" +
		"The block below runs `docker network create n1`:\n\n```sh\ndocker network create n1\n```\n\n" +
		"Now run `docker network ls`. Make one with the `docker volume create` command, and remove it\n" +
		"(for example, `docker volume prune -f`).\n"
	got := map[string]SkipReason{}
	for _, s := range Snippets("n.md", []byte(note)) {
		got[string(s.Form)+" "+s.Code] = s.Reason
	}
	assert.Equal(t, map[string]SkipReason{
		"inline docker ps -a":             SkipProse, // told of, in the past
		"inline sleep 30":                 SkipProse, // what the container runs
		"inline docker network create n1": SkipProse, // the block runs it: running both makes n1 twice
		"fenced docker network create n1": "",
		"inline docker network ls":        "",
		"inline docker volume create":     SkipProse, // names the command
		"inline docker volume prune -f":   SkipProse, // an example in parentheses
	}, got)
}

func TestAuthorValues(t *testing.T) {
	note := "# T\n\n```console\n$ docker run -d busybox sleep 9\n4f1c2b9e7d3a8c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b\n" +
		"$ docker logs 4f1c2b9e7d3a\n```\n\n```sh\ndocker stop 9a8b7c6d5e4f\n```\n\n```sh\ncurl -s http://172.17.0.5:8080/\n```\n\n" +
		"```sh\ndocker run --ip 172.20.0.5 --network n busybox true\n```\n\n```sh\ndocker tag cafebabefeed app\n```\n"
	got := Snippets("n.md", []byte(note))
	require.Len(t, got, 5)
	assert.True(t, got[0].Runnable)
	assert.Equal(t, map[string]int{"4f1c2b9e7d3a": 4}, got[0].Binds, "the ID the note shows docker run print")
	assert.Equal(t, SkipPlaceholder, got[1].Reason)
	assert.Contains(t, got[1].Message, "9a8b7c6d5e4f is a value from the note author's run")
	assert.Equal(t, SkipPlaceholder, got[2].Reason)
	assert.Contains(t, got[2].Message, "172.17.0.5")
	assert.True(t, got[3].Runnable, "an address given to docker is the note's own choice")
	assert.True(t, got[4].Runnable, "cafebabefeed is a word of a-f letters, not an ID: an ID has digits")
}

func TestWarningsSayWhatTheAuthorMayNotHaveMeant(t *testing.T) {
	note := "# T\n\n````sh\ndocker ps\n```\n\nMore prose.\n\n```sh {frobnicate=1}\ndocker images\n```\n\n```sh\ndocker info\n```\n"
	got := Snippets("n.md", []byte(note))
	require.Len(t, got, 1, "the four-backtick fence swallows the rest of the note")
	assert.Equal(t, []string{"the ```` fence at line 3 is never closed: everything after it, to line 15, is one code block"}, got[0].Warnings)

	closed := Snippets("n.md", []byte("# T\n\n```sh {frobnicate=1}\ndocker images\n```\n\n~~~~\ndocker ps\n~~~~~\n"))
	require.Len(t, closed, 2)
	assert.Equal(t, []string{`labrun does not know the annotation "frobnicate=1": it is ignored`}, closed[0].Warnings)
	assert.Empty(t, closed[1].Warnings)
}
