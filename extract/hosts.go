package extract

import (
	"regexp"
	"slices"
	"strings"

	"github.com/labrun/labrun/extract/dockercli"
)

// A note on several machines says where each step runs in its prose:
// "On node2, join the swarm:", "Back on the manager, list the nodes:".
// The first host the note names is the lab's own; what the text puts on
// another runs there, which a lab of one host does not have. A command
// may say it itself: the prompt in front of it names the machine
// (`node2$`, `ada@node3:~$`), or it is typed after `ssh node2`.

// hostName matches the name of a machine of the note: a word naming a
// kind of machine and ending in its number (node2, manager1, worker-3,
// docker-host2), so that "on arm64" or "on port 8080" name none.
const hostName = `(?:[a-z][\w-]*[-_]?)?(?:node|manager|worker|host|vm|server|machine|leader|master|box|instance|swarm)[-_]?\d+`

// machineRE matches a whole word that names a machine of the note.
var machineRE = regexp.MustCompile("(?i)^" + hostName + "$")

// IsMachineName reports whether name reads as one of a note's machines
// (node2, manager1, worker-3) rather than a host on the internet
// (`ssh cmd.io`) or an address.
func IsMachineName(name string) bool { return machineRE.MatchString(name) }

// hostNameRE is hostName as prose writes it, in backticks or not, captured.
const hostNameRE = "`?(" + hostName + ")`?"

var (
	// onHostRE finds a sentence putting what follows on a named host.
	onHostRE = regexp.MustCompile(`(?i)\b(?:on|from|into|to|onto)\s+(?:the\s+)?(?:host|node|machine|server|vm)?\s*` + hostNameRE + `\b`)
	// moreHostRE finds the next name of a list after onHostRE's:
	// "on node2, node3 and node4".
	moreHostRE = regexp.MustCompile("(?i)^`?" + `(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)` + hostNameRE + `\b`)
	// onOtherRE finds one putting it on a host it does not name.
	onOtherRE = regexp.MustCompile(`(?i)\b(?:on|from|into|to)\s+(?:the\s+)?((?:second|third|fourth|other|another|next)\s+(?:node|host|machine|server|vm)|(?:each\s+|every\s+|all\s+(?:the\s+)?)?workers?(?:\s+nodes?)?)\b`)
	// onFirstRE finds one putting it back on the first host.
	onFirstRE = regexp.MustCompile(`(?i)\b(?:on|from|to)\s+the\s+(?:manager|leader|first\s+(?:node|host|machine))\b`)
	// onEveryRE finds one putting it on every host: "on every node", "on
	// all three machines", "on both hosts".
	onEveryRE = regexp.MustCompile(`(?i)\b(?:on|from|to|onto)\s+(?:each|every|all|both)(?:\s+of)?(?:\s+the)?(?:\s+(?:two|three|four|five|\d+))?\s+(?:nodes?|hosts?|machines?|servers?|vms?)\b`)
	// hostWordRE matches a machine's name alone, as a prompt shows it.
	hostWordRE = regexp.MustCompile(`(?i)^` + hostName + `$`)
)

// Hosts that stand for several: every host of the lab, and every host but
// the first.
const (
	everyHost   = "*"
	everyWorker = "*workers"
)

// place is where a paragraph or heading puts the reader.
type place struct {
	// host and first are what Snippet.Host reads: a host's name, or
	// "another host (…)" for one the text does not name; first=true for
	// the note's first host.
	host  string
	first bool
	// hosts are what Snippet.Hosts reads: the names, everyHost or
	// everyWorker; nil on the first host unnamed, or on a host the text
	// does not name (then other holds its words: "second node").
	hosts []string
	other string
	// at is where in the text the phrase that decides hosts starts; -1
	// when the text puts the reader nowhere.
	at int
}

