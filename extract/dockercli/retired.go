package dockercli

import (
	"slices"
	"strings"
)

// This file is the table of the forms of docker command lines that Docker
// retired, or that notes write where they never belonged, with what takes
// their place. Line.Hint, fix's rewrites and verdict's messages read it,
// each saying it in its own words.

// RetiredProgram is a program Docker retired.
type RetiredProgram struct {
	Program string // as run: "docker-compose"
	What    string // what was retired, for people: "docker-compose v1"
	Since   string // when, for people: "end of life in 2023"
	// Successor is the command that does its work, as run ("docker
	// compose"), and Plugin its name when it is a docker CLI plugin
	// ("Compose v2"). Where no one command does, Instead says what to use.
	Successor, Plugin string
	Instead           string
}

var retiredPrograms = []RetiredProgram{
	{Program: "docker-machine", What: "docker-machine", Since: "archived upstream in 2021",
		Instead: "use `docker context create` to reach remote engines, Docker Desktop locally"},
	{Program: "docker-compose", What: "docker-compose v1", Since: "end of life in 2023",
		Successor: "docker compose", Plugin: "Compose v2"},
}

// RetiredPrograms are the programs Docker retired.
func RetiredPrograms() []RetiredProgram {
	return slices.Clone(retiredPrograms)
}

// Retired returns what the table says of the program the line runs, if
// Docker retired it.
func (l *Line) Retired() (RetiredProgram, bool) {
	for _, r := range retiredPrograms {
		if r.Program == l.Program {
			return r, true
		}
	}
	return RetiredProgram{}, false
}

// MovedFlags are flags that notes write on a command they never belonged
// to, with the command they belong to.
type MovedFlags struct {
	On     string   // the command they are written on, and its subcommands: "swarm"
	Flags  []string // their long names
	To     string   // the command they belong to: "service update"
	Object string   // the kind of object To acts on: "service"
	// Hints are what a hint says of a flag on On whose spelling starts
	// with Prefix, known or not, the first that matches.
	Hints []PrefixHint
}

// PrefixHint is what a hint says of a flag written starting with Prefix.
type PrefixHint struct {
	Prefix, Hint string
}

var movedFlags = []MovedFlags{
	{On: "swarm", Flags: []string{"detach", "placement-pref-add", "placement-pref-rm"}, To: "service update", Object: "service",
		Hints: []PrefixHint{
			{"--detach", "--detach belongs to `docker service create/update --detach=false`, not to `docker swarm`"},
			{"--placement-pref", "placement preferences belong to services: `docker service update --placement-pref-add spread=node.labels.rack SERVICE`"},
		}},
}

// Moved are the flags notes write on a command they never belonged to.
func Moved() []MovedFlags {
	return slices.Clone(movedFlags)
}

// Written returns the flags of m that the line writes on m.On, which does
// not have them, as written: "--placement-pref-add=rack".
func (m MovedFlags) Written(l *Line) []string {
	if !strings.HasPrefix(l.Path, m.On) {
		return nil
	}
	var out []string
	for _, u := range l.Unknown {
		name, _, _ := strings.Cut(strings.TrimLeft(u, "-"), "=")
		if slices.Contains(m.Flags, name) {
			out = append(out, u)
		}
	}
	return out
}

// hint is what a hint says of the first flag of m's the line writes, by
// its spelling, or "".
func (m MovedFlags) hint(l *Line) string {
	if !strings.HasPrefix(l.Path, m.On) {
		return ""
	}
	for _, h := range m.Hints {
		if l.typed(h.Prefix) {
			return h.Hint
		}
	}
	return ""
}

// FlagChange is a flag of docker's commands that Docker removed, or that
// they still take but that has a modern form.
type FlagChange struct {
	On   []string // the commands, by path: "container run"
	Flag string   // as written: "--net", "-f"
	// Successor is the flag that does its work now: "--network",
	// "--filter is-automated=true"; "" for none.
	Successor string
	// Removed: the CLI no longer has the flag, so the command fails, and
	// a rewrite puts Successor in its place (or drops it). A flag the CLI
	// still takes gets a hint instead: Hint, or that it is the old
	// spelling of its Successor.
	Removed bool
	Hint    string
}

var runOrCreate = []string{"container run", "container create"}

// flagChanges are from docker/cli's docs/deprecated.md; the removed ones
// were dropped before the oldest engine labrun knows the grammar of.
var flagChanges = []FlagChange{
	{On: runOrCreate, Flag: "--link", Hint: "--link is legacy: put the containers on a user-defined network (`docker network create`) and reach them by name"},
	{On: runOrCreate, Flag: "--net", Successor: "--network"},
	{On: []string{"image tag"}, Flag: "-f", Removed: true},
	{On: []string{"image tag"}, Flag: "--force", Removed: true},
	{On: []string{"login"}, Flag: "-e", Removed: true},
	{On: []string{"login"}, Flag: "--email", Removed: true},
	{On: []string{"search"}, Flag: "--automated", Successor: "--filter is-automated=true", Removed: true},
}

// RemovedFlag returns the successor of a flag, as written, that the
// command at path no longer has ("" when the flag is dropped), and whether
// the command had it.
func RemovedFlag(path, flag string) (string, bool) {
	for _, c := range flagChanges {
		if c.Removed && c.Flag == flag && slices.Contains(c.On, path) {
			return c.Successor, true
		}
	}
	return "", false
}

// hint is what a hint says of a flag the CLI still takes, when the line
// gives it; "" else.
func (c FlagChange) hint(l *Line) string {
	long, ok := strings.CutPrefix(c.Flag, "--")
	if c.Removed || !ok || !l.Is(c.On...) || !l.Has(long) {
		return ""
	}
	if c.Hint != "" {
		return c.Hint
	}
	return c.Flag + " is the old spelling of " + c.Successor
}
