package labs

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/labrun/labrun/extract"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"What's new":                             "whats-new",
		"How to make effective images":           "how-to-make-effective-images",
		"Decades of storage innovation ... itty": "decades-of-storage-innovation-itty",
		"  Docker: for  developers! ":            "docker-for-developers",
		"Moby’s Cool Hacks":                      "mobys-cool-hacks",
		"004_aa0bf3629db6b28c":                   "004-aa0bf3629db6b28c",
		"Überblick über Container":               "überblick-über-container",
		"???":                                    "untitled",
		"":                                       "untitled",
		"What have Namespaces done for you lately": "what-have-namespaces-done-for-you-lately",
	}
	for in, want := range tests {
		assert.Equal(t, want, Slug(in), "Slug(%q)", in)
	}
}

func snip(file, talk string, line int) extract.Snippet {
	return extract.Snippet{File: file, Talk: talk, Line: line, Kind: extract.Shell, Runnable: true}
}

func TestGroup(t *testing.T) {
	a := snip("notes/day1.md", "What's new", 3)
	b := snip("notes/day1.md", "Orchestration", 9)
	c := snip("notes/day1.md", "What's new", 20)
	d := snip("notes/day2.md", "What's new", 4)
	e := snip("notes/day2.md", "Orchestration", 8)
	e.Annotations.Lab = "Swarm lab"
	got := Group([]extract.Snippet{a, b, c, d, e})
	require.Len(t, got, 4)
	assert.Equal(t, []string{"day1-whats-new", "orchestration", "day2-whats-new", "swarm-lab"},
		[]string{got[0].ID, got[1].ID, got[2].ID, got[3].ID})
	assert.Equal(t, "What's new", got[0].Title)
	require.Len(t, got[0].Steps, 2)
	assert.Equal(t, "day1/whats-new/1", got[0].Steps[0].ID)
	assert.Equal(t, "day1/whats-new/2", got[0].Steps[1].ID)
	assert.Equal(t, 20, got[0].Steps[1].Line)
	assert.Equal(t, "day2/swarm-lab/1", got[3].Steps[0].ID)
}

func TestFind(t *testing.T) {
	all := Group([]extract.Snippet{
		snip("a.md", "Multi-stage builds", 1),
		snip("a.md", "Multi-host networking", 2),
		snip("a.md", "Effective images", 3),
		snip("a.md", "Orchestration", 4),
	})
	tests := []struct {
		query, want, err string
	}{
		{"multi-stage-builds", "multi-stage-builds", ""},
		{"multi-stage", "multi-stage-builds", ""},
		{"Multi-stage builds", "multi-stage-builds", ""},
		{"orch", "orchestration", ""},
		{"images", "effective-images", ""},
		{"multi", "", `"multi" matches 2 talks: multi-host-networking, multi-stage-builds`},
		{"kubernetes", "", `no talk matches "kubernetes"; talks: effective-images, multi-host-networking, multi-stage-builds, orchestration`},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, err := Find(all, tt.query)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.ID)
		})
	}
}

func TestReadNotes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	write("notes/b.md", "`docker ps`")
	write("notes/sub/a.txt", "docker info\n")
	write("notes/.hidden/c.md", "`docker images`")
	write("notes/image.png", "\x89PNG")
	bin := write("blob.md", "abc\x00def")
	write("empty/readme.rst", "nothing")
	bad := write("bad.txt", "caf\xe9 `docker ps`\n")

	notes, err := ReadNotes([]string{filepath.Join(dir, "notes")})
	require.NoError(t, err)
	require.Len(t, notes, 2)
	assert.Equal(t, filepath.Join(dir, "notes/b.md"), notes[0].Path)
	assert.Equal(t, filepath.Join(dir, "notes/sub/a.txt"), notes[1].Path)

	_, err = ReadNotes([]string{filepath.Join(dir, "missing.md")})
	assert.ErrorContains(t, err, "missing.md: no such file or directory")
	_, err = ReadNotes([]string{filepath.Join(dir, "empty")})
	assert.ErrorContains(t, err, "no notes here")
	_, err = ReadNotes([]string{bin})
	assert.ErrorContains(t, err, "blob.md: not a text file")

	notes, err = ReadNotes([]string{bad})
	require.NoError(t, err, "invalid UTF-8 is tolerated")
	assert.Len(t, Extract(notes), 1)
}

func TestCatalogIsEmbedded(t *testing.T) {
	notes := Catalog()
	require.NotEmpty(t, notes)
	all := Group(Extract(notes))
	lab, err := Find(all, "multi-stage")
	require.NoError(t, err)
	assert.Equal(t, "multi-stage-builds", lab.ID)
}

