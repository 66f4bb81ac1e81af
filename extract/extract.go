package extract

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/parser"
)

// Snippets extracts every snippet of one note, in order. path names the
// note in the snippets' positions; b is its content. Snippets never fails:
// content it cannot make sense of yields no snippets or snippets that are
// not runnable.
func Snippets(path string, b []byte) []Snippet {
	return snippetsWith(path, b, mdParser)
}

// snippetsWith is Note with the Markdown parser to use.
func snippetsWith(path string, b []byte, p parser.Parser) []Snippet {
	src, front := newSource(b)
	n := &note{path: path, src: src, lastBlock: -1}
	n.fixedTalk = frontMatter(front, "talk")
	if IsMarkdown(path, n.src.text) || front != nil {
		markdown(n, p)
	} else {
		n.scanBare(n.src.numbered(), Annotations{})
	}
	n.nameTalks()
	n.pairOutputs()
	n.skipRepeats()
	n.definedWords()
	n.standIns()
	n.typedInside()
	n.sshHosts()
	n.addressedHosts()
	n.resolveHosts()
	n.bindAuthorValues()
	if offline := frontMatter(front, "offline"); offline == "true" || offline == "yes" {
		for i := range n.out {
			n.out[i].Offline = true
		}
	}
	return n.out
}

// note is the state of one extraction.
type note struct {
	path      string
	src       *source
	fixedTalk string // from front matter: the whole note is this talk
	warning   string // for the next snippet added, if any
	// caption is the file name the text right before the next code
	// block gives it ("Create `app.py`:"), if any.
	caption string
	// introduced: the text right before the next code block introduces
	// it as what a command prints.
	introduced bool
	// partial: the text right before the next code block says the output
	// it shows is only a part.
	partial bool
	// stopped: the text right before the next code block says it runs
	// until the reader stops it.
	stopped bool
	// lastBlock is the index in out of the snippet the last code block
	// made, until a paragraph follows it; -1 when none.
	lastBlock int
	// firstHost is the first machine the note's prose names, the lab's
	// own; host is the one it puts the reader on now.
	firstHost, host string
	// hosts are the machines the prose puts the reader on now, as
	// Snippet.Hosts reads them; other, the words of one it does not name.
	hosts []string
	other string
	// others are the snippets put on a host the prose does not name,
	// for resolveHosts.
	others []otherHost
	// ownHost is the first machine the note names in its prose, an
	// annotation or a prompt, once ownKnown; "" when that one is a host
	// the prose does not name.
	ownHost  string
	ownKnown bool
	// paragraphs are the prose of a Markdown note, for definedWords.
	paragraphs []paragraph
	// dirs are the directories the prose since the last snippet tells
	// the reader to create.
	dirs      []string
	talkLevel int
	talk      string
	out       []Snippet

	// Which heading level names the talks depends on every heading of
	// the note, so the Markdown walk records the headings and the
	// outline, and nameTalks gives the snippets their talks once it is
	// done: one pass over a long note's blocks instead of two.
	outline  outline
	headings []heading
}

// heading is a heading of the note, seen before snippet number at.
type heading struct {
	level int
	title string
	at    int
}

// nameTalks sets each snippet's talk from the headings before it.
func (n *note) nameTalks() {
	n.talkLevel = n.outline.talkLevel()
	if n.fixedTalk == "" && n.outline.isDeck() {
		n.fixedTalk = n.outline.firstTitle
	}
	next := 0
	for i := range n.out {
		for ; next < len(n.headings) && n.headings[next].at <= i; next++ {
			n.heading(n.headings[next].level, n.headings[next].title)
		}
		n.out[i].Talk = n.currentTalk()
	}
}

// skipRepeats skips an inline command that a code block of its talk runs
// again: the text names what the block then does, and running both would
// make the block's objects twice.
func (n *note) skipRepeats() {
	blocks := map[[2]string]int{} // talk and command: the block's line
	for _, s := range n.out {
		if (s.Form == Fenced || s.Form == Indented) && s.Kind == Shell {
			for _, c := range s.Commands {
				k := [2]string{s.Talk, strings.Join(strings.Fields(c.Text), " ")}
				if _, ok := blocks[k]; !ok {
					blocks[k] = c.Line
				}
			}
		}
	}
	for i := range n.out {
		s := &n.out[i]
		if s.Form != Inline || !s.Runnable || s.Kind != Shell {
			continue
		}
		if line, ok := blocks[[2]string{s.Talk, strings.Join(strings.Fields(s.Code), " ")}]; ok {
			s.Runnable, s.Reason, s.Message = false, SkipProse, fmt.Sprintf("names the command that the block at line %d runs", line)
		}
	}
}

