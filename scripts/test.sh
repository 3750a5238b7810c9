#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test with CTest: the unit
# tests, the command-line scenarios and the browser tests (tests/web). The
# storage conformance suite runs on SQLite and on a throwaway PostgreSQL
# cluster that tests/pg/with-postgres.sh starts and removes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/build-web.sh
scripts/install-fhir-check.sh
tests/pg/with-postgres.sh ctest --test-dir build --output-on-failure -j"$(nproc)"
