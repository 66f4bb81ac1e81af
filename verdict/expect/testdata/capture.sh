#!/usr/bin/env bash
# Captures the outputs the expect package's tests are built from, on
# whatever daemon `docker` talks to: run by hand on the host (Engine
# 20.10 on the project's machines) and inside a sandbox of today's
# engine, and commit what it writes. Everything it makes is labelled
# and removed on every exit path.
#   verdict/expect/testdata/capture.sh DIR
set -euo pipefail
out=${1:?usage: capture.sh DIR}
mkdir -p "$out"
label=org.labrun.capture=1
ctx=$(mktemp -d)
cleanup() {
	ids=$(docker ps -aq --filter "label=$label")
	[ -z "$ids" ] || docker rm -f $ids >/dev/null
	docker rmi capture/hello:1 >/dev/null 2>&1 || true
	rm -rf "$ctx"
}
trap cleanup EXIT INT TERM

docker run -d --label "$label" --name capture-web -p 8080:80 -p 80 busybox:1.36 httpd -f -p 80 >"$out/run-d.txt"
docker run -d --label "$label" --name capture-worker busybox:1.36 sleep 300 >/dev/null
docker run --label "$label" --name capture-done busybox:1.36 true
sleep 3
docker ps --filter "label=$label" >"$out/ps.txt"
docker ps -a --filter "label=$label" >"$out/ps-a.txt"
docker ps --filter "label=$label" --format 'table {{.Names}}\t{{.Status}}\t{{.Ports}}' >"$out/ps-format.txt"
docker images busybox >"$out/images.txt"
docker network ls --filter name='^(bridge|host|none)$' >"$out/network-ls.txt"
docker port capture-web >"$out/port.txt"
printf 'FROM busybox:1.36\nRUN echo built > /built\nCMD ["cat", "/built"]\n' >"$ctx/Dockerfile"
DOCKER_BUILDKIT=0 docker build --label "$label" -t capture/hello:1 "$ctx" >"$out/build-classic.txt" 2>&1
if docker buildx version >/dev/null 2>&1; then
	docker rmi capture/hello:1 >/dev/null
	docker build --label "$label" --progress=plain -t capture/hello:1 "$ctx" >"$out/build.txt" 2>&1
fi
docker run --rm --label "$label" capture/hello:1 >"$out/run.txt"
docker version --format '{{.Server.Version}}' >"$out/engine.txt"
