package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// The JUnit XML schema that GitHub, GitLab and Jenkins test reporters read.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		ID         string          `xml:"id,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Time       string          `xml:"time,attr"`
		Properties []junitProperty `xml:"properties>property,omitempty"`
		Cases      []junitCase     `xml:"testcase"`
		took       time.Duration   // the sum of its cases' times
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		File      string        `xml:"file,attr"`
		Line      int           `xml:"line,attr"`
		Time      string        `xml:"time,attr"`
		Failure   *junitMessage `xml:"failure,omitempty"`
		Skipped   *junitMessage `xml:"skipped,omitempty"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	junitMessage struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		Body    string `xml:",chardata"`
	}
)

// JUnit writes the report as JUnit XML: one testsuite per talk, one
// testcase per snippet (classname the note, name its line and command),
// failure for fail, skipped for skip and blocked, the output in system-out.
func JUnit(w io.Writer, rep result.Report) error {
	doc := junitSuites{Name: "labrun"}
	var total time.Duration
	index := map[string]int{}
	for _, r := range rep.Results {
		i, ok := index[r.LabID]
		if !ok {
			i = len(doc.Suites)
			index[r.LabID] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: r.Title, ID: r.LabID, Properties: suiteProperties(rep, r.LabID)})
		}
		s := &doc.Suites[i]
		c := junitCaseOf(r, len(rep.Engines) > 1)
		switch {
		case c.Failure != nil:
			s.Failures++
		case c.Skipped != nil:
			s.Skipped++
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
		s.took += r.Duration
		total += r.Duration
	}
	for i := range doc.Suites {
		doc.Suites[i].Time = seconds(doc.Suites[i].took)
		doc.Tests += doc.Suites[i].Tests
		doc.Failures += doc.Suites[i].Failures
		doc.Skipped += doc.Suites[i].Skipped
	}
	doc.Time = seconds(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// suiteProperties say what a talk's snippets ran on: the host daemon,
// each engine and how its sandboxes ran, and the lab's network.
func suiteProperties(rep result.Report, lab string) []junitProperty {
	var props []junitProperty
	if rep.Host.Server != "" {
		props = append(props, junitProperty{"host", rep.Host.Server})
	}
	for _, e := range rep.Engines {
		props = append(props, junitProperty{"engine " + e.Name, e.Versions.String()}, junitProperty{"sandbox " + e.Name, e.Sandbox})
	}
	if n := rep.Network.Of(lab); n != "" {
		props = append(props, junitProperty{"network", n})
	}
	return props
}

// junitCaseOf is a result as a test case: failure for fail, skipped for
// skip and blocked; in a matrix its name says its engine.
func junitCaseOf(r result.Result, matrix bool) junitCase {
	name := caseName(r)
	if matrix {
		name += " [engine " + r.Engine + "]"
	}
	c := junitCase{Name: name, Classname: r.Step.File, File: r.Step.File, Line: r.At(),
		Time: seconds(r.Duration), SystemOut: xmlText(r.Output)}
	detail := xmlText(strings.TrimSpace(strings.Join(nonEmpty(r.Message, hintLine(r.Hint), r.Step.Code), "\n\n")))
	switch r.Status {
	case verdict.Fail:
		c.Failure = &junitMessage{Message: xmlText(string(r.Reason) + ": " + r.Message), Type: string(r.Reason), Body: detail}
	case verdict.Skip, verdict.Blocked:
		prefix := ""
		if r.Status == verdict.Blocked {
			prefix = string(verdict.Blocked) + ": "
		}
		c.Skipped = &junitMessage{Message: xmlText(prefix + string(r.Reason) + ": " + r.Message)}
	}
	return c
}

// caseName is `LINE: first line of the command`.
func caseName(r result.Result) string {
	code := r.Step.Code
	if r.Command != "" {
		code = r.Command
	}
	return xmlText(fmt.Sprintf("%d: %s", r.At(), oneLine(code, 80)))
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func hintLine(h string) string {
	if h == "" {
		return ""
	}
	return "hint: " + h
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// xmlText drops what XML 1.0 cannot hold (most control characters, which
// terminal output is full of) and invalid UTF-8.
func xmlText(s string) string {
	s = ansiEscape.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0xFFFD || (r >= 0xD800 && r <= 0xDFFF) || r == 0xFFFE || r == 0xFFFF:
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}
