#!/bin/sh
# labrun sandbox entrypoint: make the cgroup hierarchies writable, then run
# the sandbox's own Docker daemon. Works with --privileged (cgroup v1 or v2)
# and, on cgroup v1 hosts, with only SYS_ADMIN, NET_ADMIN and SYS_PTRACE.
set -eu

if mountpoint -q /sys/fs/cgroup 2>/dev/null || [ -d /sys/fs/cgroup ]; then
	mount -o remount,rw /sys 2>/dev/null || true
	if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		# cgroup v2: processes may not sit in a cgroup whose controllers are
		# delegated, so move everything into a child first.
		mount -o remount,rw /sys/fs/cgroup 2>/dev/null || true
		mkdir -p /sys/fs/cgroup/init
		xargs -rn1 </sys/fs/cgroup/cgroup.procs >/sys/fs/cgroup/init/cgroup.procs 2>/dev/null || true
		sed -e 's/ / +/g' -e 's/^/+/' </sys/fs/cgroup/cgroup.controllers \
			>/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
	else
		mount -o remount,rw /sys/fs/cgroup 2>/dev/null || true
		# One remount per hierarchy, all at once: each mount(8) costs
		# about 10 ms, and this is on the way to a ready sandbox.
		for d in /sys/fs/cgroup/*; do
			[ -d "$d" ] || continue
			mount -o remount,rw,bind "$d" 2>/dev/null &
		done
		wait
	fi
fi

# Engines from 26 on set per-interface sysctls (IPv6) for every
# container; /proc/sys is read-only in an unprivileged container.
mount -o remount,rw /proc/sys 2>/dev/null || true

mkdir -p /var/run /lab
hosts="--host=unix:///var/run/docker.sock"
if [ "${LABRUN_OFFLINE_DNS:-}" = 1 ]; then
	# The sandbox has no route outside. A resolver on loopback where nothing
	# answers refuses a lookup at once, where a real one would time out.
	# The daemon would give its containers public resolvers instead, and
	# a build's apt-get would wait a minute for them: give it the same.
	echo "nameserver 127.0.0.1" >/etc/resolv.conf
	hosts="$hosts --dns=127.0.0.1"
elif [ "${LABRUN_DNS_FORWARD:-}" = 1 ] && command -v socat >/dev/null; then
	# The sandbox resolves names through the host daemon's DNS server at
	# 127.0.0.11, on the sandbox's loopback, where the containers inside
	# cannot reach it; a daemon whose only nameserver is on loopback gives
	# its containers (and its builds) public resolvers instead. Forward DNS
	# from the sandbox's own address to it, and make that the daemon's DNS.
	# shellcheck disable=SC2046
	set -- $(ip -4 -o addr show dev eth0)
	addr=${4:-}
	addr=${addr%/*}
	if [ -n "$addr" ]; then
		socat -T5 "UDP4-RECVFROM:53,bind=$addr,fork" UDP4-SENDTO:127.0.0.11:53 </dev/null >/dev/null 2>&1 &
		socat "TCP4-LISTEN:53,bind=$addr,fork,reuseaddr" TCP4:127.0.0.11:53 </dev/null >/dev/null 2>&1 &
		hosts="$hosts --dns=$addr"
	fi
fi
if [ "${LABRUN_CONTAINERD_FIRST:-}" = 1 ] && command -v containerd >/dev/null; then
	# Engine 26's dockerd waits about a second for the containerd it
	# starts itself; one started here is up by the time dockerd asks.
	containerd >>/var/log/containerd.log 2>&1 &
	hosts="$hosts --containerd=/run/containerd/containerd.sock"
fi
# shellcheck disable=SC2086
exec dockerd $hosts >>/var/log/docker.log 2>&1
