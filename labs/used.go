package labs

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
)

// Read are the files a lab reads from where its notes are: the notes
// themselves, and, beside them, what its steps use by name (a compose
// file, a Dockerfile a build reads, a file a Dockerfile copies, a
// directory cd-ed into) and the scripts its commands run (sh setup.sh,
// ./run.sh). Each is a path as the notes' paths are given, joined with
// the note's directory; a directory stands for every file under it. A
// compose file found with no -f stands for every name compose finds.
func (l Lab) Read() []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, st := range l.Steps {
		dir := filepath.Dir(st.File)
		add(st.File)
		var names []string
		for _, e := range st.Effects {
			if !e.Make && e.Kind == "file" {
				names = append(names, e.Name)
			}
		}
		if st.Kind == extract.Shell {
			for _, c := range st.Commands {
				for i := range c.Lines {
					names = append(names, scriptOf(&c.Lines[i])...)
				}
			}
		}
		for _, name := range names {
			if path.IsAbs(name) || strings.HasPrefix(name, "../") || strings.ContainsAny(name, "$*?[") {
				continue
			}
			if dockercli.ComposeDefault(path.Base(name)) {
				for _, n := range []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"} {
					add(filepath.Join(dir, filepath.FromSlash(path.Join(path.Dir(name), n))))
				}
				continue
			}
			add(filepath.Join(dir, filepath.FromSlash(name)))
		}
	}
	return out
}

// scriptOf is the script a command line runs from the lab's directory:
// sh, bash or source given a file, or a program run by its relative path.
func scriptOf(l *dockercli.Line) []string {
	words := l.Words
	if len(words) > 0 && words[0] == "sudo" {
		words = words[1:]
	}
	if len(words) == 0 {
		return nil
	}
	switch w := words[0]; {
	case w == "sh" || w == "bash" || w == "source" || w == ".":
		for _, a := range words[1:] {
			if !strings.HasPrefix(a, "-") {
				return []string{path.Clean(a)}
			}
		}
	case strings.HasPrefix(w, "./"):
		return []string{path.Clean(w)}
	}
	return nil
}
