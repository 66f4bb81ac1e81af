package verdict

import (
	"github.com/labrun/labrun/verdict/expect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/labrun/labrun/extract"
)

// judgeCases are outputs captured from docker CLI 20.10 (the sandbox's),
// docker CLI 28, docker-compose 1.29 and dash on these machines.
var judgeCases = []struct {
	name   string
	o      Outcome
	status Status
	reason Reason
	want   string // part of the message
}{
	{"exit 0", Outcome{Command: "docker system df"}, Pass, "", "exit 0"},
	{"answered prompt", Outcome{Command: "docker system prune", Answered: true,
		Output: "WARNING! This will remove:\nAre you sure you want to continue? [y/N] Total reclaimed space: 0B\n"}, Pass, "", "answered y"},
	{"long-running", Outcome{Command: "docker stats", StillRunning: true, Settle: "5s", Output: "CONTAINER ID   NAME\n"}, Pass, ReasonLongRunning, "streaming without errors for 5s"},
	{"a server listening", Outcome{Command: "docker run -p 8080:80 nginx", StillRunning: true, Settle: "5s",
		Listening: []int{80, 8080}, ReadyAfter: 1234 * time.Millisecond}, Pass, ReasonLongRunning, "listening on 80, 8080 after 1.2s, then stopped"},
	{"running until stopped, as the note says", Outcome{Command: "./serve.sh", StillRunning: true, Settle: "5s", UntilStopped: true},
		Pass, ReasonLongRunning, "as the note says it runs until stopped"},
	{"timeout waiting on apt's server", Outcome{Command: "docker run --rm debian:bookworm-slim sh -c 'apt-get update'", TimedOut: true, ExitCode: 137,
		Output: "\r0% [Working]\r0% [Connecting to deb.debian.org]"}, Blocked, ReasonNeedsNetwork, "still waiting on the network at the time limit: "},
	{"timeout waiting on wget's name", Outcome{Command: "wget http://files.example/x", TimedOut: true, Offline: true, ExitCode: 137,
		Output: "Resolving files.example (files.example)... "}, Blocked, ReasonNeedsNetwork, "and this run is offline"},
	{"long-running but pulling", Outcome{Command: "docker run -p 80:80 x/y", StillRunning: true,
		Output: "Unable to find image 'x/y:latest' locally\n"}, Blocked, ReasonImageUnavailable, "still pulling x/y:latest"},
	{"timeout", Outcome{Command: "docker build .", TimedOut: true, ExitCode: 137, Output: "Step 1/2 : FROM busybox\n"}, Fail, ReasonTimeout, "Step 1/2"},
	{"unknown flag (20.10)", Outcome{Command: "docker swarm --detach=false", ExitCode: 125,
		Output: "unknown flag: --detach\nSee 'docker swarm --help'.\n\nUsage:  docker swarm COMMAND\n"}, Fail, ReasonUnknownFlag, "unknown flag --detach"},
	{"unknown shorthand", Outcome{Command: "docker manifest push -f multi.yaml", ExitCode: 125,
		Output: "unknown shorthand flag: 'f' in -f\nSee 'docker manifest push --help'.\n"}, Fail, ReasonUnknownFlag, "unknown flag -f"},
	{"arity (20.10)", Outcome{Command: "docker plugin install", ExitCode: 1,
		Output: "\"docker plugin install\" requires at least 1 argument.\nSee 'docker plugin install --help'.\n"}, Fail, ReasonUsage, "requires at least 1 argument"},
	{"arity (28)", Outcome{Command: "docker run", ExitCode: 1,
		Output: "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n"}, Fail, ReasonUsage, "requires at least 1 argument"},
	{"unknown command (20.10)", Outcome{Command: "docker frob", ExitCode: 1,
		Output: "docker: 'frob' is not a docker command.\nSee 'docker --help'\n"}, Fail, ReasonUnknownCommand, "no frob command"},
	{"unknown command (28)", Outcome{Command: "docker volume snapshot", ExitCode: 1,
		Output: "docker: unknown command: docker volume snapshot\n\nUsage:  docker volume COMMAND\n"}, Fail, ReasonUnknownCommand, "docker volume snapshot is not"},
	{"unknown subcommand: only usage (20.10)", Outcome{Command: "docker volume clone", ExitCode: 1,
		Output: "\nUsage:  docker volume COMMAND\n\nManage volumes\n"}, Fail, ReasonUnknownCommand, "docker volume has no such command"},
	{"flag after the image (28)", Outcome{Command: "docker run --rm busybox:1.36 --name probe echo hi", ExitCode: 127,
		Output: "docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"--name\": executable file not found in $PATH: unknown\n"},
		Fail, ReasonUsage, "--name after the image busybox:1.36 is the container's command"},
	{"flag after the container", Outcome{Command: "docker exec web --user root id", ExitCode: 126,
		Output: "OCI runtime exec failed: exec failed: unable to start container process: exec: \"--user\": executable file not found in $PATH: unknown\n"},
		Fail, ReasonUsage, "--user after the container web"},
	{"a program the image lacks", Outcome{Command: "docker run --rm busybox:1.36 bash", ExitCode: 127,
		Output: "docker: Error response from daemon: failed to create task for container: exec: \"bash\": executable file not found in $PATH: unknown\n"},
		Blocked, ReasonToolMissing, ""},
	{"compose v1 extra file", Outcome{Command: "docker-compose -f a.yaml b.yaml up", ExitCode: 1,
		Output: "No such command: b.yaml\n\nCommands:\n  build\n"}, Fail, ReasonUsage, "no command b.yaml"},
	{"tool missing (dash)", Outcome{Command: "perf record", ExitCode: 127, Output: "sh: 1: perf: not found\n"}, Blocked, ReasonToolMissing, "perf is not installed"},
	{"docker-machine retired", Outcome{Command: "docker-machine -d pwd", ExitCode: 127, Output: "sh: 1: docker-machine: not found\n"}, Fail, ReasonDeprecated, "retired"},
	{"compose plugin missing (20.10)", Outcome{Command: "docker compose up -d --wait", ExitCode: 125,
		Output: "unknown shorthand flag: 'd' in -d\nSee 'docker --help'.\n\nUsage:  docker [OPTIONS] COMMAND\n"}, Fail, ReasonUnknownCommand, "docker has no compose command on this engine"},
	{"compose plugin missing, after cd (20.10)", Outcome{Command: "cd app && docker compose up -d", ExitCode: 125,
		Output: "unknown shorthand flag: 'd' in -d\nSee 'docker --help'.\n\nUsage:  docker [OPTIONS] COMMAND\n"}, Fail, ReasonUnknownCommand, "docker has no compose command on this engine"},
	{"unknown global flag", Outcome{Command: "docker -x ps", ExitCode: 125,
		Output: "unknown shorthand flag: 'x' in -x\nSee 'docker --help'.\n\nUsage:  docker [OPTIONS] COMMAND\n"}, Fail, ReasonUnknownFlag, "unknown flag -x"},
	{"compose v1 rejects a v2 key", Outcome{Command: "docker-compose up -d", ExitCode: 1,
		Output: "ERROR: The Compose file './compose.yaml' is invalid because:\n'name' does not match any of the regexes: '^x-'\n"}, Fail, ReasonSyntax, "v1 rejects the compose file: 'name' does not match"},
	{"classic builder and a heredoc (20.10)", Outcome{Command: "docker build -t a .", ExitCode: 1,
		Output: "Error response from daemon: dockerfile parse error line 4: unknown instruction: MKDIR\n"}, Fail, ReasonSyntax, "line 4: unknown instruction: MKDIR"},
	{"docker-compose retired (26 and later)", Outcome{Command: "docker-compose up -d", ExitCode: 127, Output: "sh: 1: docker-compose: not found\n"}, Fail, ReasonDeprecated, "docker-compose v1 is retired"},
	{"needs network (build)", Outcome{Command: "docker pull nginx", ExitCode: 1,
		Output: "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 127.0.0.11:53: read udp 127.0.0.1:57743->127.0.0.11:53: i/o timeout\n"}, Blocked, ReasonNeedsNetwork, "network"},
	{"needs network (host)", Outcome{Command: "docker push a/b", ExitCode: 1,
		Output: "dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host\n"}, Blocked, ReasonNeedsNetwork, "network"},
	{"apt offline", Outcome{Command: "docker build -t banner .", ExitCode: 1, Offline: true,
		Output: "#5 0.31 Err:1 http://deb.debian.org/debian bookworm InRelease\n#5 0.31   Temporary failure resolving 'deb.debian.org'\n#5 0.40 E: Unable to locate package figlet\nERROR: failed to build: failed to solve: process \"/bin/sh -c apt-get update\" did not complete successfully: exit code: 100\n"},
		Blocked, ReasonNeedsNetwork, "this run is offline: Temporary failure resolving 'deb.debian.org'"},
	{"npm offline", Outcome{Command: "npm install", ExitCode: 1, Offline: true, Output: "npm error code EAI_AGAIN\nnpm error request to https://registry.npmjs.org/express failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org\n"},
		Blocked, ReasonNeedsNetwork, "getaddrinfo EAI_AGAIN registry.npmjs.org"},
	{"curl online", Outcome{Command: "curl -fsS http://example.com", ExitCode: 6, Output: "curl: (6) Could not resolve host: example.com\n"},
		Blocked, ReasonNeedsNetwork, "exit 6: could not reach the network from this machine: Could not resolve host: example.com"},
	{"curl offline", Outcome{Command: "curl -fsS http://example.com", ExitCode: 6, Output: "curl: (6) Could not resolve host: example.com\n", Offline: true},
		Blocked, ReasonNeedsNetwork, "exit 6: needs the network, and this run is offline: Could not resolve host"},
	{"image missing here", Outcome{Command: "docker run --rm httpd:2.4", ExitCode: 125, Output: "Unable to find image 'httpd:2.4' locally\n",
		MissingImages: map[string]string{"httpd:2.4": "the host could not pull httpd:2.4"}}, Blocked, ReasonImageUnavailable, "httpd:2.4"},
	{"host path", Outcome{Command: "cat /proc/self/okernel", ExitCode: 1, Output: "cat: /proc/self/okernel: No such file or directory\n"}, Blocked, ReasonNeedsHost, "/proc/self/okernel"},
	{"missing file", Outcome{Command: "cat notes.txt", ExitCode: 1, Output: "cat: notes.txt: No such file or directory\n"}, Fail, ReasonMissingFile, "notes.txt"},
	{"no compose file", Outcome{Command: "docker compose up -d", ExitCode: 1, Output: "no configuration file provided: not found\n"}, Fail, ReasonMissingFile, "no compose file"},
	{"a quoted missing file", Outcome{Command: "chown -R 1000 app manage.py", ExitCode: 1, Output: "chown: cannot access 'manage.py': No such file or directory\n"}, Fail, ReasonMissingFile, "manage.py"},
	{"shown output, as printed", Outcome{Command: "docker ps --format '{{.Names}}'", Output: "web\n", Expected: "web", ExpectedMode: expect.Strict}, Pass, "", "printed what the note shows"},
	{"shown output, an ID of another run", Outcome{Command: "docker run -d busybox sleep 9", Output: "9e1665ab5e4c0fd0ad01f87868284d61a80fb7169299520d2ea41b620fc0deb3\n", Expected: "3f4c2a1b9d8e", ExpectedMode: expect.Strict}, Pass, "", "printed what the note shows"},
	{"shown output differs", Outcome{Command: "docker ps --format '{{.Names}}'", Output: "web\n", Expected: "api", ExpectedMode: expect.Strict}, Fail, ReasonOutput, "the note's output line 1 shows `api`, the run printed `web`"},
	{"shown output not printed", Outcome{Command: "echo a", Output: "a\n", Expected: "a\nb", ExpectedMode: expect.Strict}, Fail, ReasonOutput, "line 2 `b` is not printed"},
	{"a list in another order", Outcome{Command: "docker service ps web --format '{{.Node}}'", Output: "node2\nnode3\nnode1\n", Expected: "node1\nnode2\nnode3", ExpectedMode: expect.Strict}, Pass, "", "printed what the note shows"},
	{"lines in another order", Outcome{Command: "sh -c 'echo b; echo a'", Output: "b\na\n", Expected: "a\nb", ExpectedMode: expect.Strict}, Fail, ReasonOutput, "line 1 shows `a`"},
	{"shown output with the reader's answer", Outcome{Command: "docker volume prune", Answered: true,
		Output:   "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] Total reclaimed space: 0B\n",
		Expected: "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] y\nTotal reclaimed space: 0B\n# nothing was left to remove", ExpectedMode: expect.Strict},
		Pass, "", "printed what the note shows"},
	{"shown output ignored", Outcome{Command: "echo a", Output: "a\n", Expected: "b", ExpectedMode: expect.Ignore}, Pass, "", "exit 0"},
	{"cd to no directory", Outcome{Command: "cd hello-dokcer", ExitCode: 2, Output: "sh: 1: cd: can't cd to hello-dokcer\n"}, Fail, ReasonMissingFile, "no directory hello-dokcer to cd to"},
	{"missing redirect source", Outcome{Command: "openssl x509 < example.pem", ExitCode: 2, Output: "sh: 1: cannot open example.pem: No such file\n"}, Fail, ReasonMissingFile, "example.pem"},
	{"shell syntax", Outcome{Command: "echo `x", ExitCode: 2, Output: "sh: 1: Syntax error: EOF in backquote substitution\n"}, Fail, ReasonSyntax, "EOF in backquote"},
	{"not a swarm manager", Outcome{Command: "docker service ls", ExitCode: 1,
		Output: "Error response from daemon: This node is not a swarm manager. Use \"docker swarm init\"\n"}, Fail, ReasonExitCode, "not a swarm manager"},
	{"never built", Outcome{Command: "docker push a/b", ExitCode: 1, Output: "An image does not exist locally with the tag: a/b\n"}, Fail, ReasonExitCode, "never built"},
	{"grep found nothing", Outcome{Command: "tail x.log | grep plugin=", ExitCode: 1}, Pass, "no-match", "nothing"},
	{"grep -x asserts a line", Outcome{Command: "hostname | grep -x container", ExitCode: 1}, Fail, ReasonExitCode, "exit 1"},
	{"grep -q asserts a line", Outcome{Command: "docker ps | grep -q web", ExitCode: 1}, Fail, ReasonExitCode, "exit 1"},
	{"grep failing is not hidden", Outcome{Command: "grep x missing.txt", ExitCode: 2, Output: "grep: missing.txt: No such file or directory\n"}, Fail, ReasonMissingFile, "missing.txt"},
	{"other exit", Outcome{Command: "false", ExitCode: 1}, Fail, ReasonExitCode, "exit 1: no output"},
	{"other exit quotes the last line", Outcome{Command: "sh x.sh", ExitCode: 3, Output: "step one\nboom: it broke\n"}, Fail, ReasonExitCode, "exit 3: boom: it broke"},
	{"expected failure", Outcome{Command: "docker run --no-such busybox", ExitCode: 125, ExpectFail: true,
		Output: "unknown flag: --no-such\n"}, Pass, "expected-failure", "unknown flag --no-such"},
	{"expected failure that passes", Outcome{Command: "true", ExpectFail: true}, Fail, ReasonExitCode, "expects a failure"},
	{"not run", Outcome{Command: "docker run a/b", Blocked: &Verdict{Status: Blocked, Reason: ReasonImageUnavailable, Message: "was to be built"}}, Blocked, ReasonImageUnavailable, "was to be built"},
	{"flag without its value (28)", Outcome{Command: "docker run --name", ExitCode: 125,
		Output: "flag needs an argument: --name\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n"}, Fail, ReasonUsage, "flag --name needs an argument"},
	{"no daemon", Outcome{Command: "docker ps", ExitCode: 1,
		Output: "Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?\n"}, Blocked, ReasonError, "daemon did not answer"},
	// as the daemon words it (no registry answers here to capture it from)
	{"image that no registry has", Outcome{Command: "docker run nosuch/app", ExitCode: 125,
		Output: "Unable to find image 'nosuch/app:latest' locally\ndocker: Error response from daemon: pull access denied for nosuch/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied.\n"},
		Blocked, ReasonImageUnavailable, "image nosuch/app cannot be pulled here"},
	{"compose v1 and a version it does not know", Outcome{Command: "docker-compose config", ExitCode: 1,
		Output: "Version \"9\" in \"./docker-compose.yml\" is invalid.\n"}, Fail, ReasonSyntax, `Version "9"`},
	{"ansi is stripped", Outcome{Command: "x", ExitCode: 1, Output: "\x1b[31mfatal: red\x1b[0m\n"}, Fail, ReasonExitCode, "exit 1: fatal: red"},
}

