// Package runner runs a lab's snippets against a throwaway Docker daemon and
// gives each snippet a verdict: pass, fail, blocked or skip, with a reason,
// a message and, where labrun knows one, the modern form as a hint. Each
// command runs where the note puts it: on one of the lab's hosts, or in a
// container's shell; its output is compared with the output the note shows.
//
// A failing snippet is a Result, not an error: Run returns an error only when
// it cannot run at all (no daemon, no sandbox).
package runner
