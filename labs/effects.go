package labs

import (
	"path"
	"strings"

	"github.com/labrun/labrun/check"
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

// effects lists what a snippet makes and uses by name, in order: the
// objects its commands make and use (containers, images, networks,
// volumes, services, files and directories, the swarm), the files a
// Dockerfile copies, and the file the snippet itself is written as (a
// Dockerfile, a compose file, a file=).
func effects(s extract.Snippet) []Effect {
	var out []Effect
	for _, d := range s.Dirs {
		out = append(out, Effect{Make: true, Object: dockercli.Object{Kind: "file", Name: d}, Line: s.Line})
	}
	if s.Kind == extract.Dockerfile {
		// what it copies from the build context, before it is written
		df, _, _ := check.ParseDockerfile(s.Code)
		for _, src := range df.Sources {
			if name := path.Clean(src.Path); name != "." && !strings.ContainsAny(name, "*?[") {
				out = append(out, Effect{Object: dockercli.Object{Kind: "file", Name: name}, Line: s.Line + src.Line - 1})
			}
		}
	}
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
			if host := hostOf(s, c); host != "" && c.Lines[i].Is("swarm init", "swarm join") {
				// the swarm's node of that name: `docker node update
				// --availability drain worker2` needs worker2 to have joined
				out = append(out, Effect{Make: true, Object: dockercli.Object{Kind: "node", Name: host}, Line: c.Line})
			}
		}
	}
	return out
}

// hostOf is the one machine of the note a command runs on, as its prompt,
// its ssh session, the prose or its annotation says; "" when it says none,
// or several.
func hostOf(s extract.Snippet, c extract.Command) string {
	switch {
	case c.Host != "":
		return c.Host
	case len(s.Hosts) == 1 && s.Hosts[0] != "*" && s.Hosts[0] != "*workers":
		return s.Hosts[0]
	case len(s.Hosts) == 0 && s.Host == "":
		return s.FirstHost
	}
	return ""
}

// writtenAs is the name a snippet is written under in the lab's
// directory: its file=, else Dockerfile for a Dockerfile and compose.yaml
// for a compose file; "" for a snippet that is no file.
func writtenAs(s extract.Snippet) string {
	switch {
	case s.Annotations.File != "":
		return s.Annotations.File
	case s.Kind == extract.Dockerfile:
		return "Dockerfile"
	case s.Kind == extract.Compose:
		return "compose.yaml"
	}
	return ""
}

// fileOf is the file a snippet is written as, as an object, or "".
func fileOf(s extract.Snippet) string {
	if name := writtenAs(s); name != "" {
		return normal(dockercli.Object{Kind: "file", Name: path.Clean(name)}).Name
	}
	return ""
}

// normal names the compose files that compose finds with no -f as one
// file: what makes one and what uses another are the same file to compose.
func normal(o dockercli.Object) dockercli.Object {
	if o.Kind == "file" && dockercli.ComposeDefault(o.Name) {
		o.Name = "compose.yaml"
	}
	return o
}
