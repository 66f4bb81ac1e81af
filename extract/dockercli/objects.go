package dockercli

import (
	"path"
	"strings"
)

// Object is something a command makes or uses by name: a container, an
// image, a network, a volume, a service, a stack, a secret, a config, a
// node, a file or directory of the lab, or the swarm itself.
type Object struct {
	Kind string // "container", "image", "network", … as the CLI's usage names them, lower-cased; "file", "swarm"
	Name string
}

func (o Object) String() string {
	if o.Kind == "swarm" {
		return "the swarm"
	}
	return o.Kind + " " + o.Name
}

// objectKinds are the operands of a usage line that name an object.
var objectKinds = map[string]string{
	"CONTAINER": "container", "IMAGE": "image", "SOURCE_IMAGE": "image", "TARGET_IMAGE": "image",
	"REPOSITORY": "image", "NETWORK": "network",
	"VOLUME": "volume", "SERVICE": "service", "STACK": "stack", "SECRET": "secret", "CONFIG": "config",
	"NODE": "node",
}

// operand is one operand of a usage line.
type operand struct {
	kind     string // the object it names, or ""
	optional bool
	repeated bool
}

// operandsOf reads the operands of a usage line: "logs [OPTIONS]
// CONTAINER" gives one container; "rm [OPTIONS] CONTAINER [CONTAINER...]"
// a repeated one. Only the first line counts (cp has two forms).
func operandsOf(use string) []operand {
	first, _, _ := strings.Cut(use, "\n")
	fields := strings.Fields(first)
	var out []operand
	for _, f := range fields[min(1, len(fields)):] {
		if f == "[OPTIONS]" {
			continue
		}
		op := operand{optional: strings.HasPrefix(f, "["), repeated: strings.HasSuffix(f, "...]") || strings.HasSuffix(f, "...")}
		word := strings.Trim(f, "[]. ")
		if i := strings.IndexAny(word, ":=["); i >= 0 {
			word = word[:i]
		}
		for _, alt := range strings.Split(word, "|") { // self|NODE
			if kind, ok := objectKinds[alt]; ok {
				op.kind = kind
				break
			}
		}
		if op.repeated && len(out) > 0 && out[len(out)-1].kind == op.kind {
			out[len(out)-1].repeated = true // CONTAINER [CONTAINER...] is one operand, repeated
			continue
		}
		out = append(out, op)
	}
	return out
}

// makers are the commands that make the object their first operand
// names; the others use what they name.
var makers = map[string]bool{
	"network create": true, "volume create": true, "secret create": true, "config create": true,
	"stack deploy": true,
}

// Objects returns what the command makes and what it uses, by name. What
// it removes (rm, prune) it uses. Names Docker makes up (an unnamed
// container) are not there, nor the networks Docker always has.
func (l *Line) Objects() (makes, uses []Object) {
	if l.Cmd == nil {
		return l.shellObjects()
	}
	if l.Plugin == "compose" {
		for _, f := range l.composeFiles() {
			uses = append(uses, Object{"file", f})
		}
		return nil, uses
	}
	ops := l.operandObjects()
	switch {
	case makers[l.Path]:
		if len(ops) > 0 {
			makes, ops = ops[:1], ops[1:]
		}
	case l.Is("container run", "container create"):
		if n := l.Values("name"); len(n) > 0 {
			makes = append(makes, Object{"container", n[len(n)-1]})
		}
		for _, n := range l.Values("network") {
			if !builtinNetworks[n] && !strings.HasPrefix(n, "container:") {
				uses = append(uses, Object{"network", n})
			}
		}
		for _, c := range l.Values("volumes-from") {
			uses = append(uses, Object{"container", strings.Split(c, ":")[0]})
		}
		uses = append(uses, l.namedVolumes()...)
	case l.Is("service create"):
		if n := l.Values("name"); len(n) > 0 {
			makes = append(makes, Object{"service", n[len(n)-1]})
		}
	case l.Is("image tag", "container commit"):
		if len(ops) > 0 && ops[len(ops)-1].Kind == "image" {
			makes, ops = ops[len(ops)-1:], ops[:len(ops)-1]
		}
	case l.IsBuild():
		for _, t := range l.Values("tag") {
			makes = append(makes, Object{"image", t})
		}
		uses = append(uses, Object{"file", l.buildPath()})
	case l.InitsSwarm():
		makes = append(makes, Object{"swarm", ""})
	case l.Path == "inspect":
		// docker inspect names any object; --type says which, and a
		// tutorial's is most often a container
		kind := "container"
		if t := l.Values("type"); len(t) > 0 {
			kind = t[len(t)-1]
		}
		for _, name := range l.Operands {
			if name != "" && !strings.HasPrefix(name, "$") {
				uses = append(uses, Object{kind, name})
			}
		}
	}
	uses = append(uses, l.filtered()...)
	if l.NeedsSwarm() {
		uses = append(uses, Object{"swarm", ""})
	}
	if l.Is("stack deploy") {
		for _, f := range l.Values("compose-file") {
			uses = append(uses, Object{"file", path.Clean(f)})
		}
	}
	return makes, append(uses, ops...)
}

