package extract

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlaceOf: where a paragraph or heading puts the reader, as
// Snippet.Host reads it (host, first) and as Snippet.Hosts does (hosts,
// or other for a host the prose does not name).
func TestPlaceOf(t *testing.T) {
	tests := []struct {
		text  string
		host  string
		first bool
		hosts []string
		other string
	}{
		{"On node2, paste the join command:", "node2", false, []string{"node2"}, ""},
		{"Log in to `manager1` and run:", "manager1", false, []string{"manager1"}, ""},
		{"Switch to worker-3:", "worker-3", false, []string{"worker-3"}, ""},
		{"On Node1, init the swarm:", "node1", false, []string{"node1"}, ""},
		{"On node2 and node3, run the join command it printed:", "node2", false, []string{"node2", "node3"}, ""},
		{"On node2, node3 and node4, join:", "node2", false, []string{"node2", "node3", "node4"}, ""},
		{"On `node2`, `node3`, and `node4`, join:", "node2", false, []string{"node2", "node3", "node4"}, ""},
		{"On node2 and then wait.", "node2", false, []string{"node2"}, ""},
		{"Back on the manager, list the nodes:", "", true, nil, ""},
		{"Back on node1, list the nodes:", "node1", false, []string{"node1"}, ""},
		{"There is nothing to type on the worker; from the manager, see where the tasks went:", "", true, nil, ""},
		{"Now on the second node:", "another host (second node)", false, nil, "second node"},
		{"Run it on the worker:", "another host (worker)", false, nil, "worker"},
		{"Run it on each worker:", "another host (each worker)", false, []string{"*workers"}, ""},
		{"On all the workers, pull the image:", "another host (all the workers)", false, []string{"*workers"}, ""},
		{"From the worker nodes, look:", "another host (worker nodes)", false, []string{"*workers"}, ""},
		{"On every node, check the engine:", "", false, []string{"*"}, ""},
		{"The scheduler spreads six replicas, two on each node.", "", false, nil, ""},
		{"On all three machines, check:", "", false, []string{"*"}, ""},
		{"On node1, init; then, on each of the nodes, check:", "node1", false, []string{"*"}, ""},
		{"It runs on arm64 and on port 8080:", "", false, nil, ""},
		{"Install Docker on Ubuntu 22.04:", "", false, nil, ""},
		{"Two machines, node1 and node2, run Docker.", "", false, nil, ""},
	}
	for _, tt := range tests {
		p := placeOf(tt.text)
		assert.Equal(t, tt.host, p.host, tt.text)
		assert.Equal(t, tt.first, p.first, tt.text)
		assert.Equal(t, tt.hosts, p.hosts, tt.text)
		assert.Equal(t, tt.other, p.other, tt.text)
	}
}

func TestHostPrompt(t *testing.T) {
	tests := []struct {
		line   string
		prompt string // as Command.Prompt keeps it; "" when the line has no prompt
		host   string
	}{
		{"node1$ docker swarm init", "node1$", "node1"},
		{"node1 $ docker node ls", "node1 $", "node1"},
		{"[node2] $ docker swarm join x", "[node2] $", "node2"},
		{"[manager1] $ docker info", "[manager1] $", "manager1"},
		{"Manager1# docker info", "Manager1#", "manager1"},
		{"node1:~/app$ docker ps", "node1:~/app$", "node1"},
		{"user@node2:~$ docker info", "user@node2:~$", "node2"},
		{"docker@manager1:~$ docker node ls", "docker@manager1:~$", "manager1"},
		{"root@worker-2:/# docker ps", "root@worker-2:/#", "worker-2"},
		{"root@3b2f1c0d9e8a:/# ls", "root@3b2f1c0d9e8a:/#", ""}, // a container's
		{"dev@laptop:~/notes$ docker version", "dev@laptop:~/notes$", ""},
		{"$ docker ps", "$", ""},
		{"/ # ls", "/ #", ""},
		{"Price $ 5", "", ""},
		{"node1$docker ps", "", ""},
		{"  node1: # the manager", "", ""}, // YAML with a comment
		{"manager1 # the leader", "", ""},
		{"[node2] the second", "", ""},
	}
	for _, tt := range tests {
		cmds := promptCommands([]line{{n: 1, text: tt.line}})
		if tt.prompt == "" {
			assert.Nil(t, cmds, tt.line)
			continue
		}
		if assert.Len(t, cmds, 1, tt.line) {
			assert.Equal(t, tt.prompt, cmds[0].Prompt, tt.line)
			assert.Equal(t, tt.host, promptHost(cmds[0].Prompt), tt.line)
		}
	}
}

