package verdict

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/verdict/expect"
)

// Outcome is what happened when one shell command ran in the sandbox.
type Outcome struct {
	Command string           // the command as the note wrote it
	Lines   []dockercli.Line // its simple commands, as read by extract
	Bound   string           // the lab's own values it ran with in place of the note's, said for people
	Where   string           // where it ran when not on the sandbox's host (in a container's shell), said for people
	// Inside is, for a command typed into a container's shell, what it
	// ran in ("the image busybox"): a program missing there is missing
	// from that image wherever the note runs, not from the sandbox.
	Inside string
	// Grammar is the engine whose CLI judges a blocked command's flags
	// and subcommands without running it; "" judges none.
	Grammar      string
	ExitCode     int
	Output       string // stdout and stderr as they came
	TimedOut     bool   // killed at the snippet's time limit
	StillRunning bool   // alive after its settle window, then stopped
	Settle       string // the settle window, for the message ("5s")
	// Listening are, for a server judged running, the ports it listened
	// on, first seen ReadyAfter its start.
	Listening  []int
	ReadyAfter time.Duration
	// UntilStopped: the note says the command runs until it is stopped
	// (Ctrl-C), so that running on is what it does.
	UntilStopped bool
	Answered     bool // a [y/N] prompt was answered y
	ExpectFail   bool // annotated expect=fail
	// Expected is the output the note shows the command print, compared
	// in ExpectedMode once the command has passed.
	Expected     string
	ExpectedMode expect.Mode
	// Piped are how the Docker commands that piped their output into
	// another command, and showed the reader their errors, ended:
	// ExitCode is the pipeline's last command's alone.
	Piped []PipedExit
	// Own are the words of the lab's own code: a line of the note's
	// output that carries one shows what the note set up.
	Own           expect.Words
	Uses          []string          // images the command uses; by default read from the command
	MissingImages map[string]string // images that could not be had, and why
	Blocked       *Verdict          // set when the command was not run: the verdict
	Truncated     bool              // Output was cut at CutAt bytes
	CutAt         int
	Offline       bool // the sandbox had no route outside (--offline)
}

// PipedExit is how one command of a pipeline ended.
type PipedExit struct {
	Line     int // the command, by its index in Lines
	ExitCode int
}

// rule maps what a command printed to a verdict.
type rule struct {
	re      *regexp.Regexp
	status  Status
	reason  Reason
	message func(m []string) string
}

func msg(format string) func([]string) string {
	return func(m []string) string {
		args := make([]any, len(m)-1)
		for i := range args {
			args[i] = m[i+1]
		}
		return fmt.Sprintf(format, args...)
	}
}

// rules are tried in order; the first that matches the output decides.
// Their patterns are the texts that docker CLI 20.10 and 28, the daemon,
// docker-compose 1.29 and dash print.
var rules = slices.Concat(usageRules, retiredRules(), outputRules)

// usageRules match what the CLIs print of a command line they refuse.
var usageRules = []rule{
	{regexp.MustCompile(`unknown shorthand flag: '(\w)' in (-\S+)`), Fail, ReasonUnknownFlag, msg("unknown flag -%s (in %s)")},
	{regexp.MustCompile(`unknown flag: (--?[\w-]+)`), Fail, ReasonUnknownFlag, msg("unknown flag %s")},
	{regexp.MustCompile(`flag needs an argument: '?(-[\w-]+)`), Fail, ReasonUsage, msg("flag %s needs an argument")},
	{regexp.MustCompile(`["']?(docker [\w -]+?)["']? (requires (?:at least|exactly|at most) \d+ arguments?|accepts no arguments?)`), Fail, ReasonUsage, msg("%s %s")},
	{regexp.MustCompile(`docker: '([\w-]+)' is not a docker command`), Fail, ReasonUnknownCommand, msg("docker has no %s command")},
	{regexp.MustCompile(`unknown command: (docker [\w -]+)`), Fail, ReasonUnknownCommand, msg("%s is not a docker command")},
	{regexp.MustCompile(`No such command: (\S+)`), Fail, ReasonUsage, msg("docker-compose has no command %s")},
}

// shellSays matches how dash (`sh: 1: `) and bash (`bash: `) begin a
// line they print about a command, or a line's start.
const shellSays = `(?:sh: \d+: |bash: |^|\n)`

