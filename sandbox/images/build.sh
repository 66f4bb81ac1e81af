#!/usr/bin/env bash
# Builds, from Debian packages and offline where no registry answers, the
# images labrun and its labs use (the sandboxes through labrun setup),
# under the names the labs use, so that the same labs pull the real images
# on a machine with a registry. An image that already exists is kept unless
# FORCE=1.
#
#   [ENGINES="20.10 26 28"] sandbox/images/build.sh [all|engines|debian|busybox|registry|frontend]...
#
# all builds the images the labs use and the default engine's sandbox;
# ENGINES="20.10 26 28" builds those engines' sandboxes instead (the
# engines, and which is the default, are those of engine/engines.txt).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${LABRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/labrun}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
registry_version=v3.0.0
busybox_recipe=2

# The engines, each a Debian suite whose Docker packages make a sandbox,
# and the default one: read_engines reads them from engine/engines.txt,
# the list labrun embeds (NAME SUITE CLI [default] a line).
declare -A engine_suite=()
default_engine=
read_engines() {
	local name engine_suite_name cli mark
	while read -r name engine_suite_name cli mark; do
		case $name in '' | '#'*) continue ;; esac
		engine_suite[$name]=$engine_suite_name
		[ "$mark" != default ] || default_engine=$name
	done <"$here/../../engine/engines.txt"
}
read_engines
log() { printf 'images: %s\n' "$*" >&2; }

# tmp_dirs are the directories the script works in (a rootfs may have
# /proc mounted); all are removed however it ends.
tmp_dirs=()
cleanup() {
	local d
	for d in "${tmp_dirs[@]}"; do
		umount "$d/proc" 2>/dev/null || true
		rm -rf "$d"
	done
}
trap cleanup EXIT

# new_tmp makes a directory removed when the script ends, and puts its
# path in the variable named $1.
new_tmp() {
	local -n into=$1
	into=$(mktemp -d)
	tmp_dirs+=("$into")
}

exists() { docker image inspect "$1" >/dev/null 2>&1; }

# need says whether an image must be built: it is missing, FORCE=1, or
# labrun built it by an older recipe (its org.labrun.recipe label is not
# $2). An image labrun did not build (no label: the real busybox pulled
# from a registry, say) is the user's, and is kept.
need() {
	local have
	have=$(docker image inspect -f '{{index .Config.Labels "org.labrun.recipe"}}' "$1" 2>/dev/null) || have=missing
	[ "$have" != "<no value>" ] || have=
	if [ "${FORCE:-0}" != 1 ] && [ "$have" != missing ]; then
		if [ -z "$have" ] && [ -n "${2:-}" ]; then
			log "$1 is present (not built by labrun: kept)"
			return 1
		fi
		if [ "$have" = "${2:-$have}" ]; then
			log "$1 is present"
			return 1
		fi
	fi
	log "building $1"
}

