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

// mentionOnly says why an inline command is only told of, or "".
func mentionOnly(lead string) string {
	if m := mentionRE.FindString(lead); m != "" {
		return "the text tells of it (\"" + strings.TrimRight(m, "`'\"(:, \t") + "\"), it does not ask to run it"
	}
	return ""
}