func TestJudge(t *testing.T) {
	for _, tt := range judgeCases {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.Lines = extract.ParseLines(tt.o.Command) // as extract reads every command
			v := Judge(tt.o)
			assert.Equal(t, tt.status, v.Status, v.Message)
			assert.Equal(t, tt.reason, v.Reason, v.Message)
			assert.Contains(t, v.Message, tt.want)
			assert.NotContains(t, v.Message, "\n")
		})
	}
}

// TestEveryRuleHasACase: each rule decides at least one captured output,
// so that none is dead or shadowed by a rule before it.
func TestEveryRuleHasACase(t *testing.T) {
	decided := map[int]bool{}
	for _, tt := range judgeCases {
		out := ansiRE.ReplaceAllString(tt.o.Output, "")
		for i, r := range rules {
			if r.re.MatchString(out) {
				decided[i] = true
				break
			}
		}
	}
	for i, r := range rules {
		assert.True(t, decided[i], "no case is decided by rule %d: %s", i, r.re)
	}
}

func TestABlockedCommandTheCLIWouldRefuseFails(t *testing.T) {
	blocked := Verdict{Status: Blocked, Reason: ReasonImageUnavailable, Message: "image x is not available here"}
	judge := func(command, grammar string) Verdict {
		return Judge(Outcome{Command: command, Lines: extract.ParseLines(command), Grammar: grammar, Blocked: &blocked})
	}
	// docker 26's CLI has no --tree: the note fails there whatever the image
	v := judge("docker images --tree && docker run x", "26")
	assert.Equal(t, Fail, v.Status)
	assert.Equal(t, ReasonUnknownFlag, v.Reason)
	assert.Contains(t, v.Message, "unknown flag --tree")
	assert.Contains(t, v.Message, "image x is not available here")
	v = judge("docker network frobnicate x", "28")
	assert.Equal(t, ReasonUnknownCommand, v.Reason, v.Message)

	assert.Equal(t, blocked, judge("docker images --tree && docker run x", "28"), "28 has --tree")
	assert.Equal(t, blocked, judge("docker images --tree", ""), "an engine with no grammar judges nothing")
	assert.Equal(t, blocked, judge("docker compose up --bogus", "28"), "plugins are judged by running them")
}