ensure_tools() {
	local missing=()
	command -v debootstrap >/dev/null || missing+=(debootstrap)
	[ -x /bin/busybox ] && /bin/busybox --list >/dev/null 2>&1 || missing+=(busybox-static)
	if [ ${#missing[@]} -gt 0 ]; then
		log "installing ${missing[*]}"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
}

# rootfs_tar sets rootfs to the path of a cached minbase Debian rootfs
# tarball of suite $1 (default bookworm), debootstrapping it if need be.
rootfs_tar() {
	local suite=${1:-$suite}
	local tar="$cache/$suite-minbase.tar"
	if [ ! -s "$tar" ]; then
		mkdir -p "$cache"
		local dir
		new_tmp dir
		log "debootstrap $suite (about a minute)"
		debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$cache/debootstrap-$suite.log" 2>&1 ||
			{ tail -20 "$cache/debootstrap-$suite.log" >&2; return 1; }
		rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
		tar -C "$dir" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
		rm -rf "$dir"
	fi
	rootfs=$tar
}

build_debian() {
	need debian:bookworm-slim || return 0
	local tar
	rootfs_tar
	tar=$rootfs
	docker import --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		"$tar" debian:bookworm-slim >/dev/null
	docker tag debian:bookworm-slim debian:bookworm
	docker tag debian:bookworm-slim debian:12
}

build_busybox() {
	need busybox:latest "$busybox_recipe" || return 0
	local dir
	new_tmp dir
	mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp" "$dir/root" "$dir/var/www" "$dir/usr/bin" "$dir/sbin" "$dir/usr/sbin"
	chmod 1777 "$dir/tmp"
	cp /bin/busybox "$dir/bin/busybox"
	for applet in $(/bin/busybox --list-full); do
		[ "$applet" = bin/busybox ] && continue
		mkdir -p "$dir/$(dirname "$applet")"
		ln -sf /bin/busybox "$dir/$applet"
	done
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$dir/etc/passwd"
	printf 'root:x:0:\nnobody:x:65534:\n' >"$dir/etc/group"
	# Debian's busybox is linked statically against glibc, which loads its
	# name service modules at run time: without them wget and nc cannot
	# resolve a container's name through Docker's embedded DNS.
	printf 'hosts: files dns\n' >"$dir/etc/nsswitch.conf"
	mkdir -p "$dir/lib/x86_64-linux-gnu" "$dir/lib64"
	local lib
	for lib in libc.so.6 libnss_dns.so.2 libnss_files.so.2 libresolv.so.2; do
		cp -L "/lib/x86_64-linux-gnu/$lib" "$dir/lib/x86_64-linux-gnu/"
	done
	cp -L /lib64/ld-linux-x86-64.so.2 "$dir/lib64/"
	tar -C "$dir" -c . | docker import --change 'CMD ["sh"]' --change "LABEL org.labrun.recipe=$busybox_recipe" - busybox:latest >/dev/null
	rm -rf "$dir"
	docker tag busybox:latest busybox:1.36
	docker tag busybox:latest busybox:stable
}

# build_base makes debian:$1, the base image of the sandboxes of suite $1,
# offline: a minbase rootfs debootstrapped from Debian's archive, imported.
# Where a registry answers, labrun pulls the real one instead.
build_base() {
	local suite=$1
	if exists "debian:$suite"; then
		log "debian:$suite is present"
		return 0
	fi
	rootfs_tar "$suite"
	docker import --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		"$rootfs" "debian:$suite" >/dev/null
	log "debian:$suite imported"
}

# build_engine builds the sandbox of engine $1 as labrun itself does on
# first use, through the daemon from the recipe embedded in labrun
# (sandbox/provision), after making its base image offline.
build_engine() {
	local engine=$1
	local suite=${engine_suite[$engine]:-}
	[ -n "$suite" ] || { log "unknown engine '$engine' (${!engine_suite[*]})"; exit 2; }
	build_base "$suite"
	(cd "$here/../.." && "${GO:-go}" run ./cmd/labrun setup --engine "$engine")
}

# build_registry builds registry:3, the CNCF Distribution registry, from
# its source on the Go module proxy: one static binary on scratch, with the
# configuration the official image ships, listening on :5000.
build_registry() {
	need registry:3 || return 0
	command -v go >/dev/null || { log "registry:3 needs Go to build it"; return 1; }
	local dir
	new_tmp dir
	mkdir -p "$dir/bin" "$dir/etc/distribution" "$dir/var/lib/registry" "$dir/tmp"
	chmod 1777 "$dir/tmp"
	log "go install github.com/distribution/distribution/v3/cmd/registry@$registry_version (a few minutes on a cold module cache)"
	GOBIN="$dir/bin" CGO_ENABLED=0 GOFLAGS= go install -trimpath -ldflags='-s -w' \
		"github.com/distribution/distribution/v3/cmd/registry@$registry_version"
	cp "$here/registry-config.yml" "$dir/etc/distribution/config.yml"
	tar -C "$dir" -c . | docker import \
		--change 'ENTRYPOINT ["/bin/registry", "serve"]' \
		--change 'CMD ["/etc/distribution/config.yml"]' \
		--change 'EXPOSE 5000' \
		--change 'VOLUME /var/lib/registry' \
		- registry:3 >/dev/null
}

# build_frontend builds docker/dockerfile:1, the Dockerfile frontend that a
# `# syntax=docker/dockerfile:1` line makes BuildKit run, from the BuildKit
# sources labrun itself is built with (go.mod), as the official image is:
# one static binary with the frontend's labels.
build_frontend() {
	need docker/dockerfile:1 || return 0
	command -v go >/dev/null || { log "docker/dockerfile:1 needs Go to build it"; return 1; }
	local dir
	new_tmp dir
	mkdir -p "$dir/mod" "$dir/root/bin"
	sed 's#^module .*#module labrun-frontend-build#' "$here/../../go.mod" >"$dir/mod/go.mod"
	cp "$here/../../go.sum" "$dir/mod/go.sum"
	log "go build BuildKit's dockerfile-frontend (a minute on a cold module cache)"
	(cd "$dir/mod" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags='-s -w' -tags 'netgo static_build osusergo' \
		-o "$dir/root/bin/dockerfile-frontend" github.com/moby/buildkit/frontend/dockerfile/cmd/dockerfile-frontend)
	tar -C "$dir/root" -c . | docker import \
		--change 'ENTRYPOINT ["/bin/dockerfile-frontend"]' \
		--change 'LABEL moby.buildkit.frontend.network.none="true"' \
		--change 'LABEL moby.buildkit.frontend.caps="moby.buildkit.frontend.inputs,moby.buildkit.frontend.subrequests,moby.buildkit.frontend.contexts,moby.buildkit.frontend.gitquerystring,moby.buildkit.frontend.contexts.zstd"' \
		- docker/dockerfile:1 >/dev/null
}


# build_engines builds the sandboxes of $ENGINES (default: the default
# engine only), one after another.
build_engines() {
	local e
	for e in ${ENGINES:-$default_engine}; do
		build_engine "$e"
	done
}

# drop_replaced removes the images a rebuild left without a name: only
# labrun's own (its recipe label), never another dangling image.
drop_replaced() {
	docker image prune -f --filter label=org.labrun.recipe >/dev/null 2>&1 || true
}

main() {
	local targets=("$@")
	[ ${#targets[@]} -gt 0 ] || targets=(all)
	docker info >/dev/null 2>&1 || { log "no Docker daemon answers: run 'make docker' first"; exit 3; }
	for t in "${targets[@]}"; do
		case "$t" in
		all) ensure_tools; build_busybox; build_debian; build_registry; build_frontend; build_engines ;;
		engines) ensure_tools; build_engines ;;
		registry) build_registry ;;
		frontend) build_frontend ;;
		sandbox) ensure_tools; build_engine "$default_engine" ;;
		debian) ensure_tools; build_debian ;;
		busybox) ensure_tools; build_busybox ;;
		*) log "unknown image set '$t' (all, engines, debian, busybox, registry, frontend)"; exit 2 ;;
		esac
	done
	drop_replaced
}

main "$@"
