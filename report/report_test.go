package report

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"

	"github.com/joshdk/go-junit"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/verdict/expect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files with what the code renders now")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("../testdata/golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report -update to create it")
	assert.Equal(t, string(want), string(got), "%s differs; if the change is right, run go test ./report -update", path)
}

func notesLabs(t *testing.T, paths ...string) []labs.Lab {
	t.Helper()
	notes, err := labs.ReadNotes(paths)
	require.NoError(t, err)
	return labs.Group(labs.Extract(notes))
}

// TestExtractGolden renders the extraction of every test note, in both
// formats: a change in what labrun finds in them shows up as a diff.
func TestExtractGolden(t *testing.T) {
	files, err := filepath.Glob("../testdata/notes/*")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			all := notesLabs(t, f)
			for i := range all { // positions relative to the repository, as a user would type them
				for j := range all[i].Steps {
					all[i].Steps[j].File = strings.TrimPrefix(all[i].Steps[j].File, "../")
				}
			}
			var text, js bytes.Buffer
			require.NoError(t, ExtractText(&text, all))
			require.NoError(t, ExtractJSON(&js, all))
			golden(t, "extract/"+name+".txt", text.Bytes())
			golden(t, "extract/"+name+".json", js.Bytes())
		})
	}
}

// fakeReport gives the steps of the verdicts note a fixed mix of results,
// so that the reports' rendering is tested without a daemon.
func fakeReport(t *testing.T) result.Report {
	rep := result.Report{Host: result.Host{Server: "20.10.24", API: "1.41"}, Engines: []result.Engine{{Name: "28",
		Versions: engine.Versions{Engine: "28.5.2", CLI: "28.5.2", Compose: "2.40.3", Buildx: "0.29.1", Containerd: "2.1.9", Runc: "1.3.6"},
		Sandbox:  "privileged"}}}
	verdicts := []verdict.Verdict{
		{Status: verdict.Pass, Message: "exit 0"},
		{Status: verdict.Pass, Message: "answered y to the prompt"},
		{Status: verdict.Fail, Reason: verdict.ReasonUnknownFlag, Message: "exit 125: unknown flag --detach",
			Hint: "--detach belongs to `docker service create/update --detach=false`, not to `docker swarm`"},
		{Status: verdict.Pass, Reason: verdict.ReasonLongRunning, Message: "still running without errors after 5s, then stopped"},
		{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable, Message: "image x is not available here"},
		{Status: verdict.Skip, Reason: verdict.Reason(extract.SkipPlaceholder), Message: "<PID> is a placeholder the reader fills in"},
	}
	all := notesLabs(t, "../testdata/notes/verdicts.md")
	rep.Network = result.Network{Mode: "mixed", Offline: []string{all[1].ID}}
	for _, lab := range all {
		for i, st := range lab.Steps {
			st.File = "testdata/notes/verdicts.md"
			rep.Results = append(rep.Results, result.Result{
				Step: st, LabID: lab.ID, Title: lab.Title, Verdict: verdicts[i%len(verdicts)],
				Duration: time.Duration(i*100+12) * time.Millisecond,
			})
		}
	}
	return rep
}

// withOutputDiff makes the report's second result one on a command
// whose output is not the one its note shows: the header of the note's
// table is not docker's.
func withOutputDiff(rep result.Report) result.Report {
	c := expect.Compared("NAME      STATE\ngreeter   Up 2 minutes\n", "NAMES     STATUS\ngreeter   Up 3 seconds\n", expect.Strict)
	rep.Results[1].Verdict = verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonOutput, Compared: &c,
		Message: "the note's output line 1 shows `NAME      STATE`, the run printed `NAMES     STATUS` (column NAME is not in the table)"}
	return rep
}

// withFixes gives the report's failing swarm command a rewrite that
// passed, and the failing Dockerfile the rewrites that did not.
func withFixes(rep result.Report) result.Report {
	rep.Results[2].Fix = &result.Fix{Code: "docker service update --detach=false web", Engine: "28",
		Why: "--detach=false belongs to `docker service update`, not to `docker swarm`"}
	rep.Results[10].Tried = []string{"COPY missing-dir/ ./", "COPY <missing-dir> /srv/"}
	return rep
}

// withDrift makes the report's two-command service snippet a pass whose
// second command printed other names than its note shows, without
// contradicting it.
func withDrift(rep result.Report) result.Report {
	r := &rep.Results[6]
	r.Line, r.Command = 28, "docker service ls --format '{{.Name}}'"
	r.Compared = &expect.Comparison{Mode: expect.Reader, Expected: "web\n", Actual: "web-1\nweb-2\n", Drift: []expect.Drift{
		{Line: 1, Expected: "web", Actual: "web-1", Kind: "value"}, {Line: 0, Actual: "web-2", Kind: "extra"}}}
	return rep
}

