package fix

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
)

// stateFixture makes, in a scratch sandbox, a daemon on which a clean-up
// has something of every kind to act on: a running container with a
// named volume, exited containers with and without an anonymous volume,
// an unused named volume, a network of its own, an image tagged and
// unused, and an image left dangling when its tag moved on.
const stateFixture = `docker volume create labrun-used
docker volume create labrun-unused
docker network create labrun-net
docker run -d --name up -v labrun-used:/data busybox:1.36 sleep 1d
docker run --name done busybox:1.36 true
docker run --name done-anon -v /scratch busybox:1.36 true
printf 'FROM busybox:1.36\nLABEL kept=1\n' | docker build -q -t labrun/tagged -
printf 'FROM busybox:1.36\nLABEL moved=1\n' | docker build -q -t labrun/moved -
printf 'FROM busybox:1.36\nLABEL moved=2\n' | docker build -q -t labrun/moved -`

// stateMark opens the listing of the daemon's state in a step's output.
const stateMark = "--- labrun state"

// stateDump lists what a daemon holds, one object a line.
const stateDump = `echo '` + stateMark + `'
docker ps -a --format 'container {{.Names}} {{.State}}'
docker images --format 'image {{.Repository}}:{{.Tag}}'
docker volume ls --format 'volume {{.Name}}'
docker network ls --format 'network {{.Name}}'`

// stateNote is a note of one lab that makes the fixture's state, runs
// command on it and lists what is left.
func stateNote(name, command string) labs.Note {
	text := fmt.Sprintf("# %s\n\n```sh\n%s\n```\n\n```sh\n%s\n```\n\n```sh\n%s\n```\n", name, stateFixture, command, stateDump)
	return labs.Note{Path: strings.ToLower(name) + ".md", Data: []byte(text)}
}

// anonymousRE is the name the daemon gives an anonymous volume.
var anonymousRE = regexp.MustCompile(`\b[0-9a-f]{64}\b`)

// stateOf is the state listed in the output of a lab's last step, one
// object a line, sorted; nil when the listing is not there.
func stateOf(out string) []string {
	_, listing, ok := strings.Cut(out, stateMark+"\n")
	if !ok {
		return nil
	}
	lines := []string{}
	for _, l := range strings.Split(listing, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, anonymousRE.ReplaceAllString(l, "(anonymous)"))
		}
	}
	slices.Sort(lines)
	return lines
}

// sameEffect runs original and rewrite, each from the fixture's state in
// a sandbox of its own, and reports whether they leave the daemon in the
// same state on every engine: a rewrite that passes where the original
// failed must still do what the original did where it worked. When not,
// it says what differs; its error means the runs could not be made.
func (s *search) sameEffect(ctx context.Context, original, rewrite string) (bool, string, error) {
	key := original + "\x00" + rewrite
	if why, ok := s.effects[key]; ok {
		return why == "", why, nil
	}
	notes := []labs.Note{stateNote("Original", original), stateNote("Rewrite", rewrite)}
	all := group(notes)
	s.say(fmt.Sprintf("checking, from a state made for it, that `%s` leaves the daemon as `%s` does", rewrite, original))
	res, err := s.run(ctx, all)
	if err != nil {
		return false, "", err
	}
	why := compareStates(res, all[0].ID, all[1].ID)
	if s.effects == nil {
		s.effects = map[string]string{}
	}
	s.effects[key] = why
	return why == "", why, nil
}

// compareStates compares the state listed by the lab before with the one
// listed by after, engine by engine, and says what differs; "" when
// nothing does.
func compareStates(res []result.Result, before, after string) string {
	listed := map[[2]string][]string{} // lab and engine → state
	var engines []string
	for _, r := range res {
		if st := stateOf(r.Output); st != nil {
			listed[[2]string{r.LabID, r.Engine}] = st
			if !slices.Contains(engines, r.Engine) {
				engines = append(engines, r.Engine)
			}
		}
	}
	if len(engines) == 0 {
		return "the state could not be listed after them"
	}
	for _, e := range engines {
		was, now := listed[[2]string{before, e}], listed[[2]string{after, e}]
		if was == nil || now == nil {
			return "the state could not be listed after one of them"
		}
		if onlyOriginal, onlyRewrite := difference(was, now), difference(now, was); len(onlyOriginal) > 0 || len(onlyRewrite) > 0 {
			var parts []string
			if len(onlyOriginal) > 0 {
				parts = append(parts, "the original leaves "+strings.Join(onlyOriginal, ", ")+" and the rewrite does not")
			}
			if len(onlyRewrite) > 0 {
				parts = append(parts, "the rewrite leaves "+strings.Join(onlyRewrite, ", ")+" and the original does not")
			}
			return "it does something else: " + strings.Join(parts, "; ")
		}
	}
	return ""
}

// difference is what of a is not in b, each line counted.
func difference(a, b []string) []string {
	left := slices.Clone(b)
	var out []string
	for _, x := range a {
		if i := slices.Index(left, x); i >= 0 {
			left = slices.Delete(left, i, i+1)
			continue
		}
		out = append(out, x)
	}
	return out
}
