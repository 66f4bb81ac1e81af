package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/labrun/labrun/result"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sarifDoc is what a code-scanning upload reads of a SARIF log.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string `json:"id"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
						Snippet   *struct {
							Text string `json:"text"`
						} `json:"snippet"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Properties          map[string]string `json:"properties"`
		} `json:"results"`
	} `json:"runs"`
}

// readSARIF reads a SARIF log back, checking that it has one run and
// that every result's ruleIndex points at the rule of its ruleId.
func readSARIF(t *testing.T, b *bytes.Buffer) sarifDoc {
	t.Helper()
	var doc sarifDoc
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	require.Len(t, doc.Runs, 1)
	run := doc.Runs[0]
	for _, r := range run.Results {
		require.Less(t, r.RuleIndex, len(run.Tool.Driver.Rules), "ruleIndex of %s", r.RuleID)
		assert.Equal(t, r.RuleID, run.Tool.Driver.Rules[r.RuleIndex].ID, "ruleIndex points at its rule")
		require.Len(t, r.Locations, 1)
	}
	return doc
}

func TestSARIFGolden(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, SARIF(&b, withFixes(withDrift(withOutputDiff(fakeReport(t))))))
	golden(t, "report/verdicts.sarif", b.Bytes())

	doc := readSARIF(t, &b)
	assert.Equal(t, "https://json.schemastore.org/sarif-2.1.0.json", doc.Schema)
	assert.Equal(t, "2.1.0", doc.Version)
	run := doc.Runs[0]
	assert.Equal(t, "labrun", run.Tool.Driver.Name)
	var ids []string
	for _, rule := range run.Tool.Driver.Rules {
		ids = append(ids, rule.ID)
		assert.NotEmpty(t, rule.ShortDescription.Text)
	}
	assert.Equal(t, []string{"output", "unknown-flag", "image-unavailable", "drift"}, ids, "a rule per reason found, in order")

	type seen struct {
		Level, RuleID string
		Line          int
	}
	var got []seen
	for _, r := range run.Results {
		got = append(got, seen{r.Level, r.RuleID, r.Locations[0].PhysicalLocation.Region.StartLine})
	}
	assert.Equal(t, []seen{
		{"error", "output", 12}, {"error", "unknown-flag", 14}, {"note", "image-unavailable", 21}, {"warning", "drift", 28},
		{"error", "unknown-flag", 47}, {"note", "image-unavailable", 57},
	}, got, "fails, drifted passes and blocked snippets in report order; no other pass, no skip")

	fail, drift := run.Results[1], run.Results[3]
	assert.Equal(t, "exit 125: unknown flag --detach — --detach belongs to `docker service create/update --detach=false`, not to `docker swarm`"+
		" — proven rewrite: docker service update --detach=false web", fail.Message.Text)
	loc := fail.Locations[0].PhysicalLocation
	assert.Equal(t, "testdata/notes/verdicts.md", loc.ArtifactLocation.URI)
	assert.Equal(t, "%SRCROOT%", loc.ArtifactLocation.URIBaseID)
	assert.Nil(t, loc.Region.Snippet, "a one-command snippet names no command")
	assert.Equal(t, map[string]string{"labrun/v1": "verdicts/commands/3|unknown-flag"}, fail.PartialFingerprints)

	assert.Equal(t, "the output drifted from the note's (value): note line 1 `web`, now `web-1`; 1 more line drifted", drift.Message.Text)
	require.NotNil(t, drift.Locations[0].PhysicalLocation.Region.Snippet)
	assert.Equal(t, "docker service ls --format '{{.Name}}'", drift.Locations[0].PhysicalLocation.Region.Snippet.Text, "the command the drift is in")
	assert.Nil(t, drift.Properties, "one engine: none named")
}

func TestSARIFEngines(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, SARIF(&b, matrixReport()))
	run := readSARIF(t, &b).Runs[0]
	require.Len(t, run.Results, 13, "one result per engine's finding")
	r := run.Results[0]
	assert.Equal(t, "deprecated", r.RuleID)
	assert.Equal(t, map[string]string{"engine": "28"}, r.Properties)
	assert.Equal(t, "on engine 28: docker-compose v1 is retired — `docker compose up -d`", r.Message.Text)
	assert.Equal(t, "cheat.md", r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
}

func TestSARIFNoFindings(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, SARIF(&b, result.Report{}))
	assert.Contains(t, b.String(), `"rules": []`, "a list, never null, as the schema wants")
	assert.Contains(t, b.String(), `"results": []`)
}

func TestSARIFURI(t *testing.T) {
	for _, tc := range []struct{ file, uri, base string }{
		{"notes/intro.md", "notes/intro.md", "%SRCROOT%"},
		{"my notes/part 1.md", "my%20notes/part%201.md", "%SRCROOT%"},
		{"notes/100%#1.md", "notes/100%25%231.md", "%SRCROOT%"},
		{"/home/me/notes/intro.md", "file:///home/me/notes/intro.md", ""},
	} {
		uri, base := sarifURI(tc.file)
		assert.Equal(t, tc.uri, uri, tc.file)
		assert.Equal(t, tc.base, base, tc.file)
	}
}