// line is one line of a note with its 1-based number.
type line struct {
	n    int
	text string
}

func (s *source) numbered() []line {
	all := s.lines()
	out := make([]line, len(all))
	for i, t := range all {
		out[i] = line{n: i + 1, text: t}
	}
	return out
}

// Stem is a note's file name without directory and extension: the talk of a
// note with no headings.
func Stem(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

func (n *note) heading(level int, title string) {
	if title == "" {
		return
	}
	if n.talkLevel == 0 || level <= n.talkLevel || n.talk == "" {
		n.talk = title
	}
}

// currentTalk is the talk a snippet found now belongs to.
func (n *note) currentTalk() string {
	switch {
	case n.fixedTalk != "":
		return n.fixedTalk
	case n.talk != "":
		return n.talk
	}
	return Stem(n.path)
}

// block adds the snippet of a code block: a `$ ` prompt block is a shell
// session, and so is a block tagged as shell that shows its commands'
// output without prompts (one that is all output is an output block);
// anything else is classified by its content.
func (n *note) block(form Form, lang string, a Annotations, lines []line) {
	for len(lines) > 0 && strings.TrimSpace(lines[0].text) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1].text) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return
	}
	if cmds := promptCommands(lines); cmds != nil {
		n.add(Snippet{Form: form, Lang: lang, Line: cmds[0].Line, Annotations: a}, cmds)
		return
	}
	if langKind(lang) == Shell && form != Inline && a.File == "" {
		cmds, output := unpromptedSession(lines)
		switch {
		case output:
			n.output(Snippet{Form: form, Lang: lang, Line: lines[0].n, Code: joinLines(lines), Annotations: a})
			return
		case cmds != nil:
			n.add(Snippet{Form: form, Lang: lang, Line: cmds[0].Line, Annotations: a}, cmds)
			return
		}
	}
	code := make([]string, len(lines))
	for i, l := range lines {
		code[i] = l.text
		if form == Bare {
			code[i] = strings.TrimRight(l.text, " \t")
		}
	}
	n.add(Snippet{Form: form, Lang: lang, Line: lines[0].n, Code: strings.Join(code, "\n"), Annotations: a}, nil)
}

// add classifies a snippet and appends it. cmds, when not nil, are the
// commands of a prompt session; otherwise a shell snippet is split into
// commands here.
func (n *note) add(s Snippet, cmds []Command) {
	s.File = n.path
	if cmds != nil {
		texts := make([]string, len(cmds))
		for i, c := range cmds {
			texts[i] = c.Text
		}
		s.Code = strings.Join(texts, "\n")
		if s.Lang == "" {
			s.Lang = "console"
		}
	}
	c, sh := classify(s.Code, s.Lang, s.Form)
	if cmds != nil && c.Kind != Shell && c.Kind.Runnable() {
		c = Class{Kind: Shell, Runnable: true}
	}
	s.Kind, s.Runnable, s.Reason, s.Message = c.Kind, c.Runnable, c.Reason, c.Message
	if s.Kind == Shell {
		s.Commands = shellCommands(s, cmds, sh)
	}
	n.placeSnippet(&s)
	s.introduced = n.introduced && s.Form != Inline
	s.partial = n.partial && s.Form != Inline
	s.UntilStopped = s.Annotations.UntilStopped || n.stopped && s.Form != Inline
	s.Dirs, n.dirs = n.dirs, nil
	if n.caption != "" && s.Annotations.File == "" && s.Form != Inline && s.Form != Bare {
		n.captioned(&s)
	}
	overrule(&s)
	n.append(s)
}

