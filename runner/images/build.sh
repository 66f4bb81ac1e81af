#!/usr/bin/env bash
# Builds, offline from Debian packages, the images labrun and its labs use,
# under the names the labs use, so that the same labs pull the real images
# on a machine with a registry. An image that already exists is kept unless
# FORCE=1.
#
#   runner/images/build.sh [all|sandbox|debian|busybox|registry]...
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${LABRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/labrun}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
sandbox_image=${LABRUN_SANDBOX_IMAGE:-labrun/sandbox:0.1.0}
registry_version=v3.0.0
busybox_recipe=2
sandbox_recipe=2
sandbox_packages=docker.io,docker-compose,ca-certificates,curl,iproute2,iptables,util-linux,procps,socat,jq,openssl,sqlite3,git,make,golang-go
log() { printf 'images: %s\n' "$*" >&2; }

exists() { docker image inspect "$1" >/dev/null 2>&1; }

# need says whether an image must be built: it is missing, FORCE=1, or it
# was built by an older recipe (its org.labrun.recipe label is not $2).
need() {
	local have
	have=$(docker image inspect -f '{{index .Config.Labels "org.labrun.recipe"}}' "$1" 2>/dev/null) || have=missing
	if [ "${FORCE:-0}" != 1 ] && [ "$have" != missing ] && [ "$have" = "${2:-$have}" ]; then
		log "$1 is present"
		return 1
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

# rootfs_tar prints the path of a cached minbase Debian rootfs tarball.
rootfs_tar() {
	local tar="$cache/$suite-minbase.tar"
	if [ ! -s "$tar" ]; then
		mkdir -p "$cache"
		local dir
		dir=$(mktemp -d)
		log "debootstrap $suite (about a minute)"
		debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
			{ tail -20 "$cache/debootstrap.log" >&2; rm -rf "$dir"; return 1; }
		rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
		tar -C "$dir" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
		rm -rf "$dir"
	fi
	echo "$tar"
}

build_debian() {
	need debian:bookworm-slim || return 0
	local tar
	tar=$(rootfs_tar)
	docker import --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		"$tar" debian:bookworm-slim >/dev/null
	docker tag debian:bookworm-slim debian:bookworm
	docker tag debian:bookworm-slim debian:12
}

build_busybox() {
	need busybox:latest "$busybox_recipe" || return 0
	local dir
	dir=$(mktemp -d)
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

build_sandbox() {
	need "$sandbox_image" "$sandbox_recipe" || return 0
	local tar dir compose=v2
	tar=$(rootfs_tar)
	dir=$(mktemp -d)
	work_dir=$dir
	tar -C "$dir" -xf "$tar"
	# no service starts inside the chroot
	printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
	chmod +x "$dir/usr/sbin/policy-rc.d"
	cp /etc/resolv.conf "$dir/etc/resolv.conf"
	echo "deb $mirror $suite main" >"$dir/etc/apt/sources.list"
	mount -t proc proc "$dir/proc"
	log "installing ${sandbox_packages//,/ } into the sandbox (a few minutes)"
	chroot "$dir" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${sandbox_packages//,/ }" \
		>"$cache/sandbox-apt.log" 2>&1 || { tail -20 "$cache/sandbox-apt.log" >&2; return 1; }
	umount "$dir/proc"
	chroot "$dir" apt-get clean
	rm -rf "$dir"/var/lib/apt/lists/* "$dir/usr/sbin/policy-rc.d" "$dir/etc/resolv.conf"
	install -m 0755 "$here/entrypoint.sh" "$dir/usr/local/bin/labrun-sandbox-entrypoint"
	if [ ! -e "$dir/usr/libexec/docker/cli-plugins/docker-compose" ]; then
		# Debian's docker.io has no Compose v2 plugin: docker-compose v1
		# runs "docker compose" through a shim, and labrun is told so.
		install -m 0755 "$here/../sandbox/compose-shim.sh" "$dir/usr/local/bin/docker"
		compose=v1
	fi
	mkdir -p "$dir/lab"
	tar -C "$dir" -c . | docker import \
		--change 'ENTRYPOINT ["/usr/local/bin/labrun-sandbox-entrypoint"]' \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'WORKDIR /lab' \
		--change 'LABEL org.labrun.image=sandbox' \
		--change "LABEL org.labrun.recipe=$sandbox_recipe" \
		--change "LABEL org.labrun.compose=$compose" \
		- "$sandbox_image" >/dev/null
}

# build_registry builds registry:3, the CNCF Distribution registry, from
# its source on the Go module proxy: one static binary on scratch, with the
# configuration the official image ships, listening on :5000.
build_registry() {
	need registry:3 || return 0
	command -v go >/dev/null || { log "registry:3 needs Go to build it"; return 1; }
	local dir
	dir=$(mktemp -d)
	work_dir=$dir
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

# work_dir is a rootfs being built; removed however the script ends.
work_dir=
cleanup() {
	if [ -n "$work_dir" ]; then
		umount "$work_dir/proc" 2>/dev/null || true
		rm -rf "$work_dir"
	fi
}
trap cleanup EXIT

main() {
	local targets=("$@")
	[ ${#targets[@]} -gt 0 ] || targets=(all)
	docker info >/dev/null 2>&1 || { log "no Docker daemon answers: run 'make docker' first"; exit 3; }
	for t in "${targets[@]}"; do
		case "$t" in
		all) ensure_tools; build_busybox; build_debian; build_registry; build_sandbox ;;
		registry) build_registry ;;
		sandbox) ensure_tools; build_sandbox ;;
		debian) ensure_tools; build_debian ;;
		busybox) ensure_tools; build_busybox ;;
		*) log "unknown image set '$t' (all, sandbox, debian, busybox, registry)"; exit 2 ;;
		esac
	done
}

main "$@"
