package fix

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
	"go.yaml.in/yaml/v3"
)

// Candidate is one rewrite of a snippet to try in its lab.
type Candidate struct {
	Edits []Edit
	Show  string // the rewritten command or lines, as a reader reads them
	Why   string // what changed in Docker, or the slip it mends
	// SameAs is, for a rewrite that does its work otherwise (a prune
	// for a removal over a list), the original command: the rewrite is
	// tried only when, from a state made for the purpose, it leaves the
	// daemon as the original does.
	SameAs string
}

// Candidates are the rewrites worth trying for the step lab.Steps[i]
// whose command at line failed (for a Dockerfile or compose file, line is
// the snippet's), most likely first: from what labrun knows of how Docker
// changed and of the slips notes make. None is proven: the caller runs
// them.
func Candidates(lab labs.Lab, i int, line int) []Candidate {
	st := lab.Steps[i]
	switch st.Kind {
	case extract.Dockerfile:
		return append(dockerfileCandidates(st), copyRenamed(lab.Steps[:i], st)...)
	case extract.Compose:
		return composeCandidates(st)
	case extract.Shell:
		for _, c := range st.Commands {
			if c.Line == line {
				return commandCandidates(lab.Steps[:i], c)
			}
		}
	}
	return nil
}

// commandCandidates rewrite one command of a shell snippet; earlier are
// the lab's steps before it.
func commandCandidates(earlier []labs.Step, c extract.Command) []Candidate {
	var out []Candidate
	for _, l := range c.Lines {
		out = append(out, composeV2(c, l)...)
		out = append(out, emptyList(c, l)...)
		out = append(out, movedFlags(earlier, c, l)...)
		out = append(out, flagCandidates(c, l)...)
		out = append(out, derivedCandidates(c, l)...)
	}
	out = append(out, strayBacktick(c)...)
	return dedupe(out)
}

// composeV2 rewrites a retired program as its successor (docker-compose
// v1 as the docker compose plugin), and gives each compose file of an
// overlay its own -f, which v1 took loosely and v2 does not.
func composeV2(c extract.Command, l dockercli.Line) []Candidate {
	var edits []Edit
	why := []string{}
	if r, ok := l.Retired(); ok && r.Successor != "" {
		edits = append(edits, Edit{Line: c.Line, Old: r.Program, New: r.Successor})
		why = append(why, r.What+" is retired; "+r.Plugin+" is the "+r.Successor+" plugin")
	}
	if l.Plugin == "compose" {
		for _, f := range dockercli.LooseComposeFiles(l.Args) {
			edits = append(edits, Edit{Line: c.Line, Old: f, New: "-f " + f})
		}
		if len(edits) > 0 && len(edits) > len(why) {
			why = append(why, "every compose file of an overlay needs its own -f")
		}
	}
	if len(edits) == 0 {
		return nil
	}
	return []Candidate{{Edits: edits, Show: show(c.Text, edits), Why: strings.Join(why, "; ")}}
}

// listRE reads a command whose last operands are a command substitution:
// `docker rm $(docker ps -aq)`.
var listRE = regexp.MustCompile(`^(.*?)\s*(?:\$\((.+)\)|` + "`(.+)`" + `)\s*$`)

