// Package baseline remembers each snippet's verdict from an earlier run, so
// that CI on a notes repository full of old talks fails only when something
// that worked stops working, or when a new snippet fails.
package baseline
