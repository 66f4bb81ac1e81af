package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPairOutputs: a block of output after a command's block is that
// command's expected output when its language shows output, when it
// reads as output, or when the text introduces it so; never a block of
// another talk, a config file, or prose nobody introduced.
func TestPairOutputs(t *testing.T) {
	note := "# T\n\n## Hello\n\n```sh\ndocker run --rm busybox:1.36 echo hello\n```\n\nYou should see:\n\n```\nhello\n```\n\n" +
		"## Version\n\n```sh\ndocker version --format '{{.Server.Version}}'\n```\n\n```text\n28.5.2\n```\n\n" +
		"## Prose\n\n```sh\ndocker ps -q\n```\n\nThe team said:\n\n```\nwe ship every friday and it works\n```\n\n" +
		"## Config\n\n```sh\ndocker info\n```\n\n```yaml\nservices:\n  web:\n    image: nginx\n```\n\n" +
		"## Across talks\n\n```sh\ndocker images\n```\n\n## Next\n\n```text\nnothing to see\n```\n"
	outputs := map[int]string{}
	for _, s := range Snippets("n.md", []byte(note)) {
		for _, c := range s.Commands {
			outputs[c.Line] = c.Output
		}
	}
	assert.Equal(t, map[int]string{6: "hello", 18: "28.5.2", 28: "", 40: "", 52: ""}, outputs)
}

// TestPartialOutput: where the text says the output it shows is only a
// part, the output ends in an elision, in a block of its own or under a
// prompt; where it does not, it is whole.
func TestPartialOutput(t *testing.T) {
	note := "# T\n\n```sh\ndocker run --rm busybox:1.36 ls /\n```\n\nHere is the start of it:\n\n```text\nbin\ndev\n```\n\n" +
		"The output is truncated:\n\n```console\n$ docker images\nREPOSITORY   TAG\nbusybox      1.36\n```\n\n" +
		"You should see:\n\n```console\n$ echo hi\nhi\n```\n"
	outputs := map[int]string{}
	for _, s := range Snippets("n.md", []byte(note)) {
		for _, c := range s.Commands {
			outputs[c.Line] = c.Output
		}
	}
	assert.Equal(t, map[int]string{4: "bin\ndev\n...", 17: "REPOSITORY   TAG\nbusybox      1.36\n...", 25: "hi"}, outputs)
}
