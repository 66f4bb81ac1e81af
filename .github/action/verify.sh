#!/usr/bin/env bash
# Runs labrun verify for the GitHub Action: JUnit and HTML reports to files,
# a Markdown summary to the job summary (labrun does that by itself when
# $GITHUB_STEP_SUMMARY is set), annotations on the notes' lines, on a pull
# request only the labs it changes, and the exit code of labrun.
set -euo pipefail
args=(verify --report "junit=${LABRUN_JUNIT:-labrun-junit.xml}" --report "html=${LABRUN_HTML:-labrun-report.html}")
args+=(--annotations "${LABRUN_ANNOTATIONS:-github}")
if [ -n "${LABRUN_SARIF:-}" ]; then
	args+=(--report "sarif=$LABRUN_SARIF")
fi
if [ -n "${LABRUN_ENGINES:-}" ]; then
	args+=(--engine "$LABRUN_ENGINES")
fi
if [ -n "${LABRUN_BASELINE:-}" ]; then
	args+=(--baseline "$LABRUN_BASELINE")
fi
for name in ${LABRUN_ENV:-}; do
	args+=(--env "$name")
done
case "${LABRUN_CHANGED:-auto}" in
auto)
	if [ -n "${GITHUB_BASE_REF:-}" ] && [ -n "${LABRUN_PATHS:-}" ]; then
		# actions/checkout fetches one commit: fetch the base too, deep
		# enough for a merge base in most pull requests (labrun compares
		# with the base itself when there is none).
		git fetch --quiet --no-tags --depth=100 origin "+refs/heads/$GITHUB_BASE_REF:refs/remotes/origin/$GITHUB_BASE_REF" || true
		args+=(--changed "origin/$GITHUB_BASE_REF")
	fi
	;;
all | "") ;;
*) args+=(--changed "$LABRUN_CHANGED") ;;
esac
# shellcheck disable=SC2206 # word splitting of the free-form inputs is meant
args+=(${LABRUN_ARGS:-} ${LABRUN_PATHS:-})
exec "${RUNNER_TEMP:-/tmp}/labrun-bin/labrun" "${args[@]}"
