package provision

import (
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
)

// registryVersion is the CNCF Distribution release the registry stand-in
// is built from.
const registryVersion = "v3.0.0"

// buildkitModule is the module of the Dockerfile frontend; the stand-in is
// built from the version labrun itself is built with.
const buildkitModule = "github.com/moby/buildkit"

// StandIns are the recipes of the images labs use that labrun makes where
// no registry answers, under the official names, so that the same labs
// pull the real images elsewhere: BusyBox, the registry, and the
// Dockerfile frontend a `# syntax=` line names.
func StandIns() ([]Recipe, error) {
	proxy := goProxy()
	mirror := os.Getenv("DEBIAN_MIRROR")
	if mirror == "" {
		mirror = "http://deb.debian.org/debian"
	}
	var out []Recipe
	for _, s := range []struct {
		dir, dockerfile, image, base, suite, describe string
		aliases                                       []string
		version                                       string
	}{
		{dir: "busybox", image: "busybox:latest", base: "debian:bookworm-slim", suite: "bookworm",
			describe: "Debian bookworm's static BusyBox on scratch", aliases: []string{"busybox:1.36", "busybox:stable"}},
		{dir: "gosource", dockerfile: "registry.Dockerfile", image: "registry:3", base: "debian:sid", suite: "sid",
			describe: "the Distribution registry " + registryVersion + " from the Go module proxy", version: registryVersion},
		{dir: "gosource", dockerfile: "frontend.Dockerfile", image: "docker/dockerfile:1", base: "debian:sid", suite: "sid",
			describe: "BuildKit " + buildkitVersion() + "'s Dockerfile frontend from the Go module proxy", version: buildkitVersion()},
	} {
		files, err := fs.Sub(recipes, "recipes/"+s.dir)
		if err != nil {
			return nil, err
		}
		args := map[string]string{"BASE": s.base, "SUITE": s.suite}
		if s.version != "" {
			args["VERSION"] = s.version
		}
		out = append(out, Recipe{
			Image: s.image, Aliases: s.aliases, Base: s.base, Files: files, Dockerfile: s.dockerfile, Args: args,
			Sources:   map[string]string{"GOPROXY": proxy, "MIRROR": mirror},
			HostFiles: map[string][]byte{"host-ca.crt": hostCertificates()},
			Labels:    map[string]string{"org.labrun.image": "stand-in"},
			Describe:  fmt.Sprintf("%s, a stand-in for the official image", s.describe),
		})
	}
	return out, nil
}

// buildkitVersion is the version of BuildKit labrun is built with: labrun
// imports BuildKit's Dockerfile parser, so its build carries it; a binary
// that does not (this package's tests) builds the latest.
func buildkitVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == buildkitModule {
				return d.Version
			}
		}
	}
	return "latest"
}

// caBundles are where Linux distributions keep the system's CA
// certificates, one file.
var caBundles = []string{"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"}

// hostCertificates are the CA certificates this host trusts ($SSL_CERT_FILE
// or the system's bundle; none when neither is there), for builds that
// fetch over TLS: behind a proxy that inspects TLS, only the host knows the
// proxy's certificate authority.
func hostCertificates() []byte {
	for _, p := range append([]string{os.Getenv("SSL_CERT_FILE")}, caBundles...) {
		if p == "" {
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			return data
		}
	}
	return nil
}

// goProxy is where builds fetch Go modules: $GOPROXY, or the Go module
// proxy.
func goProxy() string {
	if p := os.Getenv("GOPROXY"); p != "" {
		return p
	}
	return "https://proxy.golang.org,direct"
}
