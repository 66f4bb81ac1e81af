package labs

import (
	"path"
	"regexp"
	"strings"

	"github.com/labrun/labrun/extract"
)

// noteFiles are the files and directories one note makes, by the names
// it gives them, and whether its own commands write files.
type noteFiles struct {
	made   []string
	writes bool
}

// filesByNote reads, for each note of the labs, the files and directories
// it makes, from its steps as they were made: the files its snippets are
// written as, the directories the prose creates, what its commands make
// (mkdir, git clone, a compose file) and what they write to (echo > x,
// touch x, tee x).
func filesByNote(all []Lab) map[string]noteFiles {
	by := map[string]noteFiles{}
	for _, lab := range all {
		for _, st := range lab.Steps {
			nf := by[st.File]
			for _, e := range st.Effects {
				if e.Make && e.Kind == "file" {
					nf.made = append(nf.made, path.Clean(e.Name))
				}
			}
			if st.WrittenAs != "" {
				nf.made = append(nf.made, path.Clean(st.WrittenAs))
			}
			if st.Kind == extract.Shell {
				for _, c := range st.Commands {
					for _, m := range writtenRE.FindAllStringSubmatch(c.Text, -1) {
						if name := m[1]; !strings.HasPrefix(name, "/dev/") && !strings.HasPrefix(name, "&") {
							nf.made, nf.writes = append(nf.made, path.Clean(strings.Trim(name, `"'`))), true
						}
					}
				}
			}
			by[st.File] = nf
		}
	}
	return by
}

// writtenRE finds the file a shell command writes: a redirection's target
// (> x, >> x), what touch or tee is given.
var writtenRE = regexp.MustCompile(`(?:(?:^|[^<>&\d])>>?|\btouch|\btee(?:\s+-a)?)\s*([^\s;&|<>()]+)`)
