package runner

import (
	"path"
	"regexp"
	"strings"

	"github.com/labrun/labrun/extract"
)

// dockerArgs returns the arguments after `docker` (and its global flags)
// when args is a docker command, else nil.
func dockerArgs(args []string) []string {
	if len(args) > 0 && args[0] == "sudo" {
		args = args[1:]
	}
	if len(args) == 0 || args[0] != "docker" {
		return nil
	}
	args = args[1:]
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		flag := args[0]
		args = args[1:]
		if !strings.Contains(flag, "=") && globalValueFlags[flag] && len(args) > 0 {
			args = args[1:]
		}
	}
	return args
}

// globalValueFlags are docker's global flags that take a value.
var globalValueFlags = set("-H", "--host", "-c", "--context", "--config", "-l", "--log-level",
	"--tlscacert", "--tlscert", "--tlskey")

// runValueFlags are the flags of docker run/create that take a value, so
// that the image is the first argument that is neither a flag nor a value.
var runValueFlags = set("-a", "--attach", "--add-host", "--blkio-weight", "--cap-add", "--cap-drop",
	"--cgroup-parent", "--cgroupns", "--cidfile", "--cpu-period", "--cpu-quota", "--cpu-shares", "-c",
	"--cpus", "--cpuset-cpus", "--cpuset-mems", "--device", "--dns", "--dns-option", "--dns-search",
	"--domainname", "--entrypoint", "-e", "--env", "--env-file", "--expose", "--gpus", "--group-add",
	"--health-cmd", "--health-interval", "--health-retries", "--health-start-period", "--health-timeout",
	"-h", "--hostname", "--ip", "--ip6", "--ipc", "--isolation", "--kernel-memory", "-l", "--label",
	"--label-file", "--link", "--log-driver", "--log-opt", "--mac-address", "-m", "--memory",
	"--memory-reservation", "--memory-swap", "--memory-swappiness", "--mount", "--name", "--network",
	"--net", "--network-alias", "--oom-score-adj", "--pid", "--pids-limit", "--platform", "-p",
	"--publish", "--pull", "--restart", "--runtime", "--security-opt", "--shm-size", "--stop-signal",
	"--stop-timeout", "--storage-opt", "--sysctl", "--tmpfs", "--ulimit", "-u", "--user", "--userns",
	"--uts", "-v", "--volume", "--volume-driver", "--volumes-from", "-w", "--workdir")

// serviceValueFlags are the flags of docker service create that take a value.
var serviceValueFlags = set("--name", "--replicas", "-p", "--publish", "-e", "--env", "--mode",
	"--network", "--constraint", "--placement-pref", "--secret", "--config", "--mount", "-l", "--label",
	"--container-label", "--update-delay", "--update-parallelism", "--update-failure-action",
	"--rollback-parallelism", "--rollback-delay", "--restart-condition", "--restart-delay",
	"--restart-max-attempts", "--limit-cpu", "--limit-memory", "--reserve-cpu", "--reserve-memory",
	"-w", "--workdir", "-u", "--user", "--hostname", "--entrypoint", "--health-cmd", "--stop-grace-period",
	"--endpoint-mode", "--log-driver", "--log-opt", "--dns", "--env-file", "--host", "--group")

func set(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, it := range items {
		m[it] = true
	}
	return m
}

// firstOperand returns the first argument that is not a flag or a flag's
// value, and the arguments after it.
func firstOperand(args []string, valueFlags map[string]bool) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			if i+1 < len(args) {
				return args[i+1], args[i+2:]
			}
			return "", nil
		case strings.HasPrefix(a, "-") && len(a) > 1:
			if !strings.Contains(a, "=") && valueFlags[a] {
				i++
			}
		default:
			return a, args[i+1:]
		}
	}
	return "", nil
}

// ImageRefs returns the images a command uses from a registry, and the
// images it makes itself (docker build -t, docker tag, docker commit), in
// order of appearance.
func ImageRefs(command string) (uses, makes []string) {
	for _, args := range extract.Words(command) {
		d := dockerArgs(args)
		if len(d) == 0 {
			continue
		}
		verb, rest := d[0], d[1:]
		if (verb == "container" || verb == "image") && len(rest) > 0 {
			verb, rest = rest[0], rest[1:]
		}
		switch verb {
		case "run", "create":
			if img, _ := firstOperand(rest, runValueFlags); img != "" {
				uses = append(uses, img)
			}
		case "pull", "push":
			if img, _ := firstOperand(rest, set("--platform")); img != "" {
				uses = append(uses, img)
			}
		case "build":
			for i := 0; i+1 < len(rest); i++ {
				switch rest[i] {
				case "-t", "--tag":
					makes = append(makes, rest[i+1])
				case "--build-arg":
					// a FROM ${ARG} may take its image from a build argument
					if _, v, ok := strings.Cut(rest[i+1], "="); ok && imageRefRE.MatchString(v) {
						uses = append(uses, v)
					}
				}
			}
			for _, a := range rest {
				if t, ok := strings.CutPrefix(a, "--tag="); ok {
					makes = append(makes, t)
				}
			}
		case "tag":
			if len(rest) >= 2 {
				makes = append(makes, rest[len(rest)-1])
			}
		case "commit":
			if _, after := firstOperand(rest, set("-a", "--author", "-c", "--change", "-m", "--message")); len(after) > 0 {
				makes = append(makes, after[0])
			}
		case "service":
			if len(rest) > 0 && rest[0] == "create" {
				if img, _ := firstOperand(rest[1:], serviceValueFlags); img != "" {
					uses = append(uses, img)
				}
			}
		}
	}
	return uses, makes
}

// imageRefRE matches a value that names an image with a tag: name:tag or
// registry/name:tag.
var imageRefRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._/-]*:[\w][\w.-]*$`)

// normRef spells an image reference the way the daemon stores it, so that
// busybox and busybox:latest are one image.
func normRef(ref string) string {
	if strings.Contains(ref, "@") {
		return ref
	}
	if i := strings.LastIndex(ref, ":"); i < 0 || strings.Contains(ref[i:], "/") {
		return ref + ":latest"
	}
	return ref
}

// isBuild reports whether a command runs docker build.
func isBuild(command string) bool {
	for _, args := range extract.Words(command) {
		d := dockerArgs(args)
		if len(d) > 0 && (d[0] == "build" || (len(d) > 1 && d[0] == "image" && d[1] == "build") || (len(d) > 1 && d[0] == "buildx" && d[1] == "build")) {
			return true
		}
	}
	return false
}

// buildFile is the Dockerfile a docker build command uses: its -f, or
// Dockerfile (paths relative to the lab's directory).
func buildFile(command string) string {
	for _, args := range extract.Words(command) {
		for i, a := range args {
			if (a == "-f" || a == "--file") && i+1 < len(args) {
				return path.Clean(args[i+1])
			}
			if f, ok := strings.CutPrefix(a, "--file="); ok {
				return path.Clean(f)
			}
		}
	}
	return "Dockerfile"
}
