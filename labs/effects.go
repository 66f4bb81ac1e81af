package labs

import (
	"path"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
)

// Effect is one thing a snippet makes or uses, in the order its commands
// do it.
type Effect struct {
	Make bool
	dockercli.Object
	Line int // the note line of the command, or of the snippet
}

// Effects lists what a snippet makes and uses by name, in order: the
// objects its commands make and use (containers, images, networks,
// volumes, services, files and directories, the swarm), and the file the
// snippet itself is written as (a Dockerfile, a compose file, a file=).
func Effects(s extract.Snippet) []Effect {
	var out []Effect
	if f := fileOf(s); f != "" {
		out = append(out, Effect{Make: true, Object: dockercli.Object{Kind: "file", Name: f}, Line: s.Line})
	}
	for _, c := range s.Commands {
		for i := range c.Lines {
			makes, uses := c.Lines[i].Objects()
			for _, o := range uses {
				out = append(out, Effect{Object: normal(o), Line: c.Line})
			}
			for _, o := range makes {
				out = append(out, Effect{Make: true, Object: normal(o), Line: c.Line})
			}
		}
	}
	return out
}

// fileOf is the file a snippet is written as in the lab, or "".
func fileOf(s extract.Snippet) string {
	switch {
	case s.Notes.File != "":
		return normal(dockercli.Object{Kind: "file", Name: path.Clean(s.Notes.File)}).Name
	case s.Kind == extract.Dockerfile:
		return "Dockerfile"
	case s.Kind == extract.Compose:
		return "compose.yaml"
	}
	return ""
}

// composeNames are the names compose finds without -f: one file, to what
// makes and uses them.
var composeNames = map[string]bool{"compose.yaml": true, "compose.yml": true, "docker-compose.yaml": true, "docker-compose.yml": true}

func normal(o dockercli.Object) dockercli.Object {
	if o.Kind == "file" && composeNames[o.Name] {
		o.Name = "compose.yaml"
	}
	return o
}
