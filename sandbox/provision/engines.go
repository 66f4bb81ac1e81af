package provision

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/labrun/labrun/engine"
)

//go:embed recipes
var recipes embed.FS

//go:embed recipes/sandbox-versions.sh
var versionsScript string

// sandboxPackages are what every sandbox has besides Docker: what the
// labs' shell snippets use.
var sandboxPackages = strings.Fields(`ca-certificates curl iproute2 iptables util-linux procps socat jq openssl
	sqlite3 git make golang-go`)

// dockerPackages are a suite's Docker packages: bookworm has neither
// docker-cli (its CLI is part of docker.io) nor docker-buildx, and its
// docker-compose is v1.
func dockerPackages(suite string) []string {
	if suite == "bookworm" {
		return []string{"docker.io", "docker-compose"}
	}
	return []string{"docker.io", "docker-cli", "docker-compose", "docker-buildx"}
}

// containerdFirst are the engines whose entrypoint starts containerd
// before dockerd: 26 is ready in 1.4 s instead of 2.3 (20.10 and 28 gain
// nothing from it).
var containerdFirst = []string{"26"}

// Sandbox is the recipe of the sandbox image of a named engine (one of
// engine/engines.txt): its suite's Docker packages on debian:SUITE.
func Sandbox(name string) (Recipe, error) {
	i := slices.IndexFunc(engine.All, func(e engine.Engine) bool { return e.Name == name })
	if i < 0 {
		return Recipe{}, fmt.Errorf("engine %q: labrun builds engines %s", name, strings.Join(engine.Named, ", "))
	}
	e := engine.All[i]
	files, err := fs.Sub(recipes, "recipes/sandbox")
	if err != nil {
		return Recipe{}, err
	}
	first := ""
	if slices.Contains(containerdFirst, name) {
		first = "1"
	}
	r := Recipe{
		Image: "labrun/sandbox:" + name,
		Base:  "debian:" + e.Suite,
		Files: files,
		Args: map[string]string{
			"SUITE":            e.Suite,
			"PACKAGES":         strings.Join(append(dockerPackages(e.Suite), sandboxPackages...), " "),
			"CONTAINERD_FIRST": first,
		},
		Labels: map[string]string{
			"org.labrun.image":  "sandbox",
			"org.labrun.engine": name,
			"org.labrun.suite":  e.Suite,
		},
		Describe: fmt.Sprintf("engine %s from Debian %s's Docker packages, on debian:%s", name, e.Suite, e.Suite),
		Inspect:  []string{"sh", "-c", versionsScript},
	}
	if e.FromSource() {
		r.Dockerfile = "source.Dockerfile"
		r.Args["PACKAGES"] = strings.Join(append(sourcePackages, sandboxPackages...), " ")
		r.Args["DAEMON"] = e.Sources["daemon"]
		r.Args["CLI"] = "v" + e.CLI + "+incompatible"
		r.Args["COMPOSE"] = e.Sources["compose"]
		r.Args["BUILDX"] = e.Sources["buildx"]
		r.Sources = map[string]string{"GOPROXY": goProxy()}
		r.HostFiles = map[string][]byte{"host-ca.crt": hostCertificates()}
		r.Describe = fmt.Sprintf("engine %s from its Go sources (moby/moby/v2 %s, docker/cli v%s, Compose %s, Buildx %s), on Debian %s's containerd and runc",
			name, e.Sources["daemon"], e.CLI, e.Sources["compose"], e.Sources["buildx"], e.Suite)
	}
	return r, nil
}

// sourcePackages are what an engine built from source takes from its
// suite: containerd, runc, and tini for `docker run --init`.
var sourcePackages = []string{"containerd", "runc", "tini"}
