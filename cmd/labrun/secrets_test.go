package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/secret"
	"github.com/labrun/labrun/verdict"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fill sets every plain string reachable from v (fields, slices it
// grows to one element, pointers it allocates) to s: a field added to a
// result later is filled too, and must then be masked wherever a report
// shows it.
func fill(v reflect.Value, s string, depth int) {
	if depth > 8 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.Type() == reflect.TypeOf("") && v.CanSet() {
			v.SetString(s)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), s, depth+1)
			}
		}
	case reflect.Slice:
		if v.CanSet() && v.Len() == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		}
		for i := range v.Len() {
			fill(v.Index(i), s, depth+1)
		}
	case reflect.Pointer:
		if v.IsNil() && v.CanSet() && v.Type().Elem().Kind() == reflect.Struct {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if !v.IsNil() {
			fill(v.Elem(), s, depth+1)
		}
	}
}

func TestEveryReportMasksEveryTextItShows(t *testing.T) {
	const value = "s3cret-Value_42"
	var s secret.Set
	s.Add(value)
	for _, status := range []verdict.Status{verdict.Fail, verdict.Pass, verdict.Blocked, verdict.Skip} {
		var r result.Result
		fill(reflect.ValueOf(&r).Elem(), "before "+value+" after", 0)
		r.Status, r.Reason, r.Step.Line, r.Line = status, verdict.ReasonExitCode, 3, 4
		r.Step.Commands[0].Lines = nil // the parsed words, which no report shows
		rep := result.Report{Results: []result.Result{r}, Engines: []result.Engine{{Name: "29"}}}
		rep.Host.Server = value
		shown := rep.Masked(s.Mask)
		for name, write := range writers(nil) {
			var buf bytes.Buffer
			require.NoError(t, write(&buf, shown), name)
			assert.NotContains(t, buf.String(), "s3cret", "%s report of a %s", name, status)
		}
		var buf bytes.Buffer
		require.NoError(t, writeOutputs(s.Writer(&buf), []output{{write: writers(nil)["json"]}}, shown))
		assert.Contains(t, buf.String(), "before *** after")
		assert.Contains(t, rep.Results[0].Message, value, "the report masked is a copy")
	}
}

func TestEnvDigestHoldsNoValue(t *testing.T) {
	d := envDigest([]string{"TOKEN=s3cret-Value_42"})
	assert.NotContains(t, d, "s3cret")
	assert.NotEqual(t, d, envDigest([]string{"TOKEN=another-value"}), "other values are another run")
	assert.Empty(t, envDigest(nil))
}

// With nothing changed since the ref, no lab runs and no daemon is
// needed: every snippet is reported not run.
func TestChangedWithNothingChangedRunsNothing(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	gitIn := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@localhost", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@localhost")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
	}
	gitIn("init", "-q")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "n.md"), []byte("# Volumes\n\n```sh\ndocker volume create data\n```\n"), 0o644))
	gitIn("add", "-A")
	gitIn("commit", "-q", "-m", "a note")
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock") // connecting would fail
	t.Setenv("GITHUB_ACTIONS", "")
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"verify", "--changed", "HEAD", filepath.Join(dir, "n.md")}, &stdout, &stderr)
	require.NoError(t, err, stderr.String())
	assert.Contains(t, stderr.String(), "0 of 1 labs changed since HEAD")
	assert.Regexp(t, `n.md:4 +skip +shell +unchanged +not run: its note and the files it uses did not change since HEAD`, stdout.String())

	// a change in the work tree, not committed, is a change
	require.NoError(t, os.WriteFile(filepath.Join(dir, "n.md"), []byte("# Volumes\n\n```sh\ndocker volume create data2\n```\n"), 0o644))
	err = run(context.Background(), []string{"verify", "--changed", "HEAD", filepath.Join(dir, "n.md")}, &stdout, &stderr)
	assert.Equal(t, exitEnvironment, exitCode(context.Background(), err, &stderr), "the changed lab needs the daemon")

	err = run(context.Background(), []string{"verify", "--changed", "HEAD"}, &stdout, &stderr)
	assert.Equal(t, exitUsage, exitCode(context.Background(), err, &stderr))
	assert.True(t, strings.Contains(stderr.String(), "embedded labs are in no Git repository"), stderr.String())
}
