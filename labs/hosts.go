package labs

// MultiHost reports whether the lab needs a set of sandboxes: it runs on
// more than one host.
func (l Lab) MultiHost() bool { return len(l.RunsOn()) > 1 }

// NamedHosts reports whether the lab's sandboxes must carry the names the
// note gives its hosts: it runs on several, or on one the note names (a
// swarm's node then lists under that name, as `docker node update
// manager1` wants it).
func (l Lab) NamedHosts() bool {
	on := l.RunsOn()
	return len(on) > 1 || len(on) == 1 && on[0] != OwnHost
}

// OwnHost names the reader's own machine when the note names only the
// hosts it reaches from it (`ssh node2`): the set's first host.
const OwnHost = "lab"

// RunsOn are the hosts the lab runs on, its first host first: the ones
// its note names, after the reader's own machine (OwnHost) when the note
// does not name that one.
func (l Lab) RunsOn() []string {
	if l.FirstHost == "" && len(l.Hosts) > 0 {
		return append([]string{OwnHost}, l.Hosts...)
	}
	return l.Hosts
}

// Runnable reports whether any of the lab's steps runs: a lab with none
// needs no sandbox.
func (l Lab) Runnable() bool {
	for _, st := range l.Steps {
		if st.Runnable {
			return true
		}
	}
	return false
}