func TestShard(t *testing.T) {
	var snippets []extract.Snippet
	for i := range 40 {
		snippets = append(snippets, snip("a.md", fmt.Sprintf("Talk %d", i), i+1))
	}
	all := Group(snippets)
	seen := map[string]int{}
	for i := 1; i <= 3; i++ {
		shard := Shard(all, i, 3)
		assert.NotEmpty(t, shard)
		assert.Equal(t, shard, Shard(all, i, 3), "the split is deterministic")
		for _, l := range shard {
			seen[l.ID]++
		}
	}
	assert.Len(t, seen, 40, "every lab is in a shard")
	for id, n := range seen {
		assert.Equal(t, 1, n, "%s is in one shard only", id)
	}
	assert.Equal(t, all, Shard(all, 1, 1))

	i, n, err := ParseShard("2/4")
	require.NoError(t, err)
	assert.Equal(t, []int{2, 4}, []int{i, n})
	for _, bad := range []string{"0/4", "5/4", "a/b", "3", "1/0"} {
		_, _, err := ParseShard(bad)
		assert.Error(t, err, bad)
	}
}

// `offline: true` in a note's front matter makes every lab of that note
// offline, and no lab of another note.
func TestOfflineFrontMatter(t *testing.T) {
	offline := "---\noffline: true\n---\n# A\n\n```sh\ndocker ps\n```\n\n# B\n\n```sh\ndocker images\n```\n"
	online := "---\noffline: false\n---\n# C\n\n```sh\ndocker ps\n```\n"
	all := Group(append(extract.Snippets("off.md", []byte(offline)), extract.Snippets("on.md", []byte(online))...))
	require.Len(t, all, 3)
	for _, lab := range all {
		assert.Equal(t, lab.File == "off.md", lab.Offline, lab.ID)
	}
}

// TestLabHosts: a lab lists the machines its steps and commands name,
// each once, its first host first; "*" and "*workers" name none.
func TestLabHosts(t *testing.T) {
	step := func(first string, hosts []string, commandHosts ...string) extract.Snippet {
		s := snip("a.md", "Swarm", 1)
		s.FirstHost, s.Hosts = first, hosts
		for _, h := range commandHosts {
			s.Commands = append(s.Commands, extract.Command{Line: 1, Text: "docker info", Host: h})
		}
		return s
	}
	tests := []struct {
		name  string
		steps []extract.Snippet
		first string
		hosts []string
	}{
		{"no host named", []extract.Snippet{step("", nil, "")}, "", nil},
		{"a note's first host alone is no host of a lab that names none", []extract.Snippet{step("node1", nil, "")}, "", nil},
		{"only the first host", []extract.Snippet{step("node1", []string{"node1"}), step("node1", nil, "node1")}, "node1", []string{"node1"}},
		{"every host is none", []extract.Snippet{step("node1", []string{"*"}), step("node1", []string{"*workers"})}, "", nil},
		{"the first host first, each once",
			[]extract.Snippet{step("node1", []string{"node2", "node3"}), step("node1", []string{"*"}, "node1", "node4"), step("node1", nil, "node2")},
			"node1", []string{"node1", "node2", "node3", "node4"}},
		{"the first host named by another lab of the note",
			[]extract.Snippet{step("node1", nil, "node2")}, "node1", []string{"node1", "node2"}},
		{"a first host the note does not name", []extract.Snippet{step("", nil, "worker1"), step("", nil, "node2")}, "", []string{"worker1", "node2"}},
		{"a service on the internet reached by ssh is no host of the lab", []extract.Snippet{step("", nil, "cmd.io"), step("", nil, "10.0.0.5")}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := Group(tt.steps)
			require.Len(t, all, 1)
			assert.Equal(t, tt.first, all[0].FirstHost)
			assert.Equal(t, tt.hosts, all[0].Hosts)
		})
	}
}

// TestHostNotesAreOneLab: a swarm told on three machines, by prompts, by
// ssh or in prose, is one lab of those three machines, however many
// sections it has.
func TestHostNotesAreOneLab(t *testing.T) {
	for _, name := range []string{"hosts-prompts.md", "hosts-ssh.md", "hosts-prose.md"} {
		t.Run(name, func(t *testing.T) {
			notes, err := ReadNotes([]string{filepath.Join("../testdata/notes", name)})
			require.NoError(t, err)
			snippets := Extract(notes)
			all := Group(snippets)
			require.Len(t, all, 1, "ids: %s", ids(all))
			assert.Len(t, all[0].Steps, len(snippets))
			assert.Equal(t, "node1", all[0].FirstHost)
			assert.Equal(t, []string{"node1", "node2", "node3"}, all[0].Hosts)
		})
	}
}

