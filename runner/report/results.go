package report

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/runner"
)

// Result is the JSON record of one snippet's verdict (PRODUCT.md). Fields
// may be added, never renamed.
type Result struct {
	Snippet
	Status      string `json:"status"`
	Reason      string `json:"reason"`
	Message     string `json:"message"`
	Hint        string `json:"hint"`
	CommandLine int    `json:"command_line,omitempty"`
	Command     string `json:"command,omitempty"`
	Output      string `json:"output,omitempty"`
	DurationMS  int64  `json:"duration_ms"`
	Cached      bool   `json:"cached,omitempty"`
}

// Document is the JSON document of `labrun verify --format json`.
type Document struct {
	Labrun  string         `json:"labrun"`
	Docker  Docker         `json:"docker"`
	Results []Result       `json:"results"`
	Summary map[string]int `json:"summary"`
}

// Docker names the engine the labs ran against and how the sandbox ran.
type Docker struct {
	Server  string `json:"server"`
	API     string `json:"api"`
	Sandbox string `json:"sandbox,omitempty"`
}

// ResultRecord makes the JSON record of one result.
func ResultRecord(r runner.Result) Result {
	rec := Result{
		Snippet:    SnippetRecord(labs.Lab{ID: r.LabID, Title: r.Title}, r.Step),
		Status:     string(r.Status),
		Reason:     r.Reason,
		Message:    r.Message,
		Hint:       r.Hint,
		Command:    r.Command,
		Output:     r.Output,
		DurationMS: r.Duration.Milliseconds(),
		Cached:     r.Cached,
	}
	if r.Command != "" {
		rec.CommandLine = r.Line
	}
	return rec
}

// JSON writes a run's report as one JSON document.
func JSON(w io.Writer, rep runner.Report) error {
	doc := Document{
		Labrun:  Version,
		Docker:  Docker{Server: rep.Engine.Server, API: rep.Engine.API, Sandbox: rep.Engine.Sandbox},
		Results: []Result{},
		Summary: map[string]int{},
	}
	for _, r := range rep.Results {
		doc.Results = append(doc.Results, ResultRecord(r))
	}
	for status, n := range runner.Summary(rep.Results) {
		doc.Summary[string(status)] = n
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// TextOptions shape the text report.
type TextOptions struct {
	Color bool // colour the statuses (on a terminal, unless NO_COLOR)
}

var statusColor = map[runner.Status]string{
	runner.Pass: "\x1b[32m", runner.Fail: "\x1b[31m", runner.Blocked: "\x1b[33m", runner.Skip: "\x1b[90m",
}

// Text writes the report for people: grouped by talk, one line per snippet,
// `file:line  status  kind  reason  message`, hints under their snippet,
// and a summary line last.
func Text(w io.Writer, rep runner.Report, opts TextOptions) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	lab := ""
	for _, r := range rep.Results {
		if r.LabID != lab {
			if lab != "" {
				fmt.Fprintln(tw)
			}
			lab = r.LabID
			fmt.Fprintf(tw, "# %s (%s)\n", r.Title, r.LabID)
		}
		line := r.Step.Line
		if r.Line != 0 {
			line = r.Line
		}
		status := string(r.Status)
		if opts.Color {
			status = statusColor[r.Status] + status + "\x1b[0m"
		}
		reason := r.Reason
		if reason == "" {
			reason = "-"
		}
		fmt.Fprintf(tw, "%s:%d\t%s\t%s\t%s\t%s\n", r.Step.File, line, status, r.Step.Kind, reason, oneLine(r.Message, 100))
		if r.Hint != "" {
			fmt.Fprintf(tw, "\t\t\t\thint: %s\n", oneLine(r.Hint, 100))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if _, err := fmt.Fprintln(w, SummaryLine(rep.Results)); err != nil {
		return err
	}
	if rep.Engine.Server != "" {
		_, err := fmt.Fprintf(w, "engine %s (API %s), sandbox %s\n", rep.Engine.Server, rep.Engine.API, orNone(rep.Engine.Sandbox))
		return err
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "not needed (nothing to run, or all from the cache)"
	}
	return s
}

// SummaryLine says how many snippets got each verdict.
func SummaryLine(results []runner.Result) string {
	s := runner.Summary(results)
	parts := []string{
		fmt.Sprintf("%d pass", s[runner.Pass]), fmt.Sprintf("%d fail", s[runner.Fail]),
		fmt.Sprintf("%d blocked", s[runner.Blocked]), fmt.Sprintf("%d skip", s[runner.Skip]),
	}
	return fmt.Sprintf("%d snippets: %s", len(results), strings.Join(parts, ", "))
}

// ansiEscape matches terminal escape sequences in command output.
var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)