// retiredRules match a program Docker retired (dockercli's table) that the
// shell does not find: not a tool the sandbox lacks, but the note's
// mistake wherever it runs today.
func retiredRules() []rule {
	var out []rule
	for _, r := range dockercli.RetiredPrograms() {
		message := r.What + " is retired (" + r.Since + ")"
		if r.Plugin != "" {
			message += ": this engine has only the " + r.Plugin + " plugin"
		}
		out = append(out, rule{regexp.MustCompile(shellSays + regexp.QuoteMeta(r.Program) + `: (?:command )?not found`),
			Fail, ReasonDeprecated, func([]string) string { return message }})
	}
	return out
}

// outputRules match the rest of what a command that failed printed.
var outputRules = []rule{
	{regexp.MustCompile(shellSays + `([\w.-]+): (?:command )?not found`), Blocked, ReasonToolMissing, msg("%s is not installed in the sandbox")},
	{regexp.MustCompile(`cannot open ([^:\s]+): No such file`), Fail, ReasonMissingFile, msg("%s is not in the lab's directory")},
	{regexp.MustCompile(`no configuration file provided: not found`), Fail, ReasonMissingFile, msg("no compose file in the lab's directory")},
	{regexp.MustCompile(`can't cd to ([^\s]+)`), Fail, ReasonMissingFile, msg("no directory %s to cd to")},
	{regexp.MustCompile(`This node is not a swarm manager`), Fail, ReasonExitCode, msg("this node is not a swarm manager")},
	{regexp.MustCompile(`(?:lookup [\w.-]+(?: on [\d.:]+)?: [^\n]*(?:no such host|server misbehaving|i/o timeout|connection refused)|dial tcp [^:]*:? ?(?:[\d.:]+: )?(?:i/o timeout|connect: network is unreachable)|Could not resolve host: ?\S*|Temporary failure in name resolution|Temporary failure resolving '[^'\n]+'|Could not resolve '[^'\n]+'|getaddrinfo (?:EAI_AGAIN|ENOTFOUND) \S+|network is unreachable|TLS handshake timeout)`), Blocked, ReasonNeedsNetwork, nil},
	{regexp.MustCompile(`(?:pull access denied for|manifest for|repository) (\S+?),? (?:repository does not exist|not found|does not exist)`), Blocked, ReasonImageUnavailable, msg("image %s cannot be pulled here")},
	{regexp.MustCompile(`Cannot connect to the Docker daemon`), Blocked, ReasonError, msg("the sandbox's daemon did not answer")},
	{regexp.MustCompile(`(/proc/[\w./-]+|/sys/[\w./-]+): (?:No such file or directory|Permission denied|Operation not permitted)`), Blocked, ReasonNeedsHost, msg("%s is not there in the sandbox: it needs that host")},
	{regexp.MustCompile(`(?:unable to prepare context: [^\n]*|COPY failed: [^\n]*|ADD failed: [^\n]*|(?:open |stat |lstat )?'?([\w./-]+)'?: [Nn]o such file or directory|Can't find a suitable configuration file[^\n]*)`), Fail, ReasonMissingFile, nil},
	{regexp.MustCompile(`An image does not exist locally with the tag: (\S+)`), Fail, ReasonExitCode, msg("no image %s here: it was never built")},
	{regexp.MustCompile(`is invalid because:\s*\n([^\n]+)`), Fail, ReasonSyntax, msg("docker-compose v1 rejects the compose file: %s")},
	{regexp.MustCompile(`Unsupported config option[^\n]*|ERROR: The Compose file[^\n]*|is invalid because:[^\n]*|Version "[^"\n]*" in "[^"\n]*" is invalid[^\n]*`), Fail, ReasonSyntax, nil},
	{regexp.MustCompile(`dockerfile parse error (?:on )?line (\d+): ([^\n]+)`), Fail, ReasonSyntax, msg("the classic builder cannot parse the Dockerfile, line %s: %s")},
	{regexp.MustCompile(`(?:Syntax error|syntax error)[^\n]*`), Fail, ReasonSyntax, nil},
}

// pullingRE finds a docker run that is pulling its image.
var pullingRE = regexp.MustCompile(`Unable to find image '([^']+)' locally`)

