#!/usr/bin/env bash
# bench/cpu_per_request.sh BINARY [BINARY...]: the server's CPU time per
# request, for each binary in turn, interleaved ROUNDS times.
#
# Requests per second say little on a machine that is busy with other work;
# the server's own CPU time (user + system, from /proc) over a run, divided by
# the requests it answered, says what one request costs it. For each round and
# each binary: copies SEEDED/load.db (so every binary starts from the same
# bytes; a newer binary migrates its copy), starts `backcoach serve` on
# 127.0.0.1, warms up for 3 s, then runs `wrk -t2 -c64 -d${DURATION}s` against
# each of MODES: `today` (GET today's plan, patients rotate) and `list` (the
# clinician's list, 50 a page). Prints one line per run. Bounded: every wrk
# run stops by itself; everything started is stopped and removed at the end.
#
# Environment: SEEDED=DIR (required: DIR/load.db and DIR/tokens from
# `backcoach seed`, see docs/performance.md), ROUNDS (3), DURATION (10),
# MODES ("today list").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: SEEDED=DIR $0 BINARY [BINARY...]" >&2; exit 2; }
[ -n "${SEEDED:-}" ] || { echo "cpu_per_request.sh: set SEEDED=DIR (see docs/performance.md)" >&2; exit 2; }
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
MODES=${MODES:-today list}
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "cpu_per_request.sh: $tool is needed" >&2; exit 2; }
done

source "$root/bench/lib.sh"
bench_temp cpu

grep '^patient ' "$SEEDED/tokens" | cut -d' ' -f2,3 >"$tmp/patients"
read -r _ _ clinician_token < <(grep '^clinician ' "$SEEDED/tokens")
export LOAD_PATIENTS=$tmp/patients

ticks_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

for round in $(seq "$ROUNDS"); do
  for bin in "$@"; do
    rm -f "$tmp/load.db-wal" "$tmp/load.db-shm"
    cp "$SEEDED/load.db" "$tmp/load.db"
    if [ -f "$SEEDED/load.db-wal" ]; then cp "$SEEDED/load.db-wal" "$tmp/load.db-wal"; fi
    refresh_sessions "$tmp/load.db"
    port=$(free_port)
    "$bin" serve --db "$tmp/load.db" --port "$port" --log errors >"$tmp/server.log" 2>&1 &
    server_pid=$!
    url="http://127.0.0.1:$port"
    wait_for "$url/readyz"
    for mode in $MODES; do
      if [ "$mode" = today ]; then
        args=(-s "$root/bench/rotate.lua" "$url")
      else
        args=(-H "Authorization: Bearer $clinician_token" "$url/api/v1/clinic/patients?limit=50")
      fi
      wrk -t2 -c64 -d3s "${args[@]}" >/dev/null
      before=$(ticks_of "$server_pid")
      wrk -t2 -c64 -d"${DURATION}s" --latency "${args[@]}" >"$tmp/wrk.out"
      after=$(ticks_of "$server_pid")
      python3 - "$tmp/wrk.out" "$before" "$after" "$hz" "$round" "$bin" "$mode" <<'PY'
import os, re, sys
text, before, after, hz = open(sys.argv[1]).read(), *map(int, sys.argv[2:5])
n = int(re.search(r"(\d+) requests in", text).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print("round %s  %-24s %-6s %6.0f µs CPU/request  %8.0f requests/s  p99 %-9s non-2xx %s  load %s"
      % (sys.argv[5], os.path.basename(sys.argv[6]), sys.argv[7],
         (after - before) / hz * 1e6 / max(n, 1), rps, p99, bad.group(1) if bad else 0,
         "%.1f" % os.getloadavg()[0]))
PY
    done
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  done
done