// placeOf reads where a paragraph or heading puts the reader: the last
// phrase that names a place wins.
func placeOf(text string) place {
	p := place{at: -1}
	if !mayNameHost(text) {
		return p
	}
	if m := onHostRE.FindAllStringSubmatchIndex(text, -1); m != nil {
		last := m[len(m)-1]
		p.host, p.at = strings.ToLower(text[last[2]:last[3]]), last[0]
		p.hosts = append([]string{p.host}, moreHosts(text[last[1]:])...)
	}
	if m := onOtherRE.FindAllStringSubmatchIndex(text, -1); m != nil {
		if last := m[len(m)-1]; last[0] > p.at {
			words := strings.ToLower(text[last[2]:last[3]])
			p.host, p.at, p.hosts, p.other = "another host ("+words+")", last[0], nil, words
			if allWorkers(words) {
				p.hosts, p.other = []string{everyWorker}, ""
			}
		}
	}
	if m := onFirstRE.FindAllStringIndex(text, -1); m != nil && m[len(m)-1][0] > p.at {
		p.host, p.first, p.at, p.hosts, p.other = "", true, m[len(m)-1][0], nil, ""
	}
	// Every host is no host Snippet.Host can say: it is left as it was.
	// A sentence that ends in a full stop says what happens on every node
	// ("the scheduler puts two on each node."); one that tells the reader
	// to run something there introduces its block, or heads a section.
	if m := onEveryRE.FindAllStringIndex(text, -1); m != nil && m[len(m)-1][0] > p.at && !strings.HasSuffix(strings.TrimSpace(text), ".") {
		p.at, p.hosts, p.other = m[len(m)-1][0], []string{everyHost}, ""
	}
	return p
}

// allWorkers reports whether onOtherRE's words stand for every worker:
// "each worker", "all the workers", "the worker nodes".
func allWorkers(words string) bool {
	return strings.HasPrefix(words, "each") || strings.HasPrefix(words, "every") || strings.HasPrefix(words, "all") ||
		strings.Contains(words, "workers") || strings.HasSuffix(words, "nodes")
}

// moreHosts reads the rest of a list of hosts that text starts with:
// ", node3 and node4".
func moreHosts(text string) []string {
	var out []string
	for {
		m := moreHostRE.FindStringSubmatchIndex(text)
		if m == nil {
			return out
		}
		out = append(out, strings.ToLower(text[m[2]:m[3]]))
		text = text[m[1]:]
	}
}

// moveTo follows the reader to the host a paragraph or heading names;
// a heading that names none brings the reader back to the first host.
func (n *note) moveTo(text string, heading bool) {
	p := placeOf(text)
	switch {
	case p.first:
		n.host = n.firstHost
	case p.host != "":
		if n.firstHost == "" {
			n.firstHost = p.host
			if strings.HasPrefix(p.host, "another host") {
				n.firstHost = "the first host"
			}
		}
		n.host = p.host
	case heading:
		n.host = n.firstHost
	}
	switch {
	case p.at >= 0:
		n.hosts, n.other = p.hosts, p.other
	case heading:
		n.hosts, n.other = nil, ""
	}
	switch {
	case p.first || p.host == "":
	case strings.HasPrefix(p.host, "another host"):
		n.named("") // as firstHost: the lab's own is one the prose does not name
	default:
		n.named(p.host)
	}
}

// named notes a host the note names, in its prose, an annotation or a
// prompt: the first one is the lab's own. "" is a host the prose does
// not name, which leaves the lab's own unnamed if it comes first.
func (n *note) named(host string) {
	if !n.ownKnown {
		n.ownKnown, n.ownHost = true, host
	}
}

// away is the host the reader is on when it is not the lab's own, or "".
func (n *note) away() string {
	if n.host == n.firstHost {
		return ""
	}
	return n.host
}