// groupUsageRE matches the usage a docker command group prints for a
// subcommand it does not have (CLI 20.10 says no more than that).
var groupUsageRE = regexp.MustCompile(`(?m)^Usage:\s+docker ([\w-]+) (?:\[OPTIONS\] )?COMMAND`)

// ansiRE matches terminal escape sequences.
var ansiRE = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// Judge gives one command's outcome its verdict, as a Docker expert would
// read what the CLI printed, and the modern form as a hint where there is one.
func Judge(o Outcome) Verdict {
	v := judge(o)
	if v.Status == Pass && v.Reason == "" && o.Expected != "" && o.ExpectedMode != expect.Ignore {
		c := expect.Read(o.Expected, o.Output, o.ExpectedMode, o.Own)
		if c.Difference != nil && dockercli.Any(o.Lines, (*dockercli.Line).Lists) && expect.SameLines(o.Expected, o.Output) {
			c.Difference = nil // the same list, in another order
		}
		switch {
		case c.Difference != nil:
			v = Verdict{Status: Fail, Reason: ReasonOutput, Message: outputMessage(c.Difference)}
		case c.Drift != nil:
			v.Message = driftMessage(c)
		default:
			v.Message = "exit 0 and printed what the note shows"
		}
		v.Compared = &c
	}
	if v.Reason == ReasonToolMissing && o.Inside != "" {
		v = Verdict{Status: Fail, Reason: ReasonExitCode,
			Message: fmt.Sprintf("exit %d: %s (%s has no such program)", o.ExitCode, LastLine(ansiRE.ReplaceAllString(o.Output, "")), o.Inside)}
	}
	if v.Status == Blocked {
		v = refusedAnyway(o, v)
	}
	if o.ExpectFail {
		switch v.Status {
		case Fail:
			v = Verdict{Status: Pass, Reason: ReasonExpectedFailure, Message: "failed as the note expects: " + v.Message}
		case Pass:
			v = Verdict{Status: Fail, Reason: ReasonExitCode, Message: "the note expects a failure, but it " + v.Message}
		}
	}
	if v.Hint == "" {
		v.Hint = Hint(o.Lines)
	}
	if o.Bound != "" {
		v.Message += " (" + o.Bound + ")"
	}
	if o.Where != "" {
		v.Message += " (" + o.Where + ")"
	}
	if o.Truncated {
		v.Message += fmt.Sprintf(" (output cut at %d KiB)", o.CutAt>>10)
	}
	return v
}

// judge judges the command as its exit code says, or, where that says it
// passed, as the first Docker command of its pipelines that failed says:
// the reader saw that command's error, whatever the pipeline's last
// command did with what it printed.
func judge(o Outcome) Verdict {
	v := judgeExit(o)
	if v.Status != Pass {
		return v
	}
	p, ok := FailedPipe(o.Piped)
	if !ok {
		return v
	}
	o.ExitCode, o.StillRunning = p.ExitCode, false
	if v = judgeExit(o); v.Status == Pass {
		return v // grep found nothing in what the command printed
	}
	v.Message = Clip(stageName(o.Lines, p.Line) + ", piped into the next command: " + v.Message)
	return v
}

// FailedPipe is the first command of a pipeline that failed. One that
// ended by a signal (exit 128+n) was stopped, not failed: by SIGPIPE when
// the command after it stopped reading (`docker ps | head -n 1`), or by
// labrun when it stops a command at its settle window.
func FailedPipe(piped []PipedExit) (PipedExit, bool) {
	for _, p := range piped {
		if p.ExitCode != 0 && p.ExitCode <= 128 {
			return p, true
		}
	}
	return PipedExit{}, false
}

// errorLineRE finds a line that says it is an error.
var errorLineRE = regexp.MustCompile(`(?im)^.*\berror\b.*$`)

// lastSaid is the line of out worth quoting for a failure: where a
// command of a pipeline failed, the last line that says error (the
// commands after it print theirs too: `wc -l`'s 0), else the last line.
func lastSaid(o Outcome, out string) string {
	if _, ok := FailedPipe(o.Piped); ok {
		if m := errorLineRE.FindAllString(out, -1); len(m) > 0 {
			return Clip(m[len(m)-1])
		}
	}
	return LastLine(out)
}

