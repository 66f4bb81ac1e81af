package labs

import (
	"embed"
	"io/fs"
	"path"
)

// catalog holds the project's own executable labs, one note per talk.
//
//go:embed catalog/*.md
var catalog embed.FS

// Catalog returns the embedded labs' notes, named `labs/<file>`.
func Catalog() []Note {
	entries, err := fs.ReadDir(catalog, "catalog")
	if err != nil {
		panic("labs: embedded catalog unreadable: " + err.Error())
	}
	notes := make([]Note, 0, len(entries))
	for _, e := range entries {
		b, err := catalog.ReadFile(path.Join("catalog", e.Name()))
		if err != nil {
			panic("labs: embedded catalog unreadable: " + err.Error())
		}
		notes = append(notes, Note{Path: path.Join("labs", e.Name()), Data: b})
	}
	return notes
}
