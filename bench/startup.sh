#!/usr/bin/env bash
# bench/startup.sh BINARY [BINARY...]: how long `backcoach serve` takes from
# its start to its first 200 from /readyz, and its resident memory then.
#
# Each round starts every binary in turn on the same database (a seeded
# clinic: SEEDED=DIR uses DIR/load.db in place, as bench/soak.sh does), polls
# /readyz every 10 ms, records the time and VmRSS, then stops the server
# (SIGTERM) before the next start. The page cache is left warm, as it is
# for a server restarted on its own machine, and the first round (which
# may read the files from disk) is printed apart from the median; with
# COLD=1 (root only) the kernel's page cache is dropped before every start,
# as after a reboot, and every round counts. A start slower than LIMIT
# seconds (2) in the median fails the run. Everything listens on 127.0.0.1
# and stops by itself.
#
# Environment: SEEDED=DIR (required), ROUNDS (5), LIMIT (2), COLD (0).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: SEEDED=DIR $0 BINARY [BINARY...]" >&2; exit 2; }
[ -n "${SEEDED:-}" ] || { echo "startup.sh: set SEEDED=DIR (see docs/performance.md)" >&2; exit 2; }
ROUNDS=${ROUNDS:-5}
LIMIT=${LIMIT:-2}
COLD=${COLD:-0}
if [ "$COLD" = 1 ] && ! [ -w /proc/sys/vm/drop_caches ]; then
  echo "startup.sh: COLD=1 needs root (/proc/sys/vm/drop_caches)" >&2
  exit 2
fi
command -v curl >/dev/null || { echo "startup.sh: curl is needed" >&2; exit 2; }

source "$root/bench/lib.sh"
bench_temp startup

db=$SEEDED/load.db
[ -f "$db" ] || { echo "startup.sh: no $db" >&2; exit 2; }
patients=$(patient_count "$db")
echo "== $db: $patients patients, $(du -h "$db" | cut -f1); load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# start_once BINARY: prints "seconds kib" for one start.
start_once() {
  local port start now
  port=$(free_port)
  if [ "$COLD" = 1 ]; then
    sync
    echo 3 >/proc/sys/vm/drop_caches
  fi
  start=$(date +%s.%N)
  "$1" serve --db "$db" --port "$port" --log errors >"$tmp/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 3000); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then
      now=$(date +%s.%N)
      local kib
      kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
      kill "$server_pid"
      wait "$server_pid" 2>/dev/null || true
      server_pid=
      echo "$(python3 -c "print('%.3f' % ($now - $start))") $kib"
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; return 1; }
    sleep 0.01
  done
  echo "startup.sh: not ready after 30 s" >&2
  return 1
}

for round in $(seq 1 "$ROUNDS"); do
  for b in "$@"; do
    read -r seconds kib < <(start_once "$(realpath "$b")")
    echo "$round $b $seconds $kib" | tee -a "$tmp/results" >&2
  done
done

python3 - "$tmp/results" "$LIMIT" "$patients" "$COLD" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
limit, patients, cold = float(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"
print("| binary | first start | %s (median) | RSS at ready (median) |" %
      ("every start, cold" if cold else "later starts"))
print("|---|---|---|---|")
bad = []
for b in dict.fromkeys(r[1] for r in rows):
    mine = [r for r in rows if r[1] == b]
    later = [float(r[2]) for r in (mine if cold else mine[1:])] or [float(mine[0][2])]
    rss = statistics.median(int(r[3]) for r in mine) / 1024
    median = statistics.median(later)
    print("| %s | %.2f s | %.2f s (%s) | %.1f MiB |" % (
        b, float(mine[0][2]), median, ", ".join("%.2f" % t for t in later), rss))
    if median > limit:
        bad.append("%s took %.2f s (limit %.1f s) with %s patients" % (b, median, limit, patients))
if bad:
    print("\nstartup.sh: " + "; ".join(bad), file=sys.stderr)
    sys.exit(1)
PY