// stageName names line i of lines as typed: "docker save", "docker compose config".
func stageName(lines []dockercli.Line, i int) string {
	if i < 0 || i >= len(lines) || lines[i].Program == "" {
		return "a command of the pipeline"
	}
	l := lines[i]
	typed := l.Typed
	if l.Program == "docker-compose" {
		typed = strings.TrimSpace(strings.TrimPrefix(typed, "compose"))
	}
	return strings.TrimSpace(l.Program + " " + typed)
}

// judgeExit judges the command as its exit code says.
func judgeExit(o Outcome) Verdict {
	if o.Blocked != nil {
		return *o.Blocked
	}
	out := ansiRE.ReplaceAllString(o.Output, "")
	if m := pullingRE.FindStringSubmatch(out); m != nil && o.StillRunning {
		return Verdict{Status: Blocked, Reason: ReasonImageUnavailable, Message: "still pulling " + m[1] + " after " + orDefault(o.Settle, "its settle window") + ": it was not on the host" + offlineWhy(o)}
	}
	if ref, why := missingImage(o); ref != "" && (o.ExitCode != 0 || o.TimedOut) {
		return Verdict{Status: Blocked, Reason: ReasonImageUnavailable, Message: fmt.Sprintf("image %s is not available here: %s", ref, why)}
	}
	if v, ok := flagAfterImage(o.Lines, out, o.ExitCode); ok {
		return v
	}
	v, matched := match(out, o.ExitCode)
	if matched && v.Reason == ReasonNeedsNetwork {
		v.Message = networkMessage(o, v.Message)
	}
	switch {
	case o.TimedOut:
		if matched && v.Reason == ReasonNeedsNetwork || waitsOnNetwork(out) {
			return Verdict{Status: Blocked, Reason: ReasonNeedsNetwork, Message: "still waiting on the network at the time limit" + offlineWhy(o) + ": " + LastLine(out)}
		}
		return Verdict{Status: Fail, Reason: ReasonTimeout, Message: "still running at the time limit: " + LastLine(out)}
	case o.StillRunning:
		if matched && v.Status != Pass {
			return v
		}
		return Verdict{Status: Pass, Reason: ReasonLongRunning, Message: longRunning(o)}
	case o.ExitCode == 0:
		if m := groupUsageRE.FindStringSubmatch(out); m != nil && strings.HasPrefix(strings.TrimSpace(out), "Usage:") && len(strings.Fields(o.Command)) > 2 {
			return Verdict{Status: Fail, Reason: ReasonUnknownCommand, Message: "docker " + m[1] + " printed its usage: it has no such command"}
		}
		if o.Answered {
			return Verdict{Status: Pass, Message: "answered y to the prompt"}
		}
		return Verdict{Status: Pass, Message: "exit 0"}
	}
	if v, ok := missingPlugin(o.Lines, out, o.ExitCode); ok {
		return v
	}
	if matched {
		return v
	}
	if o.ExitCode == 1 && strings.TrimSpace(out) == "" && endsInGrep(o.Lines) {
		return Verdict{Status: Pass, Reason: ReasonNoMatch, Message: "ran; grep found nothing to show here"}
	}
	if m := groupUsageRE.FindStringSubmatch(out); m != nil {
		return Verdict{Status: Fail, Reason: ReasonUnknownCommand, Message: "docker " + m[1] + " has no such command (it printed its usage)"}
	}
	if o.ExitCode == 127 {
		return Verdict{Status: Blocked, Reason: ReasonToolMissing, Message: "a tool it uses is not installed in the sandbox"}
	}
	return Verdict{Status: Fail, Reason: ReasonExitCode, Message: fmt.Sprintf("exit %d: %s", o.ExitCode, lastSaid(o, out))}
}

// longRunning says why a command still running after its settle window
// passed: a server listening, a stream, or what the note said.
func longRunning(o Outcome) string {
	settle := orDefault(o.Settle, "its settle window")
	switch {
	case len(o.Listening) > 0:
		ports := make([]string, len(o.Listening))
		for i, p := range o.Listening {
			ports[i] = strconv.Itoa(p)
		}
		return fmt.Sprintf("listening on %s after %.1fs, then stopped", strings.Join(ports, ", "), o.ReadyAfter.Seconds())
	case o.UntilStopped:
		return fmt.Sprintf("still running after %s, as the note says it runs until stopped; then stopped", settle)
	}
	return fmt.Sprintf("streaming without errors for %s, then stopped", settle)
}

