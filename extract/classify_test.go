package extract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		code   string
		lang   string
		form   Form
		kind   Kind
		reason SkipReason // "" means runnable
	}{
		// shell
		{"docker system df", "", Inline, Shell, ""},
		{"docker swarm --detach=false", "", Inline, Shell, ""},
		{"docker volume snapshot", "", Inline, Shell, ""},
		{"docker-compose -f a.yaml b.yaml up", "", Inline, Shell, ""},
		{"PWD_URL=x docker-machine create -d pwd", "", Inline, Shell, ""},
		{"curl -s --unix-socket /var/run/docker.sock http://x/containers/json", "", Fenced, Shell, ""},
		{"echo 'unterminated", "sh", Fenced, Shell, ""},
		{"socat -v tcp4-listen:1 unix-connect:/x`\ndocker ps", "", Fenced, Shell, ""},
		{"docker run -it --rm busybox:1.36 echo hi", "", Fenced, Shell, ""},
		// incomplete inline mentions
		{"docker stack", "", Inline, Shell, SkipFragment},
		{"docker cp", "", Inline, Shell, SkipFragment},
		{"docker stack deploy", "", Inline, Shell, SkipFragment},
		{"docker plugin install", "", Inline, Shell, SkipFragment},
		{"socat", "", Inline, Shell, SkipFragment},
		{"docker cp", "", Fenced, Shell, ""},
		{"docker run --rm", "", Inline, Shell, SkipFragment},    // what the flag does
		{"docker start -a", "", Inline, Shell, SkipFragment},    // no container
		{"docker load", "", Inline, Shell, SkipFragment},        // nothing to load
		{"docker load < app.tar", "", Inline, Shell, ""},        // its input
		{"docker load -i app.tar", "", Inline, Shell, ""},       // its input
		{"docker run --rm busybox:1.36", "", Inline, Shell, ""}, // whole
		{"docker run --rm", "", Fenced, Shell, ""},              // a block is run as written
		// placeholders
		{"nsenter -t <PID> -u hostname", "", Inline, Shell, SkipPlaceholder},
		{"docker diff <image>", "", Inline, Shell, SkipPlaceholder},
		{"docker tag app $$dockerhub_username$$/app", "bash", Fenced, Shell, SkipPlaceholder}, // a workshop page fills it in
		{"chown $( id -u ) <file>", "", Inline, Shell, SkipPlaceholder},
		{"make configure -t (unix|ukvm)", "", Inline, Shell, SkipPlaceholder},
		{"docker run [OPTIONS] IMAGE [COMMAND]", "", Fenced, Shell, SkipPlaceholder},
		{"docker login -p xxx", "", Fenced, Shell, SkipPlaceholder},
		{"cp file /path/to/dir", "", Fenced, Shell, SkipPlaceholder},
		{"docker run busybox ...", "", Fenced, Shell, SkipPlaceholder},
		{"cat <<EOF >x\nhi\nEOF", "sh", Fenced, Shell, ""},
		{"sort < names.txt", "", Fenced, Shell, ""},
		{"echo '<h1>It works</h1>' > index.html", "sh", Fenced, Shell, ""},
		{"docker rmi $(docker images | grep '^<none>' | awk '{print $3}')", "sh", Fenced, Shell, ""},
		{"echo '<h1>Hello <name></h1>' > index.html", "sh", Fenced, Shell, SkipPlaceholder},
		// unsafe
		{":(){ :|: & };:", "", Inline, Shell, SkipUnsafe},
		{"bomb() { bomb | bomb & }; bomb", "sh", Fenced, Shell, SkipUnsafe},
		{"rm -rf /", "", Fenced, Shell, SkipUnsafe},
		{"sudo rm -rf --no-preserve-root /", "", Fenced, Shell, SkipUnsafe},
		{"dd if=/dev/zero of=/dev/sda", "", Fenced, Shell, SkipUnsafe},
		{"rm -rf /tmp/build", "", Fenced, Shell, ""},
		// interactive
		{"top", "", Fenced, Shell, SkipInteractive},
		{"docker run -it busybox sh", "", Fenced, Shell, SkipInteractive},
		{"docker run -it ubuntu", "", Fenced, Shell, SkipInteractive},
		{"docker exec -ti web bash", "", Fenced, Shell, SkipInteractive},
		{"sqlite3 -bail test.db", "", Inline, Shell, SkipInteractive},
		{"sqlite3 test.db 'select 1'", "", Inline, Shell, ""},
		{"docker attach web", "", Fenced, Shell, SkipInteractive},
		{"docker login registry.example.com", "", Fenced, Shell, SkipInteractive},
		{"docker login -u me --password-stdin registry.example.com", "", Fenced, Shell, ""},
		// dockerfiles
		{"FROM busybox\nRUN echo hi", "", Fenced, Dockerfile, ""},
		{"COPY package.json\nRUN npm install\nCOPY . .", "", Fenced, Dockerfile, ""},
		{"FROM golang AS build\nRUN go build \\\n  -o /app .\n# final\nFROM scratch\nCOPY --from=build /app /app", "", Fenced, Dockerfile, ""},
		{"USER", "", Inline, Dockerfile, SkipFragment},
		{"FROM scratch", "", Inline, Dockerfile, SkipFragment},
		{"ONBUILD ADD", "", Inline, Dockerfile, SkipFragment},
		{"FROM busybox", "dockerfile", Fenced, Dockerfile, SkipFragment},
		{"FROM x\nRUN <<EOF\necho a\nEOF\nCMD x", "", Fenced, Dockerfile, ""},
		// compose and config
		{"services:\n  web:\n    image: busybox", "", Fenced, Compose, ""},
		{"services:\n  web:\n    image: busybox", "yaml", Fenced, Compose, ""},
		{"web:\n  image: busybox\n  ports: ['80:80']", "yml", Fenced, Compose, ""},
		{"docker run -dp 80:80 `\n  busybox:1.36", "powershell", Fenced, Shell, SkipAnnotated}, // the Windows twin of a block
		{"docker ps", "cmd", Fenced, Shell, SkipAnnotated},
		{"services:", "yaml", Fenced, Compose, SkipFragment},           // the first block of a file built up
		{"services:\nvolumes:", "yaml", Fenced, Compose, SkipFragment}, // its keys hold nothing yet
		{"driver: ossfs", "", Inline, Config, SkipFragment},
		{"resolver: 127.0.0.11", "", Inline, Config, SkipFragment},
		{"deploy:\n  replicas: 2", "yaml", Fenced, Config, SkipFragment},
		{"proxy_pass http://web:8000", "", Inline, Config, SkipFragment},
		{"server {\n  listen 80;\n}", "", Fenced, Config, SkipFragment},
		{"[Service]\nExecStart=/usr/bin/dockerd", "", Fenced, Config, SkipFragment},
		{"placement.preferences.spread", "", Inline, Config, SkipFragment},
		{".dockerignore npm-debug.log", "", Inline, Config, SkipFragment},
		{`{"debug": true}`, "json", Fenced, Config, SkipFragment},
		// go
		{"package main\n\nfunc main() {}", "", Fenced, Go, ""},
		{"func run() {\n  cmd.Run()\n}", "", Fenced, Go, ""},
		{"fmt.Println(1)", "go", Fenced, Go, ""},
		// output and prose
		{"CONTAINER ID   IMAGE   COMMAND", "", Fenced, Output, SkipOutput},
		{"Step 1/3 : FROM busybox\nSuccessfully built 0123456789ab", "", Fenced, Output, SkipOutput},
		{"hello", "text", Fenced, Output, SkipOutput},
		{"<statement of observation>\n\n<question>", "", Fenced, Text, SkipProse},
		{"libnetwork", "", Inline, Text, SkipProse},
		{"docker-compose.debug.yaml", "", Inline, Text, SkipProse},
		{"/proc/*/ns/*", "", Inline, Text, SkipProse},
		{"", "", Inline, Text, SkipProse},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c := Classify(tt.code, tt.lang, tt.form)
			assert.Equal(t, tt.kind, c.Kind, "kind")
			assert.Equal(t, tt.reason, c.Reason, "reason (message: %s)", c.Message)
			assert.Equal(t, tt.reason == "", c.Runnable, "runnable")
			if tt.reason != "" {
				assert.NotEmpty(t, c.Message, "a skipped snippet says why")
			}
		})
	}
}

