#!/usr/bin/env bash
# Builds the WebAssembly motion analysis (scripts/build-wasm.sh, quick when up
# to date) and checks in Node that it counts a synthetic recording exactly as
# the native `backcoach motion` does. Called by ctest as
#   bash tests/wasm/run.sh <path to backcoach> <source dir>
set -euo pipefail
BC=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

bash "$SRC/scripts/build-wasm.sh"
for exercise in glute_bridge box_squat; do
  "$BC" motion --definition --exercise "$exercise" >"$TMP/def.json"
  python3 "$SRC/tests/motion/make_recording.py" "$TMP/def.json" 4 --noise 2 --seed 3 >"$TMP/rec.jsonl"
  "$BC" motion --json --exercise "$exercise" "$TMP/rec.jsonl" >"$TMP/native.json"
  node "$SRC/tests/wasm/motion.test.mjs" "$SRC/web/wasm/motion.wasm" "$TMP/def.json" \
    "$TMP/rec.jsonl" "$TMP/native.json" 4
done
