package report

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
	"github.com/labrun/labrun/verdict/expect"

	"github.com/labrun/labrun/labs"
)

// Result is the JSON record of one snippet's verdict, the protocol the
// README's "Reports, baselines and CI" documents. Fields may be added,
// never renamed.
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
	Engine      string `json:"engine,omitempty"`
	// Host is, in a lab of several hosts, the host the snippet ran on
	// (or the hosts, comma-separated).
	Host string `json:"host,omitempty"`
	// OutputCheck is the output comparison. labrun's product contract
	// calls it the `output` object, but `output` already holds what the
	// step printed, and a field is never renamed or retyped (the README
	// says so too).
	OutputCheck *OutputCheck `json:"output_check,omitempty"`
	// Drift is, for a pass whose output differs from the note's without
	// contradicting it, each difference and its kind.
	Drift []Drift `json:"drift,omitempty"`
	// Fix is, for a failing snippet, a rewrite proven in its lab: with
	// it the snippet passed and every other one kept its verdict.
	Fix *Fix `json:"fix,omitempty"`
	// FixesTried are the rewrites of a failing snippet that were tried
	// and did not pass.
	FixesTried []string `json:"fixes_tried,omitempty"`
}

// Fix is a verified rewrite: the snippet's code rewritten, the engines it
// passed on (comma-separated) and what it mends.
type Fix struct {
	Code   string `json:"code"`
	Engine string `json:"engine"`
	Why    string `json:"why"`
}

// OutputCheck is a command's output compared with the output its note
// shows: both, the mode, and the first difference (none when they match).
type OutputCheck struct {
	Mode       string      `json:"mode"`
	Expected   string      `json:"expected"`
	Actual     string      `json:"actual"`
	Difference *Difference `json:"difference,omitempty"`
}

// Difference is the first place where a run's output differs from the
// note's: the line of the note's output (0 when the run printed more than
// the note shows), that line, what the run printed there, and why.
type Difference struct {
	Line     int    `json:"line"`
	Expected string `json:"expected"`
	Actual   string `json:"actual"`
	Why      string `json:"why"`
}

// Drift is one line where a run's output drifted from the note's: the
// note's line (0 for lines only the run printed), what the note shows
// there, what ran, and the kind: columns, layout, extra or value.
type Drift struct {
	Line     int    `json:"line"`
	Expected string `json:"expected"`
	Actual   string `json:"actual"`
	Kind     string `json:"kind"`
}

// Document is the JSON document of `labrun verify --format json`.
type Document struct {
	Labrun  string         `json:"labrun"`
	Docker  Docker         `json:"docker"`
	Engines []Engine       `json:"engines,omitempty"`
	Network *Network       `json:"network,omitempty"`
	Results []Result       `json:"results"`
	Summary map[string]int `json:"summary"`
}

// Docker names the host daemon that held the sandboxes and how the
// (first engine's) sandboxes ran.
type Docker struct {
	Server  string `json:"server"`
	API     string `json:"api"`
	Sandbox string `json:"sandbox,omitempty"`
}

// Engine is one engine the labs ran on, with the versions of its parts.
type Engine struct {
	Name     string          `json:"name"`
	Versions engine.Versions `json:"versions"`
	Sandbox  string          `json:"sandbox,omitempty"`
}

// Network is what the sandboxes could reach: mode "online" (the host's
// route outside, behind guard rails), "offline" (no route outside) or
// "mixed", with the labs that ran offline.
type Network struct {
	Mode        string   `json:"mode"`
	OfflineLabs []string `json:"offline_labs,omitempty"`
}

// ResultRecord makes the JSON record of one result.
func ResultRecord(r result.Result) Result {
	rec := Result{
		Snippet:    SnippetRecord(labs.Lab{ID: r.LabID, Title: r.Title}, r.Step),
		Status:     string(r.Status),
		Reason:     string(r.Reason),
		Message:    r.Message,
		Hint:       r.Hint,
		Command:    r.Command,
		Output:     r.Output,
		DurationMS: r.Duration.Milliseconds(),
		Cached:     r.Cached,
		Engine:     r.Engine,
		Host:       r.Host,
		FixesTried: r.Tried,
	}
	if r.Fix != nil {
		rec.Fix = &Fix{Code: r.Fix.Code, Engine: r.Fix.Engine, Why: r.Fix.Why}
	}
	if r.Command != "" {
		rec.CommandLine = r.Line
	}
	if c := r.Compared; c != nil {
		rec.OutputCheck = &OutputCheck{Mode: string(c.Mode), Expected: c.Expected, Actual: c.Actual}
		if d := c.Difference; d != nil {
			rec.OutputCheck.Difference = &Difference{Line: d.Line, Expected: d.Expected, Actual: d.Actual, Why: d.Why}
		}
		for _, d := range c.Drift {
			rec.Drift = append(rec.Drift, Drift{Line: d.Line, Expected: d.Expected, Actual: d.Actual, Kind: d.Kind})
		}
	}
	return rec
}

