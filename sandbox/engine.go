package sandbox

import (
	"slices"

	"github.com/labrun/labrun/engine"
)

// EngineImage returns the sandbox image of an engine: labrun's own
// labrun/sandbox:NAME for a named engine, and otherwise the name itself, a
// Docker-in-Docker image such as docker:29-dind.
func EngineImage(name string) string {
	if slices.Contains(engine.Named, name) {
		return "labrun/sandbox:" + name
	}
	return name
}

// versionsFrom reads engine.Versions from an image's labels.
func versionsFrom(labels map[string]string) engine.Versions {
	v := func(part string) string { return labels["org.labrun.version."+part] }
	return engine.Versions{Engine: v("engine"), CLI: v("cli"), Compose: v("compose"), Buildx: v("buildx"),
		Containerd: v("containerd"), Runc: v("runc")}
}
