#!/usr/bin/env bash
# Large and hostile steps uploads against a real `backcoach serve`: the
# server's memory stays bounded, and a refused upload is refused from its
# head (docs/reliability.md, "Uploads").
set -euo pipefail
exec python3 "$(dirname "$0")/uploads.py" "$1"
