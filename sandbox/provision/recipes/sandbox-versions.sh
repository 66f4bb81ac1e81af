#!/bin/sh
# Prints what the sandbox image holds, one KEY=VALUE a line: the upstream
# version of each Docker part's Debian package (28.5.2+dfsg3-1 is 28.5.2)
# or of the parts an engine was built from source with,
# and which Compose a user of it has (v2, the plugin; v1, docker-compose).
# An engine built from its sources says its parts' versions itself.
[ ! -f /usr/share/labrun/versions ] || cat /usr/share/labrun/versions
for part in engine:docker.io cli:docker-cli compose:docker-compose buildx:docker-buildx containerd:containerd runc:runc; do
	pkg=${part#*:}
	v=$(dpkg-query -W -f '${Status} ${Version}' "$pkg" 2>/dev/null | sed -n 's/^install ok installed //p')
	if [ -z "$v" ] && [ "$pkg" = docker-cli ] && [ -x /usr/bin/docker ]; then
		# in bookworm the CLI is part of docker.io
		pkg=$(dpkg -S /usr/bin/docker 2>/dev/null | cut -d: -f1)
		[ -n "$pkg" ] && v=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null)
	fi
	[ -n "$v" ] || continue
	v=${v#*:}
	v=${v%%[+~-]*}
	echo "org.labrun.version.${part%%:*}=$v"
done
if [ -e /usr/libexec/docker/cli-plugins/docker-compose ]; then
	echo org.labrun.compose=v2
else
	echo org.labrun.compose=v1
fi
