package labs

import (
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/labrun/labrun/check"
	"github.com/labrun/labrun/extract"
)

// Lab is the snippets of one talk, run in order in one sandbox.
type Lab struct {
	ID    string // the talk's slug, unique among the labs of one run
	Title string // the talk's title as the note wrote it
	File  string // the note the talk comes from
	Steps []Step
	// Offline: the lab's note says `offline: true` in its front matter;
	// its sandbox has no route outside.
	Offline bool
	// Hosts are the machines the lab's steps run on, by the names the
	// note gives them (its steps' Hosts, less "*" and "*workers", and
	// their commands' Host), each once, the lab's first host first; nil
	// when the note names none for the lab. The sections of a note that
	// put steps on hosts are one lab (see chain).
	Hosts []string
	// FirstHost is the lab's own machine, the one a step with no Hosts
	// runs on, by the name the note gives it, and then Hosts[0]; "" when
	// the lab names no host, or when its note never names its own (it
	// only ssh-es to others: Hosts then holds those alone).
	FirstHost string
	// NoteFiles are the files and directories the lab's note makes, in
	// any of its sections, by the names it gives them: files written from
	// snippets, directories the prose creates, what commands make or write
	// to. NoteWrites: the note's own commands write files (echo … > x,
	// touch, tee), so it brings the files it needs itself.
	NoteFiles  []string
	NoteWrites bool
}

// Step is one snippet of a lab with its stable ID:
// `<note stem>/<talk slug>/<n>`, n counting the talk's snippets from 1.
type Step struct {
	ID string
	extract.Snippet
	// What the lab needs to know of the snippet, read from it once when
	// the step is made, so that running it reads fields rather than the
	// snippet again.
	WrittenAs string   // the file it is written as in the lab's directory; "" for none
	Effects   []Effect // what it makes and uses by name, in order
	Images    Images   // the images it uses and makes
}

// Images are the images a step uses (a Dockerfile's bases, a compose
// file's images, what its commands pull and run) and those it makes itself
// (docker build -t, docker tag, docker commit), each in order.
type Images struct {
	Uses, Makes []string
}

// NewStep makes the step of a snippet, with what the lab needs to know of
// it.
func NewStep(id string, s extract.Snippet) Step {
	return Step{ID: id, Snippet: s, WrittenAs: writtenAs(s), Effects: effects(s), Images: imagesOf(s)}
}

// imagesOf lists the images a snippet uses and makes, in order.
func imagesOf(s extract.Snippet) Images {
	var im Images
	switch s.Kind {
	case extract.Dockerfile:
		df, _, _ := check.ParseDockerfile(s.Code)
		im.Uses = append(im.Uses, df.Bases...)
	case extract.Compose:
		im.Uses = append(im.Uses, check.ComposeImages(s.Code)...)
	}
	for _, c := range s.Commands {
		for i := range c.Lines {
			u, m := c.Lines[i].Images()
			im.Uses = append(im.Uses, u...)
			im.Makes = append(im.Makes, m...)
		}
	}
	return im
}

// Group makes one lab per talk of each note, in order of first appearance.
// A talk that uses what an earlier talk of its note made (a container, an
// image, a network, a file…) is not a talk of its own but the next section
// of that one, and joins its lab. A snippet annotated lab=NAME joins the
// lab NAME instead. Two talks with the same slug in different notes get IDs
// prefixed with their note's stem.
func Group(snippets []extract.Snippet) []Lab {
	index := map[talk]int{}
	joins := chain(snippets)
	var out []Lab
	for _, s := range snippets {
		k := joins.find(talk{s.File, s.Talk})
		title := k.title
		if s.Annotations.Lab != "" {
			k, title = talk{"", s.Annotations.Lab}, s.Annotations.Lab
		}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, Lab{ID: Slug(title), Title: title, File: s.File})
		}
		lab := &out[i]
		lab.Offline = lab.Offline || s.Offline
		n := len(lab.Steps) + 1
		lab.Steps = append(lab.Steps, NewStep(fmt.Sprintf("%s/%s/%d", extract.Stem(s.File), Slug(title), n), s))
	}
	for i := range out {
		out[i].FirstHost, out[i].Hosts = labHosts(out[i].Steps)
	}
	byNote := filesByNote(out)
	for i := range out {
		nf := byNote[out[i].File]
		out[i].NoteFiles, out[i].NoteWrites = nf.made, nf.writes
	}
	disambiguate(out)
	return out
}

