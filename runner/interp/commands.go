package interp

import (
	"strings"

	"github.com/labrun/labrun/extract/dockercli"
)

// What follows reads a command's lines, which extract read once with the
// docker CLI's own grammar (package dockercli); a command is one or more
// simple commands (`a && b | c`), and it does what any of them does.

// imageRefs returns the images a command uses from a registry, and the
// images it makes itself (docker build -t, docker tag, docker commit), in
// order of appearance.
func imageRefs(lines []dockercli.Line) (uses, makes []string) {
	for i := range lines {
		u, m := lines[i].Images()
		uses = append(uses, u...)
		makes = append(makes, m...)
	}
	return uses, makes
}

// buildOf returns the command's docker build, or nil.
func buildOf(lines []dockercli.Line) *dockercli.Line {
	for i := range lines {
		if lines[i].IsBuild() {
			return &lines[i]
		}
	}
	return nil
}

// builds reports whether a command builds the Dockerfile named file.
func builds(lines []dockercli.Line, file string) bool {
	b := buildOf(lines)
	return b != nil && b.BuildFile() == file
}

// normRef spells an image reference the way the daemon stores it, so that
// busybox and busybox:latest are one image.
func normRef(ref string) string {
	if strings.Contains(ref, "@") {
		return ref
	}
	if i := strings.LastIndex(ref, ":"); i < 0 || strings.Contains(ref[i:], "/") {
		return ref + ":latest"
	}
	return ref
}
