#!/usr/bin/env bash
# Session cookies, fixation, logout, CSRF and a login flood against a real
# `backcoach serve` (docs/reliability.md, "Sessions and log-in").
# FLOOD_CLIENTS and FLOOD_SECONDS give the longer form.
set -euo pipefail
exec python3 "$(dirname "$0")/sessions.py" "$1"
