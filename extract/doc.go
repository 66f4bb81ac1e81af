// Package extract finds the snippets in a note: the Dockerfiles, compose
// files, shell commands and Go programs that a reader of the note would run
// or write to a file.
//
// It reads Markdown (with goldmark), plain text with no markup, and slide
// decks, and classifies every snippet by its content into one of the kinds
// of the product contract. Extraction is a pure function of the bytes: it
// never fails on content and never touches Docker.
package extract
