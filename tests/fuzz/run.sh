#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang (ASan + UBSan) into
# build-fuzz/, replays each target's corpus (fuzz/corpus/<target>/), then
# fuzzes each target for SECONDS seconds (default 60). New inputs go to a
# temporary directory, removed at the end unless KEEP=1. A crash, a leak or a
# broken property stops with the input saved as <build>/crash-* and exit 1.
#
#   bash tests/fuzz/run.sh [TARGET...]     every fuzz/*_fuzz.cc when none is named
#   SECONDS_PER_TARGET=600 bash tests/fuzz/run.sh   the longer run (10 minutes a target)
#   FUZZ_BUILD_DIR=build-asan bash tests/fuzz/run.sh  use a build configured with
#                                                    BACKCOACH_FUZZ=ON already (CI's)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
seconds=${SECONDS_PER_TARGET:-60}
build=${FUZZ_BUILD_DIR:-build-fuzz}

if [[ -z "${FUZZ_BUILD_DIR:-}" ]]; then
  CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Release -DBACKCOACH_DEBUG_INFO=1 \
    -DBACKCOACH_FUZZ=ON -DBACKCOACH_BENCH=OFF -DBACKCOACH_WEB_TESTS=OFF >/dev/null
fi
ninja -C "$build" fuzzers

targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/*_fuzz.cc; do targets+=("$(basename "$f" _fuzz.cc)"); done
fi

work=$(mktemp -d)
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT
status=0
for t in "${targets[@]}"; do
  bin="$build/${t}_fuzz"
  [[ -x "$bin" ]] || { echo "tests/fuzz: no target $t" >&2; exit 2; }
  mkdir -p "$work/$t"
  echo "== $t: replaying fuzz/corpus/$t, then fuzzing for ${seconds} s"
  if ! (cd "$build" && "./${t}_fuzz" -runs=0 "$root/fuzz/corpus/$t" >"$work/$t.replay.log" 2>&1); then
    tail -n 30 "$work/$t.replay.log" >&2
    status=1
    continue
  fi
  if ! (cd "$build" && "./${t}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
          "$work/$t" "$root/fuzz/corpus/$t" >"$work/$t.log" 2>&1); then
    tail -n 30 "$work/$t.log" >&2
    status=1
    continue
  fi
  grep -E '^#[0-9]+.*DONE' "$work/$t.log" | tail -1
done
[[ "${KEEP:-0}" == 1 ]] && echo "tests/fuzz: new inputs kept in $work"
exit $status