func TestSSHTarget(t *testing.T) {
	tests := []struct {
		command string
		host    string
		more    bool // a command follows the host
	}{
		{"ssh node2", "node2", false},
		{"ssh Node2", "node2", false},
		{"ssh -i ~/.ssh/lab ubuntu@10.0.0.5", "10.0.0.5", false},
		{"ssh -p 2222 -o StrictHostKeyChecking=no admin@worker1", "worker1", false},
		{"ssh node2 docker info", "node2", true},
		{"sudo ssh -t node2 'docker ps'", "node2", true},
		{`docker-machine ssh node3 "docker swarm join --token x 10.0.0.1:2377"`, "node3", true},
		{"docker-machine ssh node3", "node3", false},
		{"docker-machine ls", "", false},
		{"scp app.tar node2:/tmp", "", false},
		{"ssh", "", false},
		{"docker ps", "", false},
	}
	host, remote := SSHTarget(ParseLines("ssh -t node2 docker info --format '{{.Name}}'")[0])
	assert.Equal(t, "node2", host)
	assert.Equal(t, []string{"docker", "info", "--format", "{{.Name}}"}, remote, "the words ssh hands the host's shell")
	for _, tt := range tests {
		lines := ParseLines(tt.command)
		if assert.Len(t, lines, 1, tt.command) {
			host, remote := SSHTarget(lines[0])
			assert.Equal(t, tt.host, host, tt.command)
			assert.Equal(t, tt.more, remote != nil, tt.command)
		}
	}
}

// TestHostContext: the first host the prose names is the lab's own; a
// block the prose puts on another is marked with it until the prose or
// a heading brings the reader back.
func TestHostContext(t *testing.T) {
	note := "# S\n\n## A\n\nOn node1, init:\n\n```sh\ndocker swarm init\n```\n\n## B\n\nOn node2, join:\n\n```sh\ndocker swarm join x\n```\n\n" +
		"Then check:\n\n```sh\ndocker info\n```\n\nBack on node1:\n\n```sh\ndocker node ls\n```\n\n## C\n\n```sh\ndocker ps\n```\n"
	var hosts []string
	for _, s := range Snippets("n.md", []byte(note)) {
		if s.Kind == Shell && s.Form == Fenced {
			hosts = append(hosts, s.Host)
		}
	}
	assert.Equal(t, []string{"", "node2", "node2", "", ""}, hosts)
}

// TestSSHSession: what is typed after `ssh HOST` runs on HOST, across
// blocks, up to its exit (the exit of a container's shell typed there
// does not end it), a prompt of another host, or the end of the talk;
// `ssh HOST CMD` runs only CMD there.
func TestSSHSession(t *testing.T) {
	note := "# A\n\n```sh\nssh ada@node2\ndocker run -it --rm busybox sh\nls\nexit\ndocker ps\n```\n\n```sh\nexit\ndocker ps\n```\n\n" +
		"```sh\nssh node2 docker info\ndocker ps\nssh node3\n```\n\n```console\nnode1$ docker node ls\n$ docker ps\n```\n\n" +
		"```sh\nssh node3\n```\n\n# B\n\n```sh\ndocker ps\n```\n"
	type cmd struct {
		text, host string
	}
	var got []cmd
	for _, s := range Snippets("n.md", []byte(note)) {
		for _, c := range s.Commands {
			got = append(got, cmd{c.Text, c.Host})
		}
	}
	assert.Equal(t, []cmd{
		{"ssh ada@node2", "node2"}, {"docker run -it --rm busybox sh", "node2"}, {"ls", "node2"}, {"exit", "node2"}, {"docker ps", "node2"},
		{"exit", "node2"}, {"docker ps", ""},
		{"ssh node2 docker info", "node2"}, {"docker ps", ""}, {"ssh node3", "node3"},
		{"docker node ls", "node1"}, {"docker ps", ""}, // node1's prompt: the reader left node3
		{"ssh node3", "node3"},
		{"docker ps", ""}, // another talk
	}, got)
}

