package report

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
	"github.com/labrun/labrun/verdict/expect"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGitHubAnnotationsGolden(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, GitHubAnnotations(&b, withFixes(withDrift(withOutputDiff(fakeReport(t)))), nil))
	golden(t, "report/verdicts.github.txt", b.Bytes())
	assert.Contains(t, b.String(), "::error file=testdata/notes/verdicts.md,line=14,title=labrun%3A unknown-flag::exit 125: unknown flag --detach"+
		"%0Ahint: --detach belongs to `docker service create/update --detach=false`, not to `docker swarm`"+
		"%0Afix: docker service update --detach=false web\n")
	assert.Contains(t, b.String(), "::warning file=testdata/notes/verdicts.md,line=28,title=labrun%3A output drifted::")
	assert.Contains(t, b.String(), "::notice file=testdata/notes/verdicts.md,line=21,title=labrun%3A blocked (image-unavailable)::image x is not available here\n")
}

func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, property string }{
		{"plain", "plain", "plain"},
		{"100% sure", "100%25 sure", "100%25 sure"},
		{"one\r\ntwo", "one%0D%0Atwo", "one%0D%0Atwo"},
		{"notes/a:b,c.md", "notes/a:b,c.md", "notes/a%3Ab%2Cc.md"},
		{"%3A", "%253A", "%253A"}, // an escape already there is escaped, not kept
	} {
		assert.Equal(t, tc.data, escapeData(tc.in), "data %q", tc.in)
		assert.Equal(t, tc.property, escapeProperty(tc.in), "property %q", tc.in)
	}

	r := findingAt(3, verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonExitCode, Message: "exit 1: 100% done,\nthen: nothing", Hint: "a, b: c"})
	r.Step.File = "notes/a:b,c.md"
	var b bytes.Buffer
	require.NoError(t, GitHubAnnotations(&b, result.Report{Results: []result.Result{r}}, nil))
	assert.Equal(t, "::error file=notes/a%3Ab%2Cc.md,line=3,title=labrun%3A exit-code::exit 1: 100%25 done,%0Athen: nothing%0Ahint: a, b: c\n", b.String())
}

// findingAt is a result of a one-snippet note n.md at line.
func findingAt(line int, v verdict.Verdict) result.Result {
	st := labs.Step{ID: fmt.Sprintf("n/n/%d", line)}
	st.File, st.Line, st.Kind = "n.md", line, "shell"
	return result.Result{Step: st, LabID: "n", Title: "N", Verdict: v}
}

func TestGitHubAnnotationsCap(t *testing.T) {
	fail := verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonUnknownFlag, Message: "unknown flag"}
	output := verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonOutput, Message: "other output"}
	blocked := verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsHost, Message: "needs the host"}
	drift := verdict.Verdict{Status: verdict.Pass, Message: "exit 0", Compared: &expect.Comparison{Drift: []expect.Drift{{Line: 1, Expected: "a", Actual: "b", Kind: "value"}}}}
	// many makes n results with v from line from on.
	many := func(n, from int, v verdict.Verdict) []result.Result {
		var out []result.Result
		for i := range n {
			out = append(out, findingAt(from+i, v))
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		results []result.Result
		levels  string // the level and line of each annotation
		more    string // the last line, when some were left out
	}{
		{"ten of each are all shown", many(10, 1, fail), "error 1-10", ""},
		{"one more", many(11, 1, fail), "error 1-10", "labrun: 1 more fail is in the report"},
		{"25 fails", many(25, 1, fail), "error 1-10", "labrun: 15 more fails are in the report"},
		{
			"an output other than the note's matters less; levels in order",
			append(append(append(many(3, 1, output), many(12, 4, blocked)...), findingAt(30, drift)), many(9, 40, fail)...),
			"error 40-48, error 1, warning 30, notice 4-13",
			"labrun: 2 more fails and 2 more notices are in the report",
		},
		{
			"every level over",
			append(append(many(12, 1, fail), many(11, 20, drift)...), many(13, 40, blocked)...),
			"error 1-10, warning 20-29, notice 40-49",
			"labrun: 2 more fails, 1 more warning and 3 more notices are in the report",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, GitHubAnnotations(&b, result.Report{Results: tc.results}, nil))
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			last := ""
			if !strings.HasPrefix(lines[len(lines)-1], "::") {
				last, lines = lines[len(lines)-1], lines[:len(lines)-1]
			}
			assert.Equal(t, tc.levels, levelRuns(lines))
			assert.Equal(t, tc.more, last)
		})
	}
}

var commandRE = regexp.MustCompile(`^::(\w+) file=n\.md,line=(\d+),`)

// levelRuns sums up annotation lines as runs of a level on consecutive
// lines: "error 1-10, notice 4".
func levelRuns(lines []string) string {
	var runs []string
	level, first, prev := "", 0, 0
	flush := func() {
		switch {
		case level == "":
		case first == prev:
			runs = append(runs, fmt.Sprintf("%s %d", level, first))
		default:
			runs = append(runs, fmt.Sprintf("%s %d-%d", level, first, prev))
		}
	}
	for _, l := range lines {
		m := commandRE.FindStringSubmatch(l)
		if m == nil {
			return "not a command: " + l
		}
		line, _ := strconv.Atoi(m[2]) // digits, by the pattern
		if m[1] != level || line != prev+1 {
			flush()
			level, first = m[1], line
		}
		prev = line
	}
	flush()
	return strings.Join(runs, ", ")
}

func TestGitHubAnnotationsEngines(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, GitHubAnnotations(&b, matrixReport(), func(p string) string { return "docs/" + p }))
	assert.Equal(t, `::error file=docs/cheat.md,line=3,title=labrun%3A deprecated::on engines 26, 28: docker-compose v1 is retired%0Ahint: `+"`docker compose up -d`"+`
::error file=docs/cheat.md,line=5,title=labrun%3A unknown-command::on engine 20.10: docker has no buildx command
::error file=docs/cheat.md,line=9,title=labrun%3A deprecated::on engine 26: docker-compose v1 is retired%0Ahint: `+"`docker compose up -d`"+`
::error file=docs/cheat.md,line=11,title=labrun%3A unknown-command::on engine 26: docker has no buildx command
::error file=docs/cheat.md,line=13,title=labrun%3A unknown-command::on engine 28: docker has no buildx command
::error file=docs/cheat.md,line=15,title=labrun%3A deprecated::on engines 26, 28: docker-compose v1 is retired%0Ahint: `+"`docker compose up -d`"+`
::error file=docs/cheat.md,line=15,title=labrun%3A usage::on engine 20.10: docker-compose has no command b.yaml
::error file=docs/cheat.md,line=17,title=labrun%3A unknown-command::on engines 20.10, 28: docker has no buildx command
::notice file=docs/cheat.md,line=9,title=labrun%3A blocked (image-unavailable)::on engines 20.10, 28: image x is not available here
`, b.String(), "a finding on several engines once, naming them oldest first")
}

// failingWriter fails its writes after the first n bytes.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

func TestGitHubAnnotationsWriteError(t *testing.T) {
	err := GitHubAnnotations(&failingWriter{n: 100}, matrixReport(), nil)
	assert.EqualError(t, err, "disk full")
}
