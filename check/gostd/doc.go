// Package gostd knows the Go standard library's packages, from a table
// generated once from Go's own tree (gen.go), so that completing a Go
// snippet's imports asks nothing of the machine it runs on.
package gostd