func TestHintFor(t *testing.T) {
	tests := []struct{ command, want string }{
		{"docker-compose up -d", "`docker compose up -d`"},
		{"docker-compose -f docker-compose.yaml docker-compose.debug.yaml up", "`docker compose -f docker-compose.yaml -f docker-compose.debug.yaml up`"},
		{"docker-compose -f a.yml -f b.yml up", "`docker compose -f a.yml -f b.yml up`"},
		{"docker-machine create -d virtualbox dev", "docker context create"},
		{"docker swarm --detach=false", "docker service create/update --detach=false"},
		{"docker swarm --placement-pref-add=rack", "--placement-pref-add spread=node.labels.rack"},
		{"docker manifest push -f multi.yaml", "docker manifest create"},
		{"docker run --link db:db web", "user-defined network"},
		{"docker run --net=host busybox", "--network"},
		{"docker ps", ""},
		{"docker service create --detach=false nginx", ""},
		{"docker manifest push list", ""},
	}
	for _, tt := range tests {
		t.Run(tt.command, func(t *testing.T) {
			got := Hint(extract.ParseLines(tt.command))
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.Contains(t, got, tt.want)
		})
	}
	assert.Contains(t, Hint(extract.ParseLines("docker-compose -f a.yaml b.yaml up")), "every compose file needs its own -f")
	assert.NotContains(t, Hint(extract.ParseLines("docker-compose -f a.yml -f b.yml up")), "its own -f")
}

