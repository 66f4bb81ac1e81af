package extract

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// found is the part of a snippet that the structural tests look at.
type found struct {
	Line int
	Talk string
	Form Form
	Code string
}

func shape(snippets []Snippet) []found {
	out := make([]found, len(snippets))
	for i, s := range snippets {
		out[i] = found{s.Line, s.Talk, s.Form, s.Code}
	}
	return out
}

func TestNoteFindsSnippets(t *testing.T) {
	tests := []struct {
		name string
		path string
		note string
		want []found
	}{{
		name: "fenced with and without a tag, under ATX headings",
		path: "n.md",
		note: "# Talk A\n\n```sh\ndocker ps\n```\n\n# Talk B\n\n```\ndocker info\n```\n",
		want: []found{{4, "Talk A", Fenced, "docker ps"}, {10, "Talk B", Fenced, "docker info"}},
	}, {
		name: "setext headings and inline code",
		path: "n.md",
		note: "Talk A\n======\n\nRun `docker system df` today.\n\nTalk B\n------\n\nAnd `docker info`.\n",
		want: []found{{4, "Talk A", Inline, "docker system df"}, {9, "Talk B", Inline, "docker info"}},
	}, {
		name: "a title broken over lines keeps its words apart",
		path: "n.md",
		note: "Docker in  \nproduction\\\nat *scale*\n===\n\n`docker info`\n",
		want: []found{{6, "Docker in production at scale", Inline, "docker info"}},
	}, {
		name: "front matter is skipped and lines keep their numbers",
		path: "n.md",
		note: "---\ntitle: x\ncmd: `docker rm -f x`\n---\n\n`docker ps`\n",
		want: []found{{6, "n", Inline, "docker ps"}},
	}, {
		name: "indented code, lists and blockquotes",
		path: "n.md",
		note: "# T\n\n    docker ps\n\n- item `docker images`\n  > quoted `docker info`\n\n> ```\n> docker version\n> ```\n",
		want: []found{
			{3, "T", Indented, "docker ps"}, {5, "T", Inline, "docker images"},
			{6, "T", Inline, "docker info"}, {9, "T", Fenced, "docker version"},
		},
	}, {
		name: "code spans in headings are titles, not snippets",
		path: "n.md",
		note: "## Using `docker stack`\n\n`docker stack ls`\n",
		want: []found{{3, "Using docker stack", Inline, "docker stack ls"}},
	}, {
		name: "an unterminated fence runs to the end",
		path: "n.md",
		note: "# T\n```sh\ndocker ps\ndocker info\n",
		want: []found{{3, "T", Fenced, "docker ps\ndocker info"}},
	}, {
		name: "CRLF and lone CR line endings",
		path: "n.md",
		note: "# T\r\n\r\n```\r\ndocker ps\r\ndocker info\r\n```\r\n\r`docker images`\r",
		want: []found{{4, "T", Fenced, "docker ps\ndocker info"}, {8, "T", Inline, "docker images"}},
	}, {
		name: "plain text: an unfenced Dockerfile and commands, prose ignored",
		path: "notes/site.txt",
		note: "Intro line.\n\nFROM busybox\nCOPY a /a\n\nBuild:\ndocker build -t x .\ndocker run x\n\nThe docker daemon runs it.\n",
		want: []found{{3, "site", Bare, "FROM busybox\nCOPY a /a"}, {7, "site", Bare, "docker build -t x .\ndocker run x"}},
	}, {
		name: "plain text: backslash continuations stay in one command",
		path: "p.txt",
		note: "docker run \\\n  --rm busybox \\\n  echo hi\n",
		want: []found{{1, "p", Bare, "docker run \\\n  --rm busybox \\\n  echo hi"}},
	}, {
		name: "paragraph lines in Markdown that are commands",
		path: "n.md",
		note: "# T\n\nThen:\ndocker compose up -d\n\n- docker data center is a product, not a command\n",
		want: []found{{4, "T", Bare, "docker compose up -d"}},
	}, {
		name: "slide deck: one talk, named by its first heading",
		path: "deck.md",
		note: "# The deck\n\n---\n\n## Slide one\n\n`docker ps`\n\n---\n\n## Slide two\n\n--\n\n`docker info`\n",
		want: []found{{7, "The deck", Inline, "docker ps"}, {15, "The deck", Inline, "docker info"}},
	}, {
		name: "front matter talk: names the whole note",
		path: "lab.md",
		note: "---\ntalk: My lab\n---\n# Title\n## Step\n`docker ps`\n",
		want: []found{{6, "My lab", Inline, "docker ps"}},
	}, {
		name: "nothing in prose",
		path: "blog.txt",
		note: "Docker is great. docker hosts everywhere.\nWe saw docker secrets.\n",
		want: []found{},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, shape(Snippets(tt.path, []byte(tt.note))))
		})
	}
}

