package main

import (
	"context"
	"errors"
	"io"
)

// run is labrun with its arguments and streams: everything main does but
// choosing the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	root := newRootCommand(stdout, stderr)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	var ee *exitError
	if err != nil && !errors.As(err, &ee) {
		// cobra's own errors (unknown command or flag, wrong arguments)
		return &exitError{code: exitUsage, err: err}
	}
	return err
}