// TestHostsInNotes: the three ways a note says where a command runs, the
// prose, the prompts and ssh, each in a note of its own telling the same
// story.
func TestHostsInNotes(t *testing.T) {
	type where struct {
		hosts []string // the snippet's
		host  string   // the command's
	}
	tests := []struct {
		note string
		want map[int]where // by the command's line
	}{{
		note: "hosts-prompts.md",
		want: map[int]where{
			9: {nil, "node1"}, 24: {nil, "node2"}, 31: {nil, "node3"}, 38: {nil, "node1"},
			48: {nil, "node1"}, 49: {nil, "node1"}, 58: {nil, "node1"}, 60: {nil, "node1"}, 67: {nil, "node3"}, 76: {nil, "node1"},
		},
	}, {
		note: "hosts-ssh.md",
		want: map[int]where{
			10: {[]string{"node1"}, ""},
			24: {nil, "node2"}, 25: {nil, "node2"}, 26: {nil, "node2"}, // ssh node2 … exit
			33: {nil, "node3"}, // docker-machine ssh node3 "…"
			39: {nil, ""}, 45: {nil, ""}, 46: {nil, ""},
			52: {nil, ""}, 53: {nil, "node2"}, 54: {nil, ""}, // ssh node2 CMD is one command
			62: {nil, "node3"}, 68: {nil, "node3"}, 74: {nil, "node3"}, // a session over three blocks
			80: {[]string{"node1"}, ""},
		},
	}, {
		note: "hosts-prose.md",
		want: map[int]where{
			10: {[]string{"node1"}, ""}, 18: {[]string{"node2", "node3"}, ""},
			26: {[]string{"node1"}, ""}, 32: {[]string{"node1"}, ""},
			38: {[]string{"*"}, ""}, 44: {[]string{"*workers"}, ""},
			52: {[]string{"node1"}, ""}, 58: {[]string{"node2"}, ""}, // {host=node2}
			66: {[]string{"node3"}, ""},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.note, func(t *testing.T) {
			b, err := os.ReadFile("../testdata/notes/" + tt.note)
			require.NoError(t, err)
			got := map[int]where{}
			for _, s := range Snippets(tt.note, b) {
				assert.Equal(t, "node1", s.FirstHost, "line %d", s.Line)
				assert.Empty(t, s.Warnings, "line %d", s.Line)
				for _, c := range s.Commands {
					got[c.Line] = where{s.Hosts, c.Host}
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestUnnamedHosts: a host the prose does not name is the one it stands
// for among those the note names, when there is one; the note's first
// host is the first it names, in prose, annotation or prompt, but not
// one it ssh-es to.
func TestUnnamedHosts(t *testing.T) {
	tests := []struct {
		name  string
		note  string
		hosts [][]string // of each shell snippet
		first string
	}{{
		name:  "the second node named later",
		note:  "On node1, init:\n\n```sh\ndocker swarm init\n```\n\nNow on the second node:\n\n```sh\ndocker swarm join x\n```\n\nOn node2, check:\n\n```sh\ndocker info\n```\n",
		hosts: [][]string{{"node1"}, {"node2"}, {"node2"}},
		first: "node1",
	}, {
		name:  "the other node of two, named by a prompt",
		note:  "```console\nnode1$ docker swarm init\n```\n\nOn the other node:\n\n```sh\ndocker swarm join x\n```\n\n```console\nnode2$ docker info\n```\n",
		hosts: [][]string{nil, {"node2"}, {"node2"}},
		first: "node1",
	}, {
		name:  "a third node the note never names",
		note:  "On node1, init:\n\n```sh\ndocker swarm init\n```\n\nOn the third node:\n\n```sh\ndocker swarm join x\n```\n",
		hosts: [][]string{{"node1"}, nil},
		first: "node1",
	}, {
		name:  "an annotation names the first host",
		note:  "```sh {host=Manager1}\ndocker swarm init\n```\n\n```sh {hosts=worker1,worker2}\ndocker swarm join x\n```\n\n<!-- labrun: host=* -->\n```sh\ndocker info\n```\n",
		hosts: [][]string{{"manager1"}, {"worker1", "worker2"}, {"*"}},
		first: "manager1",
	}, {
		name:  "the annotation wins over the prose",
		note:  "On node1, init:\n\n```sh\ndocker swarm init\n```\n\n```sh {host=node2}\ndocker swarm join x\n```\n",
		hosts: [][]string{{"node1"}, {"node2"}},
		first: "node1",
	}, {
		name:  "only hosts it ssh-es to",
		note:  "```sh\ndocker network create n\nssh node2\n```\n",
		hosts: [][]string{nil},
		first: "",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hosts [][]string
			for _, s := range Snippets("n.md", []byte("# T\n\n"+tt.note)) {
				if s.Kind == Shell {
					hosts = append(hosts, s.Hosts)
				}
				assert.Equal(t, tt.first, s.FirstHost, "line %d", s.Line)
			}
			assert.Equal(t, tt.hosts, hosts)
		})
	}
}

// TestAddressedHosts: a machine the note reaches by its address is the
// lab's host of that name when the note names the host elsewhere, or when
// it reads as one of a set of machines with the note's other hosts; a
// host on the internet stays what it is.
func TestAddressedHosts(t *testing.T) {
	tests := []struct {
		name string
		note string
		want []string // each command's host, in order
	}{{
		name: "named in the prose",
		note: "Log in to manager1:\n\n```sh\nssh docker@manager1.swarmlab.example.com\ndocker swarm init\n```\n",
		want: []string{"manager1", "manager1"},
	}, {
		name: "named by a prompt",
		note: "```sh\nssh docker@node1.lab.example.com\n```\n\n```console\nnode1$ docker info\n```\n",
		want: []string{"node1", "node1"},
	}, {
		name: "a set of machines by address alone",
		note: "```sh\nssh docker@manager1.lab.example.com\ndocker swarm init\nexit\nssh -i key.pem docker@worker1.lab.example.com\n```\n",
		want: []string{"manager1", "manager1", "manager1", "worker1"},
	}, {
		name: "one of the nodes the note names by name",
		note: "On node1:\n\n```sh\ndocker swarm init\n```\n\nThen:\n\n```sh\nssh docker@node2.lab.example.com docker info\n```\n",
		want: []string{"", "node2"},
	}, {
		name: "a lone machine by address, nothing else named",
		note: "```sh\nssh root@node1.example.com\ndocker ps\n```\n",
		want: []string{"node1.example.com", "node1.example.com"},
	}, {
		name: "hosts on the internet, among the lab's machines",
		note: "On node1:\n\n```sh\ndocker swarm init\n```\n\n```sh\nssh git@github.com\nssh cmd.io http\nssh ubuntu@10.0.4.12\nssh docker@node2.example.com\n```\n",
		want: []string{"", "github.com", "cmd.io", "10.0.4.12", "node2"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Snippets("n.md", []byte("# T\n\n"+tt.note)) {
				for _, c := range s.Commands {
					got = append(got, c.Host)
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestHostPromptOutput: the lines under a machine's prompt are what its
// command printed, as under `$ `, in a block or in plain text.
func TestHostPromptOutput(t *testing.T) {
	b, err := os.ReadFile("../testdata/notes/hosts-prompts.md")
	require.NoError(t, err)
	got := map[int]Command{}
	for _, s := range Snippets("hosts-prompts.md", b) {
		for _, c := range s.Commands {
			got[c.Line] = c
		}
	}
	assert.Equal(t, "node1$", got[9].Prompt)
	assert.Equal(t, "docker swarm init --advertise-addr 10.0.4.11", got[9].Text)
	assert.Contains(t, got[9].Output, "\n    docker swarm join --token SWMTKN-1-", "the join command is what init printed")
	assert.Equal(t, "[node2] $", got[24].Prompt)
	assert.Equal(t, "This node joined a swarm as a worker.", got[24].Output)
	assert.Equal(t, "docker node ls", got[38].Text)
	assert.Len(t, strings.Split(got[38].Output, "\n"), 4, "the table's header and its three nodes")
	assert.Equal(t, "node1\nnode2\nnode3", got[49].Output)

	plain := Snippets("swarm.txt", []byte("Start:\n\nnode1$ docker swarm init\nSwarm initialized.\n\nThen:\n\n[node2] $ docker swarm join --token x 10.0.0.1:2377\n"))
	require.Len(t, plain, 2)
	assert.Equal(t, []Command{{Line: 3, Text: "docker swarm init", Output: "Swarm initialized.", Prompt: "node1$", Host: "node1"}}, withoutLines(plain[0].Commands))
	assert.Equal(t, "node2", plain[1].Commands[0].Host)
}

// withoutLines is cmds with their parsed Lines left out, for comparing.
func withoutLines(cmds []Command) []Command {
	out := make([]Command, len(cmds))
	for i, c := range cmds {
		c.Lines = nil
		out[i] = c
	}
	return out
}

func TestIsMachineName(t *testing.T) {
	for _, name := range []string{"node2", "manager1", "worker-3", "docker-host2", "Node1"} {
		assert.True(t, IsMachineName(name), name)
	}
	for _, name := range []string{"cmd.io", "10.0.0.5", "node", "github.com", "arm64"} {
		assert.False(t, IsMachineName(name), name)
	}
}

// A command reads once where it runs: the host an ssh reaches, and the
// words it runs there.
func TestCommandReadsItsSSH(t *testing.T) {
	tests := []struct {
		command, host string
		remote        bool
	}{
		{"ssh node2", "node2", false},
		{"ssh -p 2222 -i key.pem admin@10.0.0.5", "10.0.0.5", false},
		{"ssh -t worker1 docker ps", "worker1", true},
		{"ssh", "", false},
		{"echo ssh node2", "", false},
		{"ssh node2 && docker ps", "", false}, // two commands: not one ssh
	}
	for _, tt := range tests {
		c := NewCommand(1, tt.command)
		assert.Equal(t, tt.host, c.SSH, tt.command)
		assert.Equal(t, tt.remote, c.Remote != nil, tt.command)
	}
}
