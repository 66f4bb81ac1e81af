package fix

import (
	"context"
	"strings"
	"testing"

	"github.com/labrun/labrun/check"
	"github.com/labrun/labrun/labs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shows are the candidates for the failing line of note's last step, as
// a reader reads them, with each one applied to the note.
func shows(t *testing.T, note string, line int) ([]string, []string) {
	t.Helper()
	all := labs.Group(labs.Extract([]labs.Note{{Path: "note.md", Data: []byte(note)}}))
	require.Len(t, all, 1)
	lab := all[0]
	i := len(lab.Steps) - 1
	var got, applied []string
	for _, c := range Candidates(lab, i, line) {
		got = append(got, c.Show)
		data, err := Apply([]byte(note), lab.Steps[i].Snippet, c.Edits)
		require.NoError(t, err, c.Show)
		applied = append(applied, string(data))
	}
	return got, applied
}

func TestCandidatesForCommands(t *testing.T) {
	tests := []struct {
		name, note string
		line       int
		want       []string
	}{
		{"compose v1 and an overlay", "```sh\ndocker-compose -f compose.yaml compose.debug.yaml up -d\n```\n", 2,
			[]string{"docker compose -f compose.yaml -f compose.debug.yaml up -d"}},
		{"an overlay in compose v2", "```sh\ndocker compose -f a.yml b.yml config\n```\n", 2,
			[]string{"docker compose -f a.yml -f b.yml config"}},
		{"an empty list of images", "```sh\ndocker rmi $(docker images -q -f dangling=true)\n```\n", 2,
			[]string{"docker image prune -f", "docker images -q -f dangling=true | xargs -r docker rmi"}},
		{"an empty list of containers", "```sh\ndocker rm $(docker ps -a -q)\n```\n", 2,
			[]string{"docker container prune -f", "docker ps -a -q | xargs -r docker rm"}},
		{"rm -f of a list has no prune form", "```sh\ndocker rm -f `docker ps -aq`\n```\n", 2,
			[]string{"docker ps -aq | xargs -r docker rm -f"}},
		{"a flag's letters swapped", "```sh\ndocker ps --fromat '{{.Names}}'\n```\n", 2,
			[]string{"docker ps --format '{{.Names}}'"}},
		{"a flag docker tag lost", "```sh\ndocker tag -f app app:v1\n```\n", 2,
			[]string{"docker tag app app:v1"}},
		{"a flag docker search lost", "```sh\ndocker search --automated nginx\n```\n", 2,
			[]string{"docker search --filter is-automated=true nginx"}},
		{"a flag of services written on swarm", "```sh\ndocker service create --name web nginx\n```\n\n```sh\ndocker swarm --placement-pref-add=rack\n```\n", 6,
			[]string{"docker service update --placement-pref-add=spread=node.labels.rack web"}},
		{"no service to move the flag to", "```sh\ndocker swarm --detach=false\n```\n", 2, nil},
		{"a stray backtick", "```sh\nsocat tcp-listen:5566,fork unix-connect:/var/run/docker.sock`\n```\n", 2,
			[]string{"socat tcp-listen:5566,fork unix-connect:/var/run/docker.sock"}},
		{"nothing known", "```sh\ndocker volume snapshot\n```\n", 2, nil},
		{"a repository with capitals", "```sh\ndocker build -t Workshop/App:V1 .\n```\n", 2,
			[]string{"docker build -t workshop/app:V1 ."}},
		{"a capital in the image run", "```sh\ndocker run --rm MyOrg/tools:1.0 true\n```\n", 2,
			[]string{"docker run --rm myorg/tools:1.0 true"}},
		{"capitals on both sides of a tag", "```sh\ndocker tag Workshop/App Workshop/App:1.0\n```\n", 2,
			[]string{"docker tag workshop/app workshop/app:1.0"}},
		{"a flag retired long ago, with its value", "```sh\ndocker swarm init --advertise-addr eth0 --auto-accept worker\n```\n", 2,
			[]string{"docker swarm init --advertise-addr eth0"}},
		{"a flag no CLI had, alone", "```sh\ndocker network create --overlay-mode net1\n```\n", 2,
			[]string{"docker network create net1"}},
		{"operands the usage line joins", "```sh\ndocker service scale web 3\n```\n", 2,
			[]string{"docker service scale web=3"}},
		{"pairs that are not words", "```sh\ndocker service scale $SVC 3\n```\n", 2, nil},
		{"a command name mistyped", "```sh\ndocker contianer ls -a\n```\n", 2,
			[]string{"docker container ls -a"}},
		{"a subcommand name mistyped", "```sh\ndocker volume lsit\n```\n", 2,
			[]string{"docker volume list"}},
		{"a command name far from any", "```sh\ndocker frobnicate\n```\n", 2, nil},
		{"stop then remove, one list each: no prune for the chain", "```sh\ndocker stop $(docker ps -aq) && docker rm -v $(docker ps -aq)\n```\n", 2, nil},
		{"untagged images by grep: prune is checked against the original", "```sh\ndocker rmi $(docker images | grep '^<none>' | awk '{print $3}')\n```\n", 2,
			[]string{"docker image prune -a -f", "docker images | grep '^<none>' | awk '{print $3}' | xargs -r docker rmi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := shows(t, tt.note, tt.line)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCandidatesForFiles(t *testing.T) {
	tests := []struct {
		name, note, want string
	}{
		{"COPY with no destination, JSON with single quotes, apt without -y",
			"```dockerfile\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install curl\nCOPY app.sh\nCMD ['sh', 'app.sh']\n```\n",
			"```dockerfile\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nCOPY app.sh ./\nCMD [\"sh\", \"app.sh\"]\n```\n"},
		{"several sources into a destination with no final /",
			"```dockerfile\nFROM alpine\nCOPY go.mod go.sum /src\n```\n",
			"```dockerfile\nFROM alpine\nCOPY go.mod go.sum /src/\n```\n"},
		{"JSON with no commas",
			"```dockerfile\nFROM alpine\nENTRYPOINT [\"echo\" \"hi\"]\n```\n",
			"```dockerfile\nFROM alpine\nENTRYPOINT [\"echo\", \"hi\"]\n```\n"},
		{"compose v1: services at the top, net",
			"```yaml\nweb:\n  image: nginx\n  net: host\ncache:\n  image: redis\n```\n",
			"```yaml\nservices:\n  web:\n    image: nginx\n    network_mode: host\n  cache:\n    image: redis\n```\n"},
		{"keys the compose specification dropped",
			"```yaml\nservices:\n  web:\n    build: .\n    dockerfile: Dockerfile.web\n    log_opt:\n      max-size: 1m\n    log_driver: json-file\n    volume_driver: local\n```\n",
			"```yaml\nservices:\n  web:\n    build:\n      context: .\n      dockerfile: Dockerfile.web\n    logging:\n      options:\n        max-size: 1m\n      driver: json-file\n```\n"},
		{"COPY of a file the note wrote under another name",
			"```python {file=app.py}\nprint('hi')\n```\n\n```text {file=requirements.txt}\nflask\n```\n\n```dockerfile\nFROM python:3.12-slim\nCOPY requirements.txt .\nCOPY server.py .\nCMD [\"python\", \"server.py\"]\n```\n",
			"```python {file=app.py}\nprint('hi')\n```\n\n```text {file=requirements.txt}\nflask\n```\n\n```dockerfile\nFROM python:3.12-slim\nCOPY requirements.txt .\nCOPY app.py .\nCMD [\"python\", \"server.py\"]\n```\n"},
		{"v1 with logging in a flow mapping",
			"```yaml\nweb:\n  image: busybox\n  log_driver: syslog\n  log_opt: {tag: web}\n```\n",
			"```yaml\nservices:\n  web:\n    image: busybox\n    logging:\n      driver: syslog\n      options: {tag: web}\n```\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, applied := shows(t, tt.note, 2)
			require.Len(t, applied, 1)
			assert.Equal(t, tt.want, applied[0])
			if code, ok := strings.CutPrefix(tt.want, "```yaml\n"); ok {
				code = strings.TrimSuffix(code, "```\n")
				assert.Empty(t, check.Compose(context.Background(), t.TempDir(), "compose.yaml", []byte(code)), "compose-go takes the rewrite")
			}
		})
	}
}
