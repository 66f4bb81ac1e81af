#!/bin/sh
# Lays out, under $1, a root filesystem of BusyBox alone: the binary, a
# link for each applet, the users and groups the official image has.
set -eu
out=$1
mkdir -p "$out/bin" "$out/etc" "$out/tmp" "$out/root" "$out/var/www" "$out/home"
chmod 1777 "$out/tmp"
cp /bin/busybox "$out/bin/busybox"
for applet in $(/bin/busybox --list-full); do
	[ "$applet" = bin/busybox ] && continue
	mkdir -p "$out/$(dirname "$applet")"
	ln -sf /bin/busybox "$out/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$out/etc/passwd"
printf 'root:x:0:\nnobody:x:65534:\n' >"$out/etc/group"
# Debian's BusyBox is linked statically against glibc, which loads its name
# service modules at run time: without them wget and nc cannot resolve a
# container's name through Docker's embedded DNS.
printf 'hosts: files dns\n' >"$out/etc/nsswitch.conf"
for dir in /lib/*-linux-gnu; do
	mkdir -p "$out$dir"
	for lib in libc.so.6 libnss_dns.so.2 libnss_files.so.2 libresolv.so.2; do
		[ -e "$dir/$lib" ] && cp -L "$dir/$lib" "$out$dir/"
	done
done
for loader in /lib64/ld-linux*.so.* /lib/ld-linux*.so.*; do
	[ -e "$loader" ] || continue
	mkdir -p "$out$(dirname "$loader")"
	cp -L "$loader" "$out$loader"
done
