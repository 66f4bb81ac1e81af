package gostd

//go:generate go run gen.go

import (
	"slices"
	"strings"
)

// Package is one package of the standard library.
type Package struct {
	Path string
	Name string
	// Symbols are its exported names, space-separated, kept only for a
	// package whose name another package shares: they tell the two apart.
	Symbols string
}

// Import returns the import path of the standard package a program means
// by name when it uses the exported names uses of it: among the packages
// of that name that have them all, the one with the fewest path elements,
// then the first in order ("crypto/rand" before "math/rand"), as goimports
// chooses. ok is false when no package fits.
func Import(name string, uses []string) (path string, ok bool) {
	var fits []Package
	for _, p := range packages {
		if p.Name != name {
			continue
		}
		if p.Symbols != "" && !hasAll(strings.Fields(p.Symbols), uses) {
			continue
		}
		fits = append(fits, p)
	}
	if len(fits) == 0 {
		return "", false
	}
	best := slices.MinFunc(fits, func(a, b Package) int {
		if d := strings.Count(a.Path, "/") - strings.Count(b.Path, "/"); d != 0 {
			return d
		}
		return strings.Compare(a.Path, b.Path)
	})
	return best.Path, true
}

func hasAll(symbols, uses []string) bool {
	for _, u := range uses {
		if _, found := slices.BinarySearch(symbols, u); !found {
			return false
		}
	}
	return true
}
