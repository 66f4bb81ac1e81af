package main

import (
	"context"
	"fmt"
	"io"

	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/report"
)

type listOptions struct {
	paths          []string
	stdout, stderr io.Writer
}

func runList(_ context.Context, opts listOptions) error {
	all, err := loadLabs(opts.paths, opts.stderr)
	if err != nil {
		return err
	}
	return report.List(opts.stdout, all)
}

type extractOptions struct {
	paths          []string
	format         string
	stdout, stderr io.Writer
}

func runExtract(_ context.Context, opts extractOptions) error {
	write := map[string]func(io.Writer, []labs.Lab) error{
		"text": report.ExtractText,
		"json": report.ExtractJSON,
	}[opts.format]
	if write == nil {
		return usageError("unknown format %q: extract writes text or json", opts.format)
	}
	all, err := loadLabs(opts.paths, opts.stderr)
	if err != nil {
		return err
	}
	return write(opts.stdout, all)
}

// loadLabs reads and groups the notes that paths name, or the embedded
// labs' when there are none, and says each snippet's warnings on stderr.
func loadLabs(paths []string, stderr io.Writer) ([]labs.Lab, error) {
	_, all, err := loadNotes(paths, stderr)
	return all, err
}

// loadNotes is loadLabs that also returns the notes the labs come from.
func loadNotes(paths []string, stderr io.Writer) ([]labs.Note, []labs.Lab, error) {
	notes := labs.Catalog()
	if len(paths) > 0 {
		var err error
		notes, err = labs.ReadNotes(paths)
		if err != nil {
			return nil, nil, &exitError{code: exitUsage, err: err}
		}
	}
	all := labs.Group(labs.Extract(notes))
	for _, lab := range all {
		for _, st := range lab.Steps {
			for _, w := range st.Warnings {
				fmt.Fprintf(stderr, "%s:%d: warning: %s\n", st.File, st.Line, w)
			}
		}
	}
	return notes, all, nil
}
