package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// maxAnnotations is how many annotations of each level GitHub shows for
// a step; it drops the rest.
const maxAnnotations = 10

// GitHubAnnotations writes the report's findings as GitHub Actions
// workflow commands, a line each: ::error for a fail, ::warning for a
// pass whose output drifted from its note's, ::notice for a blocked
// snippet, at the note line of the command it is about. path maps a
// note's path to the repository-relative one GitHub needs (nil keeps
// it). A finding that several engines give is written once, naming them.
// As GitHub shows only ten annotations of each level per step, at most
// ten of each are written, the most important first, and a plain line
// then says how many more the report has.
func GitHubAnnotations(w io.Writer, rep result.Report, path func(string) string) error {
	if path == nil {
		path = func(p string) string { return p }
	}
	all := annotations(rep, path)
	slices.SortStableFunc(all, func(a, b annotation) int { return cmp.Compare(a.rank(), b.rank()) })
	seen := map[string]int{}
	for _, a := range all {
		seen[a.level]++
		if seen[a.level] > maxAnnotations {
			continue
		}
		if _, err := io.WriteString(w, a.command()+"\n"); err != nil {
			return err
		}
	}
	if l := moreLine(seen); l != "" {
		_, err := io.WriteString(w, l+"\n")
		return err
	}
	return nil
}

// An annotation is a finding at a place in a note, with the engines that
// give it when the labs ran on several.
type annotation struct {
	finding
	file    string
	engines []string
}

// annotations are the report's findings, one per file, line, status and
// reason, in the order of the first engine that gives each.
func annotations(rep result.Report, path func(string) string) []annotation {
	type key struct {
		file        string
		line        int
		level, rule string
	}
	var out []annotation
	index := map[key]int{}
	for _, f := range findings(rep.Results) {
		k := key{path(f.Step.File), f.At(), f.level, f.rule}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, annotation{finding: f, file: k.file})
		}
		if len(rep.Engines) > 1 && f.Engine != "" {
			out[i].engines = append(out[i].engines, f.Engine)
		}
	}
	order := engineOrder(rep)
	for i := range out {
		slices.SortStableFunc(out[i].engines, func(x, y string) int { return cmp.Compare(slices.Index(order, x), slices.Index(order, y)) })
	}
	return out
}

// rank orders annotations by importance: fails, then drift, then blocked
// snippets; within each, those that matter less (an output other than
// the note shows, a snippet blocked by another) last.
func (a annotation) rank() int {
	r := 2 * slices.Index([]string{levelError, levelWarning, levelNote}, a.level)
	if a.Reason == verdict.ReasonOutput || a.Reason == verdict.ReasonDepends {
		r++
	}
	return r
}

var commandOfLevel = map[string]string{levelError: "error", levelWarning: "warning", levelNote: "notice"}

// command is the annotation's workflow command: the message, then the
// hint and a proven fix on lines of their own.
func (a annotation) command() string {
	msg := a.text()
	if len(a.engines) > 0 {
		msg = onEngines(a.engines) + msg
	}
	lines := nonEmpty(msg, hintLine(a.Hint))
	if a.Fix != nil {
		lines = append(lines, "fix: "+a.Fix.Code)
	}
	return fmt.Sprintf("::%s file=%s,line=%d,title=%s::%s", commandOfLevel[a.level],
		escapeProperty(a.file), a.At(), escapeProperty(a.title()), escapeData(strings.Join(lines, "\n")))
}

// title is the annotation's title: "labrun: unknown-flag", "labrun:
// output drifted", "labrun: blocked (image-unavailable)".
func (a annotation) title() string {
	switch {
	case a.level == levelWarning:
		return "labrun: output drifted"
	case a.level == levelNote && a.Reason != "":
		return "labrun: blocked (" + a.rule + ")"
	}
	return "labrun: " + a.rule
}

// moreLine says how many annotations of each level were left out, given
// how many there were; "" when none was.
func moreLine(seen map[string]int) string {
	var parts []string
	more := 0
	for _, l := range []struct{ level, noun string }{{levelError, "fail"}, {levelWarning, "warning"}, {levelNote, "notice"}} {
		if n := seen[l.level] - maxAnnotations; n > 0 {
			parts = append(parts, fmt.Sprintf("%d more %s", n, plural(n, l.noun)))
			more += n
		}
	}
	if len(parts) == 0 {
		return ""
	}
	verb := "are"
	if more == 1 {
		verb = "is"
	}
	list := parts[len(parts)-1]
	if len(parts) > 1 {
		list = strings.Join(parts[:len(parts)-1], ", ") + " and " + list
	}
	return fmt.Sprintf("labrun: %s %s in the report", list, verb)
}

func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// The escaping of the Actions toolkit (@actions/core's command.ts).
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes a workflow command's message.
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

// GitHubAddMask registers each value with GitHub Actions (::add-mask::),
// which then hides it wherever the job's log would show it.
func GitHubAddMask(w io.Writer, values []string) error {
	for _, v := range values {
		if _, err := io.WriteString(w, "::add-mask::"+escapeData(v)+"\n"); err != nil {
			return err
		}
	}
	return nil
}