// builtinNetworks are the networks every daemon has.
var builtinNetworks = map[string]bool{"bridge": true, "host": true, "none": true, "default": true}

// operandObjects names the objects the command's operands name, as its
// usage line lays them out.
func (l *Line) operandObjects() []Object {
	var out []Object
	spec := l.Cmd.operands
	for i, j := 0, 0; i < len(l.Operands) && j < len(spec); i++ {
		op, word := spec[j], l.Operands[i]
		if !op.repeated {
			j++
		}
		if op.kind == "" || word == "" || strings.HasPrefix(word, "$") {
			continue
		}
		name := word
		if op.kind != "image" {
			name, _, _ = strings.Cut(name, "=") // SERVICE=REPLICAS
			if c, _, ok := strings.Cut(name, ":"); ok && op.kind == "container" {
				name = c // CONTAINER:PATH
			}
		}
		out = append(out, Object{op.kind, name})
	}
	return out
}

// buildPath is the Dockerfile a build reads, relative to the lab: its -f,
// or Dockerfile in its context.
func (l *Line) buildPath() string {
	if f := l.Values("file"); len(f) > 0 && f[len(f)-1] != "-" {
		return path.Clean(f[len(f)-1])
	}
	ctx := "."
	if len(l.Operands) > 0 && !strings.Contains(l.Operands[0], "://") && l.Operands[0] != "-" {
		ctx = l.Operands[0]
	}
	return path.Join(ctx, "Dockerfile")
}

// ComposeDefault reports whether compose finds a file of this name with
// no -f: compose.yaml, compose.yml and the docker-compose.y*ml of old.
func ComposeDefault(name string) bool {
	switch name {
	case "compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml":
		return true
	}
	return false
}

// composeFiles are the files a compose command reads: its -f, else
// compose.yaml (Compose also finds compose.yml and docker-compose.y*ml,
// which the lab's own names cover).
func (l *Line) composeFiles() []string {
	var files []string
	for _, f := range l.Global {
		if f.Name == "file" && f.HasValue && f.Value != "-" {
			files = append(files, path.Clean(f.Value))
		}
	}
	if len(files) == 0 {
		return []string{"compose.yaml"}
	}
	return files
}

// shellObjects are what the shell's own commands make and use: the
// directories of mkdir, git clone and cd.
func (l *Line) shellObjects() (makes, uses []Object) {
	ops := nonFlags(l.Args)
	switch l.Program {
	case "mkdir":
		for _, d := range ops {
			makes = append(makes, Object{"file", path.Clean(d)})
		}
	case "git":
		if len(ops) >= 2 && ops[0] == "clone" {
			dir := strings.TrimSuffix(path.Base(ops[1]), ".git")
			if len(ops) >= 3 {
				dir = ops[2]
			}
			makes = append(makes, Object{"file", path.Clean(dir)})
		}
	case "cd":
		if len(ops) == 1 && !strings.ContainsAny(ops[0], "$~") && ops[0] != "-" && !path.IsAbs(ops[0]) {
			uses = append(uses, Object{"file", path.Clean(ops[0])})
		}
	}
	return makes, uses
}

func nonFlags(args []string) []string {
	var out []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			out = append(out, a)
		}
	}
	return out
}

// filterKinds are, for the listings that filter by name, the kind of
// object each filter names: `docker ps --filter name=web` looks for the
// container web.
var filterKinds = map[string]map[string]string{
	"container ls": {"name": "container", "ancestor": "image"},
	"volume ls":    {"name": "volume"},
	"network ls":   {"name": "network"},
	"image ls":     {"reference": "image"},
	"service ls":   {"name": "service"},
}

// filtered are the objects a listing's filters name.
func (l *Line) filtered() []Object {
	kinds := filterKinds[l.Path]
	if kinds == nil {
		return nil
	}
	var out []Object
	for _, f := range l.Values("filter") {
		key, value, ok := strings.Cut(f, "=")
		if kind := kinds[key]; ok && kind != "" && value != "" && !strings.ContainsAny(value, "$*^[") {
			out = append(out, Object{kind, value})
		}
	}
	return out
}

// namedVolumes are the named volumes a docker run mounts (`-v data:/var/lib`,
// `--mount source=data,target=/x`), not the host paths it binds.
func (l *Line) namedVolumes() []Object {
	var out []Object
	named := func(name string) {
		if name != "" && !strings.ContainsAny(name, "/.$~\\") {
			out = append(out, Object{"volume", name})
		}
	}
	for _, v := range l.Values("volume") {
		if src, _, ok := strings.Cut(v, ":"); ok {
			named(src)
		}
	}
	for _, m := range l.Values("mount") {
		fields := map[string]string{}
		for _, f := range strings.Split(m, ",") {
			k, v, _ := strings.Cut(f, "=")
			fields[k] = v
		}
		if t := fields["type"]; t == "" || t == "volume" {
			named(fields["source"] + fields["src"])
		}
	}
	return out
}
