package extract

import (
	"path"
	"regexp"
	"strings"
)

// A tutorial names the file a block is by the sentence that introduces
// it ("Create a file named `server.js` with this content:") or by a
// heading that is the file's name (`### compose.yaml`): the reader saves
// the block under that name, and so does the lab.

// captionNameRE matches a name that is a file's: a path whose last part has
// an extension, or one of the files known by name alone.
var captionNameRE = regexp.MustCompile(`^(?:[\w.-]+/)*(?:[\w-][\w.-]*\.[A-Za-z][\w]{0,9}|Dockerfile(?:\.[\w-]+)?|Containerfile|Makefile|Procfile|Gemfile|Caddyfile|\.dockerignore|\.env(?:\.[\w-]+)?|\.gitignore)$`)

// captionSpanRE finds the code spans of a sentence.
var captionSpanRE = regexp.MustCompile("`([^`\n]+)`")

// saveVerbRE finds the words of a sentence that tell the reader to save
// what follows as a file; addVerbRE those that add it to one.
var (
	saveVerbRE = regexp.MustCompile(`(?i)\b(?:create|creating|save|saving|write|writing|named|called|put|paste|file|contents?|as)\b`)
	addVerbRE  = regexp.MustCompile(`(?i)\b(?:add|append|insert|edit|change|modify|update|replace|extend)\b`)
)

// captionFile is the file name the sentence right before a code block
// gives it, or "". The sentence must end in a colon, tell the reader to
// save the block (not to add it to a file) and name the file in a code
// span; of several, the first after the word that says so.
func captionFile(paragraph string) string {
	text := strings.TrimSpace(paragraph)
	if !strings.HasSuffix(text, ":") {
		return ""
	}
	sentence := text
	if locs := sentenceEndRE.FindAllStringIndex(text, -1); len(locs) > 0 {
		sentence = text[locs[len(locs)-1][1]:]
	}
	verb := saveVerbRE.FindStringIndex(sentence)
	if verb == nil || addVerbRE.MatchString(sentence) {
		return ""
	}
	var first string
	for _, m := range captionSpanRE.FindAllStringSubmatchIndex(sentence, -1) {
		name := sentence[m[2]:m[3]]
		if !captionNameRE.MatchString(name) {
			continue
		}
		if m[0] > verb[0] {
			return name
		}
		if first == "" {
			first = name
		}
	}
	return first
}

// headingFile is the file name a heading is, or "".
func headingFile(title string) string {
	title = strings.Trim(strings.TrimSpace(title), "`")
	if captionNameRE.MatchString(title) && strings.ContainsAny(title, "./") {
		return title
	}
	return ""
}

// captioned names a code block by the file its caption gives it. Shell
// code is a file only when it is named as a script: under "Create
// `notes.txt`:", `echo hi > notes.txt` is how the reader creates it.
func (n *note) captioned(s *Snippet) {
	name := n.caption
	if s.Kind == Shell && !strings.HasSuffix(name, ".sh") {
		return
	}
	s.Annotations.File = name
	if s.Kind == Go {
		s.Runnable, s.Reason, s.Message = false, SkipAnnotated, "a file for the lab, written as "+name
	}
}

// proseDirRE finds a sentence telling the reader to create a directory
// and naming it in a code span: "Create a folder named `app`", "make a
// new project directory `hello-docker`".
var proseDirRE = regexp.MustCompile("(?i)\\b(?:create|make)\\s+(?:a\\s+|an\\s+)?(?:new\\s+)?(?:empty\\s+)?(?:project\\s+|working\\s+)?(?:directory|folder|dir)\\s+(?:(?:called|named)\\s+)?`([\\w.-][\\w./-]*)`")

// proseDirs are the directories a paragraph tells the reader to create.
func proseDirs(paragraph string) []string {
	var out []string
	for _, m := range proseDirRE.FindAllStringSubmatch(strings.Join(strings.Fields(paragraph), " "), -1) {
		if !strings.HasPrefix(m[1], "/") && !strings.Contains(m[1], "..") {
			out = append(out, path.Clean(m[1]))
		}
	}
	return out
}
