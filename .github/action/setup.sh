#!/usr/bin/env bash
# Sets labrun up for the GitHub Action, as its user, with no root:
#
#   setup.sh install   builds labrun from the action's source into
#                      $RUNNER_TEMP and puts it on the job's PATH; prints
#                      the cache key of the engines' images (key=…) to
#                      $GITHUB_OUTPUT
#   setup.sh engines   loads the cached engine images, if any, has labrun
#                      build what is missing or outdated through the
#                      daemon, and saves them for the cache when it built
#
# The engines are the default one and the named engines of
# $LABRUN_ENGINES; an image given as an engine is pulled by labrun.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${RUNNER_TEMP:-/tmp}/labrun-bin
images=${RUNNER_TEMP:-/tmp}/labrun-images
list=$here/engine/engines.txt

# engines lists the named engines to build: the default and those of
# $LABRUN_ENGINES that engine/engines.txt names.
engines() {
	local default e out
	default=$(awk '!/^#/ && $4 == "default" {print $1}' "$list")
	out=$default
	for e in ${LABRUN_ENGINES//,/ }; do
		if [ "$e" != "$default" ] && awk -v e="$e" '!/^#/ && $1 == e {found = 1} END {exit !found}' "$list"; then
			out="$out,$e"
		fi
	done
	echo "$out"
}

install() {
	mkdir -p "$bin"
	(cd "$here" && go build -o "$bin/labrun" ./cmd/labrun)
	echo "$bin" >>"${GITHUB_PATH:-/dev/null}"
	# The recipes are embedded in labrun: the same sources, the same images.
	local key
	key=$(cd "$here" && cat engine/engines.txt $(find sandbox/provision/recipes -type f | sort) | sha256sum | cut -c1-16)
	echo "key=labrun-engines-$(engines | tr , -)-$key" >>"${GITHUB_OUTPUT:-/dev/stdout}"
}

provision() {
	if ! docker info >/dev/null 2>&1; then
		echo "labrun: no Docker daemon answers on this runner; labrun runs its labs in Docker" >&2
		exit 3
	fi
	if [ -s "$images/engines.tar" ]; then
		docker load -q -i "$images/engines.tar"
	fi
	local out
	out=$("$bin/labrun" setup --engine "$(engines)" | tee /dev/stderr)
	if grep -q 'built in' <<<"$out" || [ ! -s "$images/engines.tar" ]; then
		mkdir -p "$images"
		# shellcheck disable=SC2046 # one image name a word
		docker save -o "$images/engines.tar" $(engines | tr , '\n' | sed 's#^#labrun/sandbox:#')
	fi
}

case ${1:-} in
install) install ;;
engines) provision ;;
*) echo "usage: setup.sh install|engines" >&2; exit 2 ;;
esac
