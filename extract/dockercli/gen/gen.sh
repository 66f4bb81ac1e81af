#!/usr/bin/env bash
# gen.sh [ENGINE...] writes ../grammar/ENGINE.json for each engine of
# engine/engines.txt (or only those named), from the docker/cli release the
# list gives it (28.5.2 …): main.go is built inside that release's own
# source, from the Go module proxy, with the dependency versions the release
# vendors (its vendor.mod; for 20.10.x, its vendor.conf through
# vendorconf.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
# NAME=CLI of each engine to generate, read before any go command runs.
engines=()
while read -r name _ cli _; do
	case $name in '' | '#'*) continue ;; esac
	if [ $# -eq 0 ] || [[ " $* " == *" $name "* ]]; then
		engines+=("$name=$cli")
	fi
done <"$here/../../../engine/engines.txt"
for e in "${engines[@]}"; do
	name=${e%%=*} v=v${e#*=}
	dir=$(go mod download -json "github.com/docker/cli@$v+incompatible" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	src="$work/$v"
	cp -r "$dir" "$src"
	chmod -R u+w "$src"
	mkdir -p "$src/cmd/labrun-grammar"
	cp "$here/main.go" "$here/tree.go" "$src/cmd/labrun-grammar/"
	global=global_client.go
	[[ $v == v20.* ]] && global=global_common.go
	cp "$here/$global" "$src/cmd/labrun-grammar/"
	sed -i '1,2d' "$src/cmd/labrun-grammar/"*.go # the build-ignore line and the blank after it
	# Up to 28 the CLI builds against github.com/docker/docker of its own
	# release; from 29 on against the moby/moby api and client modules
	# that its vendor.mod pins.
	pin=(true)
	[[ $v != v2[0-8].* ]] || pin=(go mod edit -require="github.com/docker/docker@$v+incompatible")
	(cd "$src" && rm -rf vendor &&
		if [[ -f vendor.mod ]]; then cp vendor.mod go.mod && cp vendor.sum go.sum
		else # 20.10.x has only vndr's vendor.conf; it pins docker/docker by a replace
			bash "$here/vendorconf.sh" . && go mod edit -replace="github.com/docker/docker=github.com/docker/docker@$v+incompatible"
		fi &&
		"${pin[@]}" &&
		GOFLAGS=-mod=mod GOWORK=off go run ./cmd/labrun-grammar "${v#v}") >"$here/../grammar/$name.json"
	echo "gen: docker/cli $v -> grammar/$name.json" >&2
done
