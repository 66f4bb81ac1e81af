package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Default is the engine labs run on unless told otherwise: today's
// Docker, with the Compose v2 and Buildx plugins and BuildKit.
const Default = "28"

// Named are the engines `make images` builds offline from Debian
// packages (sandbox/images/build.sh holds the same names): 20.10 from
// bookworm, 26 from trixie, 28 from sid.
var Named = []string{"20.10", "26", "28"}

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
// "28.5.2"); what does not parse sorts after what does, by text.
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
