//go:build ignore

package main

import (
	cliflags "github.com/docker/cli/cli/flags"
	"github.com/spf13/pflag"
)

// installGlobalFlags adds docker's own flags (docker/cli 20.10, whose
// --config cli.SetupRootCommand adds, not InstallFlags).
func installGlobalFlags(fs *pflag.FlagSet) {
	cliflags.NewClientOptions().Common.InstallFlags(fs)
	fs.String("config", "", "Location of client config files")
}
