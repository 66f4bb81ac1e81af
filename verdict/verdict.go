package verdict

import "github.com/labrun/labrun/verdict/expect"

// Status is a snippet's verdict.
type Status string

// The verdicts of the product contract.
const (
	Pass    Status = "pass"    // it ran and did what it says
	Fail    Status = "fail"    // broken as written
	Blocked Status = "blocked" // could not be judged here: the environment lacks something
	Skip    Status = "skip"    // not run
)

// Reason says why a snippet got its verdict, in a word. A skipped
// snippet's is the extract.SkipReason that extract gave it (fragment,
// placeholder, …), declared there: extract imports no verdict.
type Reason string

// Failure reasons.
const (
	ReasonSyntax         Reason = "syntax"
	ReasonUnknownCommand Reason = "unknown-command"
	ReasonUnknownFlag    Reason = "unknown-flag"
	ReasonUsage          Reason = "usage"
	ReasonMissingFile    Reason = "missing-file"
	ReasonCompileError   Reason = "compile-error"
	ReasonBuildFailed    Reason = "build-failed"
	ReasonExitCode       Reason = "exit-code"
	ReasonTimeout        Reason = "timeout"
	ReasonDeprecated     Reason = "deprecated"
	ReasonOutput         Reason = "output" // exited as expected but printed something other than the note shows
)

// Blocked reasons.
const (
	ReasonImageUnavailable Reason = "image-unavailable"
	ReasonToolMissing      Reason = "tool-missing"
	ReasonNeedsNetwork     Reason = "needs-network"
	ReasonNeedsHost        Reason = "needs-host"
	ReasonNeedsMultiNode   Reason = "needs-multi-node"
	ReasonDepends          Reason = "depends" // fails only because an earlier snippet could not make what it uses
	// ReasonNeedsFile: it needs a file or directory that the note never
	// makes, nor one like it: the reader has it from elsewhere (an
	// earlier part, the project's folder, a download).
	ReasonNeedsFile Reason = "needs-file"
	ReasonError     Reason = "error" // labrun itself could not finish the snippet
)

// Pass reasons.
const (
	ReasonLongRunning     Reason = "long-running"     // alive and error-free after its settle window
	ReasonExpectedFailure Reason = "expected-failure" // failed, as the note's expect=fail says it should
	ReasonNoMatch         Reason = "no-match"         // a grep at the end of a pipeline found nothing to show
)

// ReasonUnchanged is a skip: the lab was not run, as neither its notes nor
// the files they use changed since the Git ref of --changed.
const ReasonUnchanged Reason = "unchanged"

// Verdict is what labrun concludes about one snippet or command.
type Verdict struct {
	Status  Status
	Reason  Reason
	Message string
	Hint    string
	// Compared is the command's output set against the output the note
	// shows, when the note shows one and the command ran as expected.
	Compared *expect.Comparison `json:",omitempty"`
}
