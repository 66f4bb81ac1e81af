package fix

import (
	"fmt"
	"path"
	"strings"
	"unicode"

	"github.com/labrun/labrun/check"
	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
)

// derivedCandidates are rewrites of a docker command read from the
// engine's grammar rather than from a table of known breakage: a
// repository name written with capitals, a flag the command does not have
// dropped with the value it took, operands joined into the NAME=VALUE
// form the usage line shows. Each is kept only when the default engine's
// grammar accepts the rewritten line, before any lab runs it.
func derivedCandidates(c extract.Command, l dockercli.Line) []Candidate {
	if l.Program != "docker" || strings.Contains(c.Text, "\n") {
		return nil
	}
	tries := [][]Candidate{nearestCommand(c, l)}
	if l.Cmd != nil {
		tries = append(tries, lowercaseRepos(c, l), droppedFlags(c, l), operandPairs(c, l))
	}
	var out []Candidate
	for _, cand := range tries {
		for _, k := range cand {
			if grammarAccepts(k.Show) {
				out = append(out, k)
			}
		}
	}
	return out
}

// nearestCommand rewrites a command name the CLI does not know (`docker
// contianer ls`, `docker volume lsit`) as the one of its level that is
// at most two edits away, when no other is as close.
func nearestCommand(c extract.Command, l dockercli.Line) []Candidate {
	var typed, group string
	switch {
	case l.Cmd == nil && len(l.Global) == 0 && len(l.Args) > 0:
		typed = l.Args[0]
	case l.Cmd != nil && l.Cmd.Group && len(l.Operands) > 0:
		typed, group = l.Operands[0], l.Cmd.Path
	default:
		return nil
	}
	if len(typed) < 3 || strings.HasPrefix(typed, "-") {
		return nil
	}
	best := closest(typed, dockercli.Docker(engine.Default).Names(group))
	if best == "" {
		return nil
	}
	e := Edit{Line: c.Line, Old: typed, New: best}
	where := "docker"
	if group != "" {
		where += " " + l.Typed
	}
	return []Candidate{{Edits: []Edit{e}, Show: show(c.Text, []Edit{e}),
		Why: fmt.Sprintf("%s has no command %s; %s is one letter or two away", where, typed, best)}}
}

// copyRenamed rewrites the source of a COPY or ADD that no step before
// it writes as the one file the lab did write that it most likely meant:
// of the same extension, or at most two edits from its name, and copied
// by no other line of the Dockerfile (`COPY server.py .` where the note
// wrote app.py).
func copyRenamed(earlier []labs.Step, st labs.Step) []Candidate {
	written := map[string]bool{}
	var files []string
	for _, e := range earlier {
		for _, eff := range e.Effects {
			if eff.Make && eff.Object.Kind == "file" && !written[eff.Object.Name] {
				written[eff.Object.Name] = true
				files = append(files, eff.Object.Name)
			}
		}
	}
	df, _, _ := check.ParseDockerfile(st.Code)
	copied := map[string]bool{}
	for _, src := range df.Sources {
		copied[path.Clean(src.Path)] = true
	}
	lines := strings.Split(st.Code, "\n")
	var out []Candidate
	for _, src := range df.Sources {
		name := path.Clean(src.Path)
		if written[name] || name == "." || strings.ContainsAny(name, "*?[$") {
			continue
		}
		var meant []string
		for _, f := range files {
			if copied[f] || f == "Dockerfile" || f == "compose.yaml" {
				continue
			}
			sameExt := path.Ext(f) != "" && path.Ext(f) == path.Ext(name)
			if sameExt || dockercli.Distance(path.Base(f), path.Base(name)) <= 2 {
				meant = append(meant, f)
			}
		}
		if len(meant) != 1 {
			continue
		}
		if src.Line < 1 || src.Line > len(lines) || wordIndex(lines[src.Line-1], src.Path) < 0 {
			continue
		}
		e := Edit{Line: st.Line + src.Line - 1, Old: src.Path, New: meant[0]}
		out = append(out, Candidate{Edits: []Edit{e}, Show: show(strings.TrimSpace(lines[src.Line-1]), []Edit{e}),
			Why: fmt.Sprintf("the note never writes %s; the file it wrote is %s", src.Path, meant[0])})
	}
	return out
}

// grammarAccepts reports whether today's CLI would take every docker
// command of text as written: a command it knows, no flag it lacks, as
// many operands as the command's argument check wants.
func grammarAccepts(text string) bool {
	c := extract.NewCommand(1, text)
	for _, l := range c.Lines {
		if !l.IsDocker() {
			continue
		}
		if l.Cmd == nil || l.Cmd.Group || len(l.Unknown) > 0 || len(l.Check(engine.Default)) > 0 {
			return false
		}
		if n := len(l.Operands); n < l.Cmd.Min || l.Cmd.Max >= 0 && n > l.Cmd.Max {
			return false
		}
	}
	return true
}