func TestSplitCommands(t *testing.T) {
	tests := []struct {
		code string
		want []Command
	}{
		{"docker ps\n\n# list them\ndocker images", []Command{{Line: 10, Text: "docker ps"}, {Line: 13, Text: "docker images"}}},
		{"docker run \\\n  --rm busybox \\\n  echo hi\ndocker ps", []Command{{Line: 10, Text: "docker run \\\n  --rm busybox \\\n  echo hi"}, {Line: 13, Text: "docker ps"}}},
		{"cat <<EOF > a.txt\nhello\nEOF\nls", []Command{{Line: 10, Text: "cat <<EOF > a.txt\nhello\nEOF"}, {Line: 13, Text: "ls"}}},
		{"for i in 1 2; do\n  echo $i\ndone", []Command{{Line: 10, Text: "for i in 1 2; do\n  echo $i\ndone"}}},
		{"a && b; c\nd;", []Command{{Line: 10, Text: "a && b; c"}, {Line: 11, Text: "d"}}},
		{"echo 'open\ndocker ps", []Command{{Line: 10, Text: "echo 'open"}, {Line: 11, Text: "docker ps"}}},
		{"socat x`\ndocker -H localhost:1 run", []Command{{Line: 10, Text: "socat x`"}, {Line: 11, Text: "docker -H localhost:1 run"}}},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got := SplitCommands(tt.code, 10)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestWords(t *testing.T) {
	ws, _ := words(&shellCode{code: `docker run -e "A=b c" x | grep "$HOME"`})
	assert.Equal(t, [][]string{{"docker", "run", "-e", "A=b c", "x"}, {"grep", "$HOME"}}, ws)
	ws, _ = words(&shellCode{code: "echo 'open"})
	assert.Equal(t, [][]string{{"echo", "'open"}}, ws)
}

// TestPiped: the commands of a command line that pipe their output into
// another are known with their bytes in the text, redirections included,
// and whether their errors still reach the reader.
func TestPiped(t *testing.T) {
	tests := []struct {
		text string
		want []string // each stage's text, "!" ahead when its errors are not shown
	}{
		{"docker save my_image:my_tag | gzip > my_image.tar.gz", []string{"docker save my_image:my_tag"}},
		{"docker ps -a | grep web | wc -l", []string{"docker ps -a", "grep web"}},
		{"docker logs app 2>&1 | grep error", []string{"!docker logs app 2>&1"}},
		{"docker inspect x 2>/dev/null | grep -q y || echo no", []string{"!docker inspect x 2>/dev/null"}},
		{"docker images |& grep x", []string{"!docker images"}},
		{"cd app && docker compose config | head -n 3", []string{"docker compose config"}},
		{"docker rm -f $(docker ps -aq | head -n 1)", []string{"docker ps -aq"}},
		{"docker run -i busybox:1.36 sh <<EOF | tr a-z A-Z\necho hi\nEOF", []string{"docker run -i busybox:1.36 sh <<EOF"}}, // its body follows the line
		{"(docker ps; docker images) | less", nil},                                                                          // a subshell, no simple command
		{"docker ps && docker images", nil},
		{"docker ps", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			c := NewCommand(1, tt.text)
			var got []string
			for _, s := range c.Piped {
				text := c.Text[s.Start:s.End]
				if !s.Shown {
					text = "!" + text
				}
				assert.Equal(t, c.Lines[s.Line].Words[0], strings.Fields(strings.TrimPrefix(text, "!"))[0], "its line")
				got = append(got, text)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
