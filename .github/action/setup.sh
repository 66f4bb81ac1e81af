#!/usr/bin/env bash
# Builds labrun and the images it needs, for the GitHub Action. The image
# build runs as root (debootstrap, chroot); on hosted runners that is sudo.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
make -C "$here" build
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo --preserve-env=PATH)
"${as_root[@]}" bash "$here/.ci/ensure-docker"
# The named engines of $LABRUN_ENGINES (20.10,26,28) are built too; an
# image given as an engine is pulled by labrun.
engines=28
for e in ${LABRUN_ENGINES//,/ }; do
	case "$e" in 20.10 | 26) engines="$engines $e" ;; esac
done
"${as_root[@]}" env ENGINES="$engines" bash "$here/sandbox/images/build.sh" all
