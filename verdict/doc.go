// Package verdict holds the rules that judge one command from what it
// printed and how it ended, as a Docker expert reading over a reader's
// shoulder would: the statuses and reasons of the product contract, the
// patterns of the CLI's, the daemon's and the shell's messages, and the
// modern form of a retired command. It runs nothing: Judge is a function
// of an Outcome, and its tests need no Docker.
package verdict
