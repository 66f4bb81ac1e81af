package interp

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
)

// The tests below read whole commands, as a snippet holds them (`a && b`,
// sudo, docker-compose): package dockercli tests each line's reading.

func asksConfirmation(command string) bool {
	return dockercli.Any(extract.ParseLines(command), (*dockercli.Line).AsksConfirmation)
}

func streams(command string) bool {
	return dockercli.Any(extract.ParseLines(command), (*dockercli.Line).Streams)
}

func usesSwarm(command string) bool {
	return dockercli.Any(extract.ParseLines(command), (*dockercli.Line).NeedsSwarm)
}

func initsSwarm(command string) bool {
	return dockercli.Any(extract.ParseLines(command), (*dockercli.Line).InitsSwarm)
}

func TestImageRefs(t *testing.T) {
	tests := []struct {
		command     string
		uses, makes []string
	}{
		{"docker run --rm busybox:1.36 echo hi", []string{"busybox:1.36"}, nil},
		{"docker run -d -p 80:80 --name web -e A=b -v /x:/y nginx", []string{"nginx"}, nil},
		{"docker run -it --rm --network=appnet alpine sh", []string{"alpine"}, nil},
		{"sudo docker -H unix:///x.sock container run -w /src golang:1.22 go build", []string{"golang:1.22"}, nil},
		{"docker create --name c debian:bookworm-slim", []string{"debian:bookworm-slim"}, nil},
		{"docker pull --platform linux/amd64 registry:2", []string{"registry:2"}, nil},
		{"docker image pull httpd:2.4", []string{"httpd:2.4"}, nil},
		{"docker build . -t someone/site", nil, []string{"someone/site"}},
		{"docker build --tag=a/b:1 -t c .", nil, []string{"a/b:1", "c"}},
		{"docker build --build-arg BASE=debian:bookworm-slim --build-arg V=2 -t x .", []string{"debian:bookworm-slim"}, []string{"x"}},
		{"docker tag a/b:1 localhost:5000/a/b:1", nil, []string{"localhost:5000/a/b:1"}},
		{"docker commit -m msg web snap:1", nil, []string{"snap:1"}},
		{"docker service create --name web --replicas 2 nginx:alpine", []string{"nginx:alpine"}, nil},
		{"docker run --rm busybox echo a && docker run --rm alpine echo b", []string{"busybox", "alpine"}, nil},
		{"docker ps -a", nil, nil},
		{"echo docker run nginx", nil, nil},
		{"docker run", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.command, func(t *testing.T) {
			uses, makes := imageRefs(extract.ParseLines(tt.command))
			assert.Equal(t, tt.uses, uses)
			assert.Equal(t, tt.makes, makes)
		})
	}
}

func TestAsksConfirmation(t *testing.T) {
	yes := []string{"docker system prune", "docker system prune -a", "docker image prune -a",
		"docker container prune", "docker volume prune", "sudo docker network prune", "docker-compose rm",
		"docker builder prune"}
	no := []string{"docker system prune -af", "docker image prune -f", "docker system prune --force",
		"docker rm -f x", "docker ps", "docker-compose rm -f", "echo prune"}
	for _, c := range yes {
		assert.True(t, asksConfirmation(c), c)
	}
	for _, c := range no {
		assert.False(t, asksConfirmation(c), c)
	}
}

// A command that asks before it acts is answered y: where labrun knows
// it asks, and where the note shows the reader answer yes at its
// question. A reader's no is not typed: a question that reads no answer
// declines it.
func TestAnswered(t *testing.T) {
	l := &labRun{}
	answered := func(text, answer string) bool {
		c := extract.NewCommand(1, text)
		c.Answer = answer
		return l.execOf(labs.Step{}, c, Workdir).Stdin != nil
	}
	assert.True(t, answered("docker volume prune", ""))
	assert.True(t, answered("docker plugin install vieux/sshfs", "y"))
	assert.True(t, answered("docker plugin install vieux/sshfs", "yes"))
	assert.False(t, answered("docker plugin install vieux/sshfs", "n"))
	assert.False(t, answered("docker plugin install vieux/sshfs", ""))
}

func TestStreams(t *testing.T) {
	yes := []string{"docker stats", "docker logs -f web", "docker container logs --follow web",
		"docker service logs -f web", "docker events", "docker-compose up", "docker compose up --build",
		"tail -f /var/log/x", "docker attach web", "ping 127.0.0.1"}
	// A container in the foreground may be a server, which only running
	// it tells (MayServe); it is no stream.
	no := []string{"docker run -p 80:80 httpd", "docker stats --no-stream", "docker logs web", "docker events --until 1s",
		"docker-compose up -d", "docker compose up --detach", "docker run -d nginx", "docker run -dit alpine",
		"docker ps", "tail -n 5 x", "ping -c 1 127.0.0.1"}
	for _, c := range yes {
		assert.True(t, streams(c), c)
	}
	for _, c := range no {
		assert.False(t, streams(c), c)
	}
}

func TestSwarmCommands(t *testing.T) {
	assert.True(t, usesSwarm("docker secret ls"))
	assert.True(t, usesSwarm("docker node ls && docker service ls"))
	assert.True(t, usesSwarm("docker stack deploy -c compose.yaml app"))
	assert.False(t, usesSwarm("docker swarm init"))
	assert.False(t, usesSwarm("docker ps"))
	assert.True(t, initsSwarm("docker swarm init --advertise-addr eth0"))
	assert.False(t, initsSwarm("docker swarm leave --force"))
}
