package labs

import (
	"path"
	"regexp"
	"strings"

	"github.com/labrun/labrun/extract"
)

// noteFiles lists the files and directories the note file makes, by the
// names it gives them: files written from snippets, directories the prose
// creates, what commands make (mkdir, git clone, a compose file, what
// they write to: echo > x, touch x, tee x). writes says whether the
// note's own commands write files.
func noteFiles(snippets []extract.Snippet, file string) (made []string, writes bool) {
	for _, st := range snippets {
		if st.File != file {
			continue
		}
		for _, e := range effects(st) {
			if e.Make && e.Kind == "file" {
				made = append(made, path.Clean(e.Name))
			}
		}
		if name := writtenAs(st); name != "" {
			made = append(made, path.Clean(name))
		}
		if st.Kind != extract.Shell {
			continue
		}
		for _, c := range st.Commands {
			for _, m := range writtenRE.FindAllStringSubmatch(c.Text, -1) {
				if name := m[1]; !strings.HasPrefix(name, "/dev/") && !strings.HasPrefix(name, "&") {
					made, writes = append(made, path.Clean(strings.Trim(name, `"'`))), true
				}
			}
		}
	}
	return made, writes
}

// writtenRE finds the file a shell command writes: a redirection's target
// (> x, >> x), what touch or tee is given.
var writtenRE = regexp.MustCompile(`(?:(?:^|[^<>&\d])>>?|\btouch|\btee(?:\s+-a)?)\s*([^\s;&|<>()]+)`)