// shellCommands returns the commands of shell snippet s, each with its
// lines parsed: cmds, a prompt session's, or, when nil, s's code split
// into commands. sh is the classifier's parse of the code, or nil.
func shellCommands(s Snippet, cmds []Command, sh *shellCode) []Command {
	if cmds == nil {
		// The classifier parsed the code trimmed: reuse that parse
		// only when trimming changed nothing.
		if sh == nil || sh.code != s.Code {
			sh = &shellCode{code: s.Code}
		}
		cmds = splitCommands(sh, s.Line)
	}
	for i := range cmds {
		if sh != nil && len(cmds) == 1 && cmds[0].Text == sh.code {
			cmds[i].read(sh) // the classifier's, for the same code
		} else {
			cmds[i].read(&shellCode{code: cmds[i].Text})
		}
	}
	return cmds
}

// overrule lets what the note says about a placed snippet outweigh what
// its content says. A snippet written as a file (annotated or captioned
// with its name) is a script for the lab when it is runnable shell, whole
// when it looked a fragment of a Dockerfile, compose file or Go program,
// and a file for the lab when its kind is not run; an inline command that
// its lead only mentions is prose; a skip annotation skips anything.
func overrule(s *Snippet) {
	if s.Annotations.File != "" {
		switch {
		case s.Kind == Shell && s.Runnable:
			// A script for the lab's commands to run, not commands to type.
			s.Runnable, s.Reason, s.Message = false, SkipAnnotated, "a script for the lab, written as "+s.Annotations.File
		case s.Kind.Runnable() && s.Kind != Shell && s.Reason == SkipFragment:
			// The note says the block is a whole file: a lone FROM is one.
			s.Runnable, s.Reason, s.Message = true, "", ""
		case !s.Kind.Runnable():
			s.Runnable, s.Reason, s.Message = false, SkipAnnotated, "a file for the lab, written as "+s.Annotations.File
		}
	}
	if s.Form == Inline && s.Kind == Shell && s.Runnable {
		if m := mentionOnly(s.Lead, s.Next); m != "" {
			s.Runnable, s.Reason, s.Message = false, SkipProse, m
		}
	}
	if s.Annotations.Skip {
		s.Runnable, s.Reason, s.Message = false, SkipAnnotated, "the note says to skip it"
	}
}

// output adds a block that only shows what commands print.
func (n *note) output(s Snippet) {
	s.File = n.path
	s.Kind, s.Reason, s.Message = Output, SkipOutput, "the output of a command, not a command"
	n.append(s)
}

// append adds a snippet with the warnings about how it is written: the
// pending one, and annotation keys labrun does not know.
func (n *note) append(s Snippet) {
	if n.warning != "" {
		s.Warnings = append(s.Warnings, n.warning)
	}
	for _, k := range s.Annotations.Unknown {
		s.Warnings = append(s.Warnings, fmt.Sprintf("labrun does not know the annotation %q: it is ignored", k))
	}
	n.out = append(n.out, s)
}

func joinLines(lines []line) string {
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text
	}
	return strings.Join(texts, "\n")
}

// promptRE matches a shell prompt at the start of a line: `$ ` or
// `user@host:~/dir$ ` / `root@host# `.
var promptRE = regexp.MustCompile(`^\s*(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s?[$#]|\$)\s`)

// promptCommands reads a block whose commands follow `$ ` prompts (or a
// user's, a machine's or a container's: `ada@node3:~$ `, `node1$ `,
// `/ # `): prompt lines are commands (backslash continuations joined), the
// lines under a command are its expected output. It returns nil when no
// line starts with a prompt.
func promptCommands(lines []line) []Command {
	var s session
	for i := 0; i < len(lines); i++ {
		if emptyPrompt(lines[i].text) {
			s.command(Command{})
			continue
		}
		var loc []int
		if mayBePrompt(lines[i].text) {
			loc = promptRE.FindStringIndex(lines[i].text)
		}
		if loc == nil {
			if k := hostPromptLen(lines[i].text); k > 0 {
				loc = []int{0, k}
			}
		}
		if loc == nil && mayBeContainerPrompt(lines[i].text) {
			loc = containerPromptRE.FindStringIndex(lines[i].text)
		}
		if loc == nil {
			s.output(lines[i].text)
			continue
		}
		start, i0 := lines[i].n, i
		// the shell's continuation prompt is `> `
		var text string
		text, i = continued(lines, i, lines[i].text[loc[1]:], func(t string) string { return strings.TrimPrefix(t, ">") })
		s.command(Command{Line: start, Text: strings.TrimSpace(text), Prompt: strings.TrimSpace(lines[i0].text[:loc[1]])})
	}
	return s.done()
}

