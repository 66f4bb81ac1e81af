package dockercli

import (
	"path"
	"strings"
)

// Line is one simple command as its program's CLI reads it. For docker,
// docker-compose and docker's plugins it holds the command, its flags and
// its operands, read by that CLI's grammar; for any other program only
// the words.
type Line struct {
	Words   []string // the words as the shell splits them
	Program string   // the program run, sudo and its path left out: docker, grep, …
	Args    []string // the words after the program

	Global []Arg // the flags of docker (or of a plugin) before the command
	// Cmd is the command the words name; nil when the grammar knows none
	// (a program other than docker, or a docker plugin it does not know).
	Cmd *Command
	// Plugin names the docker plugin that runs the command: "compose"
	// for `docker compose` and `docker-compose`, "buildx", or "".
	Plugin string
	// Path is the command's own path ("container run" for `docker run`,
	// "compose up"); Typed is the path as written ("run", "compose up").
	Path, Typed string
	Flags       []Arg
	Operands    []string
	// Unknown are the flags, as written, that the command does not have.
	Unknown []string
}

// Arg is one flag as written.
type Arg struct {
	Name     string // the flag's long name, "detach" for -d; as written when unknown
	Value    string
	HasValue bool
	Typed    string // the flag as written: "-d", "--name=web", "-p" (its value is the next word)
}

// Parse reads the words of one simple command (as the shell split them).
// Docker's words are read with the grammar of the newest engine: the
// engines differ in which flags exist, not in how a line is read.
func Parse(words []string) Line {
	l := Line{Words: words}
	args := words
	if len(args) > 0 && args[0] == "sudo" {
		args = args[1:]
		for len(args) > 0 && strings.HasPrefix(args[0], "-") {
			args = args[1:]
		}
	}
	if len(args) == 0 {
		return l
	}
	l.Program, l.Args = path.Base(args[0]), args[1:]
	switch l.Program {
	case "docker":
		l.parseDocker(Docker(""))
	case "docker-compose":
		l.parsePlugin("compose", l.Args)
	}
	return l
}

func (l *Line) parseDocker(g *Grammar) {
	rest := l.globals(g, l.Args)
	if len(rest) == 0 {
		return
	}
	if p := Plugin(rest[0]); p != nil {
		l.parsePlugin(rest[0], rest[1:])
		return
	}
	c, n := g.Lookup(rest)
	l.Typed = strings.Join(rest[:n], " ")
	if c == nil {
		l.Typed, l.Path, l.Operands = rest[0], rest[0], rest[1:]
		return
	}
	l.Cmd, l.Path = c, c.Canonical()
	l.flagsAndOperands(c, rest[n:])
}

// parsePlugin reads a plugin's command: its own flags, then the command.
func (l *Line) parsePlugin(name string, args []string) {
	g := Plugin(name)
	l.Plugin, l.Path, l.Typed = name, name, name
	if g == nil {
		l.Operands = args
		return
	}
	rest := l.globals(g, args)
	c, n := g.Lookup(rest)
	l.Typed, l.Path = strings.TrimSpace(name+" "+strings.Join(rest[:n], " ")), name
	if c == nil {
		l.Operands = rest
		return
	}
	l.Cmd, l.Path = c, name+" "+c.Path
	l.flagsAndOperands(c, rest[n:])
}

// globals reads the CLI's own flags up to its command, and returns what
// follows them.
func (l *Line) globals(g *Grammar, args []string) []string {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" && args[0] != "--" {
		var arg []Arg
		arg, args = readFlag(g.GlobalFlag, args, &l.Unknown)
		l.Global = append(l.Global, arg...)
	}
	return args
}

func (l *Line) flagsAndOperands(c *Command, args []string) {
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--":
			l.Operands = append(l.Operands, args[1:]...)
			return
		case strings.HasPrefix(a, "-") && a != "-":
			var arg []Arg
			arg, args = readFlag(c.Flag, args, &l.Unknown)
			l.Flags = append(l.Flags, arg...)
		case c.Stop:
			l.Operands = append(l.Operands, args...)
			return
		default:
			l.Operands = append(l.Operands, a)
			args = args[1:]
		}
	}
}

// readFlag reads the flag args starts with, as pflag does: --name=value,
// --name value, -n value, -nvalue, or short flags run together (-dit). It
// returns the flags read and the words after them. A flag the grammar does
// not have is reported in unknown and read as taking no value.
func readFlag(lookup func(string) *Flag, args []string, unknown *[]string) ([]Arg, []string) {
	a, rest := args[0], args[1:]
	if long, ok := strings.CutPrefix(a, "--"); ok {
		name, value, hasValue := strings.Cut(long, "=")
		f := lookup(name)
		if f == nil || len(name) < 2 {
			*unknown = append(*unknown, a)
			return []Arg{{Name: name, Value: value, HasValue: hasValue, Typed: a}}, rest
		}
		if !hasValue && f.TakesValue() && len(rest) > 0 {
			value, hasValue, rest = rest[0], true, rest[1:]
		}
		return []Arg{{Name: f.Name, Value: value, HasValue: hasValue, Typed: a}}, rest
	}
	var out []Arg
	shorts := a[1:]
	for i := 0; i < len(shorts); i++ {
		s := shorts[i : i+1]
		f := lookup(s)
		if f == nil {
			*unknown = append(*unknown, "-"+s)
			out = append(out, Arg{Name: s, Typed: "-" + s})
			continue
		}
		arg := Arg{Name: f.Name, Typed: "-" + s}
		switch value := shorts[i+1:]; {
		case strings.HasPrefix(value, "="):
			arg.Value, arg.HasValue = value[1:], true
		case value != "" && f.TakesValue():
			arg.Value, arg.HasValue = value, true
		case value == "" && f.TakesValue() && len(rest) > 0:
			arg.Value, arg.HasValue, rest = rest[0], true, rest[1:]
		default:
			out = append(out, arg)
			continue
		}
		return append(out, arg), rest
	}
	return out, rest
}

// IsDocker reports whether the line runs docker (or docker-compose).
func (l *Line) IsDocker() bool {
	return l.Program == "docker" || l.Program == "docker-compose"
}

// Is reports whether the line runs one of these commands, named by their
// own path ("container run", "compose up").
func (l *Line) Is(paths ...string) bool {
	for _, p := range paths {
		if l.Path == p && l.Path != "" {
			return true
		}
	}
	return false
}

// Has reports whether the line gives the flag with this long name.
func (l *Line) Has(name string) bool {
	for _, f := range l.Flags {
		if f.Name == name {
			return true
		}
	}
	return false
}

// Values returns the values given to the flag with this long name, in
// order.
func (l *Line) Values(name string) []string {
	var out []string
	for _, f := range l.Flags {
		if f.Name == name && f.HasValue {
			out = append(out, f.Value)
		}
	}
	return out
}

// Any reports whether one of the simple commands of a command line has
// the property.
func Any(lines []Line, property func(*Line) bool) bool {
	for i := range lines {
		if property(&lines[i]) {
			return true
		}
	}
	return false
}
