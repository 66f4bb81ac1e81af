package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// talk is one talk's results, in report order.
type talk struct {
	ID, Title string
	Results   []result.Result
	Count     map[string]int // by status, as counts makes it
}

// byTalk groups results by talk, keeping the order of first appearance.
func byTalk(results []result.Result) []talk {
	var out []talk
	index := map[string]int{}
	for _, r := range results {
		i, ok := index[r.LabID]
		if !ok {
			i = len(out)
			index[r.LabID] = i
			out = append(out, talk{ID: r.LabID, Title: r.Title})
		}
		out[i].Results = append(out[i].Results, r)
	}
	for i := range out {
		out[i].Count = counts(out[i].Results)
	}
	return out
}

// counts are how many results have each verdict, by the status's name
// (the page's template reads them as .Count.pass), every status there.
func counts(results []result.Result) map[string]int {
	out := map[string]int{}
	for status, n := range result.Summary(results) {
		out[string(status)] = n
	}
	return out
}

// Markdown writes a compact summary for a CI job page: a table of talks
// with their counts, then the failing snippets with message and hint.
func Markdown(w io.Writer, rep result.Report) error {
	var b strings.Builder
	s := result.Summary(rep.Results)
	fmt.Fprintf(&b, "## labrun: %d pass, %d fail, %d blocked, %d skip\n\n", s[verdict.Pass], s[verdict.Fail], s[verdict.Blocked], s[verdict.Skip])
	b.WriteString("| talk | pass | fail | blocked | skip |\n|---|---:|---:|---:|---:|\n")
	for _, t := range byTalk(rep.Results) {
		mark := "✅"
		n := func(s verdict.Status) int { return t.Count[string(s)] }
		if n(verdict.Fail) > 0 {
			mark = "❌"
		}
		fmt.Fprintf(&b, "| %s %s | %d | %d | %d | %d |\n", mark, mdEscape(t.Title),
			n(verdict.Pass), n(verdict.Fail), n(verdict.Blocked), n(verdict.Skip))
	}
	var failing []result.Result
	for _, r := range rep.Results {
		if r.Status == verdict.Fail {
			failing = append(failing, r)
		}
	}
	if len(failing) > 0 {
		b.WriteString("\n### Failing snippets\n\n")
		for _, r := range failing {
			code := r.Step.Code
			if r.Command != "" {
				code = r.Command
			}
			fmt.Fprintf(&b, "- `%s:%d` %s — %s: %s", r.Step.File, r.At(), mdCode(oneLine(code, 80)), r.Reason, mdEscape(r.Message))
			if r.Hint != "" {
				fmt.Fprintf(&b, "<br>hint: %s", mdEscape(r.Hint))
			}
			if l := fixLine(r); l != "" {
				fmt.Fprintf(&b, "<br>%s", mdEscape(l))
			}
			b.WriteString("\n")
		}
	}
	var drifted []result.Result
	for _, r := range rep.Results {
		if r.Status == verdict.Pass && len(driftLines(r)) > 0 {
			drifted = append(drifted, r)
		}
	}
	if len(drifted) > 0 {
		b.WriteString("\n### Output that drifted\n\n")
		for _, r := range drifted {
			fmt.Fprintf(&b, "- `%s:%d` %s", r.Step.File, r.At(), mdEscape(strings.Join(driftLines(r), "; ")))
			b.WriteString("\n")
		}
	}
	if engines := engineOrder(rep); len(engines) > 1 {
		mdMatrix(&b, rep.Results, engines)
	}
	if lines := engineLines(rep); len(lines) > 0 {
		fmt.Fprintf(&b, "\n<sub>%s</sub>\n", mdEscape(strings.Join(lines, " · ")))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdEscape keeps text from breaking a table or turning into markup.
func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "\n", " ")
	return r.Replace(s)
}

// mdCode puts text in a code span that its own backticks cannot close.
func mdCode(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	return fence + " " + strings.ReplaceAll(s, "|", `\|`) + " " + fence
}

// mdMatrix writes a table of the snippets whose verdict or reason differs between
// engines, one column per engine: what a reader of the job page wants to
// know of a matrix run.
func mdMatrix(b *strings.Builder, results []result.Result, engines []string) {
	var differ []row
	for _, rw := range rows(results) {
		if rw.reasonsDiffer(engines) {
			differ = append(differ, rw)
		}
	}
	differs := "snippets differ"
	if len(differ) == 1 {
		differs = "snippet differs"
	}
	fmt.Fprintf(b, "\n### Across engines: %d %s\n\n", len(differ), differs)
	if len(differ) == 0 {
		return
	}
	b.WriteString("| snippet | " + strings.Join(engines, " | ") + " | summary |\n|---|" + strings.Repeat("---|", len(engines)) + "---|\n")
	for _, rw := range differ {
		r := rw.First
		fmt.Fprintf(b, "| `%s:%d` %s |", r.Step.File, r.At(), mdCode(oneLine(r.Step.Code, 50)))
		for _, e := range engines {
			s := "-"
			if er, ok := rw.By[e]; ok {
				s = string(er.Status)
			}
			fmt.Fprintf(b, " %s |", s)
		}
		fmt.Fprintf(b, " %s |\n", mdEscape(oneLine(rw.summary(engines), 160)))
	}
}
