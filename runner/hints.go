package runner

import (
	"strings"

	"github.com/labrun/labrun/extract"
)

// HintFor returns the modern form of a command whose form is retired or
// misplaced, or "" when it is fine as written. It reads the command only.
func HintFor(command string) string {
	for _, args := range extract.Words(command) {
		if h := hintFor(args); h != "" {
			return h
		}
	}
	return ""
}

func hintFor(args []string) string {
	if len(args) > 0 && args[0] == "sudo" {
		args = args[1:]
	}
	if len(args) == 0 {
		return ""
	}
	switch args[0] {
	case "docker-compose":
		return composeHint(args[1:])
	case "docker-machine":
		return "docker-machine is retired: use `docker context create` to reach remote engines, Docker Desktop locally"
	}
	d := dockerArgs(args)
	if len(d) == 0 {
		return ""
	}
	switch d[0] {
	case "swarm":
		if hasPrefixAny(d, "--detach") {
			return "--detach belongs to `docker service create/update --detach=false`, not to `docker swarm`"
		}
		if hasPrefixAny(d, "--placement-pref") {
			return "placement preferences belong to services: `docker service update --placement-pref-add spread=node.labels.rack SERVICE`"
		}
	case "manifest":
		if len(d) > 1 && d[1] == "push" && hasAny(d, "-f") {
			return "`-f multi.yaml` is manifest-tool's syntax: use `docker manifest create LIST IMAGE…` then `docker manifest push LIST` (or `docker buildx imagetools create`)"
		}
	case "run", "create":
		if hasPrefixAny(d, "--link") {
			return "--link is legacy: put the containers on a user-defined network (`docker network create`) and reach them by name"
		}
		if hasPrefixAny(d, "--net=") || hasAny(d, "--net") {
			return "--net is the old spelling of --network"
		}
	}
	return ""
}

// composeHint rewrites a docker-compose v1 command in Compose v2's form,
// giving every file its own -f.
func composeHint(args []string) string {
	var out []string
	files := 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "-f" || a == "--file") && i+1 < len(args) {
			out = append(out, "-f", args[i+1])
			files++
			i++
			for i+1 < len(args) && looksLikeComposeFile(args[i+1]) {
				out = append(out, "-f", args[i+1])
				files++
				i++
			}
			continue
		}
		out = append(out, a)
	}
	hint := "`docker compose " + strings.Join(out, " ") + "`: Compose v2 is a docker plugin; docker-compose v1 is retired"
	if files > 0 && files != strings.Count(strings.Join(args, " "), "-f ")+strings.Count(strings.Join(args, " "), "--file ") {
		hint += "; every compose file needs its own -f"
	}
	return hint
}

func looksLikeComposeFile(s string) bool {
	return strings.HasSuffix(s, ".yml") || strings.HasSuffix(s, ".yaml")
}