// emptyList rewrites a command given its operands by a command
// substitution, which fails when the list is empty ("requires at least 1
// argument"): the prune form that does what it meant, else xargs -r,
// which runs nothing on an empty list.
func emptyList(c extract.Command, l dockercli.Line) []Candidate {
	m := listRE.FindStringSubmatch(c.Text)
	if m == nil || !l.IsDocker() || l.Cmd == nil || strings.Contains(c.Text, "\n") {
		return nil
	}
	outer, inner := m[1], m[2]+m[3]
	if !strings.HasPrefix(strings.TrimSpace(outer), "docker ") && !strings.HasPrefix(strings.TrimSpace(outer), "sudo docker ") {
		return nil
	}
	if strings.ContainsAny(outer, ";&|") || strings.Contains(inner, "$(") || strings.Count(inner, "(") != strings.Count(inner, ")") {
		return nil // one command over one list, not a chain of them
	}
	var out []Candidate
	dangling := strings.Contains(inner, "dangling=true")
	prune := ""
	switch {
	case l.Is("container rm") && l.Has("force"):
		// rm -f removes running containers too; prune does not.
	case l.Is("container rm"):
		prune = "docker container prune -f"
	case l.Is("image rm") && dangling:
		prune = "docker image prune -f"
	case l.Is("image rm"):
		prune = "docker image prune -a -f"
	case l.Is("volume rm") && dangling:
		prune = "docker volume prune -f"
	case l.Is("volume rm"):
		prune = "docker volume prune -a -f"
	case l.Is("network rm"):
		prune = "docker network prune -f"
	}
	if prune != "" {
		out = append(out, Candidate{Edits: []Edit{{Line: c.Line, Old: c.Text, New: prune}}, Show: prune, SameAs: c.Text,
			Why: "an empty $(…) list leaves the command with nothing to act on; prune does what it meant"})
	}
	xargs := strings.TrimSpace(inner) + " | xargs -r " + strings.TrimSpace(outer)
	out = append(out, Candidate{Edits: []Edit{{Line: c.Line, Old: c.Text, New: xargs}}, Show: xargs,
		Why: "an empty $(…) list leaves the command with nothing to act on; xargs -r runs it only on a list"})
	return out
}

// movedFlags rewrites a command that carries a flag of another command
// (dockercli.Moved) as that command, on the last object of its kind the
// lab made before: the note means that command on an object the lab made.
// `docker swarm --placement-pref-add=rack` → `docker service update
// --placement-pref-add spread=node.labels.rack web`.
func movedFlags(earlier []labs.Step, c extract.Command, l dockercli.Line) []Candidate {
	if !l.IsDocker() || strings.Contains(c.Text, "\n") {
		return nil
	}
	for _, m := range dockercli.Moved() {
		var flags []string
		for _, u := range m.Written(&l) {
			name, value, _ := strings.Cut(strings.TrimLeft(u, "-"), "=")
			if strings.HasPrefix(name, "placement-pref") && value != "" && !strings.Contains(value, "=") {
				value = "spread=node.labels." + value // the talks' shorthand
			}
			f := "--" + name
			if value != "" {
				f += "=" + value
			}
			flags = append(flags, f)
		}
		if len(flags) == 0 {
			continue
		}
		obj := lastMade(earlier, m.Object)
		if obj == "" {
			continue
		}
		cmd := "docker " + m.To + " " + strings.Join(flags, " ") + " " + obj
		return []Candidate{{Edits: []Edit{{Line: c.Line, Old: c.Text, New: cmd}}, Show: cmd,
			Why: fmt.Sprintf("%s belongs to `docker %s`, not to `docker %s`", strings.Join(flags, " "), m.To, m.On)}}
	}
	return nil
}

// lastMade is the name of the last object of kind the steps made, or "".
func lastMade(steps []labs.Step, kind string) string {
	name := ""
	for _, st := range steps {
		for _, c := range st.Commands {
			for _, l := range c.Lines {
				makes, _ := l.Objects()
				for _, o := range makes {
					if o.Kind == kind {
						name = o.Name
					}
				}
			}
		}
	}
	return name
}

// flagCandidates rewrite the flags the command does not have: a flag
// the CLI removed (dropped, or its successor: dockercli.RemovedFlag), or
// a slip of the keys (`--fromat` → `--format`).
func flagCandidates(c extract.Command, l dockercli.Line) []Candidate {
	if !l.IsDocker() || l.Cmd == nil {
		return nil
	}
	var out []Candidate
	for _, u := range l.Unknown {
		name, _, _ := strings.Cut(u, "=")
		if succ, ok := dockercli.RemovedFlag(l.Path, name); ok {
			e := Edit{Line: c.Line, Old: name, New: succ}
			why := fmt.Sprintf("docker %s lost %s", l.Path, name)
			if succ != "" {
				why += "; " + succ + " does its work"
			}
			out = append(out, Candidate{Edits: []Edit{e}, Show: show(c.Text, []Edit{e}), Why: why})
			continue
		}
		if older := olderFlag(l, strings.TrimLeft(name, "-")); older != nil {
			e := Edit{Line: c.Line, Old: u, New: ""}
			out = append(out, Candidate{Edits: []Edit{e}, Show: show(c.Text, []Edit{e}),
				Why: fmt.Sprintf("docker %s no longer has %s", l.Path, name)})
			continue
		}
		if near := nearestFlag(l.Cmd, name); near != "" {
			e := Edit{Line: c.Line, Old: name, New: near}
			out = append(out, Candidate{Edits: []Edit{e}, Show: show(c.Text, []Edit{e}),
				Why: fmt.Sprintf("docker %s has no %s; %s is one letter or two away", l.Typed, name, near)})
		}
	}
	return out
}

