package runner

import (
	"strings"

	"github.com/labrun/labrun/extract"
)

// pruneGroups are the docker command groups whose prune that ask `[y/N]` before they act.
var pruneGroups = set("system", "image", "container", "volume", "network", "builder", "buildx")

// asksConfirmation reports whether a command will ask `[y/N]` before it
// acts, so that labrun answers y on its standard input, as the reader of
// the note would.
func asksConfirmation(command string) bool {
	for _, args := range extract.Words(command) {
		if hasAny(args, "-f", "--force") || hasShortFlag(args, 'f') {
			continue
		}
		if d := dockerArgs(args); len(d) >= 2 && pruneGroups[d[0]] && d[1] == "prune" {
			return true
		}
		if len(args) >= 2 && args[0] == "docker-compose" && hasAny(args, "rm") {
			return true
		}
		if d := dockerArgs(args); len(d) >= 2 && d[0] == "compose" && hasAny(d, "rm") {
			return true
		}
	}
	return false
}

// streams reports whether a command keeps running until it is stopped (a
// monitor, a follower, a foreground server), so that it is judged alive
// after a settle window instead of waiting for its exit.
func streams(command string) bool {
	for _, args := range extract.Words(command) {
		if streamsArgs(args) {
			return true
		}
	}
	return false
}

func streamsArgs(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "tail":
		return hasAny(args, "-f", "-F", "--follow")
	case "watch":
		return true
	case "ping":
		return !hasPrefixAny(args, "-c")
	case "docker-compose":
		return composeStreams(args[1:])
	}
	d := dockerArgs(args)
	if len(d) == 0 {
		return false
	}
	if (d[0] == "container" || d[0] == "service") && len(d) > 1 && d[1] == "logs" {
		d = d[1:]
	}
	switch d[0] {
	case "stats":
		return !hasAny(d, "--no-stream")
	case "logs":
		return hasAny(d, "-f", "--follow")
	case "events":
		return !hasPrefixAny(d, "--until")
	case "attach":
		return true
	case "compose":
		return composeStreams(d[1:])
	case "run":
		// a foreground container may be a server: judged after the window
		return !hasAny(d, "-d", "--detach") && !hasShortFlag(d, 'd')
	}
	return false
}

func composeStreams(args []string) bool {
	for i, a := range args {
		switch a {
		case "up":
			rest := args[i+1:]
			return !hasAny(rest, "-d", "--detach") && !hasShortFlag(rest, 'd')
		case "logs":
			return hasAny(args[i+1:], "-f", "--follow")
		}
	}
	return false
}

func hasAny(args []string, flags ...string) bool {
	for _, a := range args {
		for _, f := range flags {
			if a == f || strings.HasPrefix(a, f+"=") {
				return true
			}
		}
	}
	return false
}

func hasPrefixAny(args []string, prefixes ...string) bool {
	for _, a := range args {
		for _, p := range prefixes {
			if strings.HasPrefix(a, p) {
				return true
			}
		}
	}
	return false
}

// hasShortFlag reports whether a combined short flag such as -dit holds c.
func hasShortFlag(args []string, c rune) bool {
	for _, a := range args {
		if len(a) > 2 && a[0] == '-' && a[1] != '-' && !strings.Contains(a, "=") && strings.ContainsRune(a[1:], c) {
			return true
		}
	}
	return false
}

// usesSwarm reports whether a command needs the node to be a swarm manager.
func usesSwarm(command string) bool {
	for _, args := range extract.Words(command) {
		d := dockerArgs(args)
		if len(d) == 0 {
			continue
		}
		switch d[0] {
		case "service", "stack", "secret", "config", "node":
			return true
		}
	}
	return false
}

// initsSwarm reports whether a command initialises or joins a swarm itself.
func initsSwarm(command string) bool {
	for _, args := range extract.Words(command) {
		if d := dockerArgs(args); len(d) >= 2 && d[0] == "swarm" && (d[1] == "init" || d[1] == "join") {
			return true
		}
	}
	return false
}
