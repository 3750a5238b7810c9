#!/usr/bin/env bash
# Malformed HTTP and a slowloris attack against a real `backcoach serve`
# (docs/reliability.md, "Malformed HTTP"). SLOWLORIS_CONNECTIONS and
# SLOWLORIS_SECONDS give the longer form.
set -euo pipefail
exec python3 "$(dirname "$0")/http_malformed.py" "$1"
