package secret

import (
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

// Mask is what a masked value is shown as.
const Mask = "***"

// MinLen is the shortest value masked: a shorter one (a 1, a yes) would
// mask every place the same letters appear, and is no credential.
const MinLen = 4

// Set is the values to mask, longest first, so that a value that holds
// another is masked whole.
type Set struct {
	values []string
}

// Add adds values to the set; empty ones and those under MinLen are
// left out, and reported back so that the caller can say so.
func (s *Set) Add(values ...string) (short []string) {
	for _, v := range values {
		switch {
		case v == "":
		case len(v) < MinLen:
			short = append(short, v)
		default:
			s.values = append(s.values, v)
		}
	}
	sort.SliceStable(s.values, func(i, j int) bool { return len(s.values[i]) > len(s.values[j]) })
	s.values = dedupe(s.values)
	return short
}

// AddLogin adds a password given to docker login, with the form a
// client keeps it in once logged in: base64 of USER:PASSWORD, as
// ~/.docker/config.json holds it.
func (s *Set) AddLogin(user, password string) {
	s.Add(password)
	if user != "" && password != "" {
		s.Add(base64.StdEncoding.EncodeToString([]byte(user + ":" + password)))
	}
}

// Values are the values masked, longest first.
func (s *Set) Values() []string { return s.values }

// Empty reports whether there is nothing to mask.
func (s *Set) Empty() bool { return s == nil || len(s.values) == 0 }

// Mask is text with every value replaced by ***.
func (s *Set) Mask(text string) string {
	if s.Empty() {
		return text
	}
	for _, v := range s.values {
		text = strings.ReplaceAll(text, v, Mask)
	}
	return text
}

// Writer masks each write to w. Every line labrun writes is one write,
// so a value is never split between two.
func (s *Set) Writer(w io.Writer) io.Writer {
	if s.Empty() {
		return w
	}
	return maskingWriter{w: w, s: s}
}

type maskingWriter struct {
	w io.Writer
	s *Set
}

func (m maskingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(m.w, m.s.Mask(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// nameRE is what a variable's name may be.
var nameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// steering are the variables that would point the lab's docker away
// from its sandbox's daemon, or at another client configuration.
var steering = map[string]bool{"DOCKER_HOST": true, "DOCKER_CONTEXT": true, "DOCKER_CONFIG": true,
	"DOCKER_CERT_PATH": true, "DOCKER_TLS": true, "DOCKER_TLS_VERIFY": true}

// Env reads the variables --env names: NAME takes its value from
// labrun's environment (lookup), NAME=VALUE gives it. It returns them as
// NAME=VALUE for the labs' shells. A name that is malformed, unset, or
// would steer the lab's docker away from its sandbox is an error.
func Env(specs []string, lookup func(string) (string, bool)) ([]string, error) {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	var env []string
	for _, spec := range specs {
		name, value, given := strings.Cut(spec, "=")
		switch {
		case !nameRE.MatchString(name):
			return nil, fmt.Errorf("--env %q: want NAME or NAME=VALUE, NAME of letters, digits and _", spec)
		case steering[name]:
			return nil, fmt.Errorf("--env %s: it would point the lab's docker away from its sandbox's daemon", name)
		}
		if !given {
			v, ok := lookup(name)
			if !ok {
				return nil, fmt.Errorf("--env %s: not set in labrun's environment", name)
			}
			value = v
		}
		env = append(env, name+"="+value)
	}
	return env, nil
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	seen := map[string]bool{}
	for _, v := range sorted {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
