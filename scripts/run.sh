#!/usr/bin/env bash
# The main job: installs what is needed, builds, and serves the web app and
# the API on http://127.0.0.1:8080/ with the embedded database in ./data/,
# seeded with a demo clinic whose logins are printed at start. Extra
# arguments go to `backcoach serve` (see `build/backcoach serve --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/build-web.sh
exec build/backcoach serve --demo "$@"
