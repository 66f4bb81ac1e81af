#!/bin/sh
# Builds Docker's parts into /out from their Go sources on the Go module
# proxy ($GOPROXY), each as that project's release is, static, with its
# version stamped in; one part a call, so that the image build keeps
# each part it has built when a later one fails:
#
#   go       Go from Debian's $SUITE
#   daemon   dockerd and docker-proxy, github.com/moby/moby/v2 at $DAEMON
#   cli      the docker CLI, github.com/docker/cli at $CLI (it has no
#            go.mod: its vendor.mod is one)
#   compose  the Compose plugin, github.com/docker/compose/v5 at $COMPOSE
#   buildx   the Buildx plugin, github.com/docker/buildx at $BUILDX
set -eu
out=/out
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOWORK=off GOTOOLCHAIN=auto GOPROXY SSL_CERT_FILE=/host-ca.crt SSL_CERT_DIR=/etc/ssl/certs
tags='netgo osusergo static_build'
# The daemon's module is versioned apart from the engine's releases: its
# version says which engine it is (29-moby-v2.0.0-beta.24).
engine=${CLI%%+*}
engine=${engine#v}
daemon=${engine%%.*}-moby-$DAEMON

# source MODULE VERSION: the module's source, writable, in /src (the module
# cache's copy is read-only).
source() {
	dir=$(go mod download -json "$1@$2" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	mkdir -p /src
	cp -r "$dir/." /src
	chmod -R u+w /src
	cd /src
}

case $1 in
go)
	rm -f /etc/apt/sources.list.d/*
	echo "deb $MIRROR $SUITE main" >/etc/apt/sources.list
	echo 'Acquire::Check-Valid-Until "false";' >/etc/apt/apt.conf.d/99labrun-valid-until
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go ca-certificates >/dev/null
	mkdir -p "$out/usr/bin" "$out/usr/libexec/docker/cli-plugins" "$out/usr/share/labrun"
	# what the sandbox's labels say it holds (sandbox-versions.sh reads it)
	printf 'org.labrun.version.%s\n' "engine=$daemon" "cli=$engine" "compose=${COMPOSE#v}" "buildx=${BUILDX#v}" \
		>"$out/usr/share/labrun/versions"
	;;
daemon)
	source github.com/moby/moby/v2 "$DAEMON"
	go build -trimpath -tags "$tags" -ldflags "-s -w \
		-X github.com/moby/moby/v2/dockerversion.Version=$daemon \
		-X github.com/moby/moby/v2/dockerversion.GitCommit=$DAEMON" \
		-o "$out/usr/bin/" ./cmd/dockerd ./cmd/docker-proxy
	;;
cli)
	source github.com/docker/cli "$CLI"
	rm -rf vendor && cp vendor.mod go.mod && cp vendor.sum go.sum
	go build -trimpath -tags "$tags" -ldflags "-s -w \
		-X github.com/docker/cli/cli/version.Version=$engine \
		-X github.com/docker/cli/cli/version.GitCommit=v$engine" \
		-o "$out/usr/bin/docker" ./cmd/docker
	;;
compose)
	source github.com/docker/compose/v5 "$COMPOSE"
	go build -trimpath -tags "$tags" -ldflags "-s -w \
		-X github.com/docker/compose/v5/internal.Version=$COMPOSE" \
		-o "$out/usr/libexec/docker/cli-plugins/docker-compose" ./cmd
	;;
buildx)
	source github.com/docker/buildx "$BUILDX"
	go build -trimpath -tags "$tags" -ldflags "-s -w \
		-X github.com/docker/buildx/version.Version=$BUILDX \
		-X github.com/docker/buildx/version.Package=github.com/docker/buildx" \
		-o "$out/usr/libexec/docker/cli-plugins/docker-buildx" ./cmd/buildx
	;;
*)
	echo "build-engine.sh: unknown part '$1'" >&2
	exit 2
	;;
esac
cd /
rm -rf /src /root/go /root/.cache