// olderFlag finds the flag name in the oldest engine's grammar of the
// line's command: a flag that engine had and today's has not. Only a flag
// with no value of its own is dropped (its value could be any next word).
func olderFlag(l dockercli.Line, name string) *dockercli.Flag {
	old, _ := dockercli.Docker(engine.Named[0]).Lookup(strings.Fields(l.Path))
	if old == nil || strings.Join(strings.Fields(old.Path), " ") != l.Path {
		return nil
	}
	f := old.Flag(name)
	if f == nil || f.TakesValue() {
		return nil
	}
	return f
}

// nearestFlag is the long flag of cmd closest to name ("--fromat"), when
// one is at most two edits away and no other is as close; "" else.
func nearestFlag(cmd *dockercli.Command, name string) string {
	long, ok := strings.CutPrefix(name, "--")
	if !ok || len(long) < 4 {
		return ""
	}
	var names []string
	for _, f := range cmd.Flags {
		if !f.Hidden && f.Deprecated == "" {
			names = append(names, f.Name)
		}
	}
	if best := closest(long, names); best != "" {
		return "--" + best
	}
	return ""
}

// closest is the one of names at most two edits from word, when no other
// is as close; "" else.
func closest(word string, names []string) string {
	best, bestD, ties := "", 3, 0
	for _, name := range names {
		switch d := dockercli.Distance(word, name); {
		case d < bestD:
			best, bestD, ties = name, d, 0
		case d == bestD:
			ties++
		}
	}
	if ties > 0 {
		return ""
	}
	return best
}

// strayBacktick drops a backtick left at the end of a command, a slip of
// notes that close an inline code span on a code line: the shell waits
// for its pair and fails.
func strayBacktick(c extract.Command) []Candidate {
	text := strings.TrimRight(c.Text, " \t")
	if !strings.HasSuffix(text, "`") || strings.Count(text, "`")%2 == 0 || strings.Contains(text, "\n") {
		return nil
	}
	last := text[strings.LastIndexAny(text, " \t")+1:]
	e := Edit{Line: c.Line, Old: last, New: strings.TrimSuffix(last, "`")}
	return []Candidate{{Edits: []Edit{e}, Show: strings.TrimSuffix(text, "`"), Why: "a stray backtick opens a command substitution that never closes"}}
}

// dockerfileCandidates mend the forms of a Dockerfile that today's
// builders reject or that never worked: one candidate with every line
// mended at once, as a Dockerfile fails on its first mistake.
func dockerfileCandidates(st labs.Step) []Candidate {
	var edits []Edit
	var why []string
	for k, line := range strings.Split(st.Code, "\n") {
		mended, reason := mendInstruction(line)
		if reason == "" {
			continue
		}
		edits = append(edits, Edit{Line: st.Line + k, Old: strings.TrimSpace(line), New: strings.TrimSpace(mended)})
		why = append(why, reason)
	}
	if len(edits) == 0 {
		return nil
	}
	return []Candidate{{Edits: edits, Show: showLines(edits), Why: strings.Join(dedupeStrings(why), "; ")}}
}

var (
	instructionRE = regexp.MustCompile(`(?i)^(\s*)(COPY|ADD|CMD|ENTRYPOINT|RUN|SHELL|VOLUME)(\s+)(.*)$`)
	jsonWordsRE   = regexp.MustCompile(`"[^"]*"`)
)

