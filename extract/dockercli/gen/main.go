//go:build ignore

// main.go prints the grammar of one docker CLI as JSON (tree.go): every
// command of its cobra tree with its aliases, the number of operands it
// takes, its flags and what they take, read from docker/cli's own code.
// gen.sh builds it inside the source of each docker/cli release, so that it
// compiles against that release's own dependencies.
package main

import (
	"os"

	"github.com/docker/cli/cli/command"
	"github.com/docker/cli/cli/command/commands"
	"github.com/spf13/cobra"
)

func main() {
	dockerCli, err := command.NewDockerCli()
	if err != nil {
		panic(err)
	}
	// No docker command both has subcommands and runs on its own; its
	// groups' RunE shows help, through closures the compiler may inline
	// apart, so that comparing them to the root's would miss.
	isGroup = func(c, _ *cobra.Command) bool { return c.HasSubCommands() }
	root := &cobra.Command{Use: "docker", TraverseChildren: true}
	installGlobalFlags(root.Flags())
	root.Flags().BoolP("version", "v", false, "")
	commands.AddCommands(root, dockerCli)
	printGrammar(root, os.Args[1])
}