// waitingRE finds a progress line that waits on a server out there:
// apt's, wget's and git's.
var waitingRE = regexp.MustCompile(`Connecting to |Resolving |Waiting for headers|\d+% \[Working\]|Cloning into `)

// waitsOnNetwork reports whether output stopped on a line that waits on
// the network (apt redraws its line with carriage returns: the last
// drawing counts).
func waitsOnNetwork(out string) bool {
	last := strings.TrimRight(strings.TrimSpace(out), "\r")
	if i := strings.LastIndexAny(last, "\r\n"); i >= 0 {
		last = last[i+1:]
	}
	return waitingRE.MatchString(last)
}

// refusedAnyway turns a blocked verdict into a failure when the engine's
// CLI would have refused the command before doing anything: a flag or a
// subcommand it does not have fails wherever the note is run, so it
// is the note's, found from the CLI's grammar without running it.
func refusedAnyway(o Outcome, blocked Verdict) Verdict {
	if o.Grammar == "" {
		return blocked
	}
	for i := range o.Lines {
		problems := o.Lines[i].Check(o.Grammar)
		if len(problems) == 0 {
			continue
		}
		p := problems[0]
		reason := ReasonUnknownFlag
		if p.Command != "" {
			reason = ReasonUnknownCommand
		}
		return Verdict{Status: Fail, Reason: reason,
			Message: Clip(p.Message + ", found without running it (it could not run here: " + blocked.Message + ")")}
	}
	return blocked
}

// execFlagRE finds a container that could not start because its command
// is a flag: `exec: "--name": executable file not found`.
var execFlagRE = regexp.MustCompile(`exec: "(-[\w-]+)": executable file not found`)

// flagAfterImage blames the note for a flag of docker run written after
// the image (`docker run --rm busybox --name probe echo hi`): docker hands
// it to the container as its command, which no image has. Every reader
// gets the same error, so it is no tool the sandbox lacks.
func flagAfterImage(lines []dockercli.Line, out string, code int) (Verdict, bool) {
	m := execFlagRE.FindStringSubmatch(out)
	if m == nil || code == 0 {
		return Verdict{}, false
	}
	for _, l := range lines {
		if !l.Is("container run", "container create", "container exec") || len(l.Operands) < 2 {
			continue
		}
		i := slices.Index(l.Operands[1:], m[1])
		if i < 0 || l.Cmd.Flag(strings.TrimLeft(strings.SplitN(m[1], "=", 2)[0], "-")) == nil {
			continue
		}
		what := "image " + l.Operands[0]
		if l.Is("container exec") {
			what = "container " + l.Operands[0]
		}
		return Verdict{Status: Fail, Reason: ReasonUsage,
			Message: fmt.Sprintf("exit %d: %s after the %s is the container's command, not docker's flag", code, m[1], what),
			Hint:    fmt.Sprintf("put %s before %s", m[1], l.Operands[0])}, true
	}
	return Verdict{}, false
}

// topUsageRE matches the usage of docker itself, which a CLI without a
// plugin prints for `docker compose up -d`: it took -d for its own flag.
var topUsageRE = regexp.MustCompile(`(?m)^Usage:\s+docker \[OPTIONS\] COMMAND`)

// missingPlugin recognises a command of a CLI plugin (compose, buildx) run
// where that plugin is not installed: the CLI then complains about the
// plugin's flags as its own, which would read as the note's mistake.
func missingPlugin(lines []dockercli.Line, out string, code int) (Verdict, bool) {
	if !topUsageRE.MatchString(out) || !strings.Contains(out, "unknown") {
		return Verdict{}, false
	}
	for _, l := range lines {
		// A global flag before the command is what the CLI may refuse.
		if l.Program == "docker" && len(l.Global) == 0 && len(l.Args) > 0 {
			return Verdict{Status: Fail, Reason: ReasonUnknownCommand,
				Message: fmt.Sprintf("exit %d: docker has no %s command on this engine (the plugin is not there)", code, l.Args[0])}, true
		}
	}
	return Verdict{}, false
}

