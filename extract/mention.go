package extract

import (
	"regexp"
	"strings"
)

// sentenceEndRE finds the end of a sentence, or of a list item's lead-in.
var sentenceEndRE = regexp.MustCompile(`[.!?;:]\s|\n\s*\n|\n\s*(?:[-*+]|\d+[.)])\s`)

// sentenceBefore is the part of a sentence before an inline span, from
// the text of its paragraph up to the span.
func sentenceBefore(text string) string {
	if locs := sentenceEndRE.FindAllStringIndex(text, -1); len(locs) > 0 {
		text = text[locs[len(locs)-1][1]:]
	}
	return strings.Join(strings.Fields(text), " ")
}

// mentionRE finds, in the words before an inline command, that the text
// tells of it rather than asks the reader to run it: that it was run
// ("we ran", "had been run"), or what a container or image runs on its
// own ("its CMD is", "the container runs"); the cue stands at most three
// words before the span.
var mentionRE = regexp.MustCompile(`(?i)\b(?:ran|executed|typed|(?:was|were|had|has|have|been)\s+(?:\w+\s+)?(?:run|used)|(?:its|the|a|default)\s+(?:cmd|entrypoint|command)(?:\s+\w+){0,3}\s+(?:is|was|of|runs?)|(?:container|image|service|process)\s+(?:runs|starts|executes|launches)(?:\s+with)?)(?:\s+\w+){0,3}\W*$`)

// namesRE finds, before an inline command that the next word calls a
// command ("the `docker scan` command"), an ask to run it ("run the",
// "type", "execute"): without one the text names the command, and the
// block after it, if any, is what to run.
var namesRE = regexp.MustCompile(`(?i)\b(?:run|execute|type|enter|issue|try)(?:\s+(?:the|this|a))?\W*$`)

// exampleRE finds an inline command given as an example in parentheses:
// "(for example, `rm -rf django`)".
var exampleRE = regexp.MustCompile(`(?i)\((?:for example|for instance|e\.g\.|eg|such as),?\W*$`)

// mentionOnly says why an inline command is only told of, or "": lead
// are the words of its sentence before it, next the word after it.
func mentionOnly(lead, next string) string {
	if m := mentionRE.FindString(lead); m != "" {
		return "the text tells of it (\"" + strings.TrimRight(m, "`'\"(:, \t") + "\"), it does not ask to run it"
	}
	if (next == "command" || next == "commands" || next == "subcommand") && !namesRE.MatchString(lead) {
		return "the text names the command (\"the … command\"), it does not ask to run it"
	}
	if exampleRE.MatchString(lead) {
		return "an example in parentheses, not a step"
	}
	return ""
}

// wordAfter is the first word after an inline span, lower-cased, without
// punctuation: "command" in "the `docker scan` command".
func wordAfter(text string) string {
	text = strings.TrimLeft(text, "`")
	if len(text) > 40 {
		text = text[:40]
	}
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(fields[0], ".,;:!?)(\"'"))
}
