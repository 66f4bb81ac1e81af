package interp

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/labrun/labrun/check"
	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
	"github.com/labrun/labrun/verdict/expect"
)

// A file the note never makes, nor one like it, is the reader's own.
func TestTheReadersFiles(t *testing.T) {
	l := &labRun{lab: labs.Lab{NoteFiles: []string{"hello-docker", "app/main.go", "compose.yaml", "conf/nginx.conf", "settings.json"}}}
	for name, readers := range map[string]bool{
		"package.json":      true,  // from the workshop's download
		"Dockerfile":        true,  // from an earlier part
		"/lab/backend":      true,  // the sample's folder
		"/etc/ssl/my.pem":   true,  // the reader's machine
		"hello-dokcer":      false, // a typo of what the note made
		"app":               false, // the directory the note made a file in
		"app/main.go":       false, // made, and missing when needed: the note's order
		"nginx.conf":        false, // made in another directory
		"/lab/compose.yaml": false,
		".":                 false,
		"conf/ngnix.conf":   false, // a letter or two off
		"settings.yaml":     false, // made with another extension
	} {
		assert.Equal(t, readers, l.theReaders(name), name)
	}
	l.lab.NoteWrites = true
	assert.False(t, l.theReaders("worker.conf"), "a note whose commands write its files brings them itself")
}

func TestMissingFileReadsTheError(t *testing.T) {
	for out, want := range map[string]string{
		"ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory": "Dockerfile",
		"no configuration file provided: not found":            "compose.yaml",
		`unable to prepare context: path "/lab/app" not found`: "/lab/app",
		"sh: 1: cd: can't cd to hello-dokcer":                  "hello-dokcer",
		"cat: notes.txt: No such file or directory":            "notes.txt",
		"exit 1: it broke":                                     "",
	} {
		assert.Equal(t, want, missingFile(out), out)
	}
}

// A build that cannot copy a file of its context blames the reader only
// for a file of the context, not for a path of another stage.
func TestReadersBlocksOnlyTheReadersFiles(t *testing.T) {
	df, _, _ := check.ParseDockerfile("FROM busybox:1.36 AS build\nFROM busybox:1.36\nCOPY package.json ./\nCOPY --from=build /no/such/file /hello")
	l := &labRun{lab: labs.Lab{NoteFiles: []string{"app.py"}}, dockerfiles: map[string]check.Dockerfile{"Dockerfile": df}}
	failed := func(out string) result.Result {
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonMissingFile, Message: "build failed"}, Output: out}
	}
	v := l.readers(failed(`failed to calculate checksum of ref abc::x: "/package.json": not found`))
	assert.Equal(t, verdict.Blocked, v.Status)
	assert.Equal(t, verdict.ReasonNeedsFile, v.Reason)
	assert.Contains(t, v.Message, "needs package.json, which the note never makes")

	v = l.readers(failed(`failed to calculate checksum of ref abc::x: "/no/such/file": not found`))
	assert.Equal(t, verdict.Fail, v.Status, "a path of another stage is the Dockerfile's mistake")

	v = l.readers(failed("cat: app.pyy: No such file or directory"))
	assert.Equal(t, verdict.Fail, v.Status, "a typo of a file the note makes is the note's")
}

// An image that no step builds or pulls is the reader's; one the note
// builds, or a letter or two off it, is the note's to answer for.
func TestReadersImage(t *testing.T) {
	built := labs.Step{Images: labs.Images{Makes: []string{"getting-started:v2"}, Uses: []string{"busybox:1.36"}}}
	l := &labRun{lab: labs.Lab{Steps: []labs.Step{built}}}
	noSuch := func(ref string) result.Result {
		return result.Result{Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonExitCode, Message: "exit 1"},
			Output: "Error response from daemon: No such image: " + ref + "\n"}
	}
	v := l.readers(noSuch("todo-app:latest"))
	assert.Equal(t, verdict.Blocked, v.Status)
	assert.Equal(t, verdict.ReasonImageUnavailable, v.Reason)
	assert.Contains(t, v.Message, "todo-app:latest, which the note never builds or pulls")
	assert.Equal(t, verdict.Fail, l.readers(noSuch("getting-started:v2")).Status, "the note built it: its absence is the note's")
	assert.Equal(t, verdict.Fail, l.readers(noSuch("getting-startd:v2")).Status, "a typo of the note's image")
}

