// Command labrun finds the Docker snippets in talk notes, workshops and
// tutorials, runs them against a throwaway Docker daemon and reports which
// still work.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	code := exitCode(ctx, err, os.Stderr)
	stop()
	os.Exit(code)
}
