package report

import (
	"fmt"
	"strings"

	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/verdict"
)

// A finding is a result that code scanning and CI annotations show: a
// fail, a pass whose output drifted from what its note shows, or a
// blocked snippet. Passes without drift and skips are not findings.
type finding struct {
	result.Result
	level string // SARIF's: levelError, levelWarning or levelNote
	rule  string // the reason; "drift" for a drifted pass, "fail" or "blocked" when there is none
}

// The levels of findings, in SARIF's words, most important first.
const (
	levelError   = "error"   // a fail
	levelWarning = "warning" // a pass whose output drifted
	levelNote    = "note"    // a blocked snippet
)

// findings picks a run's findings, in the report's order.
func findings(results []result.Result) []finding {
	var out []finding
	for _, r := range results {
		switch {
		case r.Status == verdict.Fail:
			out = append(out, finding{r, levelError, orDefault(string(r.Reason), string(verdict.Fail))})
		case r.Status == verdict.Pass && r.Compared != nil && len(r.Compared.Drift) > 0:
			out = append(out, finding{r, levelWarning, "drift"})
		case r.Status == verdict.Blocked:
			out = append(out, finding{r, levelNote, orDefault(string(r.Reason), string(verdict.Blocked))})
		}
	}
	return out
}

// text is what a finding says, without its hint or fix: for a drifted
// pass its first drifted line, otherwise the verdict's message.
func (f finding) text() string {
	if f.level != levelWarning {
		return f.Message
	}
	drift := f.Compared.Drift
	s := fmt.Sprintf("the output drifted from the note's (%s): %s", drift[0].Kind, driftText(drift[0]))
	if len(drift) > 1 {
		n := len(drift) - 1
		s += fmt.Sprintf("; %d more %s drifted", n, plural(n, "line"))
	}
	return s
}

// description says what a finding's rule is about, in a line.
func (f finding) description() string {
	switch {
	case f.level == levelWarning:
		return "A snippet's output drifted from what its note shows"
	case f.level == levelNote:
		return "A snippet could not be judged here: " + f.rule
	case f.rule == string(verdict.Fail):
		return "A snippet is broken as written"
	}
	return "A snippet is broken as written: " + f.rule
}

// onEngines names the engines a finding is on: "on engine 28: ",
// "on engines 26, 28: ".
func onEngines(engines []string) string {
	if len(engines) == 1 {
		return "on engine " + engines[0] + ": "
	}
	return "on engines " + strings.Join(engines, ", ") + ": "
}
