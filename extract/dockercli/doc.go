// Package dockercli reads docker command lines as the docker CLI itself
// reads them. Its grammar (every command, its aliases, how many operands
// it takes and which flags take a value) is not typed by hand: it is
// generated from the cobra command tree of each docker/cli release labrun
// runs (gen/gen.sh) and of the Compose and Buildx plugins (gen/plugins.sh),
// and embedded, one file per engine of engine/engines.txt.
//
// Parse turns the words of one simple command into a Line, once: its
// command path, flags and their values, operands, and what follows from
// them (the images it uses and makes, whether it streams, asks for
// confirmation or needs a swarm, and its modern form). Check finds, with
// no daemon, the flags and commands an engine's CLI would refuse.
//
// retired.go is the one table of the forms Docker retired (docker-compose
// v1, docker-machine, removed flags) and of flags notes write on the wrong
// command, with what takes their place: hints, fix's rewrites and
// verdict's messages read it.
package dockercli