func TestTalkLevel(t *testing.T) {
	tests := []struct {
		name string
		note string
		want []string // the talk of each inline snippet
	}{{
		name: "days as H1, talks as H2, sections as H3",
		note: "# Day 1\n## Talk A\n### Part\n`a`\n## Talk B\n`b`\n# Day 2\n`c`\n## Talk C\n### P1\n### P2\n`d`\n",
		want: []string{"Talk A", "Talk B", "Day 2", "Talk C"},
	}, {
		name: "a lone H1 title over H2 talks",
		note: "# Conference notes\n`a`\n## Talk A\n`b`\n## Talk B\n`c`\n",
		want: []string{"Conference notes", "Talk A", "Talk B"},
	}, {
		name: "one heading only",
		note: "# Only\n## Section\n`a`\n",
		want: []string{"Section"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var talks []string
			for _, s := range Snippets("n.md", []byte(tt.note)) {
				talks = append(talks, s.Talk)
			}
			assert.Equal(t, tt.want, talks)
		})
	}
}

func TestPromptSessions(t *testing.T) {
	note := "# T\n\n```console\n$ docker run -d --name web busybox sleep 9\n3f4c2a\n$ docker ps --format '{{.Names}}' \\\n>   --filter name=web\nweb\n\n$ docker rm -f web\n```\n\n```\nroot@box:/srv# docker info --format '{{.Swarm.LocalNodeState}}'\ninactive\n```\n"
	got := Snippets("n.md", []byte(note))
	require.Len(t, got, 2)
	withOutput := func(c Command, out string) Command { c.Output = out; return c }
	prompted := func(c Command, prompt string) Command { c.Prompt = prompt; return c }
	assert.Equal(t, []Command{
		prompted(withOutput(NewCommand(4, "docker run -d --name web busybox sleep 9"), "3f4c2a"), "$"),
		prompted(withOutput(NewCommand(6, "docker ps --format '{{.Names}}' --filter name=web"), "web"), "$"),
		prompted(NewCommand(10, "docker rm -f web"), "$"),
	}, got[0].Commands)
	assert.Equal(t, "container ls", got[0].Commands[1].Lines[0].Path, "each command is read once, as docker reads it")
	assert.Equal(t, 4, got[0].Line)
	assert.Equal(t, Shell, got[0].Kind)
	assert.Equal(t, "docker run -d --name web busybox sleep 9\ndocker ps --format '{{.Names}}' --filter name=web\ndocker rm -f web", got[0].Code)
	assert.Equal(t, []Command{prompted(withOutput(NewCommand(14, "docker info --format '{{.Swarm.LocalNodeState}}'"), "inactive"), "root@box:/srv#")}, got[1].Commands)
}

func TestAnnotationsReachSnippets(t *testing.T) {
	note := "# T\n\n<!-- labrun: skip -->\n```sh\ndocker push x\n```\n\n```yaml {file=compose.yaml}\nservices: {web: {image: busybox}}\n```\n\n<!-- labrun: expect=fail -->\n\nA paragraph in between.\n\n```sh\ndocker ps\n```\n"
	got := Snippets("n.md", []byte(note))
	require.Len(t, got, 3)
	assert.False(t, got[0].Runnable)
	assert.Equal(t, SkipAnnotated, got[0].Reason)
	assert.Equal(t, "compose.yaml", got[1].Annotations.File)
	assert.False(t, got[2].Annotations.ExpectFail, "a comment applies only to the block right after it")
}

