//go:build ignore

package main

import (
	cliflags "github.com/docker/cli/cli/flags"
	"github.com/spf13/pflag"
)

// installGlobalFlags adds docker's own flags (docker/cli 23 and later).
func installGlobalFlags(fs *pflag.FlagSet) {
	cliflags.NewClientOptions().InstallFlags(fs)
}
