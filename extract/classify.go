package extract

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Class is what Classify concludes about a snippet.
type Class struct {
	Kind     Kind
	Runnable bool
	Reason   SkipReason // why it is not run
	Message  string     // the reason, for people
}

func skip(k Kind, reason SkipReason, format string, a ...any) Class {
	return Class{Kind: k, Reason: reason, Message: fmt.Sprintf(format, a...)}
}

// Classify judges a snippet by its content. lang, the fence's language, is
// a hint: a yaml block with services is compose; an untagged Go program is
// Go. form matters for inline code spans, which must be whole commands to
// be run.
func Classify(code, lang string, form Form) Class {
	c, _ := classify(code, lang, form)
	return c
}

// classify is Classify that also returns the parse of the shell code it
// judged, if it judged shell code, so that the caller need not parse it
// again. The code in it is trimmed.
func classify(code, lang string, form Form) (Class, *shellCode) {
	code = strings.TrimSpace(code)
	if code == "" {
		return skip(Text, SkipProse, "empty"), nil
	}
	if windowsShell(lang) {
		return skip(Shell, SkipAnnotated, "a %s block (its fence says so): the Windows form of a command, which a Linux shell does not run", lang), nil
	}
	switch langKind(lang) {
	case Go:
		return Class{Kind: Go, Runnable: true}, nil
	case Dockerfile:
		return dockerfileClass(code, true), nil
	case Config:
		return configClass(code, lang), nil
	case Output:
		return skip(Output, SkipOutput, "the output of a command, not a command"), nil
	case Shell:
		sh := &shellCode{code: code}
		return shellClass(sh, form), sh
	}
	y := &yamlCode{code: code}
	switch {
	case mayBeGo(code) && goRE.MatchString(code):
		return Class{Kind: Go, Runnable: true}, nil
	case isDockerfile(code):
		return dockerfileClass(code, false), nil
	case lang == "yaml" || lang == "yml" || lang == "compose":
		return configClass(code, lang), nil
	case isShell(code):
		sh := &shellCode{code: code}
		return shellClass(sh, form), sh
	case isCompose(y):
		return composeClass(y), nil
	case isOutput(code):
		return skip(Output, SkipOutput, "the output of a command, not a command"), nil
	case fileNameRE.MatchString(code):
		return skip(Text, SkipProse, "a file name, not a command"), nil
	case isConfig(y):
		return skip(Config, SkipFragment, "a configuration fragment, not a whole file"), nil
	}
	if form == Inline {
		return skip(Text, SkipProse, "a name in prose, not a command"), nil
	}
	return skip(Text, SkipProse, "prose, not code"), nil
}

// windowsShell reports whether a fence's language is a Windows shell's
// (PowerShell, cmd): notes give such a block as the twin of a shell one,
// and its continuations (a backtick, a caret) mean nothing to sh.
func windowsShell(lang string) bool {
	switch lang {
	case "powershell", "pwsh", "ps1", "ps", "cmd", "bat", "batch", "doscon":
		return true
	}
	return false
}

func langKind(lang string) Kind {
	switch lang {
	case "go", "golang":
		return Go
	case "dockerfile", "docker", "containerfile":
		return Dockerfile
	case "sh", "bash", "shell", "console", "terminal", "zsh", "shell-session", "shellsession":
		return Shell
	case "nginx", "ini", "toml", "json", "conf", "properties", "hcl", "xml", "apache", "apacheconf", "dockerignore", "gitignore", "env":
		return Config
	case "output", "text", "txt", "plain", "plaintext", "log":
		return Output
	}
	return ""
}

// goRE finds a Go program: a package clause, a top-level function or a
// factored import.
var goRE = regexp.MustCompile(`(?m)^(package\s+\w+\s*$|func\s+(\([^)]*\)\s*)?\w+\s*\(|import\s+(\(|"))`)

// mayBeGo is a cheap test that must hold for goRE to match: each of its
// branches starts with one of these words.
func mayBeGo(code string) bool {
	return strings.Contains(code, "package") || strings.Contains(code, "func") || strings.Contains(code, "import")
}

