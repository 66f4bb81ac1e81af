package dockercli

import (
	"strings"
	"testing"

	"github.com/labrun/labrun/engine"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parse(s string) *Line {
	l := Parse(strings.Fields(s))
	return &l
}

func TestParseReadsLinesAsTheCLIDoes(t *testing.T) {
	tests := []struct {
		line, path, typed string
		flags             []string // name=value, or name for a flag given no value
		operands          []string
		unknown           []string
	}{
		{line: "docker run -d --name web -p 8080:80 nginx", path: "container run", typed: "run",
			flags: []string{"detach", "name=web", "publish=8080:80"}, operands: []string{"nginx"}},
		// flags after the image are the container's own
		{line: "docker run --rm -it busybox ls -l /", path: "container run", typed: "run",
			flags: []string{"rm", "interactive", "tty"}, operands: []string{"busybox", "ls", "-l", "/"}},
		{line: "docker container run -eFOO=bar busybox", path: "container run", typed: "container run",
			flags: []string{"env=FOO=bar"}, operands: []string{"busybox"}},
		{line: "sudo docker -H tcp://h:2375 ps -a", path: "container ls", typed: "ps", flags: []string{"all"}},
		{line: "docker image ls --format={{.ID}}", path: "image ls", typed: "image ls", flags: []string{"format={{.ID}}"}},
		// --format takes a value without `=`; a flag that takes none does not eat the next word
		{line: "docker ps --format {{.Names}}", path: "container ls", typed: "ps", flags: []string{"format={{.Names}}"}},
		{line: "docker build -t app:1 -f docker/Dockerfile .", path: "image build", typed: "build",
			flags: []string{"tag=app:1", "file=docker/Dockerfile"}, operands: []string{"."}},
		{line: "docker system prune -af --volumes", path: "system prune", typed: "system prune",
			flags: []string{"all", "force", "volumes"}},
		{line: "docker swarm init --detach=false", path: "swarm init", typed: "swarm init",
			flags: []string{"detach=false"}, unknown: []string{"--detach=false"}},
		{line: "docker exec -it web sh -c 'ls -l'", path: "container exec", typed: "exec",
			flags: []string{"interactive", "tty"}, operands: []string{"web", "sh", "-c", "'ls", "-l'"}},
		{line: "docker network", path: "network", typed: "network"},
		{line: "docker scout cves alpine", path: "scout", typed: "scout", operands: []string{"cves", "alpine"}},
		{line: "docker rm -f -- -odd", path: "container rm", typed: "rm", flags: []string{"force"}, operands: []string{"-odd"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			l := parse(tt.line)
			assert.Equal(t, tt.path, l.Path)
			assert.Equal(t, tt.typed, l.Typed)
			var flags []string
			for _, f := range l.Flags {
				if f.HasValue {
					flags = append(flags, f.Name+"="+f.Value)
				} else {
					flags = append(flags, f.Name)
				}
			}
			assert.Equal(t, tt.flags, flags)
			assert.Equal(t, tt.operands, l.Operands)
			assert.Equal(t, tt.unknown, l.Unknown)
		})
	}
}

func TestParseOtherPrograms(t *testing.T) {
	l := parse("sudo -E /usr/bin/tail -f /var/log/syslog")
	assert.Equal(t, "tail", l.Program)
	assert.Equal(t, []string{"-f", "/var/log/syslog"}, l.Args)
	assert.Nil(t, l.Cmd)
	assert.False(t, l.IsDocker())
	assert.Equal(t, Line{}, Parse(nil))
}

func TestImages(t *testing.T) {
	tests := []struct {
		line        string
		uses, makes []string
	}{
		{"docker run -d -p 80:80 --name web nginx:1.25", []string{"nginx:1.25"}, nil},
		{"docker container create -v data:/data busybox", []string{"busybox"}, nil},
		{"docker pull --platform linux/arm64 alpine:3.20", []string{"alpine:3.20"}, nil},
		{"docker image push registry.local/app:2", []string{"registry.local/app:2"}, nil},
		{"docker build -t app:1 --tag app:latest --build-arg BASE=debian:bookworm-slim .", []string{"debian:bookworm-slim"}, []string{"app:1", "app:latest"}},
		{"docker buildx build --tag=multi:1 --platform linux/amd64,linux/arm64 .", nil, []string{"multi:1"}},
		{"docker tag app:1 registry.local/app:1", nil, []string{"registry.local/app:1"}},
		{"docker commit -m 'fix' web web:fixed", nil, []string{"web:fixed"}},
		{"docker service create --replicas 3 --name api -p 8000:80 nginx", []string{"nginx"}, nil},
		{"docker ps -a", nil, nil},
		{"docker run", nil, nil},
	}
	for _, tt := range tests {
		uses, makes := parse(tt.line).Images()
		assert.Equal(t, tt.uses, uses, tt.line)
		assert.Equal(t, tt.makes, makes, tt.line)
	}
}

func TestBuildFile(t *testing.T) {
	assert.Equal(t, "Dockerfile", parse("docker build .").BuildFile())
	assert.Equal(t, "api/Dockerfile.dev", parse("docker build -f ./api/Dockerfile.dev .").BuildFile())
	assert.Equal(t, "Dockerfile.prod", parse("docker image build --file=Dockerfile.prod .").BuildFile())
	assert.True(t, parse("docker image build .").IsBuild())
	assert.True(t, parse("docker builder build .").IsBuild())
	assert.False(t, parse("docker compose build").IsBuild())
}

func TestAsksConfirmation(t *testing.T) {
	for _, l := range []string{"docker system prune", "docker image prune -a", "docker volume prune",
		"docker container prune --filter until=1h", "docker builder prune"} {
		assert.True(t, parse(l).AsksConfirmation(), l)
	}
	for _, l := range []string{"docker system prune -af", "docker image prune --force", "docker ps",
		"docker rm web", "docker network prune -f"} {
		assert.False(t, parse(l).AsksConfirmation(), l)
	}
}

func TestStreams(t *testing.T) {
	for _, l := range []string{"docker logs -f web", "docker container logs --follow web", "docker service logs -f api",
		"docker stats", "docker container stats web", "docker events", "docker system events", "docker attach web",
		"docker compose up", "tail -f app.log", "watch docker ps", "ping example.com"} {
		assert.True(t, parse(l).Streams(), l)
	}
	for _, l := range []string{"docker logs web", "docker stats --no-stream", "docker events --until 1m",
		"docker run -p 80:80 nginx", "docker compose up -d",
		"docker run -d nginx", "docker run -dit nginx", "tail -n 5 app.log", "ping -c 3 example.com", "docker ps"} {
		assert.False(t, parse(l).Streams(), l)
	}
}

func TestMayServe(t *testing.T) {
	for _, l := range []string{"docker run -p 80:80 nginx", "docker run --rm busybox httpd -f -p 8080",
		"socat tcp4-listen:5566,fork unix-connect:/var/run/docker.sock", "nc -lk 9000", "python3 -m http.server 8000",
		"busybox httpd -f -p 80", "php -S 0.0.0.0:80"} {
		assert.True(t, parse(l).MayServe(), l)
	}
	for _, l := range []string{"docker run -d nginx", "docker logs -f web", "nc -z localhost 80",
		"python3 app.py", "socat - TCP:localhost:80", "curl localhost"} {
		assert.False(t, parse(l).MayServe(), l)
	}
}

func TestBackgroundStartsAndProbes(t *testing.T) {
	for _, l := range []string{"docker run -d -p 8080:80 nginx", "docker container run --detach redis", "docker compose up -d",
		"docker-compose up -d", "docker service create --replicas 3 nginx", "docker stack deploy -c compose.yaml app", "docker start web",
		"docker node update --availability drain node2", "docker swarm leave"} {
		assert.True(t, parse(l).StartsInBackground(), l)
	}
	for _, l := range []string{"docker run --rm alpine true", "docker compose up", "docker service ls", "docker build .",
		"docker node update --label-add rack=r1 node1"} {
		assert.False(t, parse(l).StartsInBackground(), l)
	}
	for _, l := range []string{"curl -fsS localhost:8080", "wget -qO- http://localhost:8080", "docker ps", "docker container ls -a", "docker node ls",
		"docker logs web", "docker service ls", "docker service ps web", "docker compose ps", "docker exec web curl -s localhost",
		"docker stack ps app"} {
		assert.True(t, parse(l).Probes(), l)
	}
	for _, l := range []string{"docker logs -f web", "docker rm -f web", "docker exec web rm -rf /tmp/x", "docker run -d nginx", "grep hello"} {
		assert.False(t, parse(l).Probes(), l)
	}
}

func TestSwarm(t *testing.T) {
	for _, l := range []string{"docker service ls", "docker stack deploy -c compose.yaml app", "docker secret ls",
		"docker node ls", "docker config create c c.txt", "docker swarm join-token worker"} {
		assert.True(t, parse(l).NeedsSwarm(), l)
	}
	for _, l := range []string{"docker swarm init", "docker swarm leave --force", "docker ps", "tail -f x"} {
		assert.False(t, parse(l).NeedsSwarm(), l)
	}
	assert.True(t, parse("docker swarm init --advertise-addr eth0").InitsSwarm())
	assert.True(t, parse("docker swarm join --token T 10.0.0.1:2377").InitsSwarm())
	assert.False(t, parse("docker swarm leave --force").InitsSwarm())
}

func TestHint(t *testing.T) {
	tests := map[string]string{
		"docker run --link db:db app":           "--link is legacy",
		"docker run --net=host app":             "--net is the old spelling of --network",
		"docker run --net host app":             "--net is the old spelling of --network",
		"docker swarm init --detach=false":      "--detach belongs to `docker service create/update",
		"docker manifest push -f multi.yaml":    "manifest-tool's syntax",
		"docker-machine create -d virtualbox a": "docker-machine is retired",
		"docker-compose up -d":                  "`docker compose up -d`",
		"docker run --network host app":         "",
		"docker run app --net":                  "",
	}
	for line, want := range tests {
		got := parse(line).Hint()
		if want == "" {
			assert.Empty(t, got, line)
		} else {
			assert.Contains(t, got, want, line)
		}
	}
}

func TestCheckFindsWhatAnEngineRefuses(t *testing.T) {
	// --tree came with docker 28's CLI; 26 refuses it
	require.Empty(t, parse("docker images --tree").Check("28"))
	p := parse("docker images --tree").Check("26")
	require.Len(t, p, 1)
	assert.Equal(t, "--tree", p[0].Flag)
	assert.Contains(t, p[0].Message, "unknown flag --tree")

	p = parse("docker run --detach-keys=x --bogus busybox").Check("28")
	require.Len(t, p, 1)
	assert.Equal(t, "--bogus", p[0].Flag)

	p = parse("docker network frobnicate x").Check("28")
	require.Len(t, p, 1)
	assert.Equal(t, "docker network frobnicate", p[0].Command)

	// hidden flags still work, and plugins and unknown commands are not judged here
	assert.Empty(t, parse("docker run --net=host busybox").Check("28"))
	assert.Empty(t, parse("docker scout cves --bogus alpine").Check("28"))
	assert.Empty(t, parse("docker compose up --bogus").Check("28"))
	assert.Empty(t, parse("grep --bogus x").Check("28"))
}

func TestGrammarPicksTheNearestEngineBelow(t *testing.T) {
	assert.Equal(t, Docker(engine.Default).Version, Docker("").Version, "no engine, the default's")
	assert.Equal(t, Docker("26").Version, Docker("27.5.1").Version)
	assert.Equal(t, Docker("28").Version, Docker("28.9").Version)
	assert.NotEqual(t, Docker("26").Version, Docker("28").Version)
	assert.Equal(t, Docker("20.10").Version, Docker("19.03").Version, "below the oldest, the oldest")
	newest := engine.Named[len(engine.Named)-1]
	assert.Equal(t, Docker(newest).Version, Docker("docker:29-dind").Version, "what is no release, the newest")
}

func TestEveryEngineHasItsGrammar(t *testing.T) {
	for _, e := range engine.All {
		assert.Equal(t, e.CLI, Docker(e.Name).Version, "grammar/%s.json comes from the docker/cli release engines.txt gives (go generate)", e.Name)
		assert.Nil(t, Plugin(e.Name), "an engine is no plugin")
	}
}

func TestObjects(t *testing.T) {
	tests := []struct {
		line        string
		makes, uses []string
	}{
		{"docker run -d --name web --network app -p 80:80 nginx", []string{"container web"}, []string{"network app", "image nginx"}},
		{"docker run --rm --network host --volumes-from data:ro busybox ls", nil, []string{"container data", "image busybox"}},
		{"docker network create app", []string{"network app"}, nil},
		{"docker network connect app web", nil, []string{"network app", "container web"}},
		{"docker volume create", nil, nil},
		{"docker logs -f web", nil, []string{"container web"}},
		{"docker ps -a --filter name=web --filter status=exited", nil, []string{"container web"}},
		{"docker ps --filter ancestor=app:1", nil, []string{"image app:1"}},
		{"docker volume ls -f name=data", nil, []string{"volume data"}},
		{"docker ps --filter name=$NAME", nil, nil},
		{"docker run -d -v data:/var/lib/data -v $(pwd)/site:/site -v ./conf:/conf --mount source=logs,target=/logs --mount type=bind,source=/tmp,target=/tmp busybox", nil,
			[]string{"volume data", "volume logs", "image busybox"}},
		{"docker inspect web", nil, []string{"container web"}},
		{"docker inspect --type volume data", nil, []string{"volume data"}},
		{"docker rm -f web db", nil, []string{"container web", "container db"}},
		{"docker cp web:/etc/hosts .", nil, []string{"container web"}},
		{"docker node inspect node2", nil, []string{"the swarm", "node node2"}},
		{"docker service create --name api --replicas 2 nginx", []string{"service api"}, []string{"the swarm", "image nginx"}},
		{"docker service scale api=5", nil, []string{"the swarm", "service api"}},
		{"docker stack deploy -c stack.yml shop", []string{"stack shop"}, []string{"the swarm", "file stack.yml"}},
		{"docker swarm init", []string{"the swarm"}, nil},
		{"docker build -t app:1 .", []string{"image app:1"}, []string{"file Dockerfile"}},
		{"docker build -f docker/Dockerfile.dev -t dev ./src", []string{"image dev"}, []string{"file docker/Dockerfile.dev"}},
		{"docker build -t api ./api", []string{"image api"}, []string{"file api/Dockerfile"}},
		{"docker tag app:1 registry.local/app:1", []string{"image registry.local/app:1"}, []string{"image app:1"}},
		{"docker commit web web:snap", []string{"image web:snap"}, []string{"container web"}},
		{"docker compose -f compose.dev.yaml up -d", nil, []string{"file compose.dev.yaml"}},
		{"docker compose up -d", nil, []string{"file compose.yaml"}},
		{"docker secret create token ./token.txt", []string{"secret token"}, []string{"the swarm"}},
		{"mkdir -p app/src", []string{"file app/src"}, nil},
		{"git clone https://example.com/shop.git", []string{"file shop"}, nil},
		{"cd shop", nil, []string{"file shop"}},
		{"cd $HOME", nil, nil},
	}
	str := func(objs []Object) []string {
		var out []string
		for _, o := range objs {
			out = append(out, o.String())
		}
		return out
	}
	for _, tt := range tests {
		makes, uses := parse(tt.line).Objects()
		assert.Equal(t, tt.makes, str(makes), tt.line)
		assert.Equal(t, tt.uses, str(uses), tt.line)
	}
}
