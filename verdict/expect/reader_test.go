package expect

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Drift: what differs is the machine or the year, not what the note set
// up. Each passes in Reader mode, with its drift, and fails in Strict.
func TestReaderDrift(t *testing.T) {
	own := WordsOf("docker run -d --name web -p 8080:80 nginx:1.27", "mkdir app && touch app/app.py app/Dockerfile app/requirements.txt",
		"docker build -t todo-app .", "docker volume create todo-db")
	tests := []struct {
		name, want, got, kind string
	}{
		{"a trimmed header",
			"CONTAINER ID   IMAGE        COMMAND                  CREATED         STATUS         NAMES\n3f4c2a1b9d8e   nginx:1.27   \"/docker-entrypoint.…\"   2 minutes ago   Up 2 minutes   web\n",
			"CONTAINER ID   IMAGE        COMMAND                  CREATED         STATUS         PORTS                  NAMES\n9a8b7c6d5e4f   nginx:1.27   \"/docker-entrypoint.…\"   3 seconds ago   Up 2 seconds   0.0.0.0:8080->80/tcp   web\n",
			DriftColumns},
		{"an old column name",
			"REPOSITORY   TAG      IMAGE ID       CREATED          VIRTUAL SIZE\ntodo-app     latest   1a2b3c4d5e6f   10 seconds ago   188.3 MB\n",
			"REPOSITORY   TAG       IMAGE ID       CREATED         SIZE\ntodo-app     latest    6f5e4d3c2b1a   2 seconds ago   212MB\n",
			DriftColumns},
		{"a terminal's columns", "app.py  Dockerfile  requirements.txt\n", "Dockerfile\napp.py\nrequirements.txt\n", DriftLayout},
		{"an author's JSON of 2015",
			`{"Client":{"Version":"1.8.0","ApiVersion":"1.20","GoVersion":"go1.4.2","Os":"linux"}}` + "\n",
			`{"Client":{"Platform":{"Name":""},"Version":"28.5.2","ApiVersion":"1.51","GoVersion":"go1.24.4","Os":"linux","Arch":"amd64"}}` + "\n",
			DriftValue},
		{"the year's release", "Docker version 1.13.1, build 092cba3\n", "Docker version 28.5.2, build 28.5.2-1\n", DriftValue},
		{"a warning no longer printed", "WARNING: No swap limit support\n", "ok\n", DriftValue},
		{"a listing the author cut short", "DRIVER    VOLUME NAME\nlocal     todo-db\n", "DRIVER    VOLUME NAME\nlocal     3c9f2e1a\nlocal     todo-db\n", DriftExtra},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Read(tt.want, tt.got, Reader, own)
			assert.Nil(t, c.Difference)
			require.NotEmpty(t, c.Drift)
			var kinds []string
			for _, d := range c.Drift {
				kinds = append(kinds, d.Kind)
			}
			assert.Contains(t, kinds, tt.kind)
			assert.NotNil(t, Read(tt.want, tt.got, Strict, own).Difference, "strict: drift fails")
		})
	}
}

// Contradictions: the step did not do what the note says. Each fails in
// Reader mode, named by the note's line.
func TestReaderContradictions(t *testing.T) {
	own := WordsOf(`echo "Hello from labrun" > greeting.txt`, "docker run -d --name web nginx:1.27",
		"docker service create --name api --replicas 3 busybox:1.36 sleep 1d")
	tests := []struct {
		name, want, got string
		line            int
		why             string
	}{
		{"text the note wrote", "Hello from labrun\n", "Hello from docker\n", 1, `"labrun"`},
		{"a state", "NAMES   STATUS\nweb     Up 2 minutes\n", "NAMES   STATUS\nweb     Exited (1) 2 seconds ago\n", 2, `"Up"`},
		{"a count the note asked for", "ID             NAME   MODE         REPLICAS   IMAGE\nk3j2h1g0f9e8   api    replicated   3/3        busybox:1.36\n",
			"ID             NAME   MODE         REPLICAS   IMAGE\nx9y8z7w6v5u4   api    replicated   1/3        busybox:1.36\n", 2, `"3/3"`},
		{"a name the note gave", "web\n", "nginx-1\n", 1, `"web"`},
		{"a value the command computed", "41\n", "42\n", 1, "another line"},
		{"a line it never echoes", "one\ntwo\nthree\n", "one\ntwo\n", 3, "the lines around it"},
		{"an error where the run succeeded", "Error response from daemon: Conflict. The container name \"/web\" is already in use\n",
			"4f3e2d1c0b9a\n", 1, `"Error"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Read(tt.want, tt.got, Reader, own)
			require.NotNil(t, c.Difference)
			assert.Equal(t, tt.line, c.Difference.Line)
			assert.Contains(t, c.Difference.Why, tt.why)
			assert.Nil(t, c.Drift)
		})
	}
}

func TestMoreElisions(t *testing.T) {
	for _, l := range []string{"<Snip>", "<snip>", "[...]", "…", "...", "# ...", "(output trimmed)", "# … output trimmed …",
		"[output omitted]", "(...)", "[snipped]", "... output truncated ..."} {
		assert.True(t, elisionRE.MatchString(l), l)
	}
	for _, l := range []string{"done...", "Loading ...", "output", "# configure the output"} {
		assert.False(t, elisionRE.MatchString(l), l)
	}
}

func TestAFenceIsNoOutput(t *testing.T) {
	assert.Nil(t, Compare("notes-data\n```\n", "notes-data\n", Strict), "the note's stray fence")
	assert.NotNil(t, Compare("notes-data\n", "notes-data\n```\n", Strict), "a fence the run printed is output")
	assert.Nil(t, Read("```\n", "notes-data\n", Reader, nil).Drift, "a note that shows only a fence shows no output")
}