// TestSectionsOnHostsChain: a section that puts a step on a machine
// continues the lab of the last one that did, with the sections in
// between; a section before the first, or after the last, that shares
// nothing with them is a lab of its own.
func TestSectionsOnHostsChain(t *testing.T) {
	note := "# Notes\n\n## Images\n\n```sh\ndocker images\n```\n\n## Init\n\nOn node1, init:\n\n```sh\ndocker swarm init\n```\n\n" +
		"## Look\n\n```sh\ndocker node ls\n```\n\n## Join\n\n```console\n[node2] $ docker swarm join --token x 10.0.0.1:2377\n```\n\n" +
		"## Visit\n\n```sh\nssh node3 docker info\n```\n\n## Builds\n\n```sh\ndocker buildx ls\n```\n"
	all := Group(extract.Snippets("n.md", []byte(note)))
	var got [][]string
	for _, lab := range all {
		var talks []string
		for _, st := range lab.Steps {
			talks = append(talks, st.Talk)
		}
		got = append(got, talks)
	}
	assert.Equal(t, [][]string{{"Images"}, {"Init", "Look", "Join", "Visit"}, {"Builds"}}, got)
	assert.Equal(t, []string{"node1", "node2", "node3"}, all[1].Hosts)
	assert.Nil(t, all[0].Hosts)
	assert.Nil(t, all[2].Hosts)
}

// A section that only names a node of the swarm (drains worker2) goes on
// from the section whose host joined the swarm as that node, though it
// names no host itself; the machines reached by their addresses are the
// lab's hosts by their names.
func TestANodeIsMadeByItsHostJoining(t *testing.T) {
	notes, err := ReadNotes([]string{filepath.Join("../testdata/notes", "workshop-vms.md")})
	require.NoError(t, err)
	all := Group(Extract(notes))
	require.Len(t, all, 2, "ids: %s", ids(all))
	assert.Equal(t, []string{"manager1", "worker1", "worker2"}, all[1].Hosts)
	var talks []string
	for _, st := range all[1].Steps {
		if len(talks) == 0 || talks[len(talks)-1] != st.Talk {
			talks = append(talks, st.Talk)
		}
	}
	assert.Equal(t, []string{"Create the swarm", "Add the workers", "List the nodes", "Run a service", "Drain a node", "Clean up"}, talks)
	var nodes []string
	for _, st := range all[1].Steps {
		for _, e := range st.Effects {
			if e.Make && e.Kind == "node" {
				nodes = append(nodes, e.Name)
			}
		}
	}
	assert.Equal(t, []string{"manager1", "worker1", "worker2"}, nodes, "init and each join make their host's node")
}

// A section that only looks at what runs (docker ps, curl localhost)
// follows the section before it that started something; one that starts
// nothing in the background is followed by nothing.
func TestALookFollowsAStart(t *testing.T) {
	note := "# Notes\n\n## Deploy\n\n```sh\ndocker compose up -d\n```\n\n## Expected result\n\n```sh\ndocker ps\ncurl -s localhost:3000\n```\n\n" +
		"## Once\n\n```sh\ndocker run --rm busybox:1.36 echo hi\n```\n\n## Listing\n\n```sh\ndocker ps\n```\n"
	var ids []string
	for _, lab := range Group(extract.Snippets("n.md", []byte(note))) {
		ids = append(ids, lab.ID)
	}
	assert.Equal(t, []string{"deploy", "once", "listing"}, ids)
}

func TestNoteFilesReadsWhatCommandsWrite(t *testing.T) {
	cmds := func(texts ...string) extract.Snippet {
		s := extract.Snippet{File: "n.md", Kind: extract.Shell}
		for i, text := range texts {
			s.Commands = append(s.Commands, extract.NewCommand(i+1, text))
		}
		return s
	}
	byNote := filesByNote([]Lab{{Steps: []Step{NewStep("a", cmds("echo threads=4 > settings.conf 2>&1", "docker ps >/dev/null",
		"touch app/.keep", "date | tee -a log.txt")), NewStep("b", extract.Snippet{File: "other.md", Kind: extract.Shell,
		Commands: []extract.Command{extract.NewCommand(1, "touch x")}})}}})
	assert.True(t, byNote["n.md"].writes)
	assert.Equal(t, []string{"settings.conf", "app/.keep", "log.txt"}, byNote["n.md"].made, "the note's own, not another's")
	byNote = filesByNote([]Lab{{Steps: []Step{NewStep("a", cmds("docker build -t app . 2>&1"))}}})
	assert.False(t, byNote["n.md"].writes)
}
