package extract

import (
	"fmt"
	"regexp"
	"strings"
)

// hexIDRE matches a container or image ID as Docker prints it: 12 or 64
// hex digits.
var hexIDRE = regexp.MustCompile(`^(?:[0-9a-f]{64}|[0-9a-f]{12})$`)

// swarmIDRE matches a swarm node's, service's or task's ID: 25 letters and
// digits (with at least one of each, checked apart).
var swarmIDRE = regexp.MustCompile(`^[0-9a-z]{25}$`)

// isSwarmID reports whether s is a swarm object's ID.
func isSwarmID(s string) bool {
	return swarmIDRE.MatchString(s) && strings.ContainsAny(s, "0123456789") && strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz")
}

// privateIPRE matches an address Docker gives containers (private ranges),
// optionally with a port or a URL around it.
var privateIPRE = regexp.MustCompile(`^(?:https?://)?((?:172\.(?:1[6-9]|2\d|3[01])|10\.\d{1,3}|192\.168)\.\d{1,3}\.\d{1,3})(?::\d+)?(?:/\S*)?$`)

// probes are programs whose operands are places to reach.
var probes = wordSet("curl wget ping nc telnet http ab wrk nslookup dig host")

// authorValues are the values in a command that held only on the note's
// author's machine: a container or image ID given to docker, a swarm
// node's, service's or task's ID, an address of a container given to a
// program that reaches it.
func authorValues(c Command) []string {
	var out []string
	for i := range c.Lines {
		l := &c.Lines[i]
		if l.IsDocker() {
			_, uses := l.Objects()
			for _, o := range uses {
				switch {
				case (o.Kind == "container" || o.Kind == "image") && hexIDRE.MatchString(o.Name) && strings.ContainsAny(o.Name, "0123456789") && strings.ContainsAny(o.Name, "abcdef"):
					out = append(out, o.Name)
				case (o.Kind == "node" || o.Kind == "service" || o.Kind == "task") && isSwarmID(o.Name):
					out = append(out, o.Name)
				}
			}
			continue
		}
		if probes[l.Program] {
			for _, a := range l.Args {
				if m := privateIPRE.FindStringSubmatch(a); m != nil {
					out = append(out, m[1])
				}
			}
		}
	}
	return out
}

// bindAuthorValues reads, for each command that uses a value from the
// author's run, where the note shows that value: in what an earlier
// command of the note printed (the ID `docker run -d` answered). Such a
// command is bound to that line, and the runner gives it the lab's own
// value; a command whose value the note never shows is a placeholder.
func (n *note) bindAuthorValues() {
	shown := map[string]int{} // each value in the note's shown output: the line of the command that printed it
	for i := range n.out {
		s := &n.out[i]
		for _, c := range s.Commands {
			if s.Runnable {
				n.bind(s, c, shown)
			}
			for _, f := range strings.Fields(c.Output) {
				f = strings.Trim(f, ",;\"'()")
				if _, ok := shown[f]; !ok && (hexIDRE.MatchString(f) || privateIPRE.MatchString(f) || isSwarmID(f)) {
					shown[f] = c.Line
					if len(f) == 64 {
						shown[f[:12]] = c.Line
					}
				}
			}
		}
	}
}

// bind binds the author's values command c of s uses to the lines that
// show them, or makes s a placeholder when one is not shown.
func (n *note) bind(s *Snippet, c Command, shown map[string]int) {
	for _, v := range authorValues(c) {
		line, ok := shown[v]
		if !ok {
			s.Runnable, s.Reason = false, SkipPlaceholder
			s.Message = fmt.Sprintf("%s is a value from the note author's run (an ID or address), which the note does not show being made", v)
			return
		}
		if s.Binds == nil {
			s.Binds = map[string]int{}
		}
		s.Binds[v] = line
	}
}
