package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"

	"github.com/joshdk/go-junit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labrun/labrun/labs"
)

// matrixRow makes a snippet's results on three engines.
func matrixRow(line int, code string, on map[string]verdict.Verdict) []result.Result {
	var out []result.Result
	for _, e := range []string{"28", "20.10", "26"} { // not in version order: the report sorts them
		st := labs.Step{ID: "m/" + code}
		st.File, st.Line, st.Code, st.Kind = "cheat.md", line, code, "shell"
		out = append(out, result.Result{Step: st, LabID: "m", Title: "Matrix", Engine: e, Verdict: on[e]})
	}
	return out
}

var (
	pass     = verdict.Verdict{Status: verdict.Pass, Message: "exit 0"}
	retired  = verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonDeprecated, Message: "docker-compose v1 is retired", Hint: "`docker compose up -d`"}
	unknown  = verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonUnknownCommand, Message: "docker has no buildx command"}
	usage    = verdict.Verdict{Status: verdict.Fail, Reason: verdict.ReasonUsage, Message: "docker-compose has no command b.yaml"}
	noImage  = verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonImageUnavailable, Message: "image x is not available here"}
	engines3 = []result.Engine{
		{Name: "28", Versions: engine.Versions{Engine: "28.5.2"}, Sandbox: "unprivileged"},
		{Name: "20.10", Versions: engine.Versions{Engine: "20.10.24"}, Sandbox: "unprivileged"},
		{Name: "26", Versions: engine.Versions{Engine: "26.1.5"}, Sandbox: "unprivileged"},
	}
)

func matrixReport() result.Report {
	rep := result.Report{Host: result.Host{Server: "20.10.24", API: "1.41"}, Engines: engines3}
	for _, rs := range [][]result.Result{
		matrixRow(3, "docker-compose up -d", map[string]verdict.Verdict{"20.10": pass, "26": retired, "28": retired}),
		matrixRow(5, "docker buildx ls", map[string]verdict.Verdict{"20.10": unknown, "26": pass, "28": pass}),
		matrixRow(7, "docker ps", map[string]verdict.Verdict{"20.10": pass, "26": pass, "28": pass}),
		matrixRow(9, "docker run x", map[string]verdict.Verdict{"20.10": noImage, "26": retired, "28": noImage}),
		matrixRow(11, "docker y", map[string]verdict.Verdict{"20.10": pass, "26": unknown, "28": pass}),
		matrixRow(13, "docker z", map[string]verdict.Verdict{"20.10": pass, "26": pass, "28": unknown}),
		matrixRow(15, "docker-compose -f a.yaml b.yaml up", map[string]verdict.Verdict{"20.10": usage, "26": retired, "28": retired}),
		matrixRow(17, "docker w", map[string]verdict.Verdict{"20.10": unknown, "26": pass, "28": unknown}),
	} {
		rep.Results = append(rep.Results, rs...)
	}
	return rep
}

func TestMatrixSummaries(t *testing.T) {
	rep := matrixReport()
	engines := engineOrder(rep)
	require.Equal(t, []string{"20.10", "26", "28"}, engines, "oldest engine first, by version")
	var got []string
	for _, rw := range rows(rep.Results) {
		got = append(got, rw.summary(engines))
	}
	assert.Equal(t, []string{
		"broken since 26; 26: deprecated: docker-compose v1 is retired",
		"works since 26; 20.10: unknown-command: docker has no buildx command",
		"exit 0",
		"20.10, 28: blocked image-unavailable: image x is not available here; 26: deprecated: docker-compose v1 is retired",
		"works on 20.10, 28, not on 26; 26: unknown-command: docker has no buildx command",
		"broken since 28; 28: unknown-command: docker has no buildx command",
		"20.10: usage: docker-compose has no command b.yaml; 26, 28: deprecated: docker-compose v1 is retired",
		"works on 26 only; 20.10: unknown-command: docker has no buildx command",
	}, got)
}

func TestMatrixReports(t *testing.T) {
	rep := matrixReport()
	var text, md, js, xml bytes.Buffer
	require.NoError(t, Text(&text, rep, TextOptions{}))
	golden(t, "report/matrix.txt", text.Bytes())

	require.NoError(t, Markdown(&md, rep))
	assert.Contains(t, md.String(), "| snippet | 20.10 | 26 | 28 | summary |")
	assert.Contains(t, md.String(), "Across engines: 7 snippets differ")
	assert.NotContains(t, md.String(), "docker ps", "a snippet that fares alike everywhere is not in the matrix table")

	require.NoError(t, JSON(&js, rep))
	var doc Document
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	require.Len(t, doc.Engines, 3)
	assert.Equal(t, "28.5.2", doc.Engines[0].Versions.Engine)
	assert.Equal(t, "28", doc.Results[0].Engine, "each record names its engine")

	require.NoError(t, JUnit(&xml, rep))
	suites, err := junit.Ingest(xml.Bytes())
	require.NoError(t, err)
	require.Len(t, suites, 1)
	assert.Equal(t, 24, suites[0].Totals.Tests, "one case per snippet per engine")
	assert.Equal(t, "3: docker-compose up -d [engine 28]", suites[0].Tests[0].Name)

	var page bytes.Buffer
	require.NoError(t, HTML(&page, rep))
	assert.Contains(t, page.String(), "works since 26")
	assert.Contains(t, page.String(), `<span class="reason">20.10</span>`)
}