// emptyPrompt reports whether a line is a prompt with nothing typed at
// it (`$`, `ada@node3:~$`, `node1$`, `/ #`), as a session often ends:
// neither a command nor output.
func emptyPrompt(text string) bool {
	t := strings.TrimSpace(text)
	if t == "$" {
		return true
	}
	if t == "" || t[len(t)-1] != '$' && t[len(t)-1] != '#' {
		return false
	}
	t += " " // the white space every prompt expression ends in
	whole := func(loc []int) bool { return loc != nil && loc[1] == len(t) }
	return mayBePrompt(t) && whole(promptRE.FindStringIndex(t)) || hostPromptLen(t) == len(t) ||
		mayBeContainerPrompt(t) && whole(containerPromptRE.FindStringIndex(t))
}

// instructionRE matches a line that starts with a Dockerfile instruction
// written in capitals with an argument, as unmarked text shows them.
var instructionRE = regexp.MustCompile(`^(` + instructionAlternatives + `)\s+\S`)

// instructionList is the Dockerfile instructions: instructionRE,
// instructionWordRE and instructionWords are made from it.
const instructionList = `FROM RUN CMD LABEL MAINTAINER EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER
	WORKDIR ARG ONBUILD STOPSIGNAL HEALTHCHECK SHELL`

var (
	instructionAlternatives = strings.Join(strings.Fields(instructionList), "|")
	// instructionWords are the words that instructionRE and
	// instructionWordRE start with.
	instructionWords = wordSet(instructionList)
)

// mayBeInstruction is a cheap test that must hold for instructionRE or
// instructionWordRE to match t. Both need an instruction word followed by
// white space or the end, none of which is a capital letter, so the word
// is all of t's leading capitals.
func mayBeInstruction(t string) bool {
	i := 0
	for i < len(t) && 'A' <= t[i] && t[i] <= 'Z' {
		i++
	}
	return instructionWords[t[:i]]
}

// bareFromRE matches an unmarked FROM line whose argument is an image
// reference, so that a sentence starting "FROM it." is left as prose.
var bareFromRE = regexp.MustCompile(`^FROM\s+(?:--platform=\S+\s+)?[a-z0-9$][\w.:/@${}-]*[\w}](?:\s+(?:AS|as)\s+[\w.-]+)?\s*$`)

// bareInstruction reports whether an unmarked line starts a Dockerfile.
func bareInstruction(t string) bool {
	if strings.HasPrefix(t, "FROM") {
		return bareFromRE.MatchString(t)
	}
	return mayBeInstruction(t) && instructionRE.MatchString(t)
}

// commandRE matches a line that starts an unmarked command: docker and its
// retired companions followed by a flag or a word that could be one of their
// commands. isCommand then checks the word against the docker CLI, so that
// prose such as "docker data center 1.12" is not taken for a command.
var commandRE = regexp.MustCompile(`^(?:sudo\s+)?(docker|docker-compose|docker-machine)\s+(-|[a-z][a-z-]*(?:\s|$))`)

// dockerTopLevel holds the docker CLI's top-level commands.
var dockerTopLevel = wordSet(`attach build builder buildx checkpoint commit compose config container
	context cp create diff events exec export history image images import info init inspect kill load
	login logout logs manifest network node pause plugin port ps pull push rename restart rm rmi run
	save search secret service stack start stats stop swarm system tag top trust unpause update
	version volume wait`)

func isCommand(t string) bool {
	// commandRE is anchored at docker or sudo.
	if !strings.HasPrefix(t, "docker") && !strings.HasPrefix(t, "sudo") {
		return false
	}
	m := commandRE.FindStringSubmatch(t)
	if m == nil {
		return false
	}
	word := strings.TrimSpace(m[2])
	return m[1] != "docker" || word == "-" || dockerTopLevel[word]
}

func wordSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(s) {
		set[w] = true
	}
	return set
}

