#!/usr/bin/env bash
# with-postgres.sh CMD [ARGS...]: runs CMD against a throwaway PostgreSQL.
#
# Starts a private cluster in a temporary directory (listening only on
# 127.0.0.1, on a free port, and on a socket in that directory), runs CMD
# with BACKCOACH_TEST_POSTGRES set to its URL, then stops the cluster and
# deletes it, also when CMD fails or the script is interrupted. Exits with
# CMD's status.
#
#   tests/pg/with-postgres.sh build/backcoach_tests --gtest_filter='*postgres*'
#
# The cluster trades durability for speed (fsync off): it lives for one run.
# PG_DURABLE=1 keeps PostgreSQL's own defaults instead (fsync and
# synchronous_commit on), for measuring durable writes (bench/load.sh).
# Run as root, the server runs as the `postgres` user. PG_BIN overrides the
# directory of initdb and pg_ctl (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "$0: PostgreSQL server programs not found (install postgresql, or set PG_BIN)" >&2
  exit 2
fi

# Commands that touch the cluster run as its owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/backcoach-pg.XXXXXX")
started=0
cleanup() {
  if [ "$started" -eq 1 ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
child=
# On a signal, stop CMD first, then leave (the EXIT trap removes the cluster).
on_signal() {
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null && wait "$child" 2>/dev/null
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >"$dir/initdb.log" 2>&1 || {
  echo "$0: initdb failed:" >&2
  cat "$dir/initdb.log" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${PG_DURABLE:-0}" = 1 ] && speed=""
# Another program may take the port between choosing and starting: retry.
for attempt in 1 2 3; do
  port=$(free_port)
  if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir $speed -c max_connections=200" \
    start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ "$started" -ne 1 ]; then
  echo "$0: the PostgreSQL server did not start:" >&2
  tail -20 "$dir/server.log" >&2 || true
  exit 1
fi

export BACKCOACH_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL ready at $BACKCOACH_TEST_POSTGRES" >&2
# CMD runs in the background (keeping our standard input) so that a signal
# reaches the trap at once rather than after CMD ends.
"$@" <&0 &
child=$!
status=0
wait "$child" || status=$?
child=
exit "$status"