// A request that cannot connect after a start that could not run here is
// blocked; after a start that failed, it is the note's.
func TestUnstartedServer(t *testing.T) {
	curl := labs.Step{Snippet: extract.Snippet{Commands: []extract.Command{extract.NewCommand(9, "curl localhost:8000")}}}
	refused := result.Result{Step: curl, Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonExitCode, Message: "exit 7"},
		Output: "curl: (7) Failed to connect to localhost port 8000: Could not connect to server\n"}
	up := labs.Step{Snippet: extract.Snippet{Commands: []extract.Command{extract.NewCommand(5, "docker compose up -d")}}}
	l := &labRun{}
	l.noteUnstarted(up, result.Result{Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable}})
	v := l.readers(refused)
	assert.Equal(t, verdict.Blocked, v.Status)
	assert.Contains(t, v.Message, "line 5 was to start")

	ps := result.Result{Step: labs.Step{Snippet: extract.Snippet{Commands: []extract.Command{extract.NewCommand(11, "docker compose ps")}}},
		Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonOutput, Message: "the note's output line 2 shows `web …`"}}
	assert.Equal(t, verdict.Blocked, l.readers(ps).Status, "a listing of what could not start")

	l.noteUnstarted(up, result.Result{Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonExitCode}})
	assert.Equal(t, verdict.Fail, l.readers(ps).Status, "the note's own start failed")
	assert.Equal(t, verdict.Fail, l.readers(refused).Status, "the note's own start failed")
}

// sudo, which a reader's machine has and the sandbox does not, runs the
// command as the sandbox's root.
func TestSudoStandsIn(t *testing.T) {
	l := &labRun{}
	e := l.execOf(labs.Step{}, extract.NewCommand(1, "sudo -E docker compose ps"), Workdir)
	assert.Equal(t, sudoShim+"sudo -E docker compose ps", e.Cmd[2])
	e = l.execOf(labs.Step{}, extract.NewCommand(1, "docker ps"), Workdir)
	assert.Equal(t, "docker ps", e.Cmd[2])
}

// What a blocked pull was to fetch, and what a blocked step was to tag,
// is missing for the lab's fault: a tag of it, its removal and a listing
// that should show it are blocked (depends); a row of an image that a
// step fetched is the note's to answer for.
func TestBlockedMakersBlame(t *testing.T) {
	step := func(line int, text string) labs.Step {
		return labs.NewStep("x", extract.Snippet{Kind: extract.Shell, Line: line, Commands: []extract.Command{extract.NewCommand(line, text)}})
	}
	l := &labRun{makers: map[dockercli.Object]maker{}}
	pull := step(3, "docker pull alpine:3.6")
	l.record(pull.Effects, result.Result{Step: pull, Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable}})
	run := step(4, "docker run --rm busybox:1.36 true")
	l.record(run.Effects, result.Result{Step: run, Verdict: verdict.Verdict{Status: verdict.Pass}})

	tag := step(5, "docker tag alpine:3.6 localhost:5000/alpine:3.6")
	failed := result.Result{Step: tag, Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonExitCode, Message: "exit 1"},
		Output: "Error response from daemon: No such image: alpine:3.6\n"}
	v := l.depends(tag.Effects, failed)
	assert.Equal(t, verdict.Blocked, v.Status)
	assert.Contains(t, v.Message, "line 3 was to make")

	listing := func(want string) result.Result {
		c := expect.Compared(want, `{"repositories":[]}`, expect.Strict)
		return result.Result{Step: step(9, "curl -s localhost:5000/v2/_catalog"),
			Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonOutput, Message: "the note's output line 1 …", Compared: &c}}
	}
	v = l.readers(listing(`{"repositories":["alpine"]}`))
	assert.Equal(t, verdict.Blocked, v.Status)
	assert.Contains(t, v.Message, "line 3 was to make")
	assert.Equal(t, verdict.Fail, l.readers(listing(`{"repositories":["busybox"]}`)).Status, "busybox was fetched")
	assert.Equal(t, verdict.Fail, l.readers(listing(`{"repositories":["alpine-tools"]}`)).Status, "another name")
}