// scanBare finds unmarked snippets in lines of plain text or of a
// paragraph: a run of lines that starts with a Dockerfile instruction is a
// Dockerfile; lines that start with `docker `, `docker-compose ` or a `$ `
// prompt (or `user@host:~$ `, `node1$ `) are commands, and a prompt's
// following lines are its output.
func (n *note) scanBare(lines []line, a Annotations) {
	for i := 0; i < len(lines); {
		var j int
		switch startsSnippet(lines[i].text) {
		case bareDockerfile:
			j = runEnd(lines, i, func(s string) bool {
				return (mayBeInstruction(s) && instructionRE.MatchString(s)) || strings.HasPrefix(s, "#")
			})
		case barePrompt:
			j = runEnd(lines, i, func(s string) bool { return true })
		case bareCommand:
			j = runEnd(lines, i, isCommand)
		default:
			i++
			continue
		}
		n.block(Bare, "", a, lines[i:j])
		i = j
	}
}

// The kinds of line that start an unmarked snippet.
const (
	bareNone = iota
	bareDockerfile
	barePrompt
	bareCommand
)

// startsSnippet says what unmarked snippet a line starts, if any.
func startsSnippet(text string) int {
	t := trimRightBlank(text)
	switch {
	case !mayStartSnippet(t):
		return bareNone
	case bareInstruction(t):
		return bareDockerfile
	case mayBePrompt(t) && promptRE.MatchString(t), hostPromptLen(t) > 0:
		return barePrompt
	case isCommand(t):
		return bareCommand
	}
	return bareNone
}

// mayStartSnippet is a cheap test that a line could start an unmarked
// snippet (an instruction in capitals, docker or sudo, a prompt), so that
// prose lines are passed over without running a regular expression.
func mayStartSnippet(t string) bool {
	i := 0
	for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
		i++
	}
	t = t[i:]
	if t == "" {
		return false
	}
	c := t[0]
	if (c >= 'A' && c <= 'Z') || c == '$' || strings.HasPrefix(t, "docker") || strings.HasPrefix(t, "sudo") {
		return true
	}
	for _, c := range []byte(t[:min(len(t), 64)]) {
		if c == '@' || c == '$' || c == '#' {
			return true
		}
	}
	return false
}

// mayBePrompt is a cheap test that must hold for promptRE to match: the
// expression ends in `$` or `#` followed by white space (\s), and either
// its first character after white space is `$` or it holds a user@host.
func mayBePrompt(t string) bool {
	lead := 0
	for lead < len(t) && isSpaceRE(t[lead]) {
		lead++
	}
	if (lead == len(t) || t[lead] != '$') && !strings.Contains(t, "@") {
		return false
	}
	for i := 0; i+1 < len(t); i++ {
		if (t[i] == '$' || t[i] == '#') && isSpaceRE(t[i+1]) {
			return true
		}
	}
	return false
}

// isSpaceRE reports whether c is white space as \s means in a regular
// expression: ASCII only, and no vertical tab.
func isSpaceRE(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// trimRightBlank is strings.TrimRight(s, " \t") without building a cutset.
func trimRightBlank(s string) string {
	i := len(s)
	for i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
		i--
	}
	return s[:i]
}

// runEnd returns the index after the run that starts at lines[i]: lines
// that satisfy more, or continue the previous line with a backslash, up to a
// blank line.
func runEnd(lines []line, i int, more func(string) bool) int {
	j := i + 1
	for j < len(lines) {
		prev := trimRightBlank(lines[j-1].text)
		t := trimRightBlank(lines[j].text)
		if strings.TrimSpace(t) == "" {
			break
		}
		if !strings.HasSuffix(prev, "\\") && !more(t) {
			break
		}
		j++
	}
	return j
}

// mdHintRE finds Markdown that plain text does not have: ATX headings,
// setext underlines, fences, inline code.
var mdHintRE = regexp.MustCompile("(?m)^(#{1,6}[ \\t]|={3,}[ \\t]*$|-{3,}[ \\t]*$|```|~~~)|`[^`\\n]+`")

// IsMarkdown reports whether a note is Markdown: by its extension, or, for
// a .txt note, by the markup it contains.
func IsMarkdown(path string, b []byte) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown", ".mdown", ".mkd":
		return true
	}
	return mdHintRE.Match(b)
}

// frontMatter reads a key of front matter: `talk:` names the one talk that
// a whole note is (the embedded labs use it), `offline: true` runs its
// labs with no route outside.
func frontMatter(front []string, key string) string {
	for _, l := range front {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == key {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}
