package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/labrun/labrun/extract/dockercli"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/report"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/runner"
	"github.com/labrun/labrun/secret"
)

// readSecrets reads what --env gives the labs and the passwords the notes
// give docker login, and masks them from here on: on stderr now, in the
// reports and the cache later. Under GitHub Actions each value is first
// registered with ::add-mask::, so that the job's log hides it too.
func (opts *verifyOptions) readSecrets(all []labs.Lab) error {
	env, err := secret.Env(opts.env, nil)
	if err != nil {
		return usageError("%w", err)
	}
	opts.labEnv = env
	s := &secret.Set{}
	given := map[string]string{}
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		given[name] = value
		if short := s.Add(value); len(short) > 0 {
			opts.say(fmt.Sprintf("--env %s: its value is under %d characters, too short to mask: the labs get it, and reports may show it", name, secret.MinLen))
		}
	}
	for _, lab := range all {
		for _, st := range lab.Steps {
			for _, c := range st.Commands {
				for _, l := range dockercli.Logins(c.Lines) {
					if l.Var != "" {
						l.Password = given[l.Var]
					}
					s.AddLogin(l.User, l.Password)
				}
			}
		}
	}
	if opts.github() {
		_ = report.GitHubAddMask(opts.stderr, s.Values()) // stderr lost is progress lost, no more
	}
	opts.secrets = s
	opts.stderr = s.Writer(opts.stderr)
	return nil
}

// github reports whether findings are also written as GitHub workflow
// commands: --annotations github, or, unless --annotations none, under
// GitHub Actions.
func (opts verifyOptions) github() bool {
	switch opts.annotations {
	case "github":
		return true
	case "none":
		return false
	}
	return os.Getenv("GITHUB_ACTIONS") == "true"
}

// workspacePath is a note's path as GitHub annotates it: relative to the
// repository's root ($GITHUB_WORKSPACE, else the current directory).
func workspacePath(p string) string {
	root := os.Getenv("GITHUB_WORKSPACE")
	if root == "" {
		root, _ = os.Getwd()
	}
	abs, err := filepath.Abs(p)
	if err != nil || root == "" {
		return filepath.ToSlash(p)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(rel)
}

// maskedCache keeps results masked, as the reports show them: no secret
// is written to disk.
type maskedCache struct {
	runner.Cache
	secrets *secret.Set
}

func (c maskedCache) Put(key string, results []result.Result) error {
	masked := make([]result.Result, len(results))
	for i, r := range results {
		masked[i] = r.Masked(c.secrets.Mask)
	}
	return c.Cache.Put(key, masked)
}

// envDigest stands in the cache key for what --env gives the labs: a run
// given other values is another run, and the key holds no value.
func envDigest(env []string) string {
	if len(env) == 0 {
		return ""
	}
	h := sha256.Sum256([]byte(strings.Join(env, "\x00")))
	return "env=" + hex.EncodeToString(h[:8])
}
