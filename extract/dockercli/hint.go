package dockercli

import (
	"slices"
	"strings"
)

// Hint returns the modern form of a command whose form is retired or
// misplaced, or "" when it is fine as written: what the table of retired
// forms (retired.go) says of it.
func (l *Line) Hint() string {
	if r, ok := l.Retired(); ok {
		return r.hint(l)
	}
	for _, m := range movedFlags {
		if h := m.hint(l); h != "" {
			return h
		}
	}
	if l.Is("manifest push") && slices.Contains(l.Unknown, "-f") {
		return "`-f multi.yaml` is manifest-tool's syntax: use `docker manifest create LIST IMAGE…` then `docker manifest push LIST` (or `docker buildx imagetools create`)"
	}
	for _, c := range flagChanges {
		if h := c.hint(l); h != "" {
			return h
		}
	}
	return ""
}

// hint says what replaces the retired program the line runs: the line
// rewritten for its successor, or what to use instead.
func (r RetiredProgram) hint(l *Line) string {
	if r.Successor == "" {
		return r.What + " is retired: " + r.Instead
	}
	args, loose := l.Args, []string(nil)
	if l.Plugin == "compose" {
		args, loose = ownFiles(args)
	}
	hint := "`" + r.Successor + " " + strings.Join(args, " ") + "`: " + r.Plugin + " is a docker plugin; " + r.What + " is retired"
	if len(loose) > 0 {
		hint += "; every compose file needs its own -f"
	}
	return hint
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
