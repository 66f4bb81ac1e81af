package fix

import (
	"context"
	"strings"
	"testing"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeRun judges each command by words: one that holds a word of broken
// fails, and with it its step; runs counts the labs it ran.
type fakeRun struct {
	broken []string
	// later fails every step after one that holds this, if not "".
	later string
	runs  int
}

func (f *fakeRun) run(_ context.Context, all []labs.Lab) ([]result.Result, error) {
	var out []result.Result
	for _, lab := range all {
		f.runs++
		spoiled := false
		for _, st := range lab.Steps {
			r := result.Result{Step: st, LabID: lab.ID, Engine: "28", Line: st.Line, Verdict: verdict.Verdict{Status: verdict.Pass}}
			for _, c := range st.Commands {
				if f.fails(c.Text) || spoiled {
					r.Line, r.Verdict = c.Line, verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonExitCode, Message: "broken"}
					break
				}
			}
			if f.later != "" && strings.Contains(st.Code, f.later) {
				spoiled = true
			}
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *fakeRun) fails(cmd string) bool {
	for _, b := range f.broken {
		if strings.Contains(cmd, b) {
			return true
		}
	}
	return false
}

const twoBroken = "# Demo\n\nStart it:\n\n```sh\ndocker-compose -f a.yaml b.yaml up -d\n```\n\nList it:\n\n```sh\necho listing\ndocker ps --fromat '{{.Names}}'\n```\n\n```sh\ndocker volume snapshot\n```\n"

func searchNote(t *testing.T, f *fakeRun, note string) (Outcome, []labs.Note) {
	t.Helper()
	notes := []labs.Note{{Path: "demo.md", Data: []byte(note)}}
	first, err := f.run(context.Background(), group(notes))
	require.NoError(t, err)
	out, err := Search(context.Background(), notes, first, f.run, Options{Jobs: 2})
	require.NoError(t, err)
	return out, notes
}

func TestSearchKeepsWhatPassesInOrder(t *testing.T) {
	f := &fakeRun{broken: []string{"docker-compose", "a.yaml b.yaml", "--fromat", "snapshot"}}
	out, before := searchNote(t, f, twoBroken)
	want := strings.NewReplacer("docker-compose -f a.yaml b.yaml", "docker compose -f a.yaml -f b.yaml", "--fromat", "--format").Replace(twoBroken)
	assert.Equal(t, want, string(out.Notes[0].Data))
	require.Len(t, out.Attempts, 2, "the snapshot step has no candidate")
	assert.Equal(t, "docker compose -f a.yaml -f b.yaml up -d", out.Attempts[0].Fix.Show)
	assert.Equal(t, []string{"28"}, out.Attempts[0].Engines)
	assert.Equal(t, 13, out.Attempts[1].Line, "the command that failed")
	assert.Contains(t, out.Attempts[1].Fix.Why, "--format is one letter or two away")
	assert.Equal(t, 3, f.runs, "the first run, then one per rewrite")
	assert.NotEqual(t, string(before[0].Data), string(out.Notes[0].Data), "the note is rewritten")
}

func TestSearchDropsARewriteThatSpoilsLaterSteps(t *testing.T) {
	f := &fakeRun{broken: []string{"docker-compose", "--fromat"}, later: "docker compose"}
	out, _ := searchNote(t, f, twoBroken)
	assert.Contains(t, string(out.Notes[0].Data), "docker-compose -f a.yaml b.yaml up -d", "the steps after it would fail")
	require.NotEmpty(t, out.Attempts)
	assert.Nil(t, out.Attempts[0].Fix)
	assert.Equal(t, "docker compose -f a.yaml -f b.yaml up -d", out.Attempts[0].Tried[0].Show)
}

func TestSearchStopsAtMaxTries(t *testing.T) {
	note := "# Tidy\n\n```sh\ndocker rmi $(docker images -q)\n```\n"
	for _, tt := range []struct {
		max   int
		tried []string
	}{
		{0, []string{"docker image prune -a -f", "docker images -q | xargs -r docker rmi"}},
		{1, []string{"docker image prune -a -f"}},
	} {
		f := &fakeRun{broken: []string{"rmi"}}
		notes := []labs.Note{{Path: "tidy.md", Data: []byte(note)}}
		first, err := f.run(context.Background(), group(notes))
		require.NoError(t, err)
		var said []string
		out, err := Search(context.Background(), notes, first, f.run, Options{MaxTries: tt.max, Progress: func(s string) { said = append(said, s) }})
		require.NoError(t, err)
		require.Len(t, out.Attempts, 1)
		var tried []string
		for _, c := range out.Attempts[0].Tried {
			tried = append(tried, c.Show)
		}
		assert.Equal(t, tt.tried, tried, "--max-tries %d", tt.max)
		if tt.max > 0 {
			assert.Contains(t, said, "tidy.md:4: no more tries: 1 rewrites of this snippet ran (--max-tries)")
		}
	}
}

func TestSearchWantsTheWholeStepToPass(t *testing.T) {
	// The rewrite mends the step's first failing command, but its
	// second fails still: neither is offered.
	f := &fakeRun{broken: []string{"--fromat", "snapshot"}}
	note := "# Demo\n\n```sh\ndocker ps --fromat '{{.ID}}'\ndocker volume snapshot\n```\n"
	out, _ := searchNote(t, f, note)
	assert.Equal(t, note, string(out.Notes[0].Data))
	require.Len(t, out.Attempts, 1)
	assert.Nil(t, out.Attempts[0].Fix)
	assert.Equal(t, "docker ps --format '{{.ID}}'", out.Attempts[0].Tried[0].Show)
}

func TestKeepsJudgesEachEngine(t *testing.T) {
	step := func(id string, line int) labs.Step {
		st := labs.Step{ID: id}
		st.Line = line
		return st
	}
	res := func(id string, line int, engine string, status verdict.Status) result.Result {
		return result.Result{Step: step(id, line), Engine: engine, Verdict: verdict.Verdict{Status: status}}
	}
	fails := func(id string, line int, engine, msg string) result.Result {
		return result.Result{Step: step(id, line), Engine: engine, Verdict: verdict.Verdict{Status: verdict.Fail, Message: msg}}
	}
	before := []result.Result{
		res("a", 3, "20.10", verdict.Pass), res("a", 3, "28", verdict.Fail),
		res("b", 9, "20.10", verdict.Blocked), res("b", 9, "28", verdict.Pass),
	}
	tests := []struct {
		name  string
		after []result.Result
		keep  bool
	}{
		{"mended on 28, still passing on 20.10", []result.Result{
			res("a", 3, "20.10", verdict.Pass), res("a", 3, "28", verdict.Pass),
			res("b", 9, "20.10", verdict.Blocked), res("b", 9, "28", verdict.Pass)}, true},
		{"mended on 28, broken on 20.10", []result.Result{
			res("a", 3, "20.10", verdict.Fail), res("a", 3, "28", verdict.Pass),
			res("b", 9, "20.10", verdict.Blocked), res("b", 9, "28", verdict.Pass)}, false},
		{"mended, but a later step no longer passes", []result.Result{
			res("a", 3, "20.10", verdict.Pass), res("a", 3, "28", verdict.Pass),
			res("b", 9, "20.10", verdict.Blocked), res("b", 9, "28", verdict.Blocked)}, false},
		{"a later step comes to pass", []result.Result{
			res("a", 3, "20.10", verdict.Pass), res("a", 3, "28", verdict.Pass),
			res("b", 9, "20.10", verdict.Pass), res("b", 9, "28", verdict.Pass)}, true},
		{"a later step, blocked before, fails on its own", []result.Result{
			res("a", 3, "20.10", verdict.Pass), res("a", 3, "28", verdict.Pass),
			fails("b", 9, "20.10", "docker service scale: invalid scale specifier"), res("b", 9, "28", verdict.Pass)}, true},
		{"still failing on 28", []result.Result{
			res("a", 3, "20.10", verdict.Pass), res("a", 3, "28", verdict.Fail),
			res("b", 9, "20.10", verdict.Blocked), res("b", 9, "28", verdict.Pass)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keep, why := keeps(before, tt.after, "a", 3)
			assert.Equal(t, tt.keep, keep, why)
		})
	}
}

func TestIndependentLabsShareNoNote(t *testing.T) {
	notes := []labs.Note{
		{Path: "a.md", Data: []byte("# One\n\n```sh\ndocker-compose up\n```\n\n# Two\n\n```sh\ndocker ps --fromat x\n```\n")},
		{Path: "b.md", Data: []byte("# Three\n\n<!-- labrun: lab=Shared -->\n```sh\ndocker-compose up\n```\n")},
		{Path: "c.md", Data: []byte("# Four\n\n```sh\ndocker-compose up\n```\n\n<!-- labrun: lab=Shared -->\n```sh\ndocker-compose ps\n```\n")},
		{Path: "d.md", Data: []byte("# Five\n\n```sh\ndocker-compose version\n```\n")},
		{Path: "e.md", Data: []byte("# Six\n\n```sh\necho fine\n```\n")},
	}
	f := &fakeRun{broken: []string{"docker-compose", "--fromat"}}
	all := group(notes)
	res, err := f.run(context.Background(), all)
	require.NoError(t, err)
	var ids []string
	for _, lab := range all {
		ids = append(ids, lab.ID)
	}
	require.Equal(t, []string{"one", "two", "shared", "four", "five", "six"}, ids)
	assert.ElementsMatch(t, [][]string{{"one", "two"}, {"shared", "four"}, {"five"}}, independent(all, res),
		"the lab Shared spans b.md and c.md, so c.md's other lab is searched with it; e.md has nothing failing")
}

func TestSearchFollowsStepsIntoAJoinedLab(t *testing.T) {
	// Mending the image's name makes the second talk use what the first
	// made: the two become one lab, and the second talk's step a new ID.
	note := "# One\n\n```sh\ndocker build -t Workshop/App .\n```\n\n# Two\n\n```sh\ndocker run --rm workshop/app\ndocker ps --fromat x\n```\n"
	f := &fakeRun{broken: []string{"Workshop", "--fromat"}}
	before := group([]labs.Note{{Path: "demo.md", Data: []byte(note)}})
	require.Len(t, before, 2)
	out, _ := searchNote(t, f, note)
	after := group(out.Notes)
	require.Len(t, after, 1, "one lab once the name is mended")
	require.Len(t, out.Attempts, 2)
	assert.Equal(t, before[0].Steps[0].ID, out.Attempts[0].Origin)
	assert.Equal(t, before[1].Steps[0].ID, out.Attempts[1].Origin, "the attempt names the step as the report before it does")
	assert.NotEqual(t, out.Attempts[1].Origin, out.Attempts[1].Step.ID)
	require.NotEmpty(t, out.Results)
	last := out.Results[len(out.Results)-1]
	assert.Equal(t, before[1].Steps[0].ID, out.Origin(last))
}