// TestPipelineJudgedStageByStage: the shell's exit code is a pipeline's
// last command's; a Docker command before it that failed printed its
// error for the reader to see, and decides. One stopped by SIGPIPE (the
// command after it read what it wanted) did not fail.
func TestPipelineJudgedStageByStage(t *testing.T) {
	tests := []struct {
		name    string
		o       Outcome
		status  Status
		reason  Reason
		message string
	}{
		{"docker save of no image, gzipped (28)", Outcome{Command: "docker save my_image:my_tag | gzip > my_image.tar.gz",
			Output: "Error response from daemon: No such image: my_image:my_tag\n", Piped: []PipedExit{{0, 1}}},
			Fail, ReasonExitCode, "docker save, piped into the next command: exit 1: Error response from daemon: No such image: my_image:my_tag"},
		{"docker export of no container, gzipped (20.10)", Outcome{Command: "docker export my_container | gzip > c.tar.gz",
			Output: "Error response from daemon: No such container: my_container\n", Piped: []PipedExit{{0, 1}}},
			Fail, ReasonExitCode, "docker export, piped into the next command: exit 1: "},
		{"an image that could not be had", Outcome{Command: "docker run --rm httpd:2.4 cat conf/httpd.conf | wc -l",
			Output: "Unable to find image 'httpd:2.4' locally\ndocker: Error response from daemon: pull access denied for httpd\n0\n",
			Piped:  []PipedExit{{0, 125}}, MissingImages: map[string]string{"httpd:2.4": "the host could not pull httpd:2.4"}},
			Blocked, ReasonImageUnavailable, "docker run, piped into the next command: image httpd:2.4 is not available here"},
		{"compose v2 with an unknown flag, into head", Outcome{Command: "docker compose config --bogus | head -n 3",
			Output: "unknown flag: --bogus\n", Piped: []PipedExit{{0, 1}}},
			Fail, ReasonUnknownFlag, "docker compose config, piped into the next command: exit 1: unknown flag --bogus"},
		{"cut short by head: SIGPIPE", Outcome{Command: "docker images | head -n 1",
			Output: "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n", Piped: []PipedExit{{0, 141}}}, Pass, "", "exit 0"},
		{"the pipeline's own failure decides first", Outcome{Command: "docker ps -a | grep -q web", ExitCode: 1,
			Piped: []PipedExit{{0, 0}}}, Fail, ReasonExitCode, "exit 1"},
		{"grep found nothing, docker listed", Outcome{Command: "docker ps | grep foo", ExitCode: 1, Piped: []PipedExit{{0, 0}}},
			Pass, ReasonNoMatch, "grep found nothing"},
		{"grep found nothing, docker failed", Outcome{Command: "docker ps --filter bogus=1 | grep foo", ExitCode: 1,
			Output: "Error response from daemon: invalid filter 'bogus'\n", Piped: []PipedExit{{0, 1}}},
			Fail, ReasonExitCode, "exit 1: Error response from daemon: invalid filter 'bogus'"},
		{"every stage passed", Outcome{Command: "docker ps -q | wc -l", Output: "0\n", Piped: []PipedExit{{0, 0}}}, Pass, "", "exit 0"},
		{"the failed stage is the second", Outcome{Command: "docker ps | docker inspect nosuch | wc -l", Output: "Error: No such object: nosuch\n0\n",
			Piped: []PipedExit{{0, 0}, {1, 1}}}, Fail, ReasonExitCode, "docker inspect, piped into the next command: exit 1: Error: No such object: nosuch"},
		{"the note expects it to fail", Outcome{Command: "docker save nosuch | gzip > x.tgz", ExpectFail: true,
			Output: "Error response from daemon: No such image: nosuch\n", Piped: []PipedExit{{0, 1}}},
			Pass, ReasonExpectedFailure, "failed as the note expects: docker save, piped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.Lines = extract.ParseLines(tt.o.Command)
			v := Judge(tt.o)
			assert.Equal(t, tt.status, v.Status, v.Message)
			assert.Equal(t, tt.reason, v.Reason, v.Message)
			assert.Contains(t, v.Message, tt.message)
		})
	}
}
