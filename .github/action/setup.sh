#!/usr/bin/env bash
# Builds labrun and the images it needs, for the GitHub Action. The image
# build runs as root (debootstrap, chroot); on hosted runners that is sudo.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
make -C "$here" build
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo --preserve-env=PATH)
"${as_root[@]}" bash "$here/.ci/ensure-docker"
"${as_root[@]}" bash "$here/runner/images/build.sh" all
