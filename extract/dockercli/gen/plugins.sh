#!/usr/bin/env bash
# plugins.sh writes ../grammar/compose.json and ../grammar/buildx.json, the
# grammar of the Docker Compose v2 and Buildx CLI plugins: plugin.go builds
# each plugin's cobra tree with the plugin's own code, from the Go module
# proxy, at the versions pinned here.
set -euo pipefail

# The newest releases the proxy serves that build with Go 1.26. Compose's
# later releases moved to the github.com/docker/compose/v5 module path.
compose=v2.40.3
buildx=v0.38.2

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
export GOWORK=off GOFLAGS=-mod=mod
# Experimental buildx commands and flags are shown only with this set.
unset BUILDX_EXPERIMENTAL

# gen NAME MODULE VERSION OTHER: one module per plugin, since Compose pins
# docker/cli 28 and an older buildkit while Buildx needs docker/cli 29; so
# plugin.go's lines for the OTHER plugin are dropped, with its build tag line
# and the blank after it.
gen() {
	local name=$1 mod=$2 v=$3 other=$4
	mkdir "$work/$name"
	sed '1,2d' "$here/plugin.go" | grep -v "// $other only\$" >"$work/$name/main.go"
	sed '1,2d' "$here/tree.go" >"$work/$name/tree.go"
	(cd "$work/$name" &&
		go mod init labrun/grammar/"$name" >/dev/null 2>&1 &&
		go mod edit -require="$mod@$v" &&
		go mod tidy &&
		go run . "$name" "${v#v}") >"$work/$name.json"
	# Only a complete run replaces the grammar kept.
	mv "$work/$name.json" "$here/../grammar/$name.json"
	echo "plugins: $mod $v -> grammar/$name.json" >&2
}

gen compose github.com/docker/compose/v2 "$compose" buildx
gen buildx github.com/docker/buildx "$buildx" compose