func TestReportsGolden(t *testing.T) {
	rep := withFixes(withOutputDiff(fakeReport(t)))
	var text, color, js bytes.Buffer
	require.NoError(t, Text(&text, rep, TextOptions{}))
	require.NoError(t, Text(&color, rep, TextOptions{Color: true}))
	require.NoError(t, JSON(&js, rep))
	assert.Contains(t, js.String(), `"output_check": {`, "an output comparison is in the JSON")
	assert.Contains(t, js.String(), `"fix": {
        "code": "docker service update --detach=false web",
        "engine": "28",`, "a verified rewrite is in the JSON")
	assert.Contains(t, js.String(), `"fixes_tried": [`)
	assert.Contains(t, text.String(), "fix, verified on 28 (labrun fix applies it): docker service update --detach=false web")
	golden(t, "report/verdicts.txt", text.Bytes())
	golden(t, "report/verdicts.json", js.Bytes())
	assert.NotContains(t, text.String(), "\x1b[", "no colour unless asked")
	assert.Contains(t, color.String(), "\x1b[31mfail\x1b[0m")
}

func TestJUnitGolden(t *testing.T) {
	rep := fakeReport(t)
	rep.Results[0].Output = "ok\x1b[31m\x00 red\n" // terminal noise XML cannot hold
	var b bytes.Buffer
	require.NoError(t, JUnit(&b, rep))
	golden(t, "report/verdicts.junit.xml", b.Bytes())

	// read back by an independent JUnit parser, as CI test reporters do
	suites, err := junit.Ingest(b.Bytes())
	require.NoError(t, err)
	require.Len(t, suites, 3)
	assert.Equal(t, "Commands", suites[0].Name)
	assert.Equal(t, 8, suites[0].Totals.Tests)
	assert.Equal(t, 1, suites[0].Totals.Failed)
	assert.Equal(t, 2, suites[0].Totals.Skipped, "skip and blocked are skipped")
	var failure *junit.Test
	for i, tc := range suites[0].Tests {
		if tc.Status == junit.StatusFailed {
			failure = &suites[0].Tests[i]
		}
	}
	require.NotNil(t, failure)
	assert.Equal(t, "14: docker swarm --detach=false", failure.Name)
	assert.Equal(t, "testdata/notes/verdicts.md", failure.Classname)
	assert.Contains(t, failure.Error.Error(), "unknown flag --detach")
	assert.Equal(t, "ok red\n", suites[0].Tests[0].SystemOut)
}

func TestMarkdownGolden(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Markdown(&b, withFixes(fakeReport(t))))
	golden(t, "report/verdicts.md", b.Bytes())
	assert.Contains(t, b.String(), "| ❌ Commands | 5 | 1 | 1 | 1 |")
}

func TestHTMLGolden(t *testing.T) {
	rep := withFixes(withOutputDiff(fakeReport(t)))
	rep.Results[1].Compared.Actual = "NAMES     STATUS\n<script>alert(2)</script>\n"
	rep.Results[1].Output = "<script>alert(1)</script>"
	rep.Results[1].Step.Warnings = []string{"the ```` fence at line 6 is never closed"}
	var b bytes.Buffer
	require.NoError(t, HTML(&b, rep))
	golden(t, "report/verdicts.html", b.Bytes())
	page := b.String()
	assert.Contains(t, page, "<div class=\"warning\">warning: the ```` fence at line 6 is never closed</div>", "a snippet's warnings are on the page")
	assert.NotContains(t, page, "<script>alert", "output is escaped")
	assert.Contains(t, page, "<summary>rewrite that passed on 28:", "a verified rewrite is on the page")
	assert.Contains(t, page, "no rewrite passed; tried: <code>COPY missing-dir/ ./</code>; <code>COPY &lt;missing-dir&gt; /srv/</code>", "escaped")
	assert.Contains(t, page, `<tr class="changed"><td class="left">NAME      STATE</td><td class="mark">|</td><td class="right">NAMES     STATUS</td></tr>`,
		"the output is beside what the note shows")
	for _, external := range []string{"http://", "https://", "src=", "<link"} {
		assert.NotContains(t, page, external, "the page is self-contained")
	}
}

// TestHTMLRendersInChromium renders the report page in headless Chromium
// (Debian's chromium; `make html-check` installs it) and checks that a
// screenshot of it is produced.
func TestHTMLRendersInChromium(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no chromium: make html-check installs it")
	}
	dir := t.TempDir()
	pagePath := filepath.Join(dir, "report.html")
	var b bytes.Buffer
	require.NoError(t, HTML(&b, fakeReport(t)))
	require.NoError(t, os.WriteFile(pagePath, b.Bytes(), 0o644))
	shot := filepath.Join(dir, "report.png")
	if out := os.Getenv("LABRUN_SCREENSHOT"); out != "" {
		shot = out
	}
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--screenshot="+shot, "--window-size=1200,1400", "file://"+pagePath)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	info, err := os.Stat(shot)
	require.NoError(t, err, "no screenshot: %s", out)
	assert.Greater(t, info.Size(), int64(20_000), "a page with bars and text, not a blank one")
}
