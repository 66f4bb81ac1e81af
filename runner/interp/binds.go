package interp

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/verdict"
)

// Values from the author's run (a container's ID, its address) that a
// note shows a command print and later commands use: the lab's own run
// prints its own, and the later commands are given those.

// bindSources lists, by note line, the author's values each command
// printed that later steps use.
func bindSources(lab labs.Lab) map[int][]string {
	out := map[int][]string{}
	for _, st := range lab.Steps {
		for v, line := range st.Binds {
			out[line] = append(out[line], v)
		}
	}
	return out
}

// learn reads, from what command c printed here, the lab's own values for
// the author's values the note shows it print.
func (l *labRun) learn(c extract.Command, printed string) {
	for _, v := range l.sources[c.Line] {
		if real, ok := counterpart(c.Output, printed, v); ok {
			l.bound[v] = real
		}
	}
}

// counterpart finds in what ran printed the value standing where v stands
// in what the note shows: in the same field of the line that shares the
// most other words with v's line (the same line, or the row of the same
// host in a table printed in another order), or the only value of its
// kind.
func counterpart(shown, printed, v string) (string, bool) {
	kind := hexRE
	switch {
	case strings.Contains(v, "."):
		kind = ipRE
	case !hexRE.MatchString(v):
		kind = swarmIDRE
	}
	shownLines, printedLines := strings.Split(strings.TrimSpace(shown), "\n"), strings.Split(strings.TrimSpace(printed), "\n")
	for i, sl := range shownLines {
		fields := strings.Fields(sl)
		for j, f := range fields {
			if !strings.Contains(f, v) {
				continue
			}
			best, score := -1, -1
			for k, pl := range printedLines {
				if s := shared(fields, strings.Fields(pl)); s > score || s == score && k == i {
					best, score = k, s
				}
			}
			if best < 0 {
				continue
			}
			if pf := strings.Fields(printedLines[best]); j < len(pf) {
				if m := kind.FindString(pf[j]); m != "" {
					return fit(m, v), true
				}
			}
		}
	}
	if all := kind.FindAllString(printed, -1); len(all) == 1 {
		return fit(all[0], v), true
	}
	return "", false
}

// shared counts the words two lines have in common.
func shared(a, b []string) int {
	n := 0
	for _, w := range a {
		if slices.Contains(b, w) {
			n++
		}
	}
	return n
}

var (
	hexRE = regexp.MustCompile(`\b[0-9a-f]{64}\b|\b[0-9a-f]{12}\b`)
	ipRE  = regexp.MustCompile(`\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`)
	// swarm's node, service and task IDs
	swarmIDRE = regexp.MustCompile(`\b[0-9a-z]{25}\b`)
)

// fit shortens a 64-digit ID to 12 where the note wrote 12.
func fit(real, v string) string {
	if len(v) == 12 && len(real) == 64 {
		return real[:12]
	}
	return real
}

// bind gives a command the lab's own values for the author's values it
// uses. It returns the command to run and what it replaced, or a verdict
// when a value it needs was never printed here.
func (l *labRun) bind(st labs.Step, text string) (string, string, *verdict.Verdict) {
	values := make([]string, 0, len(st.Binds))
	for v := range st.Binds {
		if strings.Contains(text, v) {
			values = append(values, v)
		}
	}
	sort.Strings(values)
	var said []string
	for _, v := range values {
		real, ok := l.bound[v]
		if !ok {
			return "", "", &verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonDepends,
				Message: fmt.Sprintf("uses %s, which the command at line %d printed in the note; here it printed no value to use instead", v, st.Binds[v])}
		}
		text = strings.ReplaceAll(text, v, real)
		said = append(said, fmt.Sprintf("%s for the note's %s (printed at line %d)", real, v, st.Binds[v]))
	}
	if len(said) == 0 {
		return text, "", nil
	}
	return text, "ran with the lab's own " + strings.Join(said, ", "), nil
}
