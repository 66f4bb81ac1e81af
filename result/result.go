package result

import (
	"slices"
	"time"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/verdict"

	"github.com/labrun/labrun/labs"
)

// Result is the verdict on one step of a lab, with what labrun saw.
type Result struct {
	Step  labs.Step
	LabID string // the lab (talk) the step belongs to
	Title string // that talk's title
	verdict.Verdict
	Engine   string // the engine it ran on
	Line     int    // the note line of the command the verdict is about
	Command  string // that command, when the step has several
	Output   string // what the step printed, capped
	Duration time.Duration
	Cached   bool // taken from the cache of an earlier, identical run
	// Host is, in a lab of several hosts, the host the step ran on (the
	// command's the verdict is about), or the hosts, comma-separated.
	Host string
	// Fix is, for a failing step, a rewrite that its lab proved: with
	// it the step passed and the others kept their verdicts; nil when
	// none was tried or none passed.
	Fix *Fix
	// Tried are the rewrites of a failing step that were tried and did
	// not pass, as a reader reads them.
	Tried []string
}

// At is the note line the verdict is about: its command's, or its
// step's.
func (r Result) At() int {
	if r.Line != 0 {
		return r.Line
	}
	return r.Step.Line
}

// Fix is a rewrite of a failing step, proven in its lab.
type Fix struct {
	Code   string // the step's code rewritten
	Engine string // the engines it passed on, comma-separated
	Why    string // what changed in Docker, or the slip it mends
}

// Report is the outcome of a run: the host daemon, the engines the labs
// ran on, and a result for every step of every lab on every engine, in
// order.
type Report struct {
	Host    Host
	Engines []Engine
	Network Network
	Results []Result
}

// Network says what the labs' sandboxes could reach.
type Network struct {
	Mode    string   // "online", "offline", or "mixed" when some labs ran offline
	Offline []string // with "mixed": the labs that ran offline, by their notes' front matter
}

// Of says what lab's sandbox reached: "online" or "offline"; "" when
// the run says nothing of its network.
func (n Network) Of(lab string) string {
	if n.Mode == "mixed" {
		if slices.Contains(n.Offline, lab) {
			return "offline"
		}
		return "online"
	}
	return n.Mode
}

// Host describes the Docker daemon that holds the sandboxes.
type Host struct {
	Server string // engine version, e.g. 20.10.24
	API    string // negotiated API version
}

// Engine describes one engine the labs ran on.
type Engine struct {
	Name     string          // "28", or a Docker-in-Docker image
	Versions engine.Versions // its Docker parts
	Sandbox  string          // how its sandboxes ran, e.g. "privileged" or "unprivileged"
}

// Summary counts results per status.
func Summary(results []Result) map[verdict.Status]int {
	m := map[verdict.Status]int{verdict.Pass: 0, verdict.Fail: 0, verdict.Blocked: 0, verdict.Skip: 0}
	for _, r := range results {
		m[r.Status]++
	}
	return m
}
