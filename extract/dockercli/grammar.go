package dockercli

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/labrun/labrun/engine"
)

// gen.sh makes grammar/NAME.json of each engine of engine/engines.txt,
// from the docker/cli release the list gives it.
//
//go:generate bash gen/gen.sh
//go:generate bash gen/plugins.sh

//go:embed grammar/*.json
var grammars embed.FS

// Flag is one flag of a command, as its CLI declares it.
type Flag struct {
	Name  string `json:"name"`
	Short string `json:"short,omitempty"`
	// Type is pflag's name for the value: bool, string, list, int, …
	Type string `json:"type"`
	// NoOpt: the flag may be given without a value (--detach, --format):
	// a value then needs `=`.
	NoOpt      bool   `json:"noopt,omitempty"`
	Hidden     bool   `json:"hidden,omitempty"`
	Deprecated string `json:"deprecated,omitempty"`
}

// TakesValue reports whether the word after the flag is its value.
func (f *Flag) TakesValue() bool {
	return f.Type != "bool" && !f.NoOpt
}

// Command is one command of a CLI's tree.
type Command struct {
	Path    string   `json:"path"` // "container run", relative to the CLI
	Use     string   `json:"use"`  // its usage line: "logs [OPTIONS] CONTAINER"
	Aliases []string `json:"aliases,omitempty"`
	// Group: a command group, which does nothing without a subcommand.
	Group bool `json:"group,omitempty"`
	// Min and Max are the operands its own argument check accepts; Max
	// is -1 for no limit.
	Min        int    `json:"min"`
	Max        int    `json:"max"`
	Hidden     bool   `json:"hidden,omitempty"`
	Deprecated string `json:"deprecated,omitempty"`
	// Stop: flags end at the first operand, so that what follows (the
	// container's own command) keeps its flags: run, create, exec.
	Stop        bool              `json:"stop,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
	Flags       []Flag            `json:"flags,omitempty"`

	flags    map[string]*Flag // by long name and by shorthand
	subs     map[string]*Command
	swarm    string
	operands []operand
}

// Swarm is what the command needs of swarm mode, from its CLI's "swarm"
// annotation or its group's: "manager", "active", "" for swarm commands
// that need none (init, join), or "-" for a command that is no swarm
// command.
func (c *Command) Swarm() string {
	return c.swarm
}

// Flag returns the command's flag named name (without dashes), long or
// short, or nil.
func (c *Command) Flag(name string) *Flag {
	return c.flags[name]
}

// Canonical is the command's own path: "container run" for `docker run`,
// as the CLI's aliases annotation names it first.
func (c *Command) Canonical() string {
	first, _, _ := strings.Cut(c.Annotations["aliases"], ",")
	if p, ok := strings.CutPrefix(strings.TrimSpace(first), "docker "); ok {
		return p
	}
	return c.Path
}

// Grammar is the grammar of one CLI: docker's for one engine, or one of
// its plugins'.
type Grammar struct {
	Version  string     `json:"version"`
	Global   []Flag     `json:"global"`
	Commands []*Command `json:"commands"`

	global map[string]*Flag
	root   map[string]*Command // the top-level commands by name and alias
	byPath map[string]*Command
}

// GlobalFlag returns the CLI's own flag named name, long or short, or nil.
func (g *Grammar) GlobalFlag(name string) *Flag {
	return g.global[name]
}

// Lookup finds the command that words name, as the CLI's tree would:
// `container ls`, `ps`, `image list`. It returns the command and how many
// words its path took, or nil and 0 when the first word is no command.
func (g *Grammar) Lookup(words []string) (*Command, int) {
	if len(words) == 0 {
		return nil, 0
	}
	c := g.root[words[0]]
	if c == nil {
		return nil, 0
	}
	n := 1
	for n < len(words) && c.subs != nil {
		sub := c.subs[words[n]]
		if sub == nil {
			break
		}
		c, n = sub, n+1
	}
	return c, n
}

// Names are the names (aliases too) of the commands under the group
// at path, or at the top when path is "", that are neither hidden nor
// deprecated: what a reader may type there today.
func (g *Grammar) Names(path string) []string {
	into := g.root
	if path != "" {
		p := g.byPath[path]
		if p == nil {
			return nil
		}
		into = p.subs
	}
	var out []string
	for name, c := range into {
		if !c.Hidden && c.Deprecated == "" {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func (g *Grammar) index() {
	g.global = flagIndex(g.Global)
	g.root = map[string]*Command{}
	g.byPath = map[string]*Command{}
	for _, c := range g.Commands { // parents sort before their children
		c.flags = flagIndex(c.Flags)
		c.operands = operandsOf(c.Use)
		g.byPath[c.Path] = c
		c.swarm = "-"
		if s, ok := c.Annotations["swarm"]; ok {
			c.swarm = s
		} else if i := strings.LastIndex(c.Path, " "); i > 0 {
			c.swarm = g.byPath[c.Path[:i]].swarm
		}
	}
	for _, c := range g.Commands {
		parent, name := path.Split(strings.ReplaceAll(c.Path, " ", "/"))
		names := append([]string{name}, c.Aliases...)
		into := g.root
		if parent != "" {
			p := g.byPath[strings.ReplaceAll(strings.TrimSuffix(parent, "/"), "/", " ")]
			if p.subs == nil {
				p.subs = map[string]*Command{}
			}
			into = p.subs
		}
		for _, n := range names {
			into[n] = c
		}
	}
}

func flagIndex(flags []Flag) map[string]*Flag {
	m := make(map[string]*Flag, 2*len(flags)+2)
	for i := range flags {
		f := &flags[i]
		m[f.Name] = f
		if f.Short != "" {
			m[f.Short] = f
		}
	}
	// cobra adds --help to every command as it runs it
	if m["help"] == nil {
		help := &Flag{Name: "help", Short: "h", Type: "bool"}
		m["help"] = help
		if m["h"] == nil {
			m["h"] = help
		}
	}
	return m
}

// files are the embedded grammars by name (an engine's, or a plugin's),
// each read the first time it is asked for: a run reads the newest
// engine's and the plugins' to parse, and an older engine's only to check
// a blocked command against it.
var (
	listOnce sync.Once
	files    map[string]*grammarFile
)

type grammarFile struct {
	once sync.Once
	name string
	g    *Grammar
}

func (f *grammarFile) grammar() *Grammar {
	f.once.Do(func() {
		data, err := grammars.ReadFile("grammar/" + f.name + ".json")
		if err != nil {
			panic(err)
		}
		g := &Grammar{}
		if err := json.Unmarshal(data, g); err != nil {
			panic(fmt.Sprintf("dockercli: grammar/%s.json: %v", f.name, err))
		}
		g.index()
		f.g = g
	})
	return f.g
}

func list() {
	entries, err := grammars.ReadDir("grammar")
	if err != nil {
		panic(err)
	}
	files = map[string]*grammarFile{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		files[name] = &grammarFile{name: name}
	}
}

// Docker returns the grammar of the docker CLI of an engine ("20.10",
// "26", "28", or a release such as "27.5.1"): that of the newest named
// engine at or below it in engine.Compare's order, or the oldest's. An
// empty engine gives the default engine's; what engine.Compare cannot
// read as a release (an image, "docker:29-dind"), which it orders last,
// gives the newest.
func Docker(version string) *Grammar {
	listOnce.Do(list)
	named := engine.Named // oldest first
	if version == "" {
		version = engine.Default
	}
	pick := named[0]
	for _, e := range named {
		if engine.Compare(e, version) <= 0 {
			pick = e
		}
	}
	return files[pick].grammar()
}

// Plugin returns the grammar of a CLI plugin ("compose", "buildx"), or nil.
func Plugin(name string) *Grammar {
	listOnce.Do(list)
	f := files[name]
	if f == nil || name == "" || slices.Contains(engine.Named, name) {
		return nil
	}
	return f.grammar()
}
