#!/usr/bin/env bash
# Runs labrun verify for the GitHub Action: JUnit and HTML reports to files,
# a Markdown summary to the job summary (labrun does that by itself when
# $GITHUB_STEP_SUMMARY is set), and the exit code of labrun.
set -euo pipefail
args=(verify --report "junit=${LABRUN_JUNIT:-labrun-junit.xml}" --report "html=${LABRUN_HTML:-labrun-report.html}")
if [ -n "${LABRUN_ENGINES:-}" ]; then
	args+=(--engine "$LABRUN_ENGINES")
fi
if [ -n "${LABRUN_BASELINE:-}" ]; then
	args+=(--baseline "$LABRUN_BASELINE")
fi
# shellcheck disable=SC2206 # word splitting of the free-form inputs is meant
args+=(${LABRUN_ARGS:-} ${LABRUN_PATHS:-})
exec "${RUNNER_TEMP:-/tmp}/labrun-bin/labrun" "${args[@]}"
