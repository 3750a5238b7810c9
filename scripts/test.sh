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
phase "build (${BUILD_TYPE:-RelWithDebInfo})"
scripts/build.sh "$@"
phase "web app build"
scripts/build-web.sh
phase "FHIR validator install"
scripts/install-fhir-check.sh
phase "tests"
tests/pg/with-postgres.sh ctest --test-dir build --output-on-failure -j"$(nproc)"
