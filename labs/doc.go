// Package labs groups the snippets of notes into labs, one per talk, in the
// order the notes give them, with stable IDs, and finds a lab by a unique
// prefix or substring of its name.
//
// It also holds labrun's embedded catalog: the project's own executable
// labs, used when no notes are named on the command line.
package labs
