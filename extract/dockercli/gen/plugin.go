//go:build ignore

// plugin.go prints the grammar of one Docker CLI plugin, Compose v2 or
// Buildx, as JSON in the shape main.go gives docker/cli's (tree.go): every command of
// the plugin's cobra tree (paths relative to the plugin: "up", "imagetools
// create") with its aliases, the number of operands it takes, its flags and
// what they take, and as "global" the flags of the plugin's root command.
// The tree is built by the plugin's own constructor, as the plugin binary
// builds it, and nothing is run. plugins.sh runs it once per plugin, as
// `go run . compose VERSION` in a module that requires a pinned Compose
// release and `go run . buildx VERSION` in one that requires a pinned Buildx:
// the two plugins' dependencies cannot share a module, so the lines marked
// "// compose only" or "// buildx only" are dropped where the other is built.
package main

import (
	"fmt"
	"os"

	buildx "github.com/docker/buildx/commands" // buildx only
	"github.com/docker/cli/cli/command"
	compose "github.com/docker/compose/v2/cmd/compose" // compose only
	"github.com/spf13/cobra"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: plugin compose|buildx VERSION")
		os.Exit(2)
	}
	dockerCli, err := command.NewDockerCli()
	if err != nil {
		panic(err)
	}
	root := newRoot(os.Args[1], dockerCli)
	if root == nil {
		fmt.Fprintln(os.Stderr, "plugin: not built for", os.Args[1])
		os.Exit(2)
	}
	printGrammar(root, os.Args[2])
}

// newRoot builds the plugin's root command as its main does when run by
// docker (plugin mode), or nil if that plugin's lines were dropped.
func newRoot(plugin string, dockerCli *command.DockerCli) *cobra.Command {
	switch plugin {
	case "compose":
		// The backend is only kept by the commands' closures for when
		// they run, so none is needed to build the tree.
		return compose.RootCommand(dockerCli, nil) // compose only
	case "buildx":
		return buildx.NewRootCmd("buildx", true, dockerCli) // buildx only
	}
	return nil
}