// A container a blocked step was to start is missing for the lab's
// fault wherever the failure names it: `docker inspect app` (no kind),
// a `curl -s` that exits 7 in silence, a list in $(…) that came back
// empty.
func TestUnstartedContainerBlame(t *testing.T) {
	step := func(line int, text string) labs.Step {
		return labs.NewStep("x", extract.Snippet{Kind: extract.Shell, Line: line, Commands: []extract.Command{extract.NewCommand(line, text)}})
	}
	failed := func(st labs.Step, code int, out string) result.Result {
		return result.Result{Step: st, Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonExitCode,
			Message: fmt.Sprintf("exit %d: %s", code, verdict.LastLine(out))}, Output: out}
	}
	l := &labRun{makers: map[dockercli.Object]maker{}}
	build := step(3, "docker build -t myapp .")
	l.record(build.Effects, result.Result{Step: build, Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsFile}})
	start := step(5, "docker run -d --name app -p 8080:80 myapp")
	blocked := result.Result{Step: start, Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable}}
	l.noteUnstarted(start, blocked)
	l.record(start.Effects, blocked)

	inspect := step(7, "docker inspect app")
	v := l.depends(inspect.Effects, failed(inspect, 1, "Error: No such object: app\n"))
	assert.Equal(t, verdict.ReasonDepends, v.Reason)
	assert.Contains(t, v.Message, "container app, which line 5 was to make")
	assert.Equal(t, verdict.Fail, l.depends(inspect.Effects, failed(inspect, 1, "Error: No such object: ap\n")).Status, "a name nothing was to make")

	curl := step(9, "curl -s localhost:8080")
	v = l.readers(failed(curl, 7, ""))
	assert.Equal(t, verdict.ReasonDepends, v.Reason)
	assert.Contains(t, v.Message, "line 5 was to start")

	stop := step(11, "docker stop $(docker ps -q --filter ancestor=myapp)")
	v = l.depends(stop.Effects, failed(stop, 1, "docker: 'docker stop' requires at least 1 argument\n"))
	assert.Equal(t, verdict.ReasonDepends, v.Reason)
	assert.Contains(t, v.Message, "image myapp, which line 3 was to make")
	other := step(13, "docker stop $(docker ps -q --filter ancestor=redis)")
	assert.Equal(t, verdict.Fail, l.depends(other.Effects, failed(other, 1, "docker: 'docker stop' requires at least 1 argument\n")).Status,
		"a list of what the lab never was to make")
}

// A listing of an image by name without its row is the reader's image
// when no step of the lab runs, pulls or builds it; the note's when one
// does.
func TestListingOfTheReadersImage(t *testing.T) {
	ls := labs.NewStep("x", extract.Snippet{Kind: extract.Shell, Line: 5, Commands: []extract.Command{extract.NewCommand(5, "docker images busybox:1.36")}})
	c := expect.Read("REPOSITORY   TAG\nbusybox      1.36\n", "REPOSITORY   TAG\n", expect.Reader, expect.WordsOf(ls.Code))
	failed := result.Result{Step: ls, Verdict: verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonOutput, Message: "the note's output line 2 …", Compared: &c}}
	l := &labRun{lab: labs.Lab{Steps: []labs.Step{ls}}}
	v := l.readers(failed)
	assert.Equal(t, verdict.ReasonImageUnavailable, v.Reason)
	assert.Contains(t, v.Message, "busybox:1.36, which the note never builds or pulls")

	run := labs.NewStep("y", extract.Snippet{Kind: extract.Shell, Line: 3, Commands: []extract.Command{extract.NewCommand(3, "docker run --rm busybox:1.36 true")}})
	l.lab.Steps = []labs.Step{run, ls}
	assert.Equal(t, verdict.Fail, l.readers(failed).Status, "the note ran it: its absence is the note's")
}

// `docker rm -f cache` of a container a blocked step was to start acted
// on nothing, whether the CLI says so (28: "No such container: cache")
// or prints nothing at all (29); a removal that printed the name did
// remove it, and a container no step was to make may be removed at will.
func TestForcedRemovalOfUnstarted(t *testing.T) {
	step := func(line int, text string) labs.Step {
		return labs.NewStep("x", extract.Snippet{Kind: extract.Shell, Line: line, Commands: []extract.Command{extract.NewCommand(line, text)}})
	}
	passed := func(st labs.Step, out string) result.Result {
		return result.Result{Step: st, Verdict: verdict.Verdict{Status: verdict.Pass, Message: "exit 0"}, Output: out}
	}
	l := &labRun{makers: map[dockercli.Object]maker{}}
	start := step(3, "docker run -d --name cache redis:7-alpine")
	l.record(start.Effects, result.Result{Step: start, Verdict: verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable}})

	rm := step(5, "docker rm -f cache")
	for engine, out := range map[string]string{"28": "Error response from daemon: No such container: cache\n", "29": ""} {
		v := l.depends(rm.Effects, passed(rm, out))
		assert.Equal(t, verdict.ReasonDepends, v.Reason, engine)
		assert.Contains(t, v.Message, "acted on nothing: container cache, which line 3 was to make", engine)
	}
	assert.Equal(t, verdict.Pass, l.depends(rm.Effects, passed(rm, "cache\n")).Status, "it was there")
	other := step(7, "docker rm -f scratch")
	assert.Equal(t, verdict.Pass, l.depends(other.Effects, passed(other, "")).Status, "no step was to make it")
}
