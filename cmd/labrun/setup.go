package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/moby/moby/client"

	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/sandbox/provision"
)

// setupOptions are the flags of `labrun setup`.
type setupOptions struct {
	engines  string
	standIns bool
	force    bool
	quiet    bool
	stdout   io.Writer
	stderr   io.Writer
}

// runSetup builds the sandbox images of the engines through the daemon,
// each unless it is there, built by this labrun's recipe.
func runSetup(ctx context.Context, opts setupOptions) error {
	var names []string
	if opts.engines != "" { // --engine "" builds none: --stand-ins alone
		var err error
		if names, err = engine.Parse(opts.engines); err != nil {
			return usageError("%w", err)
		}
	}
	for _, n := range names {
		if !slices.Contains(engine.Named, n) {
			return usageError("engine %q: labrun builds engines %s; a Docker-in-Docker image (docker:29-dind) is pulled, not built", n, strings.Join(engine.Named, ", "))
		}
	}
	cli, _, err := sandbox.Connect(ctx)
	if err != nil {
		return environmentError(err)
	}
	defer cli.Close()
	say := func(line string) {
		if !opts.quiet {
			fmt.Fprintf(opts.stderr, "labrun: %s\n", line)
		}
	}
	if opts.standIns {
		if err := ensureStandIns(ctx, cli, opts, say); err != nil {
			return environmentError(err)
		}
	}
	for _, n := range names {
		start := time.Now()
		built, err := ensureEngine(ctx, cli, n, opts.force, false, say)
		if err != nil {
			return environmentError(err)
		}
		state := "ready (built by this labrun's recipe)"
		if built {
			state = fmt.Sprintf("built in %s", time.Since(start).Round(time.Second))
		}
		fmt.Fprintf(opts.stdout, "engine %s: %s %s\n", n, sandbox.EngineImage(n), state)
	}
	return nil
}

// ensureStandIns builds the stand-in images labs use where no registry
// answers, each unless it is there: built by this labrun's recipe, or
// pulled (an image labrun did not build is the user's and is kept, unless
// --force).
func ensureStandIns(ctx context.Context, cli *client.Client, opts setupOptions, say func(string)) error {
	recipes, err := provision.StandIns()
	if err != nil {
		return err
	}
	for _, r := range recipes {
		start := time.Now()
		state, err := provision.Check(ctx, cli, r)
		if err != nil {
			return err
		}
		switch {
		case state == provision.Foreign && !opts.force:
			fmt.Fprintf(opts.stdout, "stand-in %s: there, not built by labrun (kept)\n", r.Image)
			continue
		case state == provision.Current && !opts.force:
			if err := provision.Alias(ctx, cli, r); err != nil {
				return err
			}
			fmt.Fprintf(opts.stdout, "stand-in %s: ready (built by this labrun's recipe)\n", r.Image)
			continue
		}
		if err := provision.Build(ctx, cli, r, opts.force, say); err != nil {
			return err
		}
		fmt.Fprintf(opts.stdout, "stand-in %s: built in %s\n", r.Image, time.Since(start).Round(time.Second))
	}
	return nil
}

// ensureEngine makes sure the sandbox image of engine name is there, built
// by this labrun's recipe: it builds it when it is missing or was built by
// an earlier recipe (or always, with force), unless noBuild, which is then
// an error that says how to build it. An image labrun did not build (one
// pulled from a registry) is used as it is; so is a Docker-in-Docker image
// given by name.
func ensureEngine(ctx context.Context, cli *client.Client, name string, force, noBuild bool, say func(string)) (built bool, err error) {
	if !slices.Contains(engine.Named, name) {
		return false, nil
	}
	r, err := provision.Sandbox(name)
	if err != nil {
		return false, err
	}
	state, err := provision.Check(ctx, cli, r)
	if err != nil {
		return false, err
	}
	switch {
	case force:
	case state == provision.Current, state == provision.Foreign:
		return false, nil
	case noBuild:
		why := "is not on this host"
		if state == provision.Outdated {
			why = "was built by an earlier recipe"
		}
		return false, fmt.Errorf("engine %s: %s %s, and --no-build says not to build it: `labrun setup --engine %s` builds it (a few minutes, once)", name, r.Image, why, name)
	}
	if err := provision.Build(ctx, cli, r, force, say); err != nil {
		return false, fmt.Errorf("engine %s: %w", name, err)
	}
	return true, nil
}