// mendInstruction mends one Dockerfile line, and says what it mended; ""
// when there was nothing to.
func mendInstruction(line string) (string, string) {
	m := instructionRE.FindStringSubmatch(line)
	if m == nil {
		return line, ""
	}
	indent, inst, sp, args := m[1], strings.ToUpper(m[2]), m[3], strings.TrimSpace(m[4])
	switch {
	case (inst == "COPY" || inst == "ADD") && len(nonFlagWords(args)) == 1 && !strings.HasPrefix(args, "["):
		return line + " ./", inst + " needs a destination: ./ is the working directory"
	case (inst == "COPY" || inst == "ADD") && len(nonFlagWords(args)) > 2 && !strings.HasPrefix(args, "[") && !strings.HasSuffix(args, "/"):
		return strings.TrimRight(line, " \t") + "/", inst + " of several sources needs a directory for destination, written with a final /"
	case strings.HasPrefix(args, "[") && strings.Contains(args, "'") && !strings.Contains(args, `"`):
		return indent + m[2] + sp + strings.ReplaceAll(args, "'", `"`), "the exec form is JSON, which quotes with \" (with ' it runs as a shell command)"
	case strings.HasPrefix(args, "[") && strings.HasSuffix(args, "]") && len(jsonWordsRE.FindAllString(args, -1)) > 1 && !strings.Contains(args, ","):
		words := jsonWordsRE.FindAllString(args, -1)
		return indent + m[2] + sp + "[" + strings.Join(words, ", ") + "]", "the exec form is a JSON array, with commas between its words"
	case inst == "RUN" && aptWithoutYes(args):
		return strings.Replace(line, "install", "install -y", 1), "apt-get install asks before it installs; a build cannot answer: -y"
	}
	return line, ""
}

func nonFlagWords(args string) []string {
	var out []string
	for _, w := range strings.Fields(args) {
		if !strings.HasPrefix(w, "--") {
			out = append(out, w)
		}
	}
	return out
}

var aptInstallRE = regexp.MustCompile(`\bapt(-get)?\s+install\b([^&;|]*)`)

// aptWithoutYes reports whether a command installs with apt without
// saying yes ahead: in a build nobody answers its question.
func aptWithoutYes(cmd string) bool {
	m := aptInstallRE.FindStringSubmatch(cmd)
	if m == nil {
		return false
	}
	for _, w := range strings.Fields(m[2]) {
		if w == "-y" || w == "--yes" || w == "--assume-yes" || (strings.HasPrefix(w, "-") && !strings.HasPrefix(w, "--") && strings.Contains(w, "y")) {
			return false
		}
	}
	return true
}

// composeTopLevel are the keys a compose file of today has at its top.
var composeTopLevel = map[string]bool{
	"version": true, "name": true, "services": true, "networks": true, "volumes": true,
	"secrets": true, "configs": true, "include": true, "models": true,
}

// composeCandidates mend a compose file written for Compose v1, which
// Compose v2 rejects: the v1 file format (services at the top, where v2
// wants them under `services:`), and the service keys the compose
// specification dropped (net, log_driver and log_opt, dockerfile beside
// build, volume_driver).
func composeCandidates(st labs.Step) []Candidate {
	var top yaml.Node
	if yaml.Unmarshal([]byte(st.Code), &top) != nil || len(top.Content) == 0 || top.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	root := top.Content[0]
	services, v1 := mapValue(root, "services"), true
	for k := 0; k < len(root.Content); k += 2 {
		key := root.Content[k].Value
		if composeTopLevel[key] || strings.HasPrefix(key, "x-") || root.Content[k+1].Kind != yaml.MappingNode {
			v1 = false
		}
	}
	if v1 {
		services = root
	}
	lines := strings.Split(st.Code, "\n")
	out := slices.Clone(lines)
	var why []string
	if services != nil && services.Kind == yaml.MappingNode {
		for k := 1; k < len(services.Content); k += 2 {
			why = append(why, mendService(services.Content[k], lines, out)...)
		}
	}
	var edits []Edit
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		mended := out[i]
		if v1 && mended != "" {
			mended = "  " + strings.ReplaceAll(mended, "\n", "\n  ")
			if i == 0 {
				mended = "services:\n" + mended
			}
		}
		if mended != line {
			edits = append(edits, Edit{Line: st.Line + i, Old: line, New: mended})
		}
	}
	if v1 {
		why = append([]string{"the v1 file format, with services at the top, is gone: Compose v2 wants them under services:"}, why...)
	}
	if len(edits) == 0 {
		return nil
	}
	return []Candidate{{Edits: edits, Show: showLines(edits), Why: strings.Join(dedupeStrings(why), "; ")}}
}

