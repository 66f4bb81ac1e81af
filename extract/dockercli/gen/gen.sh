#!/usr/bin/env bash
# gen.sh VERSION... writes ../grammar/MAJOR.json for each docker/cli release
# named (v28.5.2 …): main.go is built inside that release's own source, from
# the Go module proxy, with the dependency versions the release vendors (its
# vendor.mod; for 20.10.x, its vendor.conf through vendorconf.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
for v in "$@"; do
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
	major=${v#v}; major=${major%%.*}; [[ $major == 20 ]] && major=20.10
	(cd "$src" && rm -rf vendor &&
		if [[ -f vendor.mod ]]; then cp vendor.mod go.mod && cp vendor.sum go.sum
		else # 20.10.x has only vndr's vendor.conf; it pins docker/docker by a replace
			bash "$here/vendorconf.sh" . && go mod edit -replace="github.com/docker/docker=github.com/docker/docker@$v+incompatible"
		fi &&
		go mod edit -require="github.com/docker/docker@$v+incompatible" &&
		GOFLAGS=-mod=mod GOWORK=off go run ./cmd/labrun-grammar "${v#v}") >"$here/../grammar/$major.json"
	echo "gen: docker/cli $v -> grammar/$major.json" >&2
done
