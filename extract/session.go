package extract

import (
	"regexp"
	"strings"

	"github.com/labrun/labrun/extract/console"
)

// outputLineRE matches a line that only a command prints: the classic
// builder's and BuildKit's progress, pull progress, the IDs and digests
// Docker answers with, and the headers of docker's tables.
var outputLineRE = regexp.MustCompile(`^(?:Sending build context to Docker daemon|Step \d+/\d+ :|\s*---> |Removing intermediate container|Successfully (?:built|tagged)|\[\+\] (?:Building|Running)|\s*=> |#\d+ (?:\[|DONE|CACHED|sha256:|naming|writing|exporting|transferring|load)|Unable to find image|[\w.-]+: Pulling from|[0-9a-f]{12}: (?:Pull complete|Already exists|Pulling fs layer|Waiting|Downloading|Extracting|Verifying Checksum|Download complete)|Digest: sha256:|Status: (?:Downloaded|Image is up to date)|sha256:[0-9a-f]{64}$|[0-9a-f]{64}$|[0-9a-f]{12}$)`)

// tableHeaderRE matches the header of a docker table: ps, images, network
// ls, volume ls, node ls, service ls, stack ls, stats.
var tableHeaderRE = regexp.MustCompile(`^(?:CONTAINER ID|CONTAINER\s{2,}|REPOSITORY\s{2,}|IMAGE ID|NETWORK ID|DRIVER\s{2,}VOLUME NAME|ID\s{2,}(?:NAME|HOSTNAME)|NAME\s{2,}(?:SERVICES|IMAGE|DRIVER|ACTIVE|DESCRIPTION)|NODE ID|TYPE\s{2,}TOTAL)`)

// elisionRE matches a line that stands for output left out.
var elisionRE = regexp.MustCompile(`^\s*(?:\.\.\.|…|\[\.\.\.\]|\(\.\.\.[\w\s]*\.\.\.\)|<snip>|\[output (?:omitted|truncated)\])\s*$`)

// unpromptedSession reads a shell block that shows what its commands
// print without `$ ` prompts: lines that only a command prints (build
// progress, tables, elisions) are the output of the command above them,
// never commands. It returns the commands, or output=true with no commands
// when the block is all output, or neither when no line is output.
func unpromptedSession(lines []line) (cmds []Command, output bool) {
	kinds := outputLines(lines)
	if kinds == nil {
		return nil, false
	}
	var s session
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i].text)
		switch {
		case kinds[i]:
			s.output(lines[i].text)
		case t == "" || strings.HasPrefix(t, "#") || emptyPrompt(t):
		default:
			start := lines[i].n
			t, i = continued(lines, i, t, func(t string) string { return t })
			s.command(Command{Line: start, Text: t})
		}
	}
	cmds = s.done()
	return cmds, len(cmds) == 0
}

// session collects a block's commands and, under each, the output the
// note shows it print.
type session struct {
	cmds []Command
	out  []string
	open bool // the last command's output is still being read
}

// command starts a command; an empty one (a bare prompt) only ends the
// one before.
func (s *session) command(c Command) {
	s.flush()
	if c.Text != "" {
		s.cmds = append(s.cmds, c)
	}
	s.open = c.Text != ""
}

// output adds a line to what the last command printed; before any
// command, or after a bare prompt, it is dropped.
func (s *session) output(text string) {
	if s.open {
		s.out = append(s.out, text)
	}
}

func (s *session) flush() {
	if len(s.cmds) > 0 && len(s.out) > 0 {
		c := &s.cmds[len(s.cmds)-1]
		c.Output, c.Answer = shownOutput(s.out)
	}
	s.out = nil
}

// shownOutput reads the lines a note shows under a command as what the
// command prints. The answer the reader typed at its question is the
// reader's input, not output: it is returned apart, and the question
// left as the command prints it. Comments and blank lines after the
// last line the command printed are the author's. A comment among the
// lines it printed is kept, as it may be a line of a file the command
// shows (`cat Dockerfile`); the comparison does not ask for it.
func shownOutput(lines []string) (output, answer string) {
	end := len(lines)
	for end > 0 && (strings.TrimSpace(lines[end-1]) == "" || console.Comment(lines[end-1])) {
		end--
	}
	out := make([]string, 0, end)
	for _, l := range lines[:end] {
		if q, typed, ok := console.Question(l); ok && answer == "" && console.Answer(typed) {
			l, answer = strings.TrimRight(q, " "), strings.TrimSpace(typed)
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n"), answer
}

func (s *session) done() []Command {
	s.flush()
	return s.cmds
}

// continued joins the lines a command's text continues on with a trailing
// backslash, each line as clean leaves it, from line i on. It returns the
// text and the index of the command's last line.
func continued(lines []line, i int, text string, clean func(string) string) (string, int) {
	for strings.HasSuffix(text, "\\") && i+1 < len(lines) {
		i++
		next := strings.TrimSpace(clean(strings.TrimSpace(lines[i].text)))
		text = strings.TrimRight(strings.TrimSuffix(text, "\\"), " \t") + " " + next
	}
	return text, i
}

// printedRE matches the first word of a line that no one types as a
// command: one that starts with a capital (and assigns nothing), or holds
// punctuation no program name has ("hello, reader", "Hello from Docker!").
var printedRE = regexp.MustCompile(`^(?:[A-Z][^\s=]*(?:\s|$)|[^\s]*[^\w\s./:@%+=~$'"(){}\[\]<>|&;*?!#\\-])`)

// printed reports whether a line below a command reads as what it printed.
func printed(t string) bool {
	t = strings.TrimSpace(t)
	return printedRE.MatchString(t) && !knownCommands[strings.Fields(t)[0]]
}

// outputLines marks the lines of a block that are output, and the rows of
// a table below its header up to a blank line. It returns nil when none
// is, or when the block holds a heredoc, whose body may look like anything.
func outputLines(lines []line) []bool {
	kinds := make([]bool, len(lines))
	any, table, json := false, false, false
	for i, l := range lines {
		t := strings.TrimRight(l.text, " \t")
		if strings.Contains(t, "<<") {
			return nil
		}
		switch {
		case json:
			// the JSON a command printed (docker inspect), to its closing
			// bracket at the start of a line
			kinds[i] = true
			json = t != "]" && t != "}"
		case i > 0 && (t == "[" || t == "{"):
			kinds[i], json = true, true
		case strings.TrimSpace(t) == "" || console.Comment(t):
			// a blank line ends a table, and so does the author's comment
			table = false
		case table || tableHeaderRE.MatchString(t):
			table = true
			kinds[i] = true
		case outputLineRE.MatchString(t) || elisionRE.MatchString(t):
			kinds[i] = true
		case i > 0 && printed(t):
			kinds[i] = true
		}
		any = any || kinds[i]
	}
	if !any {
		return nil
	}
	return kinds
}
