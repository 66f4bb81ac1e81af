package extract

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/labrun/labrun/extract/dockercli"
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
	lines := sh.lines()
	if p := printedFirst(code); p != "" {
		return skip(Output, SkipOutput, "what a command printed, not a command: %.40s", p)
	}
	if m := interactive(lines); m != "" {
		return skip(Shell, SkipInteractive, "%s", m)
	}
	if form == Inline {
		if m := incomplete(code, lines); m != "" {
			return skip(Shell, SkipFragment, "%s", m)
		}
	}
	return Class{Kind: Shell, Runnable: true}
}

var (
	// lookalikeRE finds a placeholder in brackets that only look like
	// angle brackets, as word processors and slides write them.
	lookalikeRE = regexp.MustCompile(`[‹〈＜«⟨][^›〉＞»⟩\s]+[›〉＞»⟩]`)
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
	// templateRE finds a variable a workshop's page fills in for its
	// reader: $$dockerhub_username$$ (Labspace).
	templateRE = regexp.MustCompile(`\$\$\w+\$\$`)
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
	{func(c, _ string) bool { return strings.Contains(c, "$$") }, templateRE},
}

// dockerPrints are words Docker writes in angle brackets in its own
// output: a command that looks for them holds no fill-in.
var dockerPrints = map[string]bool{"none": true, "missing": true, "untagged": true}

// placeholder returns the first placeholder in code, or "".
func placeholder(code string) string {
	if strings.Contains(code, "<") {
		for _, m := range angleRE.FindAllStringSubmatch(code, -1) {
			// <h1>It works</h1> is markup the command writes, not a fill-in;
			// <none> is what Docker prints for an untagged image, which
			// a command greps for
			if !strings.Contains(code, "</"+m[2]+">") && !dockerPrints[m[2]] {
				return "<" + m[2] + ">"
			}
		}
	}
	if strings.ContainsAny(code, "‹〈＜«⟨") {
		if m := lookalikeRE.FindString(code); m != "" {
			return m
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
func interactive(lines []dockercli.Line) string {
	for i := range lines {
		l := &lines[i]
		name, args := l.Program, l.Args
		switch name {
		case "top", "htop":
			if !hasWord(args, "-b") {
				return name + " is a full-screen program that needs a terminal"
			}
		case "vi", "vim", "nano", "emacs", "less", "more":
			return name + " needs a person at a terminal"
		case "python", "python3", "node", "irb", "psql", "mysql", "redis-cli", "bash", "sh":
			if len(args) == 0 {
				return name + " with no arguments waits for input"
			}
		case "sqlite3":
			if positional(args) < 2 {
				return "sqlite3 with no SQL statement opens an interactive shell"
			}
		case "nsenter":
			for _, a := range args {
				if a == "top" || a == "htop" {
					return a + " is a full-screen program that needs a terminal"
				}
			}
		case "docker":
			if m := dockerInteractive(l); m != "" {
				return m
			}
		}
	}
	return ""
}

var shells = wordSet("sh bash ash zsh /bin/sh /bin/bash")

// shellImages are images whose own command is a shell or a language's
// prompt, which `docker run -it IMAGE` opens for a person to type into.
var shellImages = wordSet(`ubuntu debian alpine busybox centos fedora rockylinux almalinux amazonlinux
	archlinux oraclelinux opensuse/leap opensuse/tumbleweed python node ruby golang rust perl php bash`)

func dockerInteractive(l *dockercli.Line) string {
	if l.Is("container attach") {
		return "docker attach connects a terminal to a container"
	}
	if l.Is("login") && !l.Has("password") && !l.Has("password-stdin") {
		return "docker login with no password asks a person for one"
	}
	if !l.Is("container run", "container exec") || !l.Has("interactive") {
		return ""
	}
	if !l.Has("tty") && !slices.ContainsFunc(l.Flags, func(f dockercli.Arg) bool { return f.Typed == "--interactive" }) {
		return ""
	}
	ops := l.Operands
	switch {
	case len(ops) > 0 && shells[ops[len(ops)-1]]:
	case l.Is("container run") && len(ops) == 1 && shellImages[imageName(ops[0])]:
	default:
		return ""
	}
	return "an interactive shell (-it) with nothing to type into it"
}

// shellDefault are the shell images whose own command is a shell, not a
// language's prompt.
var shellDefault = wordSet(`ubuntu debian alpine busybox centos fedora rockylinux almalinux amazonlinux
	archlinux oraclelinux opensuse/leap opensuse/tumbleweed golang rust bash`)

// OpensShell is the shell that an interactive command line opens for the
// reader to type into (`docker run -it IMAGE sh`, `docker exec -it C
// bash`, `docker run -it ubuntu`), or "".
func OpensShell(l *dockercli.Line) string {
	if dockerInteractive(l) == "" || l.Is("container attach", "login") {
		return ""
	}
	ops := l.Operands
	if last := ops[len(ops)-1]; shells[last] {
		return path.Base(last)
	}
	if shellDefault[imageName(ops[0])] {
		return "sh"
	}
	return ""
}

// imageName is an image reference without its tag or digest.
func imageName(ref string) string {
	ref, _, _ = strings.Cut(ref, "@")
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		ref = ref[:i]
	}
	return strings.TrimPrefix(ref, "library/")
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
// one, or returns "": a bare tool name, a docker command group, a docker
// command that needs arguments and has none (with or without flags), or
// `docker load` with nothing to load.
func incomplete(code string, lines []dockercli.Line) string {
	if len(lines) != 1 {
		return ""
	}
	l := &lines[0]
	if len(l.Words) == 1 && !strings.Contains(code, "=") {
		if l.Program == "docker" {
			return "names docker itself, not a command"
		}
		return "names the " + l.Words[0] + " tool, not a command"
	}
	if l.Words[0] != "docker" || len(l.Global) > 0 {
		return ""
	}
	switch {
	case l.Cmd == nil && l.Plugin != "" && len(l.Operands) == 0 && len(l.Flags) == 0:
		return "names the `docker " + l.Typed + "` command group, not a command"
	case l.Cmd == nil, l.Cmd.Group && len(l.Operands) > 0:
		return "" // a subcommand docker does not have: running it says so
	case l.Cmd.Group && len(l.Flags) == 0:
		return "names the `docker " + l.Typed + "` command group, not a command"
	case len(l.Operands) < l.Cmd.Min:
		// `docker run --rm` in a sentence says what the flag does
		return "names `docker " + l.Typed + "` without its arguments"
	case l.Is("image load") && !l.Has("input") && !strings.Contains(code, "<"):
		return "names `docker " + l.Typed + "` without its input"
	}
	return ""
}

// printedFirst is the first line of code when it reads as what a command
// printed rather than a command, as notes show an error or a stop in a
// shell block (`docker: Error response from daemon: …`, `Gracefully
// stopping...`); "" otherwise.
func printedFirst(code string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(code), "\n")
	word, _, _ := strings.Cut(first, " ")
	if printed(first) || len(word) > 1 && strings.HasSuffix(word, ":") && !strings.Contains(word, "/") {
		return first
	}
	return ""
}
