#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test with CTest: the unit
# tests, the command-line scenarios and the browser tests (tests/web). The
# storage conformance suite runs on SQLite and on a throwaway PostgreSQL
# cluster that tests/pg/with-postgres.sh starts and removes. Any arguments go
# to CMake (.ci/run passes -DBACKCOACH_DEBUG_INFO=1, for one).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/phases.sh
phase "install dependencies"
scripts/install-deps.sh
# The web app and the FHIR validator (npm, mostly waiting on the network)
# are installed while the C++ compiles; their output is shown if they fail.
phase "build (${BUILD_TYPE:-Release} C++, web app, FHIR validator)"
npm_log=$(mktemp)
(scripts/build-web.sh && scripts/install-fhir-check.sh) >"$npm_log" 2>&1 &
npm_pid=$!
scripts/build.sh "$@"
if ! wait "$npm_pid"; then
  cat "$npm_log" >&2
  echo "FAIL: the web app build or the FHIR validator install failed" >&2
  exit 1
fi
rm -f "$npm_log"
phase "tests"
if ! tests/pg/with-postgres.sh ctest --test-dir build --output-on-failure -j"$(nproc)"; then
  # What failed, last, where a short tail of the log shows it.
  echo "== failed tests:"
  sed 's/^[0-9]*://' build/Testing/Temporary/LastTestsFailed.log 2>/dev/null | head -n 20
  for failures in tests/artifacts/web*/failures.txt; do
    [[ -s "$failures" ]] || continue
    echo "== failing browser tests ($(basename "$(dirname "$failures")")):"
    cat "$failures"
  done
  exit 1
fi
