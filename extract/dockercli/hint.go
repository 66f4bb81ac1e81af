package dockercli

import (
	"slices"
	"strings"
)

// Hint returns the modern form of a command whose form is retired or
// misplaced, or "" when it is fine as written.
func (l *Line) Hint() string {
	switch l.Program {
	case "docker-compose":
		return composeHint(l.Args)
	case "docker-machine":
		return "docker-machine is retired: use `docker context create` to reach remote engines, Docker Desktop locally"
	}
	switch {
	case strings.HasPrefix(l.Path, "swarm") && l.typed("--detach"):
		return "--detach belongs to `docker service create/update --detach=false`, not to `docker swarm`"
	case strings.HasPrefix(l.Path, "swarm") && l.typed("--placement-pref"):
		return "placement preferences belong to services: `docker service update --placement-pref-add spread=node.labels.rack SERVICE`"
	case l.Is("manifest push") && slices.Contains(l.Unknown, "-f"):
		return "`-f multi.yaml` is manifest-tool's syntax: use `docker manifest create LIST IMAGE…` then `docker manifest push LIST` (or `docker buildx imagetools create`)"
	case l.Is("container run", "container create") && l.Has("link"):
		return "--link is legacy: put the containers on a user-defined network (`docker network create`) and reach them by name"
	case l.Is("container run", "container create") && l.Has("net"):
		return "--net is the old spelling of --network"
	}
	return ""
}

// typed reports whether a flag the line gives was written starting with
// prefix.
func (l *Line) typed(prefix string) bool {
	for _, f := range slices.Concat(l.Global, l.Flags) {
		if strings.HasPrefix(f.Typed, prefix) {
			return true
		}
	}
	return false
}

// composeHint rewrites a docker-compose v1 command in Compose v2's form,
// giving every file its own -f.
func composeHint(args []string) string {
	out, loose := ownFiles(args)
	hint := "`docker compose " + strings.Join(out, " ") + "`: Compose v2 is a docker plugin; docker-compose v1 is retired"
	if len(loose) > 0 {
		hint += "; every compose file needs its own -f"
	}
	return hint
}

// LooseComposeFiles are the compose files that follow another -f's file
// without a -f of their own (`-f a.yaml b.yaml`): docker-compose v1 took
// them, Compose v2 does not.
func LooseComposeFiles(args []string) []string {
	_, loose := ownFiles(args)
	return loose
}

// ownFiles returns a compose command's arguments with a -f before each of
// its loose compose files, and those files.
func ownFiles(args []string) (out, loose []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "-f" || a == "--file") && i+1 < len(args) {
			out = append(out, "-f", args[i+1])
			i++
			for i+1 < len(args) && looksLikeComposeFile(args[i+1]) {
				out = append(out, "-f", args[i+1])
				loose = append(loose, args[i+1])
				i++
			}
			continue
		}
		out = append(out, a)
	}
	return out, loose
}

func looksLikeComposeFile(s string) bool {
	return strings.HasSuffix(s, ".yml") || strings.HasSuffix(s, ".yaml")
}
