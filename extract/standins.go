package extract

import (
	"fmt"
	"slices"
	"strings"

	"github.com/labrun/labrun/extract/dockercli"
)

// Cheat sheets and quick references write commands with lower-case names
// that stand for the reader's own (`docker save my_image:my_tag`, `docker
// stop container_id`, `docker push yourname/app`): the reader fills them
// in. Run as written they fail for want of an object that was never meant
// to exist. A name the note itself makes (`docker build -t my-image .`) is
// a real name of the lab, however it reads.

// standInNouns are the words a stand-in name is made of, besides its
// my/your/some.
var standInNouns = wordSet(`image images img container containers ctr tag name id dir directory folder
	file files volume vol network net service svc app application repo repository registry user
	username host hostname port path project stack node secret config version cmd command key
	password token org account namespace server machine`)

// standInPrefixes are the words that make a noun the reader's own.
var standInPrefixes = wordSet(`my your some the`)

// standInWhole are stand-ins written as one word.
var standInWhole = wordSet(`yourname username yourusername myusername dockerid yourdockerid
	yourrepo myrepo yourimage myimage yourapp mycontainer yourcontainer`)

// standIn reports whether one part of a name (between / : @) reads as a
// stand-in: my_image, your-app, some-directory, container_id, image-name,
// yourname.
func standIn(part string) bool {
	part = strings.ToLower(strings.Trim(part, "./"))
	if standInWhole[part] {
		return true
	}
	words := strings.FieldsFunc(part, func(r rune) bool { return r == '-' || r == '_' })
	if len(words) < 2 {
		return false
	}
	for _, w := range words[1:] {
		if !standInNouns[w] {
			return false
		}
	}
	switch last := words[len(words)-1]; {
	case standInPrefixes[words[0]]:
		return true
	case standInNouns[words[0]]:
		// container_id, image-name: a noun and what names it
		return last == "id" || last == "name" || last == "tag"
	}
	return false
}

// standInName is the first part of name that reads as a stand-in, or "".
func standInName(name string) string {
	if strings.ContainsAny(name, "$`") {
		return "" // the shell fills it in
	}
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '/' || r == ':' || r == '@' }) {
		if standIn(part) {
			return part
		}
	}
	return ""
}

// standIns makes a runnable shell snippet a placeholder when a command of
// it uses, by a name that reads as a stand-in, an object that no snippet
// of the note makes.
func (n *note) standIns() {
	made := map[string]bool{}
	for _, s := range n.out {
		if s.Annotations.File != "" {
			made[s.Annotations.File] = true
		}
		eachLine(s, func(l *dockercli.Line) {
			makes, _ := l.Objects()
			for _, o := range makes {
				made[o.Name] = true
			}
			_, images := l.Images()
			for _, im := range images {
				made[im] = true
			}
		})
	}
	for i := range n.out {
		s := &n.out[i]
		if !s.Runnable || s.Kind != Shell {
			continue
		}
		var found string
		eachLine(*s, func(l *dockercli.Line) {
			if found != "" {
				return
			}
			_, objects := l.Objects()
			images, _ := l.Images()
			uses := slices.Clone(images)
			for _, o := range objects {
				if o.Kind != "swarm" {
					uses = append(uses, o.Name)
				}
			}
			for _, name := range uses {
				if p := standInName(name); p != "" && !made[name] {
					found = p
					return
				}
			}
		})
		if found != "" {
			s.Runnable, s.Reason = false, SkipPlaceholder
			s.Message = fmt.Sprintf("`%s` stands for the reader's own name: the note never makes it", found)
		}
	}
}

// eachLine calls f on every simple command of s's commands.
func eachLine(s Snippet, f func(*dockercli.Line)) {
	for _, c := range s.Commands {
		for i := range c.Lines {
			f(&c.Lines[i])
		}
	}
}
