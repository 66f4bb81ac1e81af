package dockercli

import (
	"fmt"
	"strings"
)

// Problem is what an engine's CLI would refuse in a line before doing
// anything: a flag or a subcommand it does not have.
type Problem struct {
	Flag    string // the flag as written, when a flag is refused
	Command string // the command as written, when a command is refused
	Message string // what is wrong, for people
}

// Check finds, with no daemon, what the docker CLI of engine would refuse
// in the line: flags its command does not have (removed, renamed, or
// never there) and subcommands its command groups do not have. It judges
// docker's own commands only: a plugin, or a top-level command the CLI
// does not know (which may be a plugin), is not checked.
func (l *Line) Check(engine string) []Problem {
	if l.Program != "docker" || l.Plugin != "" || l.Cmd == nil {
		return nil
	}
	g := Docker(engine)
	e := Line{Words: l.Words, Program: l.Program, Args: l.Args}
	e.parseDocker(g)
	var out []Problem
	if e.Cmd != nil && e.Cmd.Group && len(e.Operands) > 0 {
		typed := "docker " + e.Typed + " " + e.Operands[0]
		return []Problem{{Command: typed, Message: fmt.Sprintf("%s is not a docker command on docker %s", typed, g.Version)}}
	}
	for _, u := range e.Unknown {
		out = append(out, Problem{Flag: u, Message: fmt.Sprintf("unknown flag %s: docker %s %s has no such flag", u, g.Version, commandName(&e))})
	}
	return out
}

func commandName(l *Line) string {
	if l.Typed == "" {
		return "itself"
	}
	return strings.TrimSpace(l.Typed)
}
