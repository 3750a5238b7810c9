#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang (ASan + UBSan) into
# build-fuzz/, replays each target's corpus (fuzz/corpus/<target>/), then
# fuzzes each target for SECONDS seconds (default 60). New inputs go to a
# temporary directory, removed at the end unless KEEP=1. Targets run side by
# side, one a core (FUZZ_JOBS to change that). A crash, a leak or a
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

# One target: its corpus replayed, then fuzzed; its verdict in $work/$t.status.
fuzz_target() {
  local t=$1 bin="$build/${1}_fuzz"
  mkdir -p "$work/$t"
  if ! (cd "$build" && "./${t}_fuzz" -runs=0 "$root/fuzz/corpus/$t" >"$work/$t.replay.log" 2>&1); then
    echo "replay" >"$work/$t.status"
    return
  fi
  if ! (cd "$build" && "./${t}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
          "$work/$t" "$root/fuzz/corpus/$t" >"$work/$t.log" 2>&1); then
    echo "fuzz" >"$work/$t.status"
    return
  fi
  echo "ok" >"$work/$t.status"
}

for t in "${targets[@]}"; do
  [[ -x "$build/${t}_fuzz" ]] || { echo "tests/fuzz: no target $t" >&2; exit 2; }
done
# As many targets at once as there are cores (FUZZ_JOBS): each fuzzes on one.
jobs=${FUZZ_JOBS:-$(nproc)}
echo "== replaying each target's corpus in fuzz/corpus/, then fuzzing it for ${seconds} s, $jobs at a time"
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  fuzz_target "$t" &
done
wait

status=0
for t in "${targets[@]}"; do
  case "$(cat "$work/$t.status" 2>/dev/null)" in
    ok) echo "$t: $(grep -E '^#[0-9]+.*DONE' "$work/$t.log" | tail -1)" ;;
    replay) echo "== $t: its corpus failed to replay" >&2; tail -n 30 "$work/$t.replay.log" >&2; status=1 ;;
    fuzz) echo "== $t: fuzzing found a failure" >&2; tail -n 30 "$work/$t.log" >&2; status=1 ;;
    *) echo "== $t: did not finish" >&2; status=1 ;;
  esac
done
[[ "${KEEP:-0}" == 1 ]] && echo "tests/fuzz: new inputs kept in $work"
exit $status
