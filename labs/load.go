package labs

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/labrun/labrun/extract"
)

// noteExts are the extensions of the files a directory is searched for.
var noteExts = map[string]bool{".md": true, ".markdown": true, ".txt": true}

// Note is one note's name and content.
type Note struct {
	Path string
	Data []byte
}

// ReadNotes reads the notes that paths name: a file is read whatever its
// extension; a directory is searched recursively for .md, .markdown and
// .txt files, in lexical order. A missing path, a directory with no notes
// and a binary file are errors; every error is reported, not just the first.
func ReadNotes(paths []string) ([]Note, error) {
	var notes []Note
	var errs []error
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, notFound(err)))
			continue
		}
		if !info.IsDir() {
			n, err := readNote(p)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			notes = append(notes, n)
			continue
		}
		found, err := readDir(p)
		errs = append(errs, err)
		notes = append(notes, found...)
	}
	return notes, errors.Join(errs...)
}

func readDir(dir string) ([]Note, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && noteExts[strings.ToLower(filepath.Ext(p))] {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: read directory: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no notes here (looked for .md, .markdown and .txt files)", dir)
	}
	sort.Strings(files)
	var notes []Note
	var errs []error
	for _, f := range files {
		n, err := readNote(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		notes = append(notes, n)
	}
	return notes, errors.Join(errs...)
}

func readNote(path string) (Note, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Note{}, fmt.Errorf("%s: %w", path, notFound(err))
	}
	if isBinary(b) {
		return Note{}, fmt.Errorf("%s: not a text file (it has NUL bytes); labrun reads Markdown and plain text notes", path)
	}
	return Note{Path: path, Data: b}, nil
}

// isBinary reports whether b looks like a binary file: a NUL byte in its
// first 8 KiB, as git and grep judge it.
func isBinary(b []byte) bool {
	if len(b) > 8192 {
		b = b[:8192]
	}
	return bytes.IndexByte(b, 0) >= 0
}

func notFound(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New("no such file or directory")
	}
	return err
}

// Extract extracts the snippets of every note, in order.
func Extract(notes []Note) []extract.Snippet {
	var out []extract.Snippet
	for _, n := range notes {
		out = append(out, extract.Snippets(n.Path, n.Data)...)
	}
	return out
}