// instructionWordRE matches a line that starts with a Dockerfile
// instruction written in capitals, with or without an argument: a lone
// USER in a block is an instruction too.
var instructionWordRE = regexp.MustCompile(`^(` + instructionAlternatives + `)(\s|$)`)

// instructions returns the logical lines of a would-be Dockerfile (comments,
// blank lines and continuation lines folded away) and how many of them are
// instructions.
func instructions(code string) (logical, instr int) {
	cont := false
	heredoc := ""
	for _, l := range strings.Split(code, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case heredoc != "":
			if t == heredoc {
				heredoc = ""
			}
			continue
		case cont:
			cont = strings.HasSuffix(t, "\\")
			continue
		case t == "" || strings.HasPrefix(t, "#"):
			continue
		}
		logical++
		isInstr := mayBeInstruction(t) && instructionWordRE.MatchString(t)
		if isInstr {
			instr++
		}
		cont = strings.HasSuffix(t, "\\")
		if i := strings.Index(t, "<<"); i >= 0 && isInstr {
			heredoc = strings.Trim(strings.TrimLeft(strings.Fields(t[i+2:] + " x")[0], "-"), `"'`)
		}
	}
	return logical, instr
}

func isDockerfile(code string) bool {
	logical, instr := instructions(code)
	return logical > 0 && instr == logical
}

func dockerfileClass(code string, tagged bool) Class {
	logical, instr := instructions(code)
	if instr == 0 && !tagged {
		return skip(Text, SkipProse, "prose, not a Dockerfile")
	}
	if logical < 2 {
		word := strings.Fields(code)[0]
		return skip(Dockerfile, SkipFragment, "a lone %s instruction, not a whole Dockerfile", strings.ToUpper(word))
	}
	if p := placeholder(uncommented(code)); p != "" {
		return skip(Dockerfile, SkipPlaceholder, "%s is a placeholder the reader fills in", p)
	}
	return Class{Kind: Dockerfile, Runnable: true}
}

