package interp

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/verdict"
)

// A lab whose note names several hosts ("on node1 … on node2", `node2$`,
// `ssh node2`) runs in a set of sandboxes, one per host (sandbox.Set), and
// each command runs on the host the note puts it on. What held only on
// the author's run is replaced by the lab's own: the join token and the
// manager's address of `docker swarm join`.

// routed runs each process on the host the lab's reader is on, unless the
// process names its own.
type routed struct {
	Sandbox
	host *string
}

func (r routed) Run(ctx context.Context, e sandbox.Exec) (sandbox.Ran, error) {
	if e.Host == "" {
		e.Host = *r.host
	}
	return r.Sandbox.Run(ctx, e)
}

// hostsOf is where a command runs: the host its prompt or ssh session
// names, else the hosts the prose puts its snippet on ("*" is every host
// of the lab, "*workers" every one but the first), else the lab's first
// host, "".
func (l *labRun) hostsOf(st labs.Step, c extract.Command) []string {
	if c.Host != "" {
		return []string{l.known(c.Host)}
	}
	var out []string
	for _, h := range st.Hosts {
		switch h {
		case "*":
			out = append(out, l.lab.RunsOn()...)
		case "*workers":
			if all := l.lab.RunsOn(); len(all) > 1 {
				out = append(out, all[1:]...)
			}
		default:
			out = append(out, l.known(h))
		}
	}
	out = dedupe(out)
	if len(out) == 0 {
		return []string{l.known(orFirst("", l.lab.RunsOn()))}
	}
	return out
}

// hostPerCommand reports whether every command of a step names its host
// (a prompt, an ssh session): the prose's word for the machine does not
// decide then.
func hostPerCommand(st labs.Step) bool {
	for _, c := range st.Commands {
		if c.Host == "" {
			return false
		}
	}
	return len(st.Commands) > 0
}

// known is a host of the lab by its name, or "" (the lab's only host)
// when the lab runs in one sandbox.
func (l *labRun) known(host string) string {
	if !l.lab.MultiHost() {
		return ""
	}
	return host
}

// hostPrefix says which host a message is about, for a lab of several hosts.
func hostPrefix(host string) string {
	if host == "" {
		return ""
	}
	return "on " + host + ": "
}

// throughSSH judges a command that moves the reader to a host of the lab
// or back (`ssh node2`, its `exit`), which runs nothing: the verdict is
// then not nil. A command that hands words to another host (`ssh node2 CMD`)
// becomes those words.
func (l *labRun) throughSSH(c extract.Command) (extract.Command, *verdict.Verdict) {
	if !l.ours(c) {
		return c, nil
	}
	if c.Exits() && c.In == 0 {
		return c, &verdict.Verdict{Status: verdict.Pass, Message: fmt.Sprintf("left %s", c.Host)}
	}
	to, words := c.SSH, c.Remote
	switch {
	case to == "":
		return c, nil
	case words == nil:
		return c, &verdict.Verdict{Status: verdict.Pass, Message: fmt.Sprintf("now on %s: the commands after it run there", c.Host)}
	}
	// ssh hands the host's shell its words joined by spaces
	return extract.NewCommand(c.Line, strings.Join(words, " ")), nil
}

// swarm follows who manages the lab's swarm: the host whose `swarm init`
// passed, and which token a join that follows `join-token manager` takes.
type swarm struct {
	manager string // the host that ran swarm init; "" is the lab's first host
	joinAs  string // "worker" or "manager"
}

// follow notes what a command that passed on host did to the swarm.
func (s *swarm) follow(c extract.Command, host string) {
	for i := range c.Lines {
		ln := &c.Lines[i]
		switch {
		case ln.Is("swarm init"):
			s.manager = host
		case ln.Is("swarm join-token") && len(ln.Operands) > 0:
			s.joinAs = ln.Operands[0]
		}
	}
}

