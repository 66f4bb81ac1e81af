package main

import (
	"context"
	"io"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/runner/report"
)

type listOptions struct {
	paths  []string
	stdout io.Writer
}

func runList(_ context.Context, opts listOptions) error {
	all, err := loadLabs(opts.paths)
	if err != nil {
		return err
	}
	return report.List(opts.stdout, all)
}

type extractOptions struct {
	paths  []string
	format string
	stdout io.Writer
}

func runExtract(_ context.Context, opts extractOptions) error {
	write := map[string]func(io.Writer, []labs.Lab) error{
		"text": report.ExtractText,
		"json": report.ExtractJSON,
	}[opts.format]
	if write == nil {
		return usageError("unknown format %q: extract writes text or json", opts.format)
	}
	all, err := loadLabs(opts.paths)
	if err != nil {
		return err
	}
	return write(opts.stdout, all)
}

// loadLabs reads and groups the notes that paths name, or the embedded
// catalog when there are none. Unreadable paths are usage errors.
func loadLabs(paths []string) ([]labs.Lab, error) {
	notes := labs.Catalog()
	if len(paths) > 0 {
		var err error
		notes, err = labs.ReadNotes(paths)
		if err != nil {
			return nil, &exitError{code: exitUsage, err: err}
		}
	}
	return labs.Group(labs.Extract(notes)), nil
}
