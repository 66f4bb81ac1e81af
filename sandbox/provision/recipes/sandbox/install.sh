#!/bin/sh
# Installs, in a sandbox image, the Debian packages $PACKAGES of suite
# $SUITE from $MIRROR (the suite's own archive only), with no service
# started while they install and sid's Release file taken even past its
# Valid-Until date, and sets the sandbox daemon's configuration. No IPv6 NAT
# rules: the sandbox has no IPv6 route, and each of the 60 ip6tables calls
# an engine 28 makes at start costs an exec. A user of an engine with the
# Compose v2 plugin has no docker-compose: Docker retired v1 in 2023.
set -eu
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
chmod +x /usr/sbin/policy-rc.d
rm -f /etc/apt/sources.list.d/*
echo "deb $MIRROR $SUITE main" >/etc/apt/sources.list
echo 'Acquire::Check-Valid-Until "false";' >/etc/apt/apt.conf.d/99labrun-valid-until
apt-get update -qq
# shellcheck disable=SC2086 # one package a word
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
apt-get clean
rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d
mkdir -p /etc/docker /lab
echo '{"ip6tables": false}' >/etc/docker/daemon.json
# dockerd runs `docker run --init` with docker-init: Debian's docker.io has
# it; an engine built from source takes tini's static build.
if ! command -v docker-init >/dev/null && [ -x /usr/bin/tini-static ]; then
	ln -s tini-static /usr/bin/docker-init
fi
if [ -e /usr/libexec/docker/cli-plugins/docker-compose ]; then
	rm -f /usr/bin/docker-compose
fi
