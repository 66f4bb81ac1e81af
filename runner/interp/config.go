package interp

import (
	"context"
	"errors"
	"time"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/verdict/expect"
)

// Workdir is the lab's working directory inside the sandbox.
const Workdir = "/lab"

// Sandbox is what a lab's steps need from their throwaway daemon.
type Sandbox interface {
	Run(ctx context.Context, e sandbox.Exec) (sandbox.Ran, error)
	WriteFiles(ctx context.Context, dir string, files map[string][]byte) error
	// Compose is the command that runs compose there: "docker compose",
	// or "docker-compose" on an engine with only v1.
	Compose() string
}

// Setup is what a lab needs before its first snippet: its images copied in
// and, when its commands use one, a swarm.
type Setup interface {
	// CopyImages copies images from the host into the sandbox and returns
	// the ones that could not be had, each with the reason.
	CopyImages(ctx context.Context, refs []string) (missing map[string]string, err error)
	InitSwarm(ctx context.Context) error
}

// Config shapes a run.
type Config struct {
	Timeout  time.Duration // per snippet, unless annotated; default 2m
	Settle   time.Duration // how long a streaming command must stay alive; default 5s
	Progress func(Event)   // called as steps start and finish, from several goroutines when labs run at once; may be nil
	// Output is how the output a note shows under a command is compared
	// with what it printed, unless the snippet's output= says otherwise;
	// "" is expect.Reader.
	Output expect.Mode

	// Reach is what the lab's sandbox reaches: a step that waits on the
	// network where it reaches nothing is blocked, not failed.
	Reach sandbox.Network
	// Grammar is the engine whose CLI grammar judges what a blocked
	// command would have been refused for; "" for the default engine's.
	Grammar string
	// Env are variables, as NAME=VALUE, that the lab's shells, Go
	// programs and compose files see (labrun --env).
	Env []string
}

// Event tells the progress display what is happening.
type Event struct {
	Engine string // the engine the lab runs on
	Lab    *labs.Lab
	Step   *labs.Step
	Result *result.Result // nil when the step starts
}

func (c Config) timeout(st labs.Step) time.Duration {
	switch {
	case st.Annotations.Timeout > 0:
		return st.Annotations.Timeout
	case c.Timeout > 0:
		return c.Timeout
	}
	return 2 * time.Minute
}

// outputMode is how a step's shown output is compared.
func (c Config) outputMode(st labs.Step) expect.Mode {
	switch {
	case st.Annotations.Output != "":
		return expect.Mode(st.Annotations.Output)
	case c.Output != "":
		return c.Output
	}
	return expect.Reader
}

func (c Config) settle() time.Duration {
	if c.Settle > 0 {
		return c.Settle
	}
	return 5 * time.Second
}

// ready is how long a probe after a background start is tried: three
// settle windows, as draining a node's tasks or a server's first start
// can take most of one (a drain took 4.5 s here).
func (c Config) ready() time.Duration {
	return 3 * c.settle()
}

func (c Config) progress(e Event) {
	if c.Progress != nil {
		c.Progress(e)
	}
}

// ErrSandboxGone is wrapped by errors that mean the sandbox or the daemon
// went away in the middle of a lab: the lab cannot go on.
var ErrSandboxGone = errors.New("the sandbox went away")
