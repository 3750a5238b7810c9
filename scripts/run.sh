#!/usr/bin/env bash
# The main job: installs what is needed, builds, and screens an example intake.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
echo "== backcoach screen examples/intake/maria.json"
build/backcoach screen examples/intake/maria.json
