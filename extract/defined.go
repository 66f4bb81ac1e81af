package extract

import (
	"fmt"
	"regexp"
	"strings"
)

// Prose often writes a command with words in capitals that it then
// defines ("docker build -t IMAGE --build-arg VERSION=1 ., where IMAGE is
// the name of your image"): the reader fills them in, and a command that
// still holds one is a placeholder.

// capsRE matches a word of capitals that stands for a value.
var capsRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]{2,}$`)

// capsParts are the parts of an argument that are words of capitals
// standing alone or as a part of a reference (IMAGE, USER/APP:TAG,
// --name=NAME); not a $VARIABLE, which the shell fills in.
func capsParts(arg string) []string {
	if strings.Contains(arg, "$") {
		return nil
	}
	var out []string
	for _, p := range strings.FieldsFunc(arg, func(r rune) bool { return strings.ContainsRune("/:=@.,", r) }) {
		if capsRE.MatchString(p) {
			out = append(out, p)
		}
	}
	return out
}

// definesRE returns the expression that finds the prose defining word:
// "where IMAGE is", "replace VERSION with", "IMAGE stands for".
func definesRE(word string) *regexp.Regexp {
	w := regexp.QuoteMeta(word)
	return regexp.MustCompile(`(?:(?i:where|replace|substitute|fill in|set|and|,)\s+` + "`?" + w + "`?" + `\s+(?i:is|are|with|by|for|to|stands|means|should|must|as)\b|` +
		"`?" + `\b` + w + "`?" + `\s+(?i:is the|is your|is a|is an|stands for|means|should be|must be)\b|(?i:replace|substitute|fill in)\s+` + "`?" + w + `\b)`)
}

// paragraph is a paragraph of prose and where it stands among the snippets.
type paragraph struct {
	text string
	at   int // the number of snippets before it
}

// definedWords makes a runnable shell snippet a placeholder when it holds
// a word of capitals as an argument that the prose of its talk defines.
func (n *note) definedWords() {
	talkProse := map[string]string{}
	for _, p := range n.paragraphs {
		// the talk of the snippet before it and of the one after: "where
		// IMAGE is" follows the command it defines a word of
		talks := map[string]bool{}
		for _, i := range []int{p.at - 1, p.at} {
			if i >= 0 && i < len(n.out) {
				talks[n.out[i].Talk] = true
			}
		}
		for talk := range talks {
			talkProse[talk] += "\n" + strings.Join(strings.Fields(p.text), " ")
		}
	}
	exprs := map[string]*regexp.Regexp{} // each word's definesRE, made once
	found := map[[2]string]bool{}        // whether a talk's prose defines a word, read once
	for i := range n.out {
		s := &n.out[i]
		if !s.Runnable || s.Kind != Shell || talkProse[s.Talk] == "" {
			continue
		}
		if w := definedWord(s, s.Talk, talkProse[s.Talk], exprs, found); w != "" {
			s.Runnable, s.Reason = false, SkipPlaceholder
			s.Message = fmt.Sprintf("%s is a placeholder the text defines for the reader to fill in", w)
		}
	}
}

// definedWord is the first word of capitals among s's arguments that the
// prose of its talk defines, or "". exprs keeps the expressions made for
// words, found what the talk's prose was found to define.
func definedWord(s *Snippet, talk, prose string, exprs map[string]*regexp.Regexp, found map[[2]string]bool) string {
	for _, c := range s.Commands {
		for _, l := range c.Lines {
			for _, a := range l.Args {
				for _, w := range capsParts(a) {
					if !strings.Contains(prose, w) {
						continue
					}
					key := [2]string{talk, w}
					defined, ok := found[key]
					if !ok {
						if exprs[w] == nil {
							exprs[w] = definesRE(w)
						}
						defined = defines(prose, exprs[w])
						found[key] = defined
					}
					if defined {
						return "`" + w + "`"
					}
				}
			}
		}
	}
	return ""
}

// readerRE finds, in a sentence that defines a word, that it is the
// reader's to choose ("the name you want", "for example"), not a literal
// the text explains ("where SIGKILL is the signal that cannot be caught").
var readerRE = regexp.MustCompile(`(?i)\byou(?:r)?\b|for example|e\.g\.|such as|replace|substitute|fill in`)

// defines reports whether a sentence of prose defines a word, as the
// word's definesRE finds it, as a value for the reader to choose.
func defines(prose string, word *regexp.Regexp) bool {
	for _, loc := range word.FindAllStringIndex(prose, -1) {
		start := strings.LastIndexAny(prose[:loc[0]], ".!?\n") + 1
		end := len(prose)
		if i := strings.IndexAny(prose[loc[1]:], ".!?\n"); i >= 0 {
			end = loc[1] + i
		}
		if readerRE.MatchString(prose[start:end]) {
			return true
		}
	}
	return false
}

// hasCapsWord reports whether text holds a word that capsRE matches,
// without a regular expression.
func hasCapsWord(text string) bool {
	for i := 0; i < len(text); {
		if !isWordByte(text[i]) {
			i++
			continue
		}
		j := i
		caps := 'A' <= text[i] && text[i] <= 'Z'
		for ; j < len(text) && isWordByte(text[j]); j++ {
			if 'a' <= text[j] && text[j] <= 'z' {
				caps = false
			}
		}
		if caps && j-i >= 3 {
			return true
		}
		i = j
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
