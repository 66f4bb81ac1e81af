package extract

import (
	"path"
	"slices"
	"strings"

	"github.com/labrun/labrun/extract/dockercli"
	"mvdan.cc/sh/v3/syntax"
)

// ReadOnly reports whether shell code only looks: every command it runs
// is one that prints what it reads (docker ps, docker inspect, cat, curl
// with no upload or output file), nothing is written but to the terminal
// or /dev/null, nothing is left running in the background, and the
// working directory stays. Running such code again, or not at all, makes
// no difference to what the commands after it see. Code that cannot be
// read, or that runs anything else, is not.
func ReadOnly(code string) bool {
	f, err := (&shellCode{code: code}).parse()
	if err != nil {
		return false
	}
	ok := true
	syntax.Walk(f, func(n syntax.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *syntax.Stmt:
			ok = !n.Background && !n.Coprocess
		case *syntax.Redirect:
			ok = readOnlyRedirect(n)
		case *syntax.CallExpr:
			ok = readOnlyCall(n)
		case *syntax.FuncDecl, *syntax.CoprocClause, *syntax.DeclClause, *syntax.LetClause:
			ok = false
		}
		return ok
	})
	return ok
}

// readOnlyRedirect: input, a here-document, a copy of a descriptor, or
// output thrown away.
func readOnlyRedirect(r *syntax.Redirect) bool {
	switch r.Op {
	case syntax.RdrIn, syntax.Hdoc, syntax.DashHdoc, syntax.WordHdoc, syntax.DplIn, syntax.DplOut:
		return true
	}
	return r.Word != nil && r.Word.Lit() == "/dev/null"
}

// readOnlyCall: a command whose program is written out and only reads.
// An assignment alone (X=1) is the shell's own: every command runs in a
// shell of its own.
func readOnlyCall(c *syntax.CallExpr) bool {
	if len(c.Args) == 0 {
		return true
	}
	words := make([]string, len(c.Args))
	for i, w := range c.Args {
		words[i] = w.Lit() // "" for a word with quotes or expansions
		if words[i] == "" && i == 0 {
			return false
		}
	}
	l := dockercli.Parse(words)
	switch {
	case l.Program == "docker" || l.Program == "docker-compose":
		return l.Cmd != nil && readOnlyDocker[l.Path] && !l.Streams()
	case l.Program == "curl":
		return !slices.ContainsFunc(l.Args, curlWrites)
	case l.Program == "sort":
		return !slices.ContainsFunc(l.Args, func(a string) bool { return strings.HasPrefix(a, "-o") || strings.HasPrefix(a, "--output") })
	}
	return readOnlyPrograms[path.Base(l.Program)]
}

// readOnlyPrograms print what they read, or what they are given.
var readOnlyPrograms = wordSet(`echo printf cat ls pwd grep egrep fgrep head tail wc sort uniq cut tr
	jq column nl od hexdump base64 md5sum sha256sum stat file which type true false test [
	uname whoami id printenv nproc free df du ps ss netstat dig nslookup getent`)

// readOnlyDocker are the docker commands that only print what they read.
var readOnlyDocker = map[string]bool{}

func init() {
	for _, p := range strings.Split(`container ls,container inspect,container logs,container port,container top,
		container diff,container stats,image ls,image inspect,image history,network ls,network inspect,
		volume ls,volume inspect,system info,system df,version,info,context ls,context show,context inspect,
		node ls,node inspect,node ps,service ls,service ps,service inspect,service logs,stack ls,stack ps,
		stack services,secret ls,secret inspect,config ls,config inspect,plugin ls,plugin inspect,
		compose ps,compose ls,compose images,compose config,compose logs,compose port,compose top,
		compose version,buildx ls,buildx version,buildx inspect,manifest inspect,search,inspect`, ",") {
		readOnlyDocker[strings.TrimSpace(p)] = true
	}
}

// curlWrites: a curl flag that writes a file or sends anything but a
// GET, alone or among other short flags (-sSLo).
func curlWrites(arg string) bool {
	if strings.HasPrefix(arg, "--") {
		name, _, _ := strings.Cut(arg, "=")
		return slices.Contains([]string{"--output", "--remote-name", "--remote-name-all", "--data", "--data-raw",
			"--data-binary", "--data-urlencode", "--form", "--upload-file", "--request", "--json", "--cookie-jar",
			"--dump-header", "--output-dir"}, name)
	}
	return strings.HasPrefix(arg, "-") && strings.ContainsAny(arg[1:], "oOdFTXcD")
}
