package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/verdict"
)

// Version is labrun's version, written into every JSON document.
const Version = "0.1.0"

// Snippet is the JSON record of one snippet: where it is and what it is.
// Fields may be added, never renamed.
type Snippet struct {
	ID       string    `json:"id"`
	File     string    `json:"file"`
	Line     int       `json:"line"`
	Talk     string    `json:"talk"`
	Title    string    `json:"title"`
	Kind     string    `json:"kind"`
	Form     string    `json:"form"`
	Lang     string    `json:"lang,omitempty"`
	Code     string    `json:"code"`
	Commands []Command `json:"commands,omitempty"`
	// Hosts are the hosts the note puts the snippet on, when it names
	// any: "*" is every host of the lab, "*workers" every one but the first.
	Hosts []string `json:"hosts,omitempty"`
	// Warnings say what in the way it is written the author may not have
	// meant: a fence never closed, an annotation labrun does not know.
	Warnings []string `json:"warnings,omitempty"`
}

// Command is one command of a shell snippet.
type Command struct {
	Line   int    `json:"line"`
	Text   string `json:"text"`
	Output string `json:"output,omitempty"`
	// Answer is what the note shows the reader type at the command's
	// question (`[y/N] y`); output leaves it out.
	Answer string `json:"answer,omitempty"`
	// In is, for a command typed into a container's shell, the line of
	// the command that opened that shell: it runs in that container.
	In int `json:"in,omitempty"`
	// Host is the host the command's prompt or ssh session puts it on.
	Host string `json:"host,omitempty"`
}

// Extracted is the record `labrun extract --format json` prints.
type Extracted struct {
	Snippet
	Runnable bool               `json:"runnable"`
	Reason   extract.SkipReason `json:"reason,omitempty"`
	Message  string             `json:"message,omitempty"`
}

// ExtractDoc is the document `labrun extract --format json` prints.
type ExtractDoc struct {
	Labrun   string      `json:"labrun"`
	Snippets []Extracted `json:"snippets"`
}

// SnippetRecord makes the JSON record of a lab's step.
func SnippetRecord(lab labs.Lab, st labs.Step) Snippet {
	r := Snippet{
		ID: st.ID, File: st.File, Line: st.Line, Talk: lab.ID, Title: lab.Title,
		Kind: string(st.Kind), Form: string(st.Form), Lang: st.Lang, Code: st.Code, Warnings: st.Warnings, Hosts: st.Hosts,
	}
	for _, c := range st.Commands {
		r.Commands = append(r.Commands, Command{Line: c.Line, Text: c.Text, Output: c.Output, Answer: c.Answer, In: c.In, Host: c.Host})
	}
	return r
}

// ExtractJSON writes every step of the labs as one JSON document.
func ExtractJSON(w io.Writer, all []labs.Lab) error {
	doc := ExtractDoc{Labrun: Version, Snippets: []Extracted{}}
	for _, lab := range all {
		for _, st := range lab.Steps {
			doc.Snippets = append(doc.Snippets, Extracted{
				Snippet: SnippetRecord(lab, st), Runnable: st.Runnable, Reason: st.Reason, Message: st.Message,
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// ExtractText writes one line per snippet, grouped by talk:
// `file:line  kind  run|skip reason  code`.
func ExtractText(w io.Writer, all []labs.Lab) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for i, lab := range all {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "# %s (%s)\n", lab.Title, lab.ID)
		for _, st := range lab.Steps {
			run := "run"
			if !st.Runnable {
				run = string(verdict.Skip) + " " + string(st.Reason)
			}
			fmt.Fprintf(tw, "%s:%d\t%s\t%s\t%s\n", st.File, st.Line, st.Kind, run, oneLine(st.Code, 60))
			for _, warning := range st.Warnings {
				fmt.Fprintf(tw, "\t\t\twarning: %s\n", warning)
			}
		}
	}
	return tw.Flush()
}

// List writes one line per talk with its counts per kind.
func List(w io.Writer, all []labs.Lab) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TALK\tTITLE\tSNIPPETS\tRUNNABLE\tKINDS\tNOTE")
	total, runnable := 0, 0
	for _, lab := range all {
		kinds := map[extract.Kind]int{}
		run := 0
		for _, st := range lab.Steps {
			kinds[st.Kind]++
			if st.Runnable {
				run++
			}
		}
		var parts []string
		for _, k := range []extract.Kind{extract.Dockerfile, extract.Compose, extract.Shell, extract.Go, extract.Config, extract.Output, extract.Text} {
			if kinds[k] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", k, kinds[k]))
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s:%d\n", lab.ID, oneLine(lab.Title, 40), len(lab.Steps), run,
			strings.Join(parts, ", "), lab.File, lab.Steps[0].Line)
		total += len(lab.Steps)
		runnable += run
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d talks, %d snippets, %d runnable\n", len(all), total, runnable)
	return err
}

// oneLine shortens s to its first line and at most n runes.
func oneLine(s string, n int) string {
	first, _, more := strings.Cut(s, "\n")
	r := []rune(first)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	if more {
		return first + " …"
	}
	return first
}
