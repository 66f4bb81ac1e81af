// Package expect compares what a command printed with the output its
// note shows, as a Docker user reads the two: container IDs, digests,
// ages, durations, sizes, addresses and the ports Docker picks never
// match and are not differences; neither are the lines that only appear
// where an image is pulled or built, the widths of docker's tables, the
// order of the rows Docker does not sort, or what the note elides with
// "...". What is left is a real difference: a changed value, a renamed
// or dropped column, a line that no longer appears. It runs nothing and
// needs no Docker.
package expect