// uncommented is code without its comment lines, whose words are the
// author's, not the build's.
func uncommented(code string) string {
	var keep []string
	for _, l := range strings.Split(code, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// yamlCode is code that may be YAML, parsed at most once: the classifier
// asks first whether it is a compose file, then whether it is a
// configuration fragment.
type yamlCode struct {
	code   string
	parsed bool
	m      map[string]any
	ok     bool
}

// mapping parses the code as a YAML mapping; ok is false when it is not one.
func (y *yamlCode) mapping() (m map[string]any, ok bool) {
	if !y.parsed {
		y.m, y.ok = yamlMap(y.code)
		y.parsed = true
	}
	return y.m, y.ok
}

// yamlMap parses code as a YAML mapping; ok is false when it is not one.
func yamlMap(code string) (map[string]any, bool) {
	if !mayBeMapping(code) {
		return nil, false
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(code), &m); err != nil || len(m) == 0 {
		return nil, false
	}
	return m, true
}

// mayBeMapping is a cheap test that must hold for code to parse as a YAML
// mapping with an entry. Outside a flow collection ('{' or '['), the YAML
// scanner takes ':' and '?' as indicators only when white space, a line
// break or the end follows; here any control, space or non-ASCII byte
// counts as one. Inside '[', a mapping can only be an entry of the
// sequence, which is not a mapping at the top. A tag ('!') is let through
// too.
func mayBeMapping(code string) bool {
	if strings.ContainsAny(code, "{!") {
		return true
	}
	for i := 0; i < len(code); i++ {
		if code[i] == ':' || code[i] == '?' {
			if i+1 == len(code) || code[i+1] <= ' ' || code[i+1] >= 0x80 {
				return true
			}
		}
	}
	return false
}

// isCompose reports whether code is a compose file: a mapping with
// services, or a version 1 file whose top-level entries are services.
func isCompose(y *yamlCode) bool {
	m, ok := y.mapping()
	if !ok {
		return false
	}
	if _, ok := m["services"]; ok {
		return true
	}
	if len(m) < 1 {
		return false
	}
	for _, v := range m {
		svc, ok := v.(map[string]any)
		if !ok {
			return false
		}
		_, image := svc["image"]
		_, build := svc["build"]
		if !image && !build {
			return false
		}
	}
	return true
}

func configClass(code, lang string) Class {
	if y := (&yamlCode{code: code}); isCompose(y) {
		return composeClass(y)
	}
	if lang == "yaml" || lang == "yml" || lang == "compose" {
		return skip(Config, SkipFragment, "a YAML fragment, not a compose file")
	}
	return skip(Config, SkipFragment, "a configuration fragment (%s), not a command", or(lang, "config"))
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// nginxDirectives are the simple nginx directives that nginxRE finds.
var nginxDirectives = []string{"proxy_pass", "listen", "server_name", "root", "resolver", "include", "worker_processes"}

var (
	// nginxRE finds nginx directives.
	nginxRE = regexp.MustCompile(`(?m)^\s*(server|location|upstream|http|events)\b[^\n]*\{|^\s*(` + strings.Join(nginxDirectives, "|") + `)\s+\S`)
	// keyValueRE matches a `key: value` or `key=value` line.
	keyValueRE = regexp.MustCompile(`^[\w.\-/]+\s*(:\s|=)\S*`)
	// iniSectionRE matches an ini section header.
	iniSectionRE = regexp.MustCompile(`(?m)^\[[\w .\-]+\]\s*$`)
	// dottedKeyRE matches a dotted key such as com.example.label.
	dottedKeyRE = regexp.MustCompile(`^[a-z][\w-]*(\.[a-z][\w-]*)+$`)
	// fileNameRE matches a lone file name.
	fileNameRE = regexp.MustCompile(`^[\w-][\w.-]*\.(ya?ml|json|md|txt|conf|pem|crt|key|log|sh|go|py|js|toml|ini|db)$`)
	// fileListRE matches a .dockerignore-style mention: a dotfile and entries.
	fileListRE = regexp.MustCompile(`^\.[\w-]+(\s+[\w.*/\-]+)+$`)
)

// mayBeNginx is a cheap test that must hold for nginxRE to match: a block
// directive opens a brace, and a simple one is named in nginxDirectives.
func mayBeNginx(code string) bool {
	if strings.Contains(code, "{") {
		return true
	}
	for _, d := range nginxDirectives {
		if strings.Contains(code, d) {
			return true
		}
	}
	return false
}

func isConfig(y *yamlCode) bool {
	code := y.code
	if (mayBeNginx(code) && nginxRE.MatchString(code)) || (strings.Contains(code, "[") && iniSectionRE.MatchString(code)) ||
		dottedKeyRE.MatchString(code) || fileListRE.MatchString(code) {
		return true
	}
	if strings.HasPrefix(code, "{") && strings.HasSuffix(code, "}") {
		return true
	}
	if _, ok := y.mapping(); ok && keyValueRE.MatchString(code) {
		return true
	}
	return false
}

// outputRE finds lines that commands print.
var outputRE = regexp.MustCompile(`(?m)^(CONTAINER ID|IMAGE ID|REPOSITORY\s|NETWORK ID|DRIVER\s+VOLUME|VOLUME NAME|ID\s+NAME|NAME\s+\S+|NODE ID|Step \d+/\d+ :|Successfully (built|tagged)|sha256:[0-9a-f]{12,}|[0-9a-f]{12,64}$|Error response from daemon:|Status: |Digest: )`)

func isOutput(code string) bool {
	return outputRE.MatchString(code)
}

// composeClass classes a compose file: runnable, unless its top-level
// keys hold nothing yet (`services:` alone, the first block of a file the
// note builds up over several), which is a fragment.
func composeClass(y *yamlCode) Class {
	m, _ := y.mapping()
	for _, v := range m {
		if v != nil {
			return Class{Kind: Compose, Runnable: true}
		}
	}
	return skip(Compose, SkipFragment, "the start of a compose file: its keys hold nothing yet")
}
