#!/usr/bin/env bash
# Disk faults under a running `backcoach serve` (faults.py says what is
# checked): a full disk (a small tmpfs), a filesystem that turns read-only
# (an ext4 image whose error handling remounts it read-only), SQLite's write
# lock held by another program, and, when BACKCOACH_TEST_POSTGRES is set, a
# PostgreSQL database that turns read-only. Mounting needs root; a case that
# cannot be set up here is skipped with the reason.
source "$(dirname "$0")/../cli/lib.sh"

driver="$(dirname "$0")/faults.py"
mounts=()
pg_database=
cleanup() {
  local m
  for m in "${mounts[@]}"; do
    timeout 30 umount "$m" 2>/dev/null || timeout 30 umount -l "$m" 2>/dev/null || true
  done
  if [ -n "$pg_database" ]; then
    psql "$BACKCOACH_TEST_POSTGRES" -qAt -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" \
      >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# Each case bounds its own waits; the timeout is a last guard for CI.
faults() { timeout -k 10 180 python3 "$driver" --bc "$BC" "$@"; }

# A full disk: the database on a 16 MiB tmpfs that the test fills up.
mkdir -p "$TMP/small"
if [ "$(id -u)" -ne 0 ]; then
  echo "faults disk-full: skipped (mounting a small tmpfs needs root)"
elif timeout 30 mount -t tmpfs -o size=16m,mode=0755 tmpfs "$TMP/small" 2>"$TMP/mount.err"; then
  mounts+=("$TMP/small")
  faults --case disk-full --db "$TMP/small/backcoach.db" --workdir "$TMP/full" ||
    fail "disk full"
else
  echo "faults disk-full: skipped (cannot mount a tmpfs here: $(head -1 "$TMP/mount.err"))"
fi

# A filesystem that turns read-only under the server, as ext4 does on an
# error with errors=remount-ro: its sysfs trigger_fs_error makes one.
mkdir -p "$TMP/ro"
ro_skip=
if [ "$(id -u)" -ne 0 ]; then
  ro_skip="needs root"
elif ! command -v mkfs.ext4 >/dev/null || ! command -v e2fsck >/dev/null; then
  ro_skip="mkfs.ext4 and e2fsck are not installed"
elif ! truncate -s 32M "$TMP/ro.img" || ! mkfs.ext4 -q -F "$TMP/ro.img" >/dev/null 2>&1; then
  ro_skip="cannot make an ext4 image"
elif ! timeout 30 mount -o loop,errors=remount-ro "$TMP/ro.img" "$TMP/ro" 2>"$TMP/mount.err"; then
  ro_skip="cannot mount an ext4 image: $(head -1 "$TMP/mount.err")"
else
  mounts+=("$TMP/ro")
  trigger="/sys/fs/ext4/$(basename "$(findmnt -n -o SOURCE "$TMP/ro")")/trigger_fs_error"
  [ -w "$trigger" ] || ro_skip="$trigger is not writable"
fi
if [ -z "$ro_skip" ]; then
  faults --case read-only --db "$TMP/ro/backcoach.db" --workdir "$TMP/readonly" \
    --trigger "$trigger" --image "$TMP/ro.img" --mount "$TMP/ro" || fail "read-only filesystem"
else
  echo "faults read-only: skipped ($ro_skip)"
fi

# Another program holds SQLite's write lock longer than the server waits.
faults --case locked --db "$TMP/locked/backcoach.db" --workdir "$TMP/locked" || fail "locked"

if [ -n "${BACKCOACH_TEST_POSTGRES:-}" ]; then
  pg_database="bc_faults_$$_$RANDOM"
  psql "$BACKCOACH_TEST_POSTGRES" -qAt -c "CREATE DATABASE $pg_database" >/dev/null
  base=${BACKCOACH_TEST_POSTGRES%%\?*}
  faults --case pg-read-only --db "${base%/*}/$pg_database" --admin "$BACKCOACH_TEST_POSTGRES" \
    --workdir "$TMP/pg" || fail "PostgreSQL read-only"
else
  echo "faults pg-read-only: skipped (BACKCOACH_TEST_POSTGRES is not set; see tests/pg/with-postgres.sh)"
fi

finish