// joinWithOwn gives a `docker swarm join` the lab's own join token and
// manager address in place of the author's, asked of the lab's manager;
// it says what it replaced, for the message.
func (l *labRun) joinWithOwn(ctx context.Context, c extract.Command, host string) (extract.Command, string, error) {
	i := slices.IndexFunc(c.Lines, func(ln dockercli.Line) bool { return ln.Is("swarm join") })
	if !l.lab.MultiHost() || i < 0 || host == l.swarm.manager {
		return c, "", nil
	}
	ln := c.Lines[i]
	as := l.swarm.joinAs
	if as == "" {
		as = "worker"
	}
	ask := func(script string) (string, error) {
		r, err := l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"sh", "-c", script}, Host: orFirst(l.swarm.manager, l.lab.RunsOn()), Timeout: time.Minute})
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrSandboxGone, err)
		}
		if r.ExitCode != 0 {
			return "", nil // no swarm there: the join runs as written, and fails as it would
		}
		return strings.TrimSpace(r.Output), nil
	}
	token, err := ask("docker swarm join-token -q " + as)
	if err != nil || token == "" {
		return c, "", err
	}
	addr, err := ask(`docker info --format '{{.Swarm.NodeAddr}}'`)
	if err != nil || addr == "" {
		return c, "", err
	}
	text := c.Text
	var said []string
	if old := ln.Values("token"); len(old) > 0 && old[0] != token {
		text = strings.Replace(text, old[0], token, 1)
		said = append(said, "the lab's own "+as+" join token")
	}
	if len(ln.Operands) > 0 {
		port := "2377"
		if _, p, ok := strings.Cut(ln.Operands[0], ":"); ok {
			port = p
		}
		if own := addr + ":" + port; ln.Operands[0] != own {
			text = strings.Replace(text, ln.Operands[0], own, 1)
			said = append(said, "the manager's address "+own)
		}
	}
	if len(said) == 0 {
		return c, "", nil
	}
	return extract.NewCommand(c.Line, text), "ran with " + strings.Join(said, " and ") + " in place of the note's", nil
}

// advertiseOwn gives `swarm init` and `swarm join` this host's own
// address in place of an address of the author's machine
// (`--advertise-addr 10.0.4.11`): no host of the lab has it. An
// interface name (`eth0`) is the reader's own and stays.
func advertiseOwn(c extract.Command) (extract.Command, string) {
	text := c.Text
	var old []string
	for i := range c.Lines {
		ln := &c.Lines[i]
		if !ln.Is("swarm init", "swarm join") {
			continue
		}
		for _, flag := range []string{"advertise-addr", "data-path-addr"} {
			for _, v := range ln.Values(flag) {
				host := v
				if h, _, err := net.SplitHostPort(v); err == nil {
					host = h
				}
				if _, err := netip.ParseAddr(host); err == nil {
					text = strings.Replace(text, v, "eth0", 1)
					old = append(old, v)
				}
			}
		}
	}
	if len(old) == 0 {
		return c, ""
	}
	return extract.NewCommand(c.Line, text), "ran with this host's own address (eth0) in place of the note's " + strings.Join(old, ", ")
}

// orFirst is host, or the lab's first host when host is "".
func orFirst(host string, hosts []string) string {
	if host == "" && len(hosts) > 0 {
		return hosts[0]
	}
	return host
}

// A swarm's routing mesh (a service's published port on every node) and
// its virtual IPs are made by the kernel's IPVS. Where the machine's
// kernel has no IPVS, a request to them fails on every engine, for a
// reason that is the machine's: blocked, not the note's failure.

// publishes reports whether a command gives a swarm service a published
// port or a virtual IP that the routing mesh serves.
func publishes(c extract.Command) bool {
	for i := range c.Lines {
		ln := &c.Lines[i]
		switch {
		case ln.Is("service create") && (ln.Has("publish") || !slices.Contains(ln.Values("endpoint-mode"), "dnsrr")):
			return true
		case ln.Is("service update") && ln.Has("publish-add"):
			return true
		case ln.Is("stack deploy"):
			return true
		}
	}
	return false
}

// unreachedRE matches a client that could not connect at all.
var unreachedRE = regexp.MustCompile(`Failed to connect|Could not connect|Connection refused|No route to host|Connection timed out|can't connect to remote host|Operation timed out`)

// withoutMesh turns a failed request made after the lab published a
// service into a blocked one when the sandbox's kernel has no IPVS.
func (l *labRun) withoutMesh(ctx context.Context, c extract.Command, o verdict.Outcome, v verdict.Verdict) (verdict.Verdict, error) {
	if !l.meshed || v.Status != verdict.Fail || !probes(c) || !unreachedRE.MatchString(o.Output) {
		return v, nil
	}
	if l.ipvs == nil {
		r, err := l.sb.Run(ctx, sandbox.Exec{Cmd: []string{"sh", "-c", "test -e /proc/net/ip_vs || test -d /sys/module/ip_vs"}, Timeout: 10 * time.Second})
		if err != nil {
			return v, fmt.Errorf("%w: %w", ErrSandboxGone, err)
		}
		has := r.ExitCode == 0
		l.ipvs = &has
	}
	if *l.ipvs {
		return v, nil
	}
	return verdict.Verdict{Status: verdict.Blocked, Reason: verdict.ReasonNeedsHost,
		Message: "a swarm service's published port and virtual IP are served by the kernel's IPVS, which this machine's kernel lacks: " + v.Message}, nil
}
