package extract

import (
	"regexp"
	"strings"
)

// knownCommands are programs whose name starting a line marks it as shell.
var knownCommands = wordSet(`docker docker-compose docker-machine dockerd containerd ctr runc buildctl
	crictl kubectl helm minikube curl wget nsenter unshare socat openssl sqlite3 jq cat tail head grep
	egrep ls echo printf make ssh scp perf git go apt apt-get apk yum dnf export sudo chown chmod
	chroot id mkdir cd cp mv rm touch ln kill killall ps top htop nc ping ip ifconfig iptables mount
	umount systemctl service journalctl env sh bash sleep whoami hostname uname dig nslookup host tar
	gzip find xargs sed awk sort uniq wc tee watch ab wrk python python3 pip pip3 node npm strace
	tcpdump ss netstat lsof du df free vmstat iostat mpstat pidstat sar dmesg sysctl ulimit su useradd
	groupadd unzip zip base64 sha256sum date true false test mkfs dd shutdown reboot halt poweroff
	init vi vim nano less more emacs psql mysql redis-cli telnet htpasswd systemd-cgtop docker-credential-helper`)

// assignmentRE matches leading environment assignments: `A=b B=c cmd`.
var assignmentRE = regexp.MustCompile(`^([A-Za-z_]\w*=\S*\s+)+`)

// isShell reports whether code reads as shell commands: its first line
// of code starts with a known program, possibly after assignments or sudo.
func isShell(code string) bool {
	for _, l := range strings.Split(code, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if strings.Contains(t, "=") { // every assignment has one
			t = assignmentRE.ReplaceAllString(t, "")
		}
		first := strings.Fields(t)
		if len(first) == 0 {
			return false
		}
		word := strings.TrimPrefix(first[0], "$")
		return knownCommands[word] || strings.HasPrefix(t, "./") || (strings.HasPrefix(t, ":(") && strings.Contains(t, "{"))
	}
	return false
}

// shellClass judges shell code: unsafe, placeholder, interactive, an
// incomplete inline mention, or runnable.
func shellClass(sh *shellCode, form Form) Class {
	code := sh.code
	if m := unsafe(code); m != "" {
		return skip(Shell, SkipUnsafe, "%s: not run, even in a sandbox", m)
	}
	if p := placeholder(code); p != "" {
		return skip(Shell, SkipPlaceholder, "%s is a placeholder the reader fills in", p)
	}
	cmds := words(sh)
	if m := interactive(cmds); m != "" {
		return skip(Shell, SkipInteractive, "%s", m)
	}
	if form == Inline {
		if m := incomplete(code, cmds); m != "" {
			return skip(Shell, SkipFragment, "%s", m)
		}
	}
	return Class{Kind: Shell, Runnable: true}
}

var (
	// angleRE finds <placeholders>; heredocs (<<) and redirections (< f) do not match.
	angleRE = regexp.MustCompile(`(^|[^<\w])<([A-Za-z][\w .:/-]*)>`)
	// ellipsisRE finds ... or … standing as an argument.
	ellipsisRE = regexp.MustCompile(`(^|\s)(\.\.\.|…)(\s|$)`)
	// altRE finds (a|b) alternatives written where an argument goes.
	altRE = regexp.MustCompile(`(^|\s)\(([\w.-]+\|)+[\w.-]+\)`)
	// usageRE finds the capitalised arguments of usage lines.
	usageRE = regexp.MustCompile(`(^|\s)(\[OPTIONS\]|\[COMMAND\]|\[ARG\.\.\.\]|IMAGE(\[:TAG\])?|CONTAINER|NAME\[:TAG\]|SRC_PATH|DEST_PATH)(\s|$)`)
	// fillRE finds other well-known fill-ins.
	fillRE = regexp.MustCompile(`(?i)(^|[\s=/])(x{3,}|/path/to/\S*|your[-_][\w-]+|\$YOUR_\w+|changeme)(\s|$|/)`)
)

