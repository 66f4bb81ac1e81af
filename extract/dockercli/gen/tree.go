//go:build ignore

// tree.go is the part main.go (docker/cli) and plugin.go (Compose, Buildx)
// share: it reads a cobra command tree into the grammar labrun embeds.
// gen.sh and plugins.sh copy it beside them.
package main

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type flag struct {
	Name       string `json:"name"`
	Short      string `json:"short,omitempty"`
	Type       string `json:"type"`
	NoOpt      bool   `json:"noopt,omitempty"`
	Hidden     bool   `json:"hidden,omitempty"`
	Deprecated string `json:"deprecated,omitempty"`
}

type cmd struct {
	Path        string            `json:"path"`
	Use         string            `json:"use"` // its usage line: "logs [OPTIONS] CONTAINER"
	Aliases     []string          `json:"aliases,omitempty"`
	Group       bool              `json:"group,omitempty"`
	Min         int               `json:"min"`
	Max         int               `json:"max"`
	Hidden      bool              `json:"hidden,omitempty"`
	Deprecated  string            `json:"deprecated,omitempty"`
	Stop        bool              `json:"stop,omitempty"` // flags end at the first operand
	Annotations map[string]string `json:"annotations,omitempty"`
	Flags       []flag            `json:"flags,omitempty"`
}

type grammar struct {
	Version  string `json:"version"`
	Global   []flag `json:"global"`
	Commands []cmd  `json:"commands"`
}

// printGrammar writes the grammar of root's tree: its own flags as "global", and
// every command below it, by path relative to it, sorted.
func printGrammar(root *cobra.Command, version string) {
	g := grammar{Version: version, Global: flags(root.LocalFlags())}
	walk(root, root, &g)
	sort.Slice(g.Commands, func(i, j int) bool { return g.Commands[i].Path < g.Commands[j].Path })
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(g); err != nil {
		panic(err)
	}
}

func walk(c, root *cobra.Command, g *grammar) {
	for _, sub := range c.Commands() {
		path := strings.TrimPrefix(sub.CommandPath(), root.Name()+" ")
		min, max := arity(sub)
		fs := flags(sub.LocalFlags())
		fs = append(fs, flags(sub.InheritedFlags())...)
		g.Commands = append(g.Commands, cmd{
			Path: path, Use: sub.Use, Aliases: sub.Aliases, Group: isGroup(sub, root),
			Min: min, Max: max, Hidden: sub.Hidden, Deprecated: sub.Deprecated,
			Stop: !interspersed(sub.Flags()), Annotations: sub.Annotations, Flags: fs,
		})
		walk(sub, root, g)
	}
}

// isGroup tells whether c does nothing without a subcommand; a generator
// may set its own rule.
var isGroup = runsAsRoot

// runsAsRoot: c has subcommands and either no run function of its own or
// the root's, which shows help (buildx's imagetools, history and replay).
// A command that also runs on its own, as buildx's "history inspect [REF]"
// does, is no group.
func runsAsRoot(c, root *cobra.Command) bool {
	if !c.HasSubCommands() {
		return false
	}
	if c.Run == nil && c.RunE == nil {
		return true
	}
	return c.Run == nil && root.RunE != nil &&
		reflect.ValueOf(c.RunE).Pointer() == reflect.ValueOf(root.RunE).Pointer()
}

// arity asks the command's own argument check how many operands it takes:
// the least it accepts, and the most (-1 for no limit), trying up to six.
func arity(c *cobra.Command) (int, int) {
	if c.Args == nil {
		return 0, -1
	}
	min, max := -1, -1
	for n := 0; n <= 6; n++ {
		ok := c.Args(c, make([]string, n)) == nil
		if ok && min < 0 {
			min = n
		}
		if !ok && min >= 0 && max < 0 {
			max = n - 1
		}
	}
	if min < 0 {
		min = 0
	}
	return min, max
}

// interspersed reads whether flags may follow operands (pflag's default),
// which run, create and exec turn off so that the container's command
// keeps its own flags. pflag has no getter for it.
func interspersed(fs *pflag.FlagSet) bool {
	return reflect.ValueOf(fs).Elem().FieldByName("interspersed").Bool()
}

func flags(fs *pflag.FlagSet) []flag {
	var out []flag
	fs.VisitAll(func(f *pflag.Flag) {
		out = append(out, flag{
			Name: f.Name, Short: f.Shorthand, Type: f.Value.Type(), NoOpt: f.NoOptDefVal != "",
			Hidden: f.Hidden, Deprecated: f.Deprecated,
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