// mayNameHost is a cheap test that must hold for placeOf to find a host:
// every expression it uses needs a word of a machine after on, to, into
// or from.
func mayNameHost(text string) bool {
	for _, w := range []string{"node", "Node", "manager", "Manager", "worker", "Worker", "host", "Host", "vm", "VM", "server", "Server",
		"machine", "Machine", "leader", "Leader", "master", "Master", "box", "instance", "swarm"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// placeSnippet gives a snippet the hosts the reader is on, or those its
// annotation names, and its commands the hosts their prompts name.
func (n *note) placeSnippet(s *Snippet) {
	s.Host = n.away()
	s.Hosts = slices.Clip(n.hosts)
	if s.Annotations.Hosts != nil {
		s.Hosts = slices.Clip(s.Annotations.Hosts)
	} else if n.other != "" {
		n.others = append(n.others, otherHost{at: len(n.out), words: n.other})
	}
	if len(s.Hosts) > 0 && s.Hosts[0] != everyHost && s.Hosts[0] != everyWorker {
		n.named(s.Hosts[0])
	}
	for i := range s.Commands {
		c := &s.Commands[i]
		if c.Host = promptHost(c.Prompt); c.Host != "" {
			n.named(c.Host)
		}
	}
}

// hostPromptLen is the length of a prompt that names its machine with no
// user, `node1$ `, `node1 $ `, `[node2] $ `, `manager1# `, `node1:~/app$ `,
// with the white space after it; 0 when t starts with no such prompt.
// (promptRE reads those with a user, `ada@node3:~$ `.)
func hostPromptLen(t string) int {
	i := 0
	for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
		i++
	}
	bracket := i < len(t) && t[i] == '['
	if bracket {
		i++
	}
	start := i
	for i < len(t) && (isWordByte(t[i]) || t[i] == '-') {
		i++
	}
	name := t[start:i]
	switch {
	case bracket && (i == len(t) || t[i] != ']'):
		return 0
	case bracket:
		i++
	case i+1 < len(t) && t[i] == ':' && t[i+1] != ' ': // the working directory
		i++
		for i < len(t) && !isSpaceRE(t[i]) && t[i] != '$' && t[i] != '#' {
			i++
		}
	}
	if i+1 < len(t) && t[i] == ' ' && t[i+1] == '$' {
		i++ // `node1 $ `; not `node1 # `, which reads as a comment
	}
	if name == "" || i+1 >= len(t) || t[i] != '$' && t[i] != '#' || !isSpaceRE(t[i+1]) || !hostWordRE.MatchString(name) {
		return 0
	}
	return i + 2
}

// promptHost is the machine a prompt names, lower-case: `node1$`,
// `[node2] $`, `ada@node3:~$`; "" for a prompt that names none, or a
// container's (`root@3b2f1c0d9e8a:/#`).
func promptHost(prompt string) string {
	if prompt == "" || prompt == "$" || inContainer(prompt) {
		return ""
	}
	_, name, ok := strings.Cut(prompt, "@")
	if !ok {
		name = strings.TrimLeft(prompt, "[")
	}
	if i := strings.IndexAny(name, "]: \t$#"); i >= 0 {
		name = name[:i]
	}
	if !hostWordRE.MatchString(name) {
		return ""
	}
	return strings.ToLower(name)
}

// sshValueFlags are ssh's options that take a value.
const sshValueFlags = "bcDEeFIiJLlmOopQRSWw"

// SSHTarget reads a command that reaches another machine:
// `ssh [options] [user@]HOST [command]` or `docker-machine ssh HOST
// [command]`. It returns the host, lower-case and without the user, and
// the words that run there, as ssh hands them to the host's shell (nil
// for none: a session starts that later commands are typed into). host
// is "" for any other command.
func SSHTarget(l dockercli.Line) (host string, remote []string) {
	args := l.Args
	switch l.Program {
	case "docker-machine":
		if len(args) < 2 || args[0] != "ssh" {
			return "", nil
		}
		return strings.ToLower(args[1]), orNil(args[2:])
	case "ssh":
	default:
		return "", nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			if len(a) == 2 && strings.ContainsRune(sshValueFlags, rune(a[1])) {
				i++
			}
			continue
		}
		_, h, ok := strings.Cut(a, "@")
		if !ok {
			h = a
		}
		return strings.ToLower(h), orNil(args[i+1:])
	}
	return "", nil
}

// orNil is nil for no words.
func orNil(w []string) []string {
	if len(w) == 0 {
		return nil
	}
	return w
}

// sshSession is an ssh session open on another host: the host, and the talk
// it was opened in.
type sshSession struct{ host, talk string }

// sshHosts gives the commands typed into an ssh session the host it is
// open on, from the `ssh HOST` to its `exit`, a prompt that names another
// host, or the end of the talk; and a command that runs one command on
// another host (`ssh HOST CMD`, `docker-machine ssh HOST CMD`) that host.
// A prompt's host is over the session's; the exit of a container's shell
// does not end it.
func (n *note) sshHosts() {
	var open sshSession
	for i := range n.out {
		s := &n.out[i]
		if s.Kind != Shell || s.Form == Inline && !s.Runnable {
			continue
		}
		if s.Talk != open.talk {
			open = sshSession{}
		}
		for j := range s.Commands {
			open = open.place(&s.Commands[j], s.Talk)
		}
	}
}