// placeholderChecks pair each placeholder pattern with a cheap test that
// must hold for the pattern to have a chance, so that most code runs no
// regular expression at all.
var placeholderChecks = []struct {
	maybe func(code, lower string) bool
	re    *regexp.Regexp
}{
	{func(c, _ string) bool { return strings.Contains(c, "...") || strings.Contains(c, "…") }, ellipsisRE},
	{func(c, _ string) bool { return strings.Contains(c, "|") && strings.Contains(c, "(") }, altRE},
	{func(c, _ string) bool { // each of usageRE's words has one of these
		return strings.Contains(c, "[") || strings.Contains(c, "IMAGE") || strings.Contains(c, "CONTAINER") || strings.Contains(c, "_PATH")
	}, usageRE},
	{func(_, l string) bool {
		return strings.Contains(l, "xxx") || strings.Contains(l, "/path/to") || strings.Contains(l, "your") || strings.Contains(l, "changeme")
	}, fillRE},
}

// placeholder returns the first placeholder in code, or "".
func placeholder(code string) string {
	if strings.Contains(code, "<") {
		if m := angleRE.FindStringSubmatch(code); m != nil {
			return "<" + m[2] + ">"
		}
	}
	lower := strings.ToLower(code)
	for _, c := range placeholderChecks {
		if !c.maybe(code, lower) {
			continue
		}
		if m := c.re.FindString(code); m != "" {
			return "`" + strings.TrimSpace(m) + "`"
		}
	}
	return ""
}

var (
	// funcDefRE finds shell function definitions and their names.
	funcDefRE = regexp.MustCompile(`([^\s(){};|&]+)\s*\(\)\s*\{`)
	// destroyRE finds commands that would harm even a sandbox.
	destroyRE = regexp.MustCompile(`(^|[;&|]\s*|sudo\s+)(rm\s+(-[a-zA-Z]*[rR][a-zA-Z]*\s+(-[a-zA-Z]+\s+)*|--recursive\s+)(/|/\*|~|\$HOME)(\s|$)|rm\s.*--no-preserve-root|dd\s.*of=/dev/(sd|hd|nvme|xvd|vd|mmcblk)|mkfs(\.\w+)?\s+/dev/|>\s*/dev/(sd|hd|nvme|xvd|vd)|chmod\s+-R\s+0?777\s+/(\s|$)|(shutdown|reboot|halt|poweroff)(\s|$)|init\s+0)`)
)

// unsafe describes what in code would harm even a sandbox, or returns "".
func unsafe(code string) string {
	if strings.Contains(code, "()") {
		if m := forkBomb(code); m != "" {
			return m
		}
	}
	if strings.ContainsAny(code, ">") || strings.Contains(code, "rm") || strings.Contains(code, "dd") ||
		strings.Contains(code, "mkfs") || strings.Contains(code, "chmod") || strings.Contains(code, "shutdown") ||
		strings.Contains(code, "reboot") || strings.Contains(code, "halt") || strings.Contains(code, "poweroff") ||
		strings.Contains(code, "init") {
		if m := destroyRE.FindString(code); m != "" {
			return "`" + strings.TrimSpace(strings.Trim(m, ";&| ")) + "` destroys the machine it runs on"
		}
	}
	return ""
}

// forkBomb reports a function that pipes into itself in the background.
func forkBomb(code string) string {
	squeezed := strings.Join(strings.Fields(code), "")
	for _, m := range funcDefRE.FindAllStringSubmatch(code, -1) {
		name := m[1]
		if strings.Contains(squeezed, name+"|"+name+"&") || strings.Contains(squeezed, name+"|"+name+";") {
			return "a fork bomb"
		}
	}
	return ""
}

