package console

import (
	"regexp"
	"strings"
)

// Comment reports whether a line of a session is a comment: `#` and then
// white space or nothing, as a shell comment reads. BuildKit's steps
// (`#5 [2/3] RUN …`) are output, and `# ...` stands for output left out.
func Comment(line string) bool {
	t := strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(t, "#") {
		return false
	}
	rest := strings.TrimLeft(t, "#")
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return false
	}
	switch strings.TrimSpace(rest) {
	case "...", "…":
		return false
	}
	return true
}

// questionRE matches the question a command asks before it acts: the
// docker CLI's `[y/N] ` (prune, plugin install), docker-compose v1's
// `[yN] ` and Compose v2's `(y/N) `.
var questionRE = regexp.MustCompile(`(?:\[[yY]/?[nN]\]|\([yY]/[nN]\)) ?`)

// Question splits a line at the question it asks. A command prints its
// question with no newline after it, so what follows on the line is what
// the reader typed, as a terminal echoes it (a note's `… [y/N] y`), or,
// where nothing echoes, what the command printed next (a run's `… [y/N]
// Total reclaimed space: 0B`). ok is false when the line asks nothing.
func Question(line string) (question, rest string, ok bool) {
	loc := questionRE.FindStringIndex(line)
	if loc == nil {
		return "", "", false
	}
	return line[:loc[1]], line[loc[1]:], true
}

// Answer reports whether what follows a question is an answer a reader
// types at it: y, yes, n or no, in any case.
func Answer(typed string) bool {
	switch strings.ToLower(strings.TrimSpace(typed)) {
	case "y", "yes", "n", "no":
		return true
	}
	return false
}

// Yes reports whether an answer agrees: y or yes, in any case.
func Yes(answer string) bool {
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return true
	}
	return false
}
