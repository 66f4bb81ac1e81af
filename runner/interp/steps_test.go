package interp

import (
	"testing"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"

	"github.com/stretchr/testify/assert"
)

// buildOutputs are what `docker build` printed when step 2 of a Dockerfile
// at note line 10 (`RUN exit 3`, its Dockerfile line 3) failed.
var buildOutputs = map[string]string{
	"classic builder (20.10)": "Step 1/3 : FROM busybox:1.36\n ---> b7014a1f74e0\nStep 2/3 : COPY a /a\n ---> 1\nStep 3/3 : RUN exit 3\n ---> Running in 0a1b\nThe command '/bin/sh -c exit 3' returned a non-zero code: 3\n",
	"BuildKit (28)": `#5 [2/3] RUN exit 3
#5 ERROR: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3
------
 > [2/3] RUN exit 3:
------
Dockerfile:3
--------------------
   1 |     FROM busybox:1.36
   3 | >>> RUN exit 3
--------------------
ERROR: failed to build: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3
`,
}

func TestBuildFailureNamesTheStepAndItsLine(t *testing.T) {
	st := labs.Step{Snippet: extract.Snippet{File: "n.md", Line: 10, Code: "FROM busybox:1.36\nCOPY a /a\nRUN exit 3"}}
	// Each builder counts steps its own way; both name the note's line of
	// the failing RUN, and the builder's own words for its exit code.
	want := map[string]string{
		"classic builder (20.10)": "n.md:12: step 3 (RUN exit 3) failed: The command '/bin/sh -c exit 3' returned a non-zero code: 3",
		"BuildKit (28)":           `n.md:12: step 2 (RUN exit 3) failed: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3`,
	}
	for builder, out := range buildOutputs {
		t.Run(builder, func(t *testing.T) {
			msg, missing := buildFailure(st, out, "fallback")
			assert.Equal(t, want[builder], msg)
			assert.False(t, missing)
		})
	}
	msg, _ := buildFailure(st, "no steps at all\n", "fallback")
	assert.Equal(t, "fallback", msg)

	// BuildKit, on a COPY source that is not there
	msg, missing := buildFailure(st, " > [2/3] COPY a /a:\n------\nDockerfile:2\n--------------------\n"+
		`ERROR: failed to build: failed to solve: failed to compute cache key: failed to calculate checksum of ref 205e::xwl2: "/a": not found`+"\n", "fallback")
	assert.Equal(t, "n.md:11: step 2 (COPY a /a) failed: /a is not there to copy", msg)
	assert.True(t, missing)

	// BuildKit, on an error before any step: the line of its excerpt
	msg, _ = buildFailure(st, "Dockerfile.noarg:2\n--------------------\n"+
		`ERROR: failed to build: failed to solve: failed to parse stage name "busybox:": invalid reference format`+"\n", "fallback")
	assert.Equal(t, `n.md:11: failed to parse stage name "busybox:": invalid reference format`, msg)
}

func TestBuiltLaterFindsTheCommandThatBuildsTheDockerfile(t *testing.T) {
	step := func(kind extract.Kind, file string, runnable bool, cmds ...string) labs.Step {
		st := labs.Step{Snippet: extract.Snippet{Kind: kind, Runnable: runnable, Annotations: extract.Annotations{File: file}}}
		for i, c := range cmds {
			st.Commands = append(st.Commands, extract.NewCommand(100+i, c))
		}
		return st
	}
	tests := []struct {
		name    string
		steps   []labs.Step // the first is the Dockerfile being judged
		line    int
		between bool
	}{
		{"the next step builds it", []labs.Step{
			step(extract.Dockerfile, "", true), step(extract.Shell, "", true, "docker build --secret id=t,src=t.txt -t a ."),
		}, 100, false},
		{"a file is written before the build", []labs.Step{
			step(extract.Dockerfile, "", true), step(extract.Text, "app.txt", false), step(extract.Shell, "", true, "docker build -t a ."),
		}, 100, true},
		{"another Dockerfile replaces it first", []labs.Step{
			step(extract.Dockerfile, "", true), step(extract.Dockerfile, "", true), step(extract.Shell, "", true, "docker build ."),
		}, 0, false},
		{"a build of another file", []labs.Step{
			step(extract.Dockerfile, "", true), step(extract.Shell, "", true, "docker build -f Dockerfile.dev ."),
		}, 0, false},
		{"-f names it", []labs.Step{
			step(extract.Dockerfile, "Dockerfile.dev", true), step(extract.Shell, "", true, "ls", "docker buildx build -f Dockerfile.dev ."),
		}, 101, true}, // ls, before it in its block, might have made files
		{"its own block makes a file first", []labs.Step{
			step(extract.Dockerfile, "", true), step(extract.Shell, "", true, "echo hi > app.txt", "docker build -t a ."),
		}, 101, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &labRun{lab: labs.Lab{Steps: tt.steps}}
			name := tt.steps[0].Annotations.File
			if name == "" {
				name = "Dockerfile"
			}
			line, between := l.builtLater(name)
			assert.Equal(t, tt.line, line)
			assert.Equal(t, tt.between, between)
		})
	}
}
