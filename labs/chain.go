package labs

import (
	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
)

// talk is one talk of one note: a section whose snippets would make a lab.
type talk struct{ file, title string }

// joined says which lab each talk joins: its own, or an earlier one's.
type joined map[talk]talk

// find returns the talk whose lab k joins.
func (j joined) find(k talk) talk {
	for {
		next, ok := j[k]
		if !ok || next == k {
			return k
		}
		k = next
	}
}

// chain reads a note as a reader follows it: a section that uses what an
// earlier section made, and did not make itself first, continues the lab
// of the section that made it last (a tutorial is one sequence, and a file
// written again in a later section is that section's version), while sections that share
// nothing stay labs of their own (a conference's talks). The swarm does not
// chain: a lab that needs one gets one. But the machines of a note do: a
// section that puts a step on a host, after an earlier one that did,
// continues that one's lab with every section in between (what one machine
// does needs what the others did before it).
func chain(snippets []extract.Snippet) joined {
	j := joined{}
	order := map[talk]int{}
	madeBy := map[string]map[dockercli.Object]talk{} // by note: the last talk to make each object
	madeIn := map[talk]map[dockercli.Object]bool{}
	talks := map[string][]talk{}  // by note: its talks in order
	at := map[talk]int{}          // each talk's index in its note's talks
	onHosts := map[string]talk{}  // by note: the last talk that puts a step on a host
	starters := map[string]talk{} // by note: the last talk that starts something
	for _, s := range snippets {
		if s.Annotations.Lab != "" {
			continue
		}
		k := talk{s.File, s.Talk}
		if _, ok := order[k]; !ok {
			order[k] = len(order)
			madeIn[k] = map[dockercli.Object]bool{}
			at[k] = len(talks[s.File])
			talks[s.File] = append(talks[s.File], k)
		}
		if onHost(s) {
			if last, ok := onHosts[s.File]; ok && at[last] < at[k] {
				for _, between := range talks[s.File][at[last]:at[k]] {
					j.join(k, between, order)
				}
			}
			onHosts[s.File] = k
		}
		if last, ok := starters[s.File]; ok && at[last] == at[k]-1 && looksAtStarted(s) {
			// "Expected result: docker ps": what the section right before
			// it started
			j.join(k, last, order)
		}
		if starts(s) {
			starters[s.File] = k
		}
		if madeBy[s.File] == nil {
			madeBy[s.File] = map[dockercli.Object]talk{}
		}
		for _, e := range effects(s) {
			switch {
			case e.Kind == "swarm" || madeIn[k][e.Object]:
			case e.Make:
				madeIn[k][e.Object] = true
				madeBy[s.File][e.Object] = k
			default:
				if m, ok := madeBy[s.File][e.Object]; ok {
					j.join(k, m, order)
				}
			}
		}
	}
	return j
}

// join puts the labs of a and b together under the earlier of the two.
func (j joined) join(a, b talk, order map[talk]int) {
	ra, rb := j.find(a), j.find(b)
	if ra == rb {
		return
	}
	if order[ra] < order[rb] {
		ra, rb = rb, ra
	}
	j[ra] = rb
}

// onHost reports whether the note puts a snippet, or one of its commands,
// on a machine: one it names, every one, or one it only points to ("on
// the second node").
func onHost(s extract.Snippet) bool {
	if s.Host != "" || len(s.Hosts) > 0 {
		return true
	}
	for _, c := range s.Commands {
		if c.Host != "" {
			return true
		}
	}
	return false
}

// starts reports whether a runnable snippet starts something that runs
// on: a container in the background, a compose project, a service.
func starts(s extract.Snippet) bool {
	if !s.Runnable {
		return false
	}
	for _, c := range s.Commands {
		if dockercli.Any(c.Lines, func(l *dockercli.Line) bool {
			return l.StartsInBackground() || l.Is("compose up")
		}) {
			return true
		}
	}
	return false
}

// looksAtStarted reports whether a runnable snippet only looks at what is
// running, naming nothing (docker ps, compose ps, curl localhost:3000): a
// section of such a look follows what the section before it started.
func looksAtStarted(s extract.Snippet) bool {
	if !s.Runnable || s.Kind != extract.Shell || len(s.Commands) == 0 {
		return false
	}
	for _, c := range s.Commands {
		for i := range c.Lines {
			if l := &c.Lines[i]; !l.Probes() || len(l.Operands) > 0 && l.Program == "docker" {
				return false
			}
		}
	}
	return true
}
