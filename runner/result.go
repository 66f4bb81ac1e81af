package runner

import (
	"slices"
	"time"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/runner/sandbox"
)

// Status is a snippet's verdict.
type Status string

// The verdicts of the product contract.
const (
	Pass    Status = "pass"    // it ran and did what it says
	Fail    Status = "fail"    // broken as written
	Blocked Status = "blocked" // could not be judged here: the environment lacks something
	Skip    Status = "skip"    // not run
)

// Failure reasons.
const (
	ReasonSyntax         = "syntax"
	ReasonUnknownCommand = "unknown-command"
	ReasonUnknownFlag    = "unknown-flag"
	ReasonUsage          = "usage"
	ReasonMissingFile    = "missing-file"
	ReasonCompileError   = "compile-error"
	ReasonBuildFailed    = "build-failed"
	ReasonExitCode       = "exit-code"
	ReasonTimeout        = "timeout"
	ReasonDeprecated     = "deprecated"
)

// Blocked reasons.
const (
	ReasonImageUnavailable = "image-unavailable"
	ReasonToolMissing      = "tool-missing"
	ReasonNeedsNetwork     = "needs-network"
	ReasonNeedsHost        = "needs-host"
	ReasonNeedsMultiNode   = "needs-multi-node"
	ReasonError            = "error" // labrun itself could not finish the snippet
)

// Pass reasons.
const (
	ReasonLongRunning     = "long-running"     // alive and error-free after its settle window
	ReasonExpectedFailure = "expected-failure" // failed, as the note's expect=fail says it should
	ReasonNoMatch         = "no-match"         // a grep at the end of a pipeline found nothing to show
)

// Verdict is what labrun concludes about one snippet or command.
type Verdict struct {
	Status  Status
	Reason  string
	Message string
	Hint    string
}

// Result is the verdict on one step of a lab, with what labrun saw.
type Result struct {
	Step  labs.Step
	LabID string // the lab (talk) the step belongs to
	Title string // that talk's title
	Verdict
	Engine   string // the engine it ran on
	Line     int    // the note line of the command the verdict is about
	Command  string // that command, when the step has several
	Output   string // what the step printed, capped
	Duration time.Duration
	Cached   bool // taken from the cache of an earlier, identical run
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

// networkOf says what the runnable labs' sandboxes reach under cfg.
func networkOf(all []labs.Lab, cfg Config) Network {
	var n Network
	online := false
	for _, lab := range all {
		if !runnable(lab) {
			continue
		}
		if cfg.reach(lab) == sandbox.Offline {
			n.Offline = append(n.Offline, lab.ID)
		} else {
			online = true
		}
	}
	switch {
	case !online && (cfg.Offline || len(n.Offline) > 0):
		n.Mode, n.Offline = "offline", nil
	case len(n.Offline) > 0:
		n.Mode = "mixed"
	default:
		n.Mode = "online"
	}
	return n
}

// Host describes the Docker daemon that holds the sandboxes.
type Host struct {
	Server string // engine version, e.g. 20.10.24
	API    string // negotiated API version
}

// Engine describes one engine the labs ran on.
type Engine struct {
	Name     string           // "28", or a Docker-in-Docker image
	Versions sandbox.Versions // its Docker parts
	Sandbox  string           // how its sandboxes ran, e.g. "privileged" or "unprivileged"
}

// Summary counts results per status.
func Summary(results []Result) map[Status]int {
	m := map[Status]int{Pass: 0, Fail: 0, Blocked: 0, Skip: 0}
	for _, r := range results {
		m[r.Status]++
	}
	return m
}
