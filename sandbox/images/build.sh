#!/usr/bin/env bash
# Makes, where no registry answers, the Debian base images labrun's
# recipes start from, offline: a minbase rootfs debootstrapped from
# Debian's archive (as root), imported under the official names. Every
# other image is then built through the daemon by labrun itself, from the
# recipes embedded in it (`labrun setup`): the engines' sandboxes, and the
# stand-ins for the images the labs pull (busybox, registry:3,
# docker/dockerfile:1). An image that already exists is kept unless FORCE=1.
#
#   [ENGINES="20.10 26 28 29"] sandbox/images/build.sh [all|engines|debian|standins]...
#
# all makes the bases, the stand-ins and the default engine's sandbox;
# ENGINES="20.10 26 28 29" builds those engines' sandboxes instead (the
# engines, and which is the default, are those of engine/engines.txt).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${LABRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/labrun}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm

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
		[[ " $mark " != *" default "* ]] || default_engine=$name
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

ensure_tools() {
	local missing=()
	command -v debootstrap >/dev/null || missing+=(debootstrap)
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
	if [ "${FORCE:-0}" != 1 ] && exists debian:bookworm-slim; then
		log "debian:bookworm-slim is present"
		return 0
	fi
	local tar
	rootfs_tar
	tar=$rootfs
	docker import --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		"$tar" debian:bookworm-slim >/dev/null
	docker tag debian:bookworm-slim debian:bookworm
	docker tag debian:bookworm-slim debian:12
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

# labrun runs this tree's labrun, which builds through the daemon.
labrun() {
	local force=()
	[ "${FORCE:-0}" != 1 ] || force=(--force)
	(cd "$here/../.." && "${GO:-go}" run ./cmd/labrun setup "${force[@]}" "$@")
}

# build_engine builds the sandbox of engine $1 as labrun itself does on
# first use, through the daemon from the recipe embedded in labrun
# (sandbox/provision), after making its base image offline.
build_engine() {
	local engine=$1
	local suite=${engine_suite[$engine]:-}
	[ -n "$suite" ] || { log "unknown engine '$engine' (${!engine_suite[*]})"; exit 2; }
	build_base "$suite"
	labrun --engine "$engine"
}

# build_standins builds busybox, registry:3 and docker/dockerfile:1 from
# labrun's recipes: busybox on debian:bookworm-slim, the others with Go
# from debian:sid.
build_standins() {
	build_debian
	build_base sid
	labrun --stand-ins --engine ""
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
		all) ensure_tools; build_standins; build_engines ;;
		engines) ensure_tools; build_engines ;;
		sandbox) ensure_tools; build_engine "$default_engine" ;;
		debian) ensure_tools; build_debian ;;
		standins) ensure_tools; build_standins ;;
		*) log "unknown image set '$t' (all, engines, debian, standins)"; exit 2 ;;
		esac
	done
	drop_replaced
}

main "$@"
