package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict/expect"
)

//go:embed page.html.tmpl
var pageTemplate string

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"pct": func(n, total int) string {
		if total == 0 {
			return "0"
		}
		return fmt.Sprintf("%.2f", 100*float64(n)/float64(total))
	},
	"line": result.Result.At,
	"text": xmlText,
	"mark": markClass,
}).Parse(pageTemplate))

// pageData is what the page template renders.
type pageData struct {
	Meta    string   // what the labs ran on
	Engines []string // the engines' columns, oldest first; empty for one engine
	Summary map[string]int
	Total   int
	Talks   []pageTalk
}

type pageTalk struct {
	talk
	Rows []pageRow
}

// pageRow is one snippet: its verdict on each engine.
type pageRow struct {
	First   result.Result // where the snippet is, what it runs
	Cells   []result.Result
	Message string
	Hint    string
	Drift   []string // how the newest engine's output drifted from the note's
	Output  string   // the newest engine's
	// Diff sets the output beside what the note shows, where the
	// newest engine's run printed something else.
	Diff []expect.Row
}

// HTML writes one self-contained page (no network, no external assets):
// per talk a bar of pass/fail/blocked/skip, then every snippet with its
// code, verdict (one per engine), hint and collapsible output.
func HTML(w io.Writer, rep result.Report) error {
	engines := engineOrder(rep)
	data := pageData{Meta: strings.Join(engineLines(rep), " · "), Summary: counts(rep.Results), Total: len(rep.Results)}
	if len(engines) > 1 {
		data.Engines = engines
	}
	for _, t := range byTalk(rep.Results) {
		pt := pageTalk{talk: t}
		for _, rw := range rows(t.Results) {
			pr := pageRow{First: rw.First, Message: rw.First.Message, Hint: rw.First.Hint}
			if len(engines) > 1 {
				pr.Message, pr.Hint = rw.summary(engines), rw.hint(engines)
				for _, e := range engines {
					if r, ok := rw.By[e]; ok {
						pr.Cells = append(pr.Cells, r)
					}
				}
			} else {
				pr.Cells = []result.Result{rw.First}
			}
			newest := pr.Cells[len(pr.Cells)-1]
			pr.Output = newest.Output
			if c := newest.Compared; c != nil && (c.Difference != nil || c.Drift != nil) {
				pr.Diff = c.SideBySide()
			}
			pr.Drift = driftLines(newest)
			pt.Rows = append(pt.Rows, pr)
		}
		data.Talks = append(data.Talks, pt)
	}
	return page.Execute(w, data)
}

// markClass is the CSS class of a side-by-side row.
func markClass(m expect.Mark) string {
	switch m {
	case expect.Changed:
		return "changed"
	case expect.Missing:
		return "missing"
	case expect.Extra:
		return "extra"
	case expect.Elided:
		return "elided"
	}
	return "same"
}
