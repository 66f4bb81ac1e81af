package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Exit codes of the product contract.
const (
	exitOK          = 0
	exitFailed      = 1 // a snippet failed (or regressed against the baseline)
	exitUsage       = 2 // the command line is wrong
	exitEnvironment = 3 // no daemon, or the sandbox cannot start
	exitInterrupted = 130
)

// exitError carries an exit code for main. Its message, if any, is printed.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, a ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, a...)}
}

func environmentError(err error) error {
	return &exitError{code: exitEnvironment, err: err}
}

// failed is returned when the run went through but snippets failed: the
// report already says which, so there is nothing more to print.
var failed = &exitError{code: exitFailed}

// exitCode maps run's error to an exit code and prints its message.
func exitCode(ctx context.Context, err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	code := exitUsage
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		code = exitInterrupted
	}
	if ee == nil || ee.err != nil {
		fmt.Fprintf(stderr, "labrun: %s\n", strings.ReplaceAll(err.Error(), "\n", "\nlabrun: "))
	}
	return code
}
