#!/usr/bin/env bash
# Builds the motion analysis to WebAssembly (web/wasm/motion.wasm) from the
# same core sources as the native program, with Debian's clang 14 and its
# wasm32-wasi libc and libc++ (scripts/install-deps.sh installs them). The
# module has no imports: it runs in any browser and in Node. Skips the build
# when the module is newer than every source it is made from.
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCES=(src/core/motion.cc src/core/motion_angle.cc src/core/motion_analysis.cc
  src/core/motion_json.cc src/core/mini_json.cc src/core/pose_recording.cc
  src/wasm/motion_wasm.cc)
OUT=web/wasm/motion.wasm
CXX=${WASM_CXX:-clang++-14}

if [[ -f $OUT && -z "$(find "${SOURCES[@]}" src/core/*.h scripts/build-wasm.sh -newer "$OUT" -print -quit)" ]]; then
  exit 0
fi
mkdir -p "$(dirname "$OUT")"
"$CXX" --target=wasm32-wasi --sysroot=/usr -std=c++20 -O2 -DNDEBUG -fno-exceptions -fno-rtti \
  -Wall -Wextra -Wpedantic -Werror -mexec-model=reactor -Isrc \
  -Wl,--strip-all -Wl,--gc-sections -o "$OUT.tmp" "${SOURCES[@]}"
mv "$OUT.tmp" "$OUT"
echo "built $OUT: $(wc -c <"$OUT") bytes, $(gzip -9c "$OUT" | wc -c) bytes gzip"