// interactive says why a command needs a person at a terminal, or "".
func interactive(cmds [][]string) string {
	for _, args := range cmds {
		if len(args) > 0 && args[0] == "sudo" {
			args = args[1:]
		}
		if len(args) == 0 {
			continue
		}
		name := args[0]
		switch name {
		case "top", "htop":
			if !hasWord(args, "-b") {
				return name + " is a full-screen program that needs a terminal"
			}
		case "vi", "vim", "nano", "emacs", "less", "more":
			return name + " needs a person at a terminal"
		case "python", "python3", "node", "irb", "psql", "mysql", "redis-cli", "bash", "sh":
			if len(args) == 1 {
				return name + " with no arguments waits for input"
			}
		case "sqlite3":
			if positional(args[1:]) < 2 {
				return "sqlite3 with no SQL statement opens an interactive shell"
			}
		case "nsenter":
			for _, a := range args[1:] {
				if a == "top" || a == "htop" {
					return a + " is a full-screen program that needs a terminal"
				}
			}
		case "docker":
			if m := dockerInteractive(args[1:]); m != "" {
				return m
			}
		}
	}
	return ""
}

var shells = wordSet("sh bash ash zsh /bin/sh /bin/bash")

func dockerInteractive(args []string) string {
	if len(args) > 0 && (args[0] == "container" || args[0] == "image") {
		args = args[1:]
	}
	if len(args) == 0 {
		return ""
	}
	tty := hasWord(args, "-it", "-ti", "--interactive") || (hasWord(args, "-i") && hasWord(args, "-t"))
	switch args[0] {
	case "attach":
		return "docker attach connects a terminal to a container"
	case "run", "exec":
		if !tty {
			return ""
		}
		last := args[len(args)-1]
		n := positional(args[1:])
		if shells[last] || (args[0] == "run" && n <= 1) {
			return "an interactive shell (-it) with nothing to type into it"
		}
	}
	return ""
}

func hasWord(args []string, words ...string) bool {
	for _, a := range args {
		for _, w := range words {
			if a == w {
				return true
			}
		}
	}
	return false
}

// positional counts the arguments that are not flags (a rough count: a
// flag's value counts too, which only errs towards "complete").
func positional(args []string) int {
	n := 0
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			n++
		}
	}
	return n
}

// incomplete says why an inline span names a command rather than being
// one, or returns "": a bare tool name, a docker command group, or a docker
// command that needs arguments and has none.
func incomplete(code string, cmds [][]string) string {
	if len(cmds) != 1 {
		return ""
	}
	args := cmds[0]
	if len(args) == 1 && !strings.Contains(code, "=") {
		if args[0] == "docker" {
			return "names docker itself, not a command"
		}
		return "names the " + args[0] + " tool, not a command"
	}
	if args[0] != "docker" {
		return ""
	}
	rest := args[1:]
	for _, a := range rest {
		if strings.HasPrefix(a, "-") {
			return "" // flags: running it shows whether they still exist
		}
	}
	name, min, known := dockerCommand(rest)
	switch {
	case !known:
		return ""
	case min < 0:
		return "names the `docker " + name + "` command group, not a command"
	case len(rest)-len(strings.Fields(name)) < min:
		return "names `docker " + name + "` without its arguments"
	}
	return ""
}

// dockerCommand looks up a docker command in dockerCLI: its full name, its
// minimum number of arguments (-1 for a command group), and whether it is
// known.
func dockerCommand(args []string) (name string, min int, known bool) {
	if len(args) == 0 {
		return "", 0, false
	}
	if len(args) >= 2 {
		if n, ok := dockerCLI[args[0]+" "+args[1]]; ok {
			return args[0] + " " + args[1], n, true
		}
	}
	n, ok := dockerCLI[args[0]]
	if n < 0 && len(args) >= 2 {
		return args[0] + " " + args[1], 0, false // a subcommand docker does not have
	}
	return args[0], n, ok
}

