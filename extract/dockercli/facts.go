package dockercli

import (
	"path"
	"regexp"
	"slices"
	"strings"
)

// Images returns the images the line uses from a registry and the images
// it makes itself (build -t, tag, commit), in order.
func (l *Line) Images() (uses, makes []string) {
	first := func() []string {
		if len(l.Operands) > 0 {
			return l.Operands[:1:1] // a caller may append
		}
		return nil
	}
	switch {
	case l.Is("container run", "container create", "image pull", "image push", "service create"):
		uses = first()
	case l.IsBuild():
		makes = l.Values("tag")
		for _, v := range l.Values("build-arg") {
			// a FROM ${ARG} may take its image from a build argument
			if _, v, ok := strings.Cut(v, "="); ok && imageRefRE.MatchString(v) {
				uses = append(uses, v)
			}
		}
	case l.Is("image tag") && len(l.Operands) >= 2:
		makes = l.Operands[len(l.Operands)-1:]
	case l.Is("container commit") && len(l.Operands) >= 2:
		makes = l.Operands[1:2:2]
	}
	return uses, makes
}

// imageRefRE matches a value that names an image with a tag: name:tag or
// registry/name:tag.
var imageRefRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._/-]*:[\w][\w.-]*$`)

// IsBuild reports whether the line builds an image from a Dockerfile.
func (l *Line) IsBuild() bool {
	return l.Is("image build", "builder build", "buildx build")
}

// BuildFile is the Dockerfile a build uses: its -f, or Dockerfile.
func (l *Line) BuildFile() string {
	if f := l.Values("file"); len(f) > 0 {
		return path.Clean(f[len(f)-1])
	}
	return "Dockerfile"
}

// NeedsSwarm reports whether the command needs its node to be a swarm
// manager, as its CLI's annotations say.
func (l *Line) NeedsSwarm() bool {
	return l.Cmd != nil && l.Plugin == "" && l.Cmd.Swarm() == "manager"
}

// InitsSwarm reports whether the command makes its node a swarm member.
func (l *Line) InitsSwarm() bool {
	return l.Is("swarm init", "swarm join")
}

// pruneGroups are the command groups whose prune asks `[y/N]` first.
var pruneGroups = []string{"system", "image", "container", "volume", "network", "builder", "buildx"}

// AsksConfirmation reports whether the command asks `[y/N]` before it
// acts, so that labrun can answer as the note's reader would.
func (l *Line) AsksConfirmation() bool {
	if l.Has("force") {
		return false
	}
	group, verb, _ := strings.Cut(l.Path, " ")
	return (verb == "prune" && slices.Contains(pruneGroups, group)) || l.Path == "compose rm"
}

// Streams reports whether the command keeps running until it is stopped,
// printing what happens: a monitor or a follower (stats, logs -f, events,
// attach, tail -f, watch, ping with no count), or a compose project in
// the foreground, which follows its services' logs.
func (l *Line) Streams() bool {
	switch l.Program {
	case "tail":
		return hasWord(l.Args, "-f", "-F", "--follow")
	case "watch":
		return true
	case "ping":
		return !slices.ContainsFunc(l.Args, func(a string) bool { return strings.HasPrefix(a, "-c") })
	}
	switch l.Path {
	case "container stats":
		return !l.Has("no-stream")
	case "container logs", "service logs", "compose logs":
		return l.Has("follow")
	case "system events":
		return !l.Has("until")
	case "container attach":
		return true
	case "compose up":
		return !l.Has("detach")
	}
	return false
}

// MayServe reports whether the command runs in the foreground what may be
// a server, which keeps running once up: a container run without -d, or a
// program started to listen (socat …-LISTEN, nc -l, python -m
// http.server, php -S, httpd -f). Whether it is one shows only once it
// runs: it listens on a port.
func (l *Line) MayServe() bool {
	switch l.Program {
	case "socat":
		return slices.ContainsFunc(l.Args, func(a string) bool { return strings.Contains(strings.ToUpper(a), "-LISTEN:") })
	case "nc", "ncat", "netcat":
		return slices.ContainsFunc(l.Args, func(a string) bool {
			return strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "l")
		}) || hasWord(l.Args, "--listen")
	case "python", "python3":
		return len(l.Args) > 1 && l.Args[0] == "-m" && l.Args[1] == "http.server"
	case "php":
		return hasWord(l.Args, "-S")
	case "httpd", "busybox":
		return hasWord(l.Args, "-f") && (l.Program == "httpd" || hasWord(l.Args, "httpd"))
	}
	return l.Path == "container run" && !l.Has("detach")
}

func hasWord(args []string, words ...string) bool {
	return slices.ContainsFunc(args, func(a string) bool { return slices.Contains(words, a) })
}

// StartsInBackground reports whether the command returns while what it
// started may still be starting: a detached container or compose project,
// a service or a stack, a node's tasks moving after its availability
// changed, or a node leaving its swarm. A reader gives it a moment before
// looking.
func (l *Line) StartsInBackground() bool {
	switch l.Path {
	case "container run", "compose up":
		return l.Has("detach")
	case "container start", "container restart", "compose start", "compose restart",
		"service create", "service update", "service scale", "stack deploy":
		return true
	case "node update":
		return l.Has("availability")
	case "swarm leave":
		return true // its manager sees the node down a few seconds later
	}
	return false
}

// probePrograms ask a server for something and change nothing.
var probePrograms = []string{"curl", "wget", "nc", "http"}

// Probes reports whether the command only looks at something that may
// still be starting, and so may see it up if run again a moment later: a
// request to a server, or a list of containers, tasks or logs.
func (l *Line) Probes() bool {
	if slices.Contains(probePrograms, l.Program) {
		return true
	}
	switch l.Path {
	case "container ls", "container logs", "container port", "container top", "container inspect",
		"service ls", "service ps", "service logs", "stack ps", "stack services", "node ls", "node ps", "node inspect",
		"compose ps", "compose logs", "compose top", "compose port":
		return !l.Streams()
	case "container exec", "compose exec":
		// a request made from inside: docker exec web curl localhost
		return len(l.Operands) > 1 && slices.Contains(probePrograms, path.Base(l.Operands[1]))
	}
	return false
}

// Lists reports whether the command prints a list of objects (containers,
// tasks, nodes, images, …), one a line, whose order a reader does not
// count on: Docker sorts some and not others, and a scheduler places
// tasks in any order.
func (l *Line) Lists() bool {
	switch l.Path {
	case "container ls", "image ls", "network ls", "volume ls", "service ls", "service ps", "node ls", "node ps",
		"stack ls", "stack ps", "stack services", "secret ls", "config ls", "plugin ls", "context ls",
		"compose ps", "compose ls", "compose images":
		return true
	}
	return false
}

// Login is a user and the password a command line gives docker login:
// as written, or the variable it is read from.
type Login struct {
	User, Password string
	Var            string // the password is $Var's value
}

// Logins are the passwords the simple commands of a command line give
// docker login: a -p/--password value, or what echo or printf pipes into
// --password-stdin. A password written in the note is Password; one read
// from a variable ("$TOKEN") is Var. One read from a file or a command's
// output is neither, and not here.
func Logins(lines []Line) []Login {
	var out []Login
	for i := range lines {
		l := &lines[i]
		if !l.Is("login") {
			continue
		}
		user := ""
		if us := l.Values("username"); len(us) > 0 {
			user = us[len(us)-1]
		}
		passwords := l.Values("password")
		if l.Has("password-stdin") && i > 0 {
			passwords = append(passwords, echoed(&lines[i-1]))
		}
		for _, p := range passwords {
			if m := varRE.FindStringSubmatch(p); m != nil {
				out = append(out, Login{User: user, Var: m[1] + m[2]})
			} else if p != "" && !strings.ContainsAny(p, "$`") {
				out = append(out, Login{User: user, Password: p})
			}
		}
	}
	return out
}

// varRE is a word that is one variable's value: $NAME or ${NAME}.
var varRE = regexp.MustCompile(`^\$(?:(\w+)|\{(\w+)\})$`)

// echoed is what an echo or printf prints, as written.
func echoed(l *Line) string {
	var words []string
	switch l.Program {
	case "echo":
		words = l.Args
		for len(words) > 0 && strings.HasPrefix(words[0], "-") {
			words = words[1:]
		}
	case "printf":
		if len(l.Args) < 2 {
			return ""
		}
		words = l.Args[1:]
	}
	return strings.Join(words, " ")
}
