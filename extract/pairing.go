package extract

import (
	"fmt"
	"regexp"
	"strings"
)

// A note shows what a command prints in a block of its own after the
// command's block ("You should see:" and then the lines). That block is
// the command's expected output, as the lines under a `$ ` prompt are.

// outputLangs are the fence languages of a block that shows output.
var outputLangs = wordSet("console text output plaintext txt terminal log")

// introducesRE finds the words that introduce a block as what a command
// printed.
var introducesRE = regexp.MustCompile(`(?i)\b(?:you (?:should|will|'ll) see|should (?:print|output|show|return)|prints?|outputs?|returns?|looks? like|the result|shows?|displays?|responds?|answers?)\b`)

// introduces reports whether a paragraph introduces the block after it
// as what a command prints ("You should see:", "The output looks like
// this:"): it ends in a colon and says so.
func introduces(paragraph string) bool {
	return strings.HasSuffix(strings.TrimSpace(paragraph), ":") && introducesRE.MatchString(paragraph)
}

// pairOutputs gives the last command of a shell block the output shown
// in the block right after it, in its talk: a block with no command, in
// a language that shows output or none, that nothing but prose or inline
// spans separates from the command's.
func (n *note) pairOutputs() {
	last := -1 // the shell block the next output block would belong to
	for i := range n.out {
		s := &n.out[i]
		switch {
		case s.Form == Inline || s.Form == Bare && s.Kind != Shell:
			continue
		case last >= 0 && n.out[last].Talk == s.Talk && showsOutput(s):
			cmds := n.out[last].Commands
			c := &cmds[len(cmds)-1]
			c.Output, c.Answer = shownOutput(strings.Split(s.Code, "\n"))
			if s.partial {
				c.Output = elided(c.Output)
			}
			s.Kind, s.Runnable, s.Reason = Output, false, SkipOutput
			s.Message = fmt.Sprintf("the output the command at line %d should print", c.Line)
			last = -1
			continue
		}
		last = -1
		if s.partial && s.Kind == Shell && len(s.Commands) > 0 && s.Commands[len(s.Commands)-1].Output != "" {
			c := &s.Commands[len(s.Commands)-1]
			c.Output = elided(c.Output)
		}
		if s.Kind == Shell && (s.Form == Fenced || s.Form == Indented) && len(s.Commands) > 0 && s.Commands[len(s.Commands)-1].Output == "" {
			last = i
		}
	}
}

// showsOutput reports whether a block is output: no command in it, in a
// language that shows output, or in none when it reads as output or the
// text introduces it as what the command prints.
func showsOutput(s *Snippet) bool {
	if s.Form != Fenced && s.Form != Indented || s.Annotations.File != "" {
		return false
	}
	switch {
	case s.Kind == Output:
		return s.Lang == "" || outputLangs[s.Lang]
	case s.Kind == Text:
		return outputLangs[s.Lang] || s.Lang == "" && s.introduced
	}
	return false
}

// partialRE finds prose saying the output a block shows is only a part
// of what the command prints.
var partialRE = regexp.MustCompile(`(?i)\b(?:trimmed|truncated|partial|abbreviated|shortened|excerpt|(?:the )?(?:start|beginning|top|first (?:few )?lines) of (?:it|the output|the list|the listing)|is longer|will be longer)\b`)

// elided is output with a last line that stands for the lines the note
// left out.
func elided(output string) string {
	return strings.TrimRight(output, "\n") + "\n..."
}