// dockerCLI holds the docker CLI's commands with the number of arguments
// each requires, as its own argument checks state them; -1 marks a command
// group that does nothing without a subcommand.
var dockerCLI = map[string]int{
	"attach": 1, "build": 1, "commit": 1, "cp": 2, "create": 1, "diff": 1, "events": 0, "exec": 2,
	"export": 1, "history": 1, "images": 0, "import": 1, "info": 0, "inspect": 1, "kill": 1, "load": 0,
	"login": 0, "logout": 0, "logs": 1, "pause": 1, "port": 1, "ps": 0, "pull": 1, "push": 1,
	"rename": 2, "restart": 1, "rm": 1, "rmi": 1, "run": 1, "save": 1, "search": 1, "start": 1,
	"stats": 0, "stop": 1, "tag": 2, "top": 1, "unpause": 1, "update": 1, "version": 0, "wait": 1,

	"builder": -1, "builder prune": 0, "builder build": 1,
	"checkpoint": -1, "checkpoint create": 2, "checkpoint ls": 1, "checkpoint rm": 2,
	"config": -1, "config create": 2, "config inspect": 1, "config ls": 0, "config rm": 1,
	"container": -1, "container attach": 1, "container commit": 1, "container cp": 2,
	"container create": 1, "container diff": 1, "container exec": 2, "container export": 1,
	"container inspect": 1, "container kill": 1, "container logs": 1, "container ls": 0,
	"container pause": 1, "container port": 1, "container prune": 0, "container rename": 2,
	"container restart": 1, "container rm": 1, "container run": 1, "container start": 1,
	"container stats": 0, "container stop": 1, "container top": 1, "container unpause": 1,
	"container update": 1, "container wait": 1,
	"context": -1, "context create": 1, "context export": 1, "context import": 2, "context inspect": 0,
	"context ls": 0, "context rm": 1, "context show": 0, "context update": 1, "context use": 1,
	"image": -1, "image build": 1, "image history": 1, "image import": 1, "image inspect": 1,
	"image load": 0, "image ls": 0, "image prune": 0, "image pull": 1, "image push": 1, "image rm": 1,
	"image save": 1, "image tag": 2,
	"manifest": -1, "manifest annotate": 2, "manifest create": 2, "manifest inspect": 1,
	"manifest push": 1, "manifest rm": 1,
	"network": -1, "network connect": 2, "network create": 1, "network disconnect": 2,
	"network inspect": 1, "network ls": 0, "network prune": 0, "network rm": 1,
	"node": -1, "node demote": 1, "node inspect": 1, "node ls": 0, "node promote": 1, "node ps": 0,
	"node rm": 1, "node update": 1,
	"plugin": -1, "plugin create": 2, "plugin disable": 1, "plugin enable": 1, "plugin inspect": 1,
	"plugin install": 1, "plugin ls": 0, "plugin push": 1, "plugin rm": 1, "plugin set": 1,
	"plugin upgrade": 1,
	"secret":         -1, "secret create": 1, "secret inspect": 1, "secret ls": 0, "secret rm": 1,
	"service": -1, "service create": 1, "service inspect": 1, "service logs": 1, "service ls": 0,
	"service ps": 1, "service rm": 1, "service rollback": 1, "service scale": 1, "service update": 1,
	"stack": -1, "stack config": 0, "stack deploy": 1, "stack ls": 0, "stack ps": 1, "stack rm": 1,
	"stack services": 1,
	"swarm":          -1, "swarm ca": 0, "swarm init": 0, "swarm join": 1, "swarm join-token": 1,
	"swarm leave": 0, "swarm unlock": 0, "swarm unlock-key": 0, "swarm update": 0,
	"system": -1, "system df": 0, "system events": 0, "system info": 0, "system prune": 0,
	"trust": -1, "trust inspect": 1, "trust revoke": 1, "trust sign": 1,
	"volume": -1, "volume create": 0, "volume inspect": 1, "volume ls": 0, "volume prune": 0,
	"volume rm": 1, "volume update": 1,
	"compose": -1, "buildx": -1,
}
