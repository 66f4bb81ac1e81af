package extract

import (
	"regexp"
	"strings"
)

// A note on several machines says where each step runs in its prose:
// "On node2, join the swarm:", "Back on the manager, list the nodes:".
// The first host the note names is the lab's own; what the text puts on
// another runs there, which a lab of one host does not have.

// hostNameRE matches the name of a machine of the note: a word naming a
// kind of machine and ending in its number (node2, manager1, worker-3,
// docker-host2), so that "on arm64" or "on port 8080" name none.
const hostNameRE = "`?((?:[a-z][\\w-]*[-_]?)?(?:node|manager|worker|host|vm|server|machine|leader|master|box|instance|swarm)[-_]?\\d+)`?"

var (
	// onHostRE finds a sentence putting what follows on a named host.
	onHostRE = regexp.MustCompile(`(?i)\b(?:on|from|into|to|onto)\s+(?:the\s+)?(?:host|node|machine|server|vm)?\s*` + hostNameRE + `\b`)
	// onOtherRE finds one putting it on a host it does not name.
	onOtherRE = regexp.MustCompile(`(?i)\b(?:on|from|into|to)\s+(?:the\s+)?((?:second|third|fourth|other|another|next)\s+(?:node|host|machine|server|vm)|(?:each\s+|every\s+|all\s+(?:the\s+)?)?workers?(?:\s+nodes?)?)\b`)
	// onFirstRE finds one putting it back on the first host.
	onFirstRE = regexp.MustCompile(`(?i)\b(?:on|from|to)\s+the\s+(?:manager|leader|first\s+(?:node|host|machine))\b`)
)

// hostOf reads where a paragraph or heading puts the reader: a host's
// name, first=true for the note's first host, or neither.
func hostOf(text string) (host string, first bool) {
	if !mayNameHost(text) {
		return "", false
	}
	best, at := "", -1
	if m := onHostRE.FindAllStringSubmatchIndex(text, -1); m != nil {
		last := m[len(m)-1]
		best, at = strings.ToLower(text[last[2]:last[3]]), last[0]
	}
	if m := onOtherRE.FindAllStringSubmatchIndex(text, -1); m != nil {
		if last := m[len(m)-1]; last[0] > at {
			best, at = "another host ("+strings.ToLower(text[last[2]:last[3]])+")", last[0]
		}
	}
	if m := onFirstRE.FindAllStringIndex(text, -1); m != nil && m[len(m)-1][0] > at {
		return "", true
	}
	return best, false
}

// moveTo follows the reader to the host a paragraph or heading names;
// a heading that names none brings the reader back to the first host.
func (n *note) moveTo(text string, heading bool) {
	host, first := hostOf(text)
	switch {
	case first:
		n.host = n.firstHost
	case host != "":
		if n.firstHost == "" {
			n.firstHost = host
			if strings.HasPrefix(host, "another host") {
				n.firstHost = "the first host"
			}
		}
		n.host = host
	case heading:
		n.host = n.firstHost
	}
}

// away is the host the reader is on when it is not the lab's own, or "".
func (n *note) away() string {
	if n.host == n.firstHost {
		return ""
	}
	return n.host
}

// mayNameHost is a cheap test that must hold for hostOf to find a host:
// every expression it uses needs a word of a machine after on, to, into
// or from.
func mayNameHost(text string) bool {
	for _, w := range []string{"node", "Node", "manager", "Manager", "worker", "Worker", "host", "Host", "vm", "VM", "server", "Server",
		"machine", "Machine", "leader", "Leader", "master", "Master", "box", "instance", "swarm"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}
