package extract

import (
	"regexp"
	"strings"

	"github.com/labrun/labrun/extract/dockercli"
)

// After `docker run -it IMAGE sh` or `docker exec -it C bash` the reader
// is inside a container until `exit`: what they type there runs in it,
// not on the host.

// containerPromptRE matches the prompt of a shell in a container that
// promptRE does not: busybox's and alpine's `/ # ` (the working directory
// and `#`), and bash's and sh's `bash-5.2# ` when they know no host name.
var containerPromptRE = regexp.MustCompile(`^\s*(?:[/~][\w./-]*\s?#|(?:ba)?sh-\d+(?:\.\d+)*[#$])\s`)

// mayBeContainerPrompt is a cheap test that must hold for
// containerPromptRE to match.
func mayBeContainerPrompt(t string) bool {
	t = strings.TrimLeft(t, " \t")
	return strings.HasPrefix(t, "/") || strings.HasPrefix(t, "~") || strings.HasPrefix(t, "sh-") || strings.HasPrefix(t, "bash-")
}

// containerIDPromptRE matches the prompt of a shell whose host name is a
// container's short ID: `root@3b2f1c0d9e8a:/#`.
var containerIDPromptRE = regexp.MustCompile(`^[\w.-]+@[0-9a-f]{12}\b`)

// inContainer reports whether a prompt is a container's shell prompt.
func inContainer(prompt string) bool {
	return prompt != "" && (containerIDPromptRE.MatchString(prompt) || containerPromptRE.MatchString(prompt+" "))
}

// shellPosition is where a container shell was opened: the snippet and
// command of the opener.
type shellPosition struct {
	snippet, command int
	talk             string
	prompted         bool // a command typed into it showed a container's prompt
	typed            bool // a command was typed into it
}

// typedInside marks the commands typed into a container's shell with
// the line of the command that opened it, up to the `exit` that leaves
// it, a prompt of the host again, a docker command (typed on the host:
// the reader left without saying so) or the end of the talk. An opener
// that some command is typed into is runnable: the runner starts its
// container and runs those commands in it.
func (n *note) typedInside() {
	var open *shellPosition
	for i := range n.out {
		s := &n.out[i]
		if s.Kind != Shell {
			continue
		}
		if open != nil && s.Talk != open.talk {
			n.closeShell(open)
			open = nil
		}
		for j := range s.Commands {
			c := &s.Commands[j]
			if open != nil && leavesShell(c, open) {
				n.closeShell(open)
				open = nil
			}
			if open == nil {
				if len(c.Lines) == 1 && OpensShell(&c.Lines[0]) != "" {
					open = &shellPosition{snippet: i, command: j, talk: s.Talk}
				}
				continue
			}
			c.In = n.out[open.snippet].Commands[open.command].Line
			open.typed = true
			open.prompted = open.prompted || inContainer(c.Prompt)
			if c.Exits() {
				n.closeShell(open)
				open = nil
			}
		}
	}
	if open != nil {
		n.closeShell(open)
	}
}

// leavesShell reports whether c is typed on the host again: at the
// host's prompt after the container's, or a docker command at no
// container prompt.
func leavesShell(c *Command, open *shellPosition) bool {
	if inContainer(c.Prompt) {
		return false
	}
	if c.Prompt != "" && open.prompted {
		return true
	}
	for _, l := range c.Lines {
		if l.Program == "docker" || l.Program == "docker-compose" {
			return true
		}
	}
	return false
}

// closeShell marks an opener that commands were typed into, and makes
// its snippet runnable when the shell was all that kept it from running.
func (n *note) closeShell(open *shellPosition) {
	if !open.typed {
		return
	}
	s := &n.out[open.snippet]
	opener := &s.Commands[open.command]
	opener.Opens, opener.Shell = true, OpensShell(&opener.Lines[0])
	if s.Runnable || s.Reason != SkipInteractive {
		return
	}
	var rest []dockercli.Line // the snippet's command lines but the opener's
	for _, c := range s.Commands {
		if !c.Opens {
			rest = append(rest, c.Lines...)
		}
	}
	if m := interactive(rest); m == "" {
		s.Runnable, s.Reason, s.Message = true, "", ""
	}
}
