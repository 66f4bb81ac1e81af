package extract

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Annotation syntax, the one place it is defined:
//
//	```sh {file=setup.sh timeout=30s needs=swarm}
//	<!-- labrun: skip -->
//
// Keys: file=NAME writes the snippet to NAME in the lab's directory;
// skip (or skip=true) does not run it; expect=fail says it is meant to
// fail; timeout=DURATION (Go syntax, or plain seconds) limits it;
// needs=a,b names what the lab needs (swarm, network, …); until=stopped
// (or long-running) says it runs until the reader stops it; lab=NAME puts it
// in the lab NAME instead of its talk's; host=NAME or hosts=a,b puts it
// on those machines of the lab (host=* on every one, host=*workers on every
// one but the first). Values may be quoted with "…".

// commentRE matches a labrun HTML comment and captures its body.
var commentRE = regexp.MustCompile(`^\s*<!--\s*labrun:?\s*(.*?)\s*-->\s*$`)

// infoBracesRE matches the `{…}` part of a fence's info string.
var infoBracesRE = regexp.MustCompile(`\{([^}]*)\}`)

// ParseInfo splits a fence's info string into its language and the
// annotations written in braces after it.
func ParseInfo(info string) (lang string, a Annotations) {
	body := ""
	if m := infoBracesRE.FindStringSubmatchIndex(info); m != nil {
		body = info[m[2]:m[3]]
		info = info[:m[0]] + info[m[1]:]
	}
	if fields := strings.Fields(info); len(fields) > 0 {
		lang = strings.ToLower(strings.TrimPrefix(fields[0], "."))
	}
	return lang, ParseAnnotations(body)
}

// ParseComment reads a `<!-- labrun: … -->` comment. ok is false when the
// text is not such a comment.
func ParseComment(html string) (a Annotations, ok bool) {
	m := commentRE.FindStringSubmatch(html)
	if m == nil {
		return Annotations{}, false
	}
	return ParseAnnotations(m[1]), true
}

// ParseAnnotations reads `key=value` pairs separated by white space.
// A bare key is a boolean set to true. Unknown keys and bad values are kept
// in Unknown so that the caller can warn about them.
func ParseAnnotations(s string) Annotations {
	var a Annotations
	for _, field := range splitFields(s) {
		key, value, hasValue := strings.Cut(field, "=")
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.Trim(strings.TrimSpace(value), `"'`)
		switch key {
		case "skip":
			a.Skip = !hasValue || value == "true" || value == "yes"
		case "file":
			a.File = value
		case "expect":
			if value == "fail" || value == "failure" {
				a.ExpectFail = true
			} else if value != "pass" && value != "success" {
				a.Unknown = append(a.Unknown, field)
			}
		case "timeout":
			d, err := parseTimeout(value)
			if err != nil {
				a.Unknown = append(a.Unknown, field)
				continue
			}
			a.Timeout = d
		case "needs":
			for _, n := range strings.Split(value, ",") {
				if n = strings.TrimSpace(n); n != "" {
					a.Needs = append(a.Needs, n)
				}
			}
		case "lab":
			a.Lab = value
		case "host", "hosts":
			hosts := hostList(value)
			if hosts == nil {
				a.Unknown = append(a.Unknown, field)
				continue
			}
			a.Hosts = hosts
		case "long-running":
			a.UntilStopped = !hasValue || value == "true" || value == "yes"
		case "until":
			if value != "stopped" && value != "ctrl-c" {
				a.Unknown = append(a.Unknown, field)
				continue
			}
			a.UntilStopped = true
		case "output":
			switch value {
			case "reader", "strict", "lax", "ignore":
				a.Output = value
			default:
				a.Unknown = append(a.Unknown, field)
			}
		default:
			a.Unknown = append(a.Unknown, field)
		}
	}
	return a
}

// Merge returns a with the fields that b sets laid over it.
func (a Annotations) Merge(b Annotations) Annotations {
	if b.File != "" {
		a.File = b.File
	}
	a.Skip = a.Skip || b.Skip
	a.ExpectFail = a.ExpectFail || b.ExpectFail
	if b.Timeout != 0 {
		a.Timeout = b.Timeout
	}
	a.Needs = append(a.Needs, b.Needs...)
	if b.Output != "" {
		a.Output = b.Output
	}
	if b.Lab != "" {
		a.Lab = b.Lab
	}
	if b.Hosts != nil {
		a.Hosts = b.Hosts
	}
	a.UntilStopped = a.UntilStopped || b.UntilStopped
	a.Unknown = append(a.Unknown, b.Unknown...)
	return a
}

// Has reports whether the annotations name need n.
func (a Annotations) Has(n string) bool {
	for _, x := range a.Needs {
		if x == n {
			return true
		}
	}
	return false
}

// hostList reads the value of host= or hosts=: names separated by
// commas, lower-cased, each once. It returns nil when a name is empty or
// holds a character no host name has.
func hostList(value string) []string {
	var out []string
	for _, h := range strings.Split(strings.ToLower(value), ",") {
		h = strings.TrimSpace(h)
		if !hostListRE.MatchString(h) {
			return nil
		}
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// hostListRE matches one name of host= or hosts=: a host name or address,
// "*" or "*workers".
var hostListRE = regexp.MustCompile(`^(?:\*|\*workers|[a-z0-9][\w.-]*)$`)

func parseTimeout(v string) (time.Duration, error) {
	if d, err := time.ParseDuration(v); err == nil {
		return d, nil
	}
	return time.ParseDuration(v + "s")
}

// splitFields splits on white space outside double quotes.
func splitFields(s string) []string {
	var fields []string
	var cur strings.Builder
	quoted := false
	flush := func() {
		if cur.Len() > 0 {
			fields = append(fields, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			cur.WriteRune(r)
		case !quoted && (r == ' ' || r == '\t'):
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return fields
}
