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
// earlier section made, and did not make itself first, continues that
// section's lab (a tutorial is one sequence), while sections that share
// nothing stay labs of their own (a conference's talks). The swarm does not
// chain: a lab that needs one gets one.
func chain(snippets []extract.Snippet) joined {
	j := joined{}
	order := map[talk]int{}
	madeBy := map[string]map[dockercli.Object]talk{} // by note: the first talk to make each object
	madeIn := map[talk]map[dockercli.Object]bool{}
	for _, s := range snippets {
		if s.Notes.Lab != "" {
			continue
		}
		k := talk{s.File, s.Talk}
		if _, ok := order[k]; !ok {
			order[k] = len(order)
			madeIn[k] = map[dockercli.Object]bool{}
		}
		if madeBy[s.File] == nil {
			madeBy[s.File] = map[dockercli.Object]talk{}
		}
		for _, e := range Effects(s) {
			switch {
			case e.Kind == "swarm" || madeIn[k][e.Object]:
			case e.Make:
				madeIn[k][e.Object] = true
				if _, ok := madeBy[s.File][e.Object]; !ok {
					madeBy[s.File][e.Object] = k
				}
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
