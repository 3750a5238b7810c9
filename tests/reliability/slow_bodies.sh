#!/usr/bin/env bash
# Slow request bodies from many connections against a real `backcoach serve`
# (docs/reliability.md, "Slow bodies"). SLOW_CONNECTIONS and SLOW_SECONDS
# give the longer form.
set -euo pipefail
exec python3 "$(dirname "$0")/slow_bodies.py" "$1"