func TestFileAnnotation(t *testing.T) {
	note := "# T\n\n```sh {file=run.sh}\necho hi\n```\n\n```dockerfile {file=Dockerfile.child}\nFROM lab/base\n```\n\n```dockerfile\nFROM lab/base\n```\n"
	got := Snippets("n.md", []byte(note))
	require.Len(t, got, 3)
	assert.False(t, got[0].Runnable, "a shell block with file= is a script to write, not commands to run")
	assert.Equal(t, SkipAnnotated, got[0].Reason)
	assert.True(t, got[1].Runnable, "file= says a lone FROM is a whole Dockerfile")
	assert.False(t, got[2].Runnable, "without file=, a lone FROM is a fragment")
	assert.Equal(t, SkipFragment, got[2].Reason)
}

func TestProseStartingWithFROMIsNotADockerfile(t *testing.T) {
	got := Snippets("n.txt", []byte("Notes\n\nA base image runs instructions when another image builds\nFROM it. That is ONBUILD.\n\nFROM busybox:1.36 AS base\nRUN true\n"))
	require.Len(t, got, 1)
	assert.Equal(t, Dockerfile, got[0].Kind)
	assert.Equal(t, 6, got[0].Line)
}

func TestIsMarkdown(t *testing.T) {
	assert.True(t, IsMarkdown("a.md", []byte("plain")))
	assert.True(t, IsMarkdown("a.txt", []byte("Title\n=====\n")))
	assert.True(t, IsMarkdown("a.txt", []byte("## Heading\n")))
	assert.True(t, IsMarkdown("a.txt", []byte("run `docker ps`")))
	assert.False(t, IsMarkdown("a.txt", []byte("FROM busybox\n\ndocker build .\n# not a heading? it is one\n")[:22]))
	assert.False(t, IsMarkdown("a.txt", []byte("Just words.\nMore words.\n")))
}

// FuzzNote checks that extraction never panics, that every snippet lies
// inside its note, and that goldmark's full parser would have found the
// same snippets.
func FuzzNote(f *testing.F) {
	for _, seed := range []string{
		"# T\n```sh\ndocker ps\n```\n", "FROM x\nRUN y\n", "$ docker ps\nout\n", "---\na: b\n---\n`x`",
		"> - ```\n>   docker\n", "\r\n\r`a`", "```{skip\n", "<!-- labrun: file= -->\n    x\n",
		"# D\n\n---\n\n````sh\nx\n```\n---\n```sh\ny\n```\n",
	} {
		f.Add("n.md", seed)
		f.Add("n.txt", seed)
	}
	f.Fuzz(func(t *testing.T, path, note string) {
		lines := strings.Count(strings.ReplaceAll(strings.ReplaceAll(note, "\r\n", "\n"), "\r", "\n"), "\n") + 1
		got := Snippets(path, []byte(note))
		if want := snippetsWith(path, []byte(note), goldmarkParser); !reflect.DeepEqual(got, want) {
			t.Fatalf("with goldmark's full parser:\n%#v\nwith labrun's:\n%#v", want, got)
		}
		for _, s := range got {
			if s.Line < 1 || s.Line > lines {
				t.Fatalf("snippet at line %d of a %d-line note", s.Line, lines)
			}
			for _, c := range s.Commands {
				if c.Line < 1 || c.Line > lines {
					t.Fatalf("command at line %d of a %d-line note", c.Line, lines)
				}
			}
			if s.Kind == "" {
				t.Fatalf("snippet with no kind at line %d", s.Line)
			}
		}
	})
}

func TestDeeplyNestedNote(t *testing.T) {
	var b strings.Builder
	for i := range 2000 {
		b.WriteString(strings.Repeat("> ", i%200))
		b.WriteString(strings.Repeat("  ", i%100))
		b.WriteString("- `docker ps`\n")
	}
	got := Snippets("nested.md", []byte(b.String()))
	assert.NotEmpty(t, got, "deep quotes and lists still yield their code spans")
}
