// Package cache keeps the results of labs on disk, by a key that digests
// everything that decides them, so that an unchanged lab is not run again.
package cache
