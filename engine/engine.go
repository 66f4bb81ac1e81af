package engine

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// enginesTxt is the list of engines, which build.sh and dockercli's
// grammar generator read too.
//
//go:embed engines.txt
var enginesTxt string

// Engine is one engine labrun builds a sandbox for, as engines.txt says.
type Engine struct {
	Name  string // what --engine takes, and the tag of its sandbox: "28"
	Suite string // the Debian suite whose docker.io makes its sandbox: "sid"
	CLI   string // the docker/cli release its CLI grammar comes from: "28.5.2"
	// Sources, for an engine built from its Go sources rather than its
	// suite's packages, are the versions of the modules it is built from
	// by part: daemon (github.com/moby/moby/v2), compose, buildx. The CLI
	// is the docker/cli release CLI.
	Sources map[string]string
}

// FromSource says whether the engine is built from its Go sources.
func (e Engine) FromSource() bool { return len(e.Sources) > 0 }

// All are the engines of engines.txt, oldest first; Default is the one it
// marks default, which labs run on unless told otherwise: today's Docker,
// Engine 29 with the Compose v5 and Buildx plugins and BuildKit.
var All, Default = readEngines(enginesTxt)

// Named are the names of All, oldest first: the engines `make images`
// builds offline from Debian packages.
var Named = names(All)

// readEngines reads engines.txt: `NAME SUITE CLI [default]
// [PART=VERSION...]` a line, # for a comment. The file is embedded, so a
// mistake in it is labrun's own, and the package's test finds it.
func readEngines(txt string) ([]Engine, string) {
	var all []Engine
	def := ""
	for i, line := range strings.Split(txt, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) < 3 {
			panic(fmt.Sprintf("engine: engines.txt:%d: want NAME SUITE CLI [default] [PART=VERSION...]", i+1))
		}
		e := Engine{Name: f[0], Suite: f[1], CLI: f[2]}
		for _, w := range f[3:] {
			part, version, ok := strings.Cut(w, "=")
			switch {
			case w == "default" && def == "":
				def = e.Name
			case ok && slices.Contains(sourceParts, part) && version != "":
				if e.Sources == nil {
					e.Sources = map[string]string{}
				}
				e.Sources[part] = version
			default:
				panic(fmt.Sprintf("engine: engines.txt:%d: %q is neither the one default nor PART=VERSION of %s", i+1, w, strings.Join(sourceParts, ", ")))
			}
		}
		if e.FromSource() && len(e.Sources) != len(sourceParts) {
			panic(fmt.Sprintf("engine: engines.txt:%d: an engine from source names the version of each of %s", i+1, strings.Join(sourceParts, ", ")))
		}
		all = append(all, e)
	}
	if def == "" {
		panic("engine: engines.txt marks no engine default")
	}
	slices.SortStableFunc(all, func(a, b Engine) int { return Compare(a.Name, b.Name) })
	return all, def
}

// sourceParts are the parts of an engine built from source whose module
// versions engines.txt pins.
var sourceParts = []string{"daemon", "compose", "buildx"}

func names(all []Engine) []string {
	out := make([]string, len(all))
	for i, e := range all {
		out[i] = e.Name
	}
	return out
}

// Parse splits a comma-separated --engine value into engine names,
// in the order given, without repeats.
func Parse(s string) ([]string, error) {
	var out []string
	for _, e := range strings.Split(s, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			return nil, fmt.Errorf("--engine %q: an empty engine name", s)
		}
		if !slices.Contains(Named, e) && !strings.ContainsAny(e, ":/") {
			return nil, fmt.Errorf("--engine %q: %q is neither a named engine (%s) nor an image (docker:29-dind)",
				s, e, strings.Join(Named, ", "))
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// Versions are the versions of the Docker parts in a sandbox image, from
// its org.labrun.version.* labels. Empty where the image does not say.
type Versions struct {
	Engine     string `json:"engine,omitempty"`
	CLI        string `json:"cli,omitempty"`
	Compose    string `json:"compose,omitempty"`
	Buildx     string `json:"buildx,omitempty"`
	Containerd string `json:"containerd,omitempty"`
	Runc       string `json:"runc,omitempty"`
}

// String lists the parts that are known: "Engine 28.5.2, CLI 28.5.2,
// Compose 2.40.3, …".
func (v Versions) String() string {
	var parts []string
	for _, p := range []struct{ name, v string }{
		{"Engine", v.Engine}, {"CLI", v.CLI}, {"Compose", v.Compose}, {"Buildx", v.Buildx},
		{"containerd", v.Containerd}, {"runc", v.Runc},
	} {
		if p.v != "" {
			parts = append(parts, p.name+" "+p.v)
		}
	}
	return strings.Join(parts, ", ")
}

// Compare orders dotted versions numerically ("20.10" < "26" <
// "28.5.2"), a shorter spelling first ("28" < "28.0"); what does not
// parse as dotted numbers (an image, "docker:29-dind"; a pre-release,
// "29.0.0-rc.1") sorts after what does, by text. The reports order their
// engines by it, and dockercli finds by it the grammar of a release.
func Compare(a, b string) int {
	pa, oka := versionParts(a)
	pb, okb := versionParts(b)
	switch {
	case oka && okb:
		return slices.Compare(pa, pb)
	case oka:
		return -1
	case okb:
		return 1
	}
	return strings.Compare(a, b)
}

func versionParts(s string) ([]int, bool) {
	if s == "" {
		return nil, false
	}
	var out []int
	for _, f := range strings.Split(s, ".") {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}