// lowercaseRepos lowercases the repository of each image the line names
// with capitals (`-t Workshop/App`): Docker refuses them ("repository
// name must be lowercase"), and only the tag may have capitals.
func lowercaseRepos(c extract.Command, l dockercli.Line) []Candidate {
	uses, makes := l.Images()
	refs := append(uses, makes...)
	if l.Is("image tag", "image rm", "image history", "image inspect", "image save") {
		refs = l.Operands // every operand names an image
	}
	var edits []Edit
	for _, ref := range dedupeStrings(refs) {
		repo, rest := splitRepo(ref)
		if lower := strings.ToLower(repo); lower != repo && !strings.Contains(repo, "$") {
			edits = append(edits, Edit{Line: c.Line, Old: ref, New: lower + rest})
		}
	}
	if len(edits) == 0 {
		return nil
	}
	return []Candidate{{Edits: edits, Show: show(c.Text, edits), Why: "repository names must be lowercase; only a tag may have capitals"}}
}

// splitRepo parts an image reference into its repository and what
// follows it: ":tag", "@digest" or "".
func splitRepo(ref string) (repo, rest string) {
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		ref, rest = ref[:i], ref[i:]
	}
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		return ref[:i], ref[i:] + rest
	}
	return ref, rest
}

// droppedFlags drop a flag the command does not have, that no table
// knows and that is no slip of the keys for one it has: alone, or with
// the word after it, which was its value when the flag took one (`swarm
// init --auto-accept worker`, whose behaviour is the default now). The
// grammar then tells which reading is right: with the value left behind,
// the command has an operand too many.
func droppedFlags(c extract.Command, l dockercli.Line) []Candidate {
	var out []Candidate
	for _, u := range l.Unknown {
		name, _, withValue := strings.Cut(u, "=")
		if _, ok := dockercli.RemovedFlag(l.Path, name); ok || !strings.HasPrefix(u, "--") || nearestFlag(l.Cmd, name) != "" {
			continue // the table's successor, or a slip of the keys, comes first
		}
		why := fmt.Sprintf("docker %s has no %s", l.Typed, name)
		alone := Edit{Line: c.Line, Old: u, New: ""}
		out = append(out, Candidate{Edits: []Edit{alone}, Show: show(c.Text, []Edit{alone}), Why: why})
		if next := wordAfter(l.Args, u); next != "" && !withValue && !strings.HasPrefix(next, "-") {
			both := Edit{Line: c.Line, Old: u + " " + next, New: ""}
			if wordIndex(c.Text, both.Old) >= 0 {
				out = append(out, Candidate{Edits: []Edit{both}, Show: show(c.Text, []Edit{both}), Why: why + " (nor the value " + next + " it took)"})
			}
		}
	}
	return out
}

// wordAfter is the word that follows w in words, or "".
func wordAfter(words []string, w string) string {
	for i := 0; i+1 < len(words); i++ {
		if words[i] == w {
			return words[i+1]
		}
	}
	return ""
}

// operandPairs joins operands written as pairs (`service scale web 3`)
// into the NAME=VALUE form the command's usage line shows
// (SERVICE=REPLICAS).
func operandPairs(c extract.Command, l dockercli.Line) []Candidate {
	form := pairForm(l.Cmd.Use)
	ops := l.Operands
	if form == "" || len(ops) == 0 || len(ops)%2 != 0 {
		return nil
	}
	var edits []Edit
	for i := 0; i < len(ops); i += 2 {
		if strings.Contains(ops[i], "=") || !isWord(ops[i]) || !isWord(ops[i+1]) {
			return nil
		}
		edits = append(edits, Edit{Line: c.Line, Old: ops[i] + " " + ops[i+1], New: ops[i] + "=" + ops[i+1]})
	}
	for _, e := range edits {
		if wordIndex(c.Text, e.Old) < 0 {
			return nil
		}
	}
	return []Candidate{{Edits: edits, Show: show(c.Text, edits),
		Why: fmt.Sprintf("docker %s takes %s, one word", l.Typed, form)}}
}

// pairForm is the NAME=VALUE operand of a usage line ("scale
// SERVICE=REPLICAS [SERVICE=REPLICAS...]"), or "".
func pairForm(use string) string {
	for _, w := range strings.Fields(use) {
		w = strings.Trim(w, "[]")
		name, value, ok := strings.Cut(w, "=")
		if ok && isPlaceholder(name) && isPlaceholder(strings.TrimSuffix(value, "...")) {
			return name + "=" + strings.TrimSuffix(value, "...")
		}
	}
	return ""
}

// isPlaceholder reports whether w is a usage line's name for an operand:
// capitals, digits and _.
func isPlaceholder(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '_' }) < 0
}

// isWord reports whether an operand is a plain word, not an expansion
// or a quoted string the shell would read otherwise.
func isWord(w string) bool {
	return w != "" && !strings.ContainsAny(w, "$`'\"*?")
}