// JSON writes a run's report as one JSON document.
func JSON(w io.Writer, rep result.Report) error {
	doc := Document{
		Labrun:  Version,
		Docker:  Docker{Server: rep.Host.Server, API: rep.Host.API},
		Results: []Result{},
		Summary: map[string]int{},
	}
	for _, e := range rep.Engines {
		if doc.Docker.Sandbox == "" {
			doc.Docker.Sandbox = e.Sandbox
		}
		doc.Engines = append(doc.Engines, Engine{Name: e.Name, Versions: e.Versions, Sandbox: e.Sandbox})
	}
	if rep.Network.Mode != "" {
		doc.Network = &Network{Mode: rep.Network.Mode, OfflineLabs: rep.Network.Offline}
	}
	for _, r := range rep.Results {
		doc.Results = append(doc.Results, ResultRecord(r))
	}
	for status, n := range result.Summary(rep.Results) {
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

var statusColor = map[verdict.Status]string{
	verdict.Pass: "\x1b[32m", verdict.Fail: "\x1b[31m", verdict.Blocked: "\x1b[33m", verdict.Skip: "\x1b[90m",
}

// Text writes the report for people: grouped by talk, one line per snippet,
// `file:line  status  kind  reason  message`, hints under their snippet,
// and a summary line last. With several engines a snippet's line has a
// status column per engine, oldest first, and says how it fares across
// them.
func Text(w io.Writer, rep result.Report, opts TextOptions) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	engines := engineOrder(rep)
	color := func(s verdict.Status) string {
		if opts.Color {
			return statusColor[s] + string(s) + "\x1b[0m"
		}
		return string(s)
	}
	summary := SummaryLine(rep.Results)
	if len(engines) > 1 {
		n := textMatrix(tw, rep.Results, engines, color)
		summary = fmt.Sprintf("%d snippets on %d engines, %d verdicts: %s", n, len(engines), len(rep.Results), strings.SplitN(summary, ": ", 2)[1])
	} else {
		textResults(tw, rep.Results, color)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if _, err := fmt.Fprintln(w, summary); err != nil {
		return err
	}
	for _, l := range engineLines(rep) {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}

// fixLine says, for a failing result, the rewrite that passed ("labrun
// fix" makes it) or the rewrites tried; "" when none was tried.
func fixLine(r result.Result) string {
	switch {
	case r.Fix != nil:
		return fmt.Sprintf("fix, verified on %s (labrun fix applies it): %s", r.Fix.Engine, oneLine(r.Fix.Code, 100))
	case len(r.Tried) > 0:
		return "no rewrite passed; tried: " + oneLine(strings.Join(r.Tried, "; "), 100)
	}
	return ""
}

func textResults(tw io.Writer, results []result.Result, color func(verdict.Status) string) {
	lab := ""
	for _, r := range results {
		if r.LabID != lab {
			if lab != "" {
				fmt.Fprintln(tw)
			}
			lab = r.LabID
			fmt.Fprintf(tw, "# %s (%s)\n", r.Title, r.LabID)
		}
		reason := string(r.Reason)
		if reason == "" {
			reason = "-"
		}
		fmt.Fprintf(tw, "%s:%d\t%s\t%s\t%s\t%s\n", r.Step.File, r.At(), color(r.Status), r.Step.Kind, reason, oneLine(r.Message, 100))
		if r.Hint != "" {
			fmt.Fprintf(tw, "\t\t\t\thint: %s\n", oneLine(r.Hint, 100))
		}
		if l := fixLine(r); l != "" {
			fmt.Fprintf(tw, "\t\t\t\t%s\n", l)
		}
		for _, l := range driftLines(r) {
			fmt.Fprintf(tw, "\t\t\t\t%s\n", oneLine(l, 100))
		}
		for _, warning := range r.Step.Warnings {
			fmt.Fprintf(tw, "\t\t\t\twarning: %s\n", oneLine(warning, 100))
		}
	}
}

// textMatrix writes one line per snippet with a status column per engine,
// and returns the number of snippets.
func textMatrix(tw io.Writer, results []result.Result, engines []string, color func(verdict.Status) string) int {
	lab := ""
	pad := strings.Repeat("\t", len(engines)+1)
	all := rows(results)
	for _, rw := range all {
		r := rw.First
		if r.LabID != lab {
			if lab != "" {
				fmt.Fprintln(tw)
			}
			lab = r.LabID
			fmt.Fprintf(tw, "# %s (%s)\n", r.Title, r.LabID)
			fmt.Fprintf(tw, "\t\t%s\t\n", strings.Join(engines, "\t"))
		}
		var cols []string
		for _, e := range engines {
			col := "-"
			if er, ok := rw.By[e]; ok {
				col = color(er.Status)
			}
			cols = append(cols, col)
		}
		fmt.Fprintf(tw, "%s:%d\t%s\t%s\t%s\n", r.Step.File, r.At(), r.Step.Kind, strings.Join(cols, "\t"), oneLine(rw.summary(engines), 120))
		if h := rw.hint(engines); h != "" {
			fmt.Fprintf(tw, "\t%shint: %s\n", pad, oneLine(h, 100))
		}
	}
	return len(all)
}

// engineLines say what the labs ran on: the host daemon, then each engine
// with the versions of its parts and how its sandboxes ran.
func engineLines(rep result.Report) []string {
	var out []string
	if rep.Host.Server != "" {
		out = append(out, fmt.Sprintf("host daemon %s (API %s)", rep.Host.Server, rep.Host.API))
	}
	byName := map[string]result.Engine{}
	for _, e := range rep.Engines {
		byName[e.Name] = e
	}
	for _, name := range engineOrder(rep) {
		e := byName[name]
		v := e.Versions.String()
		if v == "" {
			v = "versions unknown"
		}
		out = append(out, fmt.Sprintf("engine %s: %s; sandbox %s", e.Name, v, orNone(e.Sandbox)))
	}
	if l := networkLine(rep.Network); l != "" {
		out = append(out, l)
	}
	return out
}

// networkLine says what the sandboxes could reach.
func networkLine(n result.Network) string {
	const guarded = "the host's route outside, never the host daemon, cloud metadata or another lab"
	switch n.Mode {
	case "online":
		return "network: online (" + guarded + ")"
	case "offline":
		return "network: offline (no route outside; images come from the host daemon)"
	case "mixed":
		return fmt.Sprintf("network: online (%s), but offline for %s (front matter)", guarded, strings.Join(n.Offline, ", "))
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "not needed (nothing to run, or all from the cache)"
	}
	return s
}

// SummaryLine says how many snippets got each verdict.
func SummaryLine(results []result.Result) string {
	s := result.Summary(results)
	parts := []string{
		fmt.Sprintf("%d pass", s[verdict.Pass]), fmt.Sprintf("%d fail", s[verdict.Fail]),
		fmt.Sprintf("%d blocked", s[verdict.Blocked]), fmt.Sprintf("%d skip", s[verdict.Skip]),
	}
	return fmt.Sprintf("%d snippets: %s", len(results), strings.Join(parts, ", "))
}

// ansiEscape matches terminal escape sequences in command output.
var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// maxDriftLines bounds the drift a report shows of one snippet: the
// JSON report carries all of it.
const maxDriftLines = 3

// driftLines say how a passing snippet's output drifted from the note's,
// one line each, for people.
func driftLines(r result.Result) []string {
	if r.Compared == nil {
		return nil
	}
	var out []string
	for _, d := range r.Compared.Drift {
		if len(out) == maxDriftLines {
			out = append(out, fmt.Sprintf("drift: and %d more", len(r.Compared.Drift)-maxDriftLines))
			break
		}
		out = append(out, fmt.Sprintf("drift (%s): %s", d.Kind, driftText(d)))
	}
	return out
}

// driftText says where one line of a run's output drifted from the
// note's, and to what.
func driftText(d expect.Drift) string {
	switch {
	case d.Line == 0:
		return "the run printed lines the note does not show"
	case d.Actual == "":
		return fmt.Sprintf("note line %d `%s`", d.Line, strings.TrimSpace(d.Expected))
	}
	return fmt.Sprintf("note line %d `%s`, now `%s`", d.Line, strings.TrimSpace(d.Expected), strings.TrimSpace(d.Actual))
}