// match applies the rules to what a failed command printed.
func match(out string, code int) (Verdict, bool) {
	for _, r := range rules {
		m := r.re.FindStringSubmatch(out)
		if m == nil {
			continue
		}
		message := strings.TrimSpace(m[0])
		if r.message != nil {
			message = r.message(m)
		}
		return Verdict{Status: r.status, Reason: r.reason, Message: Clip(fmt.Sprintf("exit %d: %s", code, message))}, true
	}
	return Verdict{}, false
}

// networkMessage says why a command that could not reach the network is
// blocked: offline, the run cut the network; online, what it wanted is out
// of this machine's reach (a reader elsewhere may reach it).
func networkMessage(o Outcome, message string) string {
	exit, what, _ := strings.Cut(message, ": ")
	if o.Offline {
		return exit + ": needs the network, and this run is offline: " + what
	}
	return exit + ": could not reach the network from this machine: " + what
}

// offlineWhy adds, for an offline run, that nothing could be pulled.
func offlineWhy(o Outcome) string {
	if o.Offline {
		return ", and this run is offline"
	}
	return ""
}

// missingImage returns an image the command uses that could not be had.
func missingImage(o Outcome) (string, string) {
	if len(o.MissingImages) == 0 {
		return "", ""
	}
	uses := o.Uses
	if uses == nil {
		for i := range o.Lines {
			u, _ := o.Lines[i].Images()
			uses = append(uses, u...)
		}
	}
	for _, ref := range uses {
		if why, ok := o.MissingImages[ref]; ok {
			return ref, why
		}
	}
	return "", ""
}

// LastLine is the last line of output worth quoting.
func LastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l != "" && !strings.HasPrefix(l, "See '") && !strings.HasPrefix(l, "Run '") {
			return Clip(l)
		}
	}
	return "no output"
}

// Clip puts s on one line of at most 160 characters.
func Clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 160 {
		return string(r[:159]) + "…"
	}
	return s
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// endsInGrep reports whether a command's last simple command is grep,
// whose exit status 1 means "no match", not an error.
func endsInGrep(lines []dockercli.Line) bool {
	if len(lines) == 0 {
		return false
	}
	last := lines[len(lines)-1]
	switch last.Program {
	case "grep", "egrep", "fgrep", "zgrep":
	default:
		return false
	}
	// A grep that asks whether a line is there (-q, -x, -c) is an
	// assertion, and finding nothing is its failure.
	for _, a := range last.Args {
		if a == "--quiet" || a == "--silent" || a == "--line-regexp" || a == "--count" {
			return false
		}
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.ContainsAny(a[1:], "qxc") {
			return false
		}
	}
	return true
}

// Hint returns the modern form of a command whose form is retired or
// misplaced, or "" when it is fine as written.
func Hint(lines []dockercli.Line) string {
	for i := range lines {
		if h := lines[i].Hint(); h != "" {
			return h
		}
	}
	return ""
}

// outputMessage says where what ran differs from what the note shows.
func outputMessage(d *expect.Difference) string {
	switch {
	case d.Line == 0:
		return Clip(fmt.Sprintf("printed more than the note shows: `%s`", d.Actual))
	case d.Actual == "":
		return Clip(fmt.Sprintf("the note's output line %d `%s` is not printed (%s)", d.Line, strings.TrimSpace(d.Expected), d.Why))
	}
	return Clip(fmt.Sprintf("the note's output line %d shows `%s`, the run printed `%s` (%s)", d.Line, strings.TrimSpace(d.Expected), strings.TrimSpace(d.Actual), d.Why))
}

// driftMessage says how a run's output drifted from the note's without
// contradicting it.
func driftMessage(c expect.Comparison) string {
	m := "exit 0; its output drifted from the note's (" + strings.Join(c.DriftKinds(), ", ") + ")"
	for _, d := range c.Drift {
		if d.Line > 0 {
			return Clip(fmt.Sprintf("%s: line %d `%s`", m, d.Line, strings.TrimSpace(d.Expected)))
		}
	}
	return m + ": the run printed lines the note does not show"
}