// labHosts lists the machines that steps name, the first host first, and
// names that one; "" and nil when they name none.
func labHosts(steps []Step) (first string, all []string) {
	for _, st := range steps {
		if first == "" {
			first = st.FirstHost
		}
		for _, h := range st.Hosts {
			if h != "*" && h != "*workers" && !slices.Contains(all, h) {
				all = append(all, h)
			}
		}
		for _, c := range st.Commands {
			// a host reached by ssh is a machine of the lab when its name
			// reads as one; `ssh cmd.io` reaches a service on the internet
			if c.Host != "" && !slices.Contains(all, c.Host) && extract.IsMachineName(c.Host) {
				all = append(all, c.Host)
			}
		}
	}
	if all == nil {
		return "", nil
	}
	if i := slices.Index(all, first); i > 0 {
		all = slices.Insert(slices.Delete(all, i, i+1), 0, first)
	} else if i < 0 && first != "" {
		all = slices.Insert(all, 0, first)
	}
	return first, all
}

// disambiguate prefixes the IDs of labs whose slugs collide with their
// note's stem, and numbers any that still collide.
func disambiguate(labs []Lab) {
	count := map[string]int{}
	for _, l := range labs {
		count[l.ID]++
	}
	seen := map[string]int{}
	for i := range labs {
		if count[labs[i].ID] > 1 {
			labs[i].ID = Slug(extract.Stem(labs[i].File)) + "-" + labs[i].ID
		}
		seen[labs[i].ID]++
		if n := seen[labs[i].ID]; n > 1 {
			labs[i].ID = fmt.Sprintf("%s-%d", labs[i].ID, n)
		}
	}
}

// Slug turns a title into a lab ID: lower case letters and digits joined
// by single hyphens ("What's new" → "whats-new").
func Slug(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r == '\'' || r == '’':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	if b.Len() == 0 {
		return "untitled"
	}
	return b.String()
}

// Find returns the lab that query names: its exact ID, else the one lab
// whose ID starts with query, else the one whose ID or title contains it.
// Otherwise the error lists the candidates.
func Find(labs []Lab, query string) (Lab, error) {
	q := Slug(query)
	var prefix, substr []Lab
	for _, l := range labs {
		switch {
		case l.ID == q || l.ID == query:
			return l, nil
		case strings.HasPrefix(l.ID, q):
			prefix = append(prefix, l)
		case strings.Contains(l.ID, q) || strings.Contains(strings.ToLower(l.Title), strings.ToLower(query)):
			substr = append(substr, l)
		}
	}
	for _, found := range [][]Lab{prefix, substr} {
		if len(found) == 1 {
			return found[0], nil
		}
		if len(found) > 1 {
			return Lab{}, fmt.Errorf("%q matches %d talks: %s", query, len(found), ids(found))
		}
	}
	if len(labs) == 0 {
		return Lab{}, fmt.Errorf("no talk matches %q: there are no talks", query)
	}
	return Lab{}, fmt.Errorf("no talk matches %q; talks: %s", query, ids(labs))
}

func ids(labs []Lab) string {
	s := make([]string, len(labs))
	for i, l := range labs {
		s[i] = l.ID
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}

// Shard returns the labs of shard i of n (1-based), chosen by a hash of
// each lab's ID, so that every machine of a CI matrix picks the same split
// without talking to the others, and a lab stays in its shard when others
// are added.
func Shard(all []Lab, i, n int) []Lab {
	var out []Lab
	for _, l := range all {
		h := fnv.New32a()
		h.Write([]byte(l.ID))
		if int(h.Sum32()%uint32(n)) == i-1 {
			out = append(out, l)
		}
	}
	return out
}

// ParseShard reads "i/n" with 1 <= i <= n.
func ParseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return 0, 0, fmt.Errorf("shard %q: want i/n with 1 <= i <= n, e.g. 2/4", s)
	}
	return i, n, nil
}
