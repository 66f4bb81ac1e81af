package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"github.com/labrun/labrun/runner"
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
	"line": resultLine,
	"text": xmlText,
}).Parse(pageTemplate))

// pageData is what the page template renders.
type pageData struct {
	Engine  runner.Engine
	Summary map[string]int
	Total   int
	Talks   []talk
}

// HTML writes one self-contained page (no network, no external assets):
// per talk a bar of pass/fail/blocked/skip, then every snippet with its
// code, verdict, hint and collapsible output.
func HTML(w io.Writer, rep runner.Report) error {
	summary := map[string]int{}
	for status, n := range runner.Summary(rep.Results) {
		summary[string(status)] = n
	}
	return page.Execute(w, pageData{Engine: rep.Engine, Summary: summary, Total: len(rep.Results), Talks: byTalk(rep.Results)})
}
