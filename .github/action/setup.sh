#!/usr/bin/env bash
# Builds labrun and the images it needs, for the GitHub Action. The image
# build runs as root (debootstrap, chroot); on hosted runners that is sudo.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
make -C "$here" build
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo --preserve-env=PATH)
"${as_root[@]}" bash "$here/.ci/ensure-docker"
# The default engine is built, and the named engines of $LABRUN_ENGINES
# (engine/engines.txt lists both); an image given as an engine is pulled by
# labrun.
list=$here/engine/engines.txt
default=$(awk '!/^#/ && $4 == "default" {print $1}' "$list")
engines=$default
for e in ${LABRUN_ENGINES//,/ }; do
	if [ "$e" != "$default" ] && awk -v e="$e" '!/^#/ && $1 == e {found = 1} END {exit !found}' "$list"; then
		engines="$engines $e"
	fi
done
"${as_root[@]}" env ENGINES="$engines" bash "$here/sandbox/images/build.sh" all
