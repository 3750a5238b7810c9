#!/usr/bin/env bash
# Installs the FHIR R4 schema validator the export tests use (tests/fhir), with
# the versions pinned in tests/fhir/package-lock.json. Quick when up to date.
set -euo pipefail
cd "$(dirname "$0")/../tests/fhir"

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
