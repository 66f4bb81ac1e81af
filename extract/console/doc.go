// Package console knows the lines of a console session that a note shows
// among a command's output but that the command does not print: the
// author's comments, and the answer a reader types at the question a
// command asks before it acts. extract reads a note's sessions with it and
// verdict/expect compares output with it, so that the two agree on what
// is output. It needs nothing but the text.
package console
