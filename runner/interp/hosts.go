package interp

import (
	"fmt"
	"slices"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/verdict"
)

// A lab of one host has no sandbox for a host the note reaches by ssh
// alone (a server on the internet, say, that is no machine of the lab):
// what the note runs there (after `ssh HOST`, until its `exit`) runs
// nowhere and is blocked. A lab of several hosts runs it on that host
// (multihost.go).

// away is the host a note's reader is on after `ssh HOST`, and the line of
// that ssh; "" on the lab's own host.
type away struct {
	host string
	line int
}

// elsewhere judges a command the reader types on another host, and moves
// the lab's reader there or back; ok is false for a command of this host.
func (l *labRun) elsewhere(c extract.Command) (verdict.Verdict, bool) {
	if l.lab.MultiHost() {
		return verdict.Verdict{}, false // the lab has its hosts
	}
	if l.ours(c) {
		l.away = away{} // on the lab's one host, which the note names
		return verdict.Verdict{}, false
	}
	if l.away.host != "" {
		at := l.away
		if c.Exits() {
			l.away = away{}
		}
		return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsHost,
			Message: fmt.Sprintf("runs on %s (after `ssh %s` at line %d), a host this lab does not have", at.host, at.host, at.line)}, true
	}
	host, words := c.SSH, c.Remote
	if host == "" {
		return verdict.Verdict{}, false
	}
	if words == nil {
		l.away = away{host, c.Line}
	}
	return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsHost,
		Message: fmt.Sprintf("runs on %s, a host this lab does not have", host)}, true
}

// ours reports whether the note puts c on one of the lab's hosts by name:
// its prompt, its ssh session, or an ssh to the host's address
// (`ssh docker@manager1.lab.example.com`, manager1 to the note).
func (l *labRun) ours(c extract.Command) bool {
	return c.Host != "" && slices.Contains(l.lab.RunsOn(), c.Host)
}
