package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/sirupsen/logrus"
	tclog "github.com/testcontainers/testcontainers-go/log"
)

func main() {
	// compose-go, which checks compose files, reports through logrus: its
	// warnings are not labrun's output. A library must not decide that
	// for the whole process; the program does.
	logrus.SetOutput(io.Discard)
	// testcontainers-go, which starts the sandboxes of a lab of several
	// hosts, would pull its reaper's image, which a machine with no
	// registry cannot (labrun reaps its own sandboxes by their labels), and
	// prints a banner on stderr: the program turns both off.
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") == "" {
		_ = os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
	tclog.SetDefault(tclog.NewNoopLogger())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	code := exitCode(ctx, err, os.Stderr)
	stop()
	os.Exit(code)
}
