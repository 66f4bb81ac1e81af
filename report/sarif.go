package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/labrun/labrun/result"
)

// The part of the SARIF 2.1.0 schema that code scanning reads.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string    `json:"id"`
		ShortDescription sarifText `json:"shortDescription"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Properties          map[string]string `json:"properties,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine int        `json:"startLine"`
		Snippet   *sarifText `json:"snippet,omitempty"`
	}
)

// SARIF writes the report as a SARIF 2.1.0 log for code scanning: one
// run, a rule per reason found, and a result per fail (level error),
// per pass whose output drifted from its note's (warning, rule "drift")
// and per blocked snippet (note), in the report's order. Each result is
// at the note line of the command it is about and carries a fingerprint
// of its snippet and reason, so that a finding is tracked across commits.
func SARIF(w io.Writer, rep result.Report) error {
	driver := sarifDriver{Name: "labrun", Version: Version, InformationURI: "https://github.com/labrun/labrun", Rules: []sarifRule{}}
	results := []sarifResult{}
	index := map[string]int{}
	for _, f := range findings(rep.Results) {
		i, ok := index[f.rule]
		if !ok {
			i = len(driver.Rules)
			index[f.rule] = i
			driver.Rules = append(driver.Rules, sarifRule{ID: f.rule, ShortDescription: sarifText{f.description()}})
		}
		results = append(results, sarifResultOf(f, i, len(rep.Engines) > 1))
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{driver}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifResultOf is a finding as a SARIF result of the rule at index
// rule; in a matrix it names its engine.
func sarifResultOf(f finding, rule int, matrix bool) sarifResult {
	text := f.text()
	if matrix && f.Engine != "" {
		text = onEngines([]string{f.Engine}) + text
	}
	parts := nonEmpty(text, f.Hint)
	if f.Fix != nil {
		parts = append(parts, "proven rewrite: "+f.Fix.Code)
	}
	uri, base := sarifURI(f.Step.File)
	at := sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: base}, Region: sarifRegion{StartLine: f.At()}}
	if f.Command != "" {
		at.Region.Snippet = &sarifText{f.Command}
	}
	res := sarifResult{
		RuleID: f.rule, RuleIndex: rule, Level: f.level, Message: sarifText{strings.Join(parts, " — ")},
		Locations:           []sarifLocation{{at}},
		PartialFingerprints: map[string]string{"labrun/v1": f.Step.ID + "|" + f.rule},
	}
	if matrix && f.Engine != "" {
		res.Properties = map[string]string{"engine": f.Engine}
	}
	return res
}

// sarifURI is a note's path as a URI reference with forward slashes: an
// absolute one a file: URI, a relative one as given, relative to
// %SRCROOT% (the repository's root). Characters a URI cannot hold
// (spaces, %, #) are percent-encoded.
func sarifURI(file string) (uri, base string) {
	p := filepath.ToSlash(file)
	if filepath.IsAbs(file) {
		if !strings.HasPrefix(p, "/") { // C:/notes on Windows
			p = "/" + p
		}
		return (&url.URL{Scheme: "file", Path: p}).String(), ""
	}
	return (&url.URL{Path: p}).String(), "%SRCROOT%"
}
