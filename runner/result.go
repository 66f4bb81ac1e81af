package runner

import (
	"time"

	"github.com/labrun/labrun/labs"
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
	ReasonLongRunning = "long-running" // alive and error-free after its settle window
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
	Line     int    // the note line of the command the verdict is about
	Command  string // that command, when the step has several
	Output   string // what the step printed, capped
	Duration time.Duration
	Cached   bool // taken from the cache of an earlier, identical run
}

// Report is the outcome of a run: the engine and sandbox it ran against and
// a result for every step of every lab, in order.
type Report struct {
	Engine  Engine
	Results []Result
}

// Engine describes the Docker engine the labs ran against.
type Engine struct {
	Server  string // engine version, e.g. 20.10.24
	API     string // negotiated API version
	Sandbox string // how the sandbox ran, e.g. "privileged" or "unprivileged"
}

// Summary counts results per status.
func Summary(results []Result) map[Status]int {
	m := map[Status]int{Pass: 0, Fail: 0, Blocked: 0, Skip: 0}
	for _, r := range results {
		m[r.Status]++
	}
	return m
}
