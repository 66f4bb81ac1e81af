#!/bin/sh
# Builds, in a stand-in's build stage, the Go program $3 of module $1 at
# version $2 into /out/bin, statically, from the Go module proxy
# ($GOPROXY) with Go from Debian's $SUITE. It builds in a module of its
# own that requires $1, so that the module's replace and exclude lines,
# which `go install pkg@version` refuses, do not matter. Behind a proxy
# that inspects TLS, /host-ca.crt (the host's CA certificates, which
# labrun adds) makes it trusted.
set -eu
module=$1 version=$2 package=$3
rm -f /etc/apt/sources.list.d/*
echo "deb $MIRROR $SUITE main" >/etc/apt/sources.list
echo 'Acquire::Check-Valid-Until "false";' >/etc/apt/apt.conf.d/99labrun-valid-until
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go ca-certificates >/dev/null
export CGO_ENABLED=0 GOFLAGS= GOTOOLCHAIN=auto GOPROXY SSL_CERT_FILE=/host-ca.crt SSL_CERT_DIR=/etc/ssl/certs
mkdir -p /src /out/bin
cd /src
go mod init labrun-stand-in
go get "$module@$version"
go build -mod=mod -trimpath -ldflags='-s -w' -tags 'netgo osusergo static_build' -o "/out/bin/${package##*/}" "$package"
cd /
rm -rf /root/go /root/.cache /src