// mendService rewrites, in out (the lines of the file, as lines has them
// now), the keys of one service that the compose specification dropped,
// and says what it did. A line may become several, or "" (gone).
func mendService(svc *yaml.Node, lines, out []string) []string {
	if svc.Kind != yaml.MappingNode {
		return nil
	}
	var why []string
	line := func(n *yaml.Node) int { return n.Line - 1 }
	indent := func(n *yaml.Node) string { return lines[line(n)][:n.Column-1] }
	// logging: the header goes on whichever of log_driver and log_opt
	// comes first.
	logging := false
	for k := 0; k < len(svc.Content); k += 2 {
		key, val := svc.Content[k], svc.Content[k+1]
		i, ind := line(key), indent(key)
		switch key.Value {
		case "net":
			out[i] = strings.Replace(lines[i], "net:", "network_mode:", 1)
			why = append(why, "net: is network_mode: in the compose specification")
		case "log_driver", "log_opt":
			head := ""
			if !logging {
				head, logging = ind+"logging:\n", true
			}
			rest := lines[i][strings.Index(lines[i], ":")+1:] // the value, on the key's line
			if key.Value == "log_driver" {
				out[i] = head + ind + "  driver:" + rest
			} else {
				out[i] = head + ind + "  options:" + rest
				for j := line(val); j <= lastLine(val)-1 && j < len(lines); j++ {
					if j > i && strings.TrimSpace(lines[j]) != "" {
						out[j] = "  " + lines[j]
					}
				}
			}
			why = append(why, "log_driver and log_opt are logging: driver: and options: in the compose specification")
		case "dockerfile":
			build := mapValue(svc, "build")
			if build == nil || build.Kind != yaml.ScalarNode {
				continue
			}
			b := line(mapKey(svc, "build"))
			out[b] = ind + "build:\n" + ind + "  context: " + build.Value + "\n" + ind + "  dockerfile: " + val.Value
			out[i] = ""
			why = append(why, "dockerfile: belongs under build: in the compose specification")
		case "volume_driver":
			out[i] = ""
			why = append(why, "volume_driver: is gone; a volume's driver is set under the top-level volumes:")
		}
	}
	return why
}

// mapKey is the key node of key in a mapping, or nil.
func mapKey(m *yaml.Node, key string) *yaml.Node {
	for k := 0; m != nil && m.Kind == yaml.MappingNode && k < len(m.Content); k += 2 {
		if m.Content[k].Value == key {
			return m.Content[k]
		}
	}
	return nil
}

// mapValue is the value of key in a mapping, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	for k := 0; m != nil && m.Kind == yaml.MappingNode && k < len(m.Content); k += 2 {
		if m.Content[k].Value == key {
			return m.Content[k+1]
		}
	}
	return nil
}

// lastLine is the last line (1-based) a node and its children are on.
func lastLine(n *yaml.Node) int {
	last := n.Line
	for _, c := range n.Content {
		last = max(last, lastLine(c))
	}
	return last
}

// show is text with the edits made, as one command reads.
func show(text string, edits []Edit) string {
	for _, e := range edits {
		if i := wordIndex(text, e.Old); i >= 0 {
			r, _ := replace(text, i, len(e.Old), e.New, false)
			text = r
		}
	}
	return text
}

// showLines is the lines edits make, one per line.
func showLines(edits []Edit) string {
	var out []string
	for _, e := range edits {
		out = append(out, e.New)
	}
	return strings.Join(out, "\n")
}

func dedupe(cs []Candidate) []Candidate {
	seen := map[string]bool{}
	var out []Candidate
	for _, c := range cs {
		if !seen[c.Show] {
			seen[c.Show] = true
			out = append(out, c)
		}
	}
	return out
}

func dedupeStrings(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