// place gives a command the host of the session, or of its own ssh, and
// returns the session open after it.
func (open sshSession) place(c *Command, talk string) sshSession {
	if len(c.Lines) == 1 {
		if host, remote := SSHTarget(c.Lines[0]); host != "" {
			c.Host = host
			if remote != nil {
				return open
			}
			return sshSession{host, talk}
		}
	}
	switch {
	case open.host == "":
	case c.Host != "" && c.Host != open.host:
		return sshSession{} // the reader is back, at another host's prompt
	default:
		c.Host = open.host
		if c.Exits() && c.In == 0 {
			return sshSession{}
		}
	}
	return open
}

// addressedHosts gives a host the note reaches by its address (`ssh
// docker@manager1.lab.example.com`) the name it knows the machine by,
// manager1, in every command that runs there: when the note also names
// that host (in its prose, a prompt, an annotation, an ssh by name), or
// when the name reads as a machine's (nodeN, managerN, workerN) and the
// note has other such machines. Such an address is the lab's machine, not
// a host on the internet; `ssh git@github.com` and `ssh cmd.io` stay as
// they are.
func (n *note) addressedHosts() {
	named := map[string]bool{}       // the hosts the note names as such
	addressed := map[string]string{} // the addresses it reaches, with the name each starts with
	machines := map[string]bool{}    // the names of either that read as a machine's
	add := func(host string) {
		switch {
		case host == "" || host == everyHost || host == everyWorker || strings.HasPrefix(host, "another host"):
		case strings.Contains(host, "."):
			name, _, _ := strings.Cut(host, ".")
			addressed[host] = name
			if IsMachineName(name) {
				machines[name] = true
			}
		default:
			named[host] = true
			if IsMachineName(host) {
				machines[host] = true
			}
		}
	}
	add(n.ownHost)
	for _, s := range n.out {
		add(s.Host)
		for _, h := range s.Hosts {
			add(h)
		}
		for _, c := range s.Commands {
			add(c.Host)
		}
	}
	names := map[string]string{} // address → the lab's name for it
	for host, name := range addressed {
		if named[name] || machines[name] && len(machines) > 1 {
			names[host] = name
		}
	}
	if len(names) == 0 {
		return
	}
	for i := range n.out {
		for j := range n.out[i].Commands {
			c := &n.out[i].Commands[j]
			if name, ok := names[c.Host]; ok {
				c.Host = name
			}
		}
	}
}

// otherHost is a snippet the prose puts on a host it does not name
// ("Now on the second node:"), by its index, with the prose's words.
type otherHost struct {
	at    int
	words string
}

// resolveHosts gives every snippet the note's first host, and names the
// hosts the prose did not: "the second node" is the second host the note
// names, "the other node" (or "the worker") the one that is not the first
// of a note that names two.
func (n *note) resolveHosts() {
	if n.ownHost == "" {
		return
	}
	for i := range n.out {
		n.out[i].FirstHost = n.ownHost
	}
	if len(n.others) == 0 {
		return
	}
	names := []string{n.ownHost}
	add := func(h string) {
		if h != "" && h != everyHost && h != everyWorker && !slices.Contains(names, h) {
			names = append(names, h)
		}
	}
	for _, s := range n.out {
		for _, h := range s.Hosts {
			add(h)
		}
		for _, c := range s.Commands {
			add(c.Host)
		}
	}
	for _, o := range n.others {
		if h := nthHost(names, o.words); h != "" {
			n.out[o.at].Hosts = []string{h}
		}
	}
}

// nthHost is the host of names that words ("second node", "other
// machine", "worker") stand for, or "".
func nthHost(names []string, words string) string {
	first, _, _ := strings.Cut(words, " ")
	k := map[string]int{"second": 2, "third": 3, "fourth": 4}[first]
	if k == 0 && len(names) == 2 && (first == "other" || first == "another" || first == "worker") {
		k = 2
	}
	if k == 0 || k > len(names) {
		return ""
	}
	return names[k-1]
}
