#!/usr/bin/env bash
# `backcoach account disable|enable|reset-link`: the operator's hand on an
# account: disabling ends its sessions at once, a reset link is printed and
# only its hash stored, and each is audited as done by the operator.
source "$(dirname "$0")/lib.sh"

DB="$TMP/clinic.db"
expect_exit 0 "$BC" seed --db "$DB" --patients 1 --weeks 1 --threads 1 --tokens "$TMP/tokens" --sessions 1
clinic=$(sed -n 's/^seeded clinic \([^:]*\):.*/\1/p' "$TMP/out")
read -r _ id _ < <(grep '^patient ' "$TMP/tokens" | head -1)
email="patient1@$clinic.load.example"
sql() { python3 -c 'import sqlite3,sys; print("\n".join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$DB" "$1"; }

for verb in disable enable reset-link; do
  expect_exit 0 "$BC" account "$verb" --help
  expect_out "Usage: backcoach account $verb --email ADDR"
done
expect_exit 2 "$BC" account disable --db "$DB"
expect_err "backcoach account disable: --email ADDR is required (try --help)"; expect_err_lines 1
expect_exit 2 "$BC" account disable --db "$DB" --email nobody@example.test
expect_err "no account has the address nobody@example.test"; expect_err_lines 1

[ "$(sql "SELECT count(*) FROM sessions WHERE user_id = '$id'")" -ge 1 ] || fail "the seeded session is missing"
expect_exit 0 "$BC" account disable --db "$DB" --email "$email"
expect_out "account $id (patient) disabled; its sessions have ended"
[ "$(sql "SELECT disabled FROM users WHERE id = '$id'")" = 1 ] || fail "the account is not disabled"
[ "$(sql "SELECT count(*) FROM sessions WHERE user_id = '$id'")" = 0 ] || fail "its sessions remain"
expect_exit 4 "$BC" account reset-link --db "$DB" --email "$email"
expect_err "backcoach account reset-link: the account is disabled; enable it first"; expect_err_lines 1

expect_exit 0 "$BC" account enable --db "$DB" --email "$(echo "$email" | tr '[:lower:]' '[:upper:]')"
expect_out "account $id (patient) enabled"
[ "$(sql "SELECT disabled FROM users WHERE id = '$id'")" = 0 ] || fail "the account is not enabled"

expect_exit 0 "$BC" account reset-link --db "$DB" --email "$email" --public-url https://care.example.test/
grep -qE '^https://care\.example\.test/reset-password#token=[0-9a-f]{64}$' "$TMP/out" ||
  fail "no reset link: $(cat "$TMP/out")"
token=$(sed 's/.*#token=//' "$TMP/out")
[ "$(sql "SELECT count(*) FROM account_tokens WHERE user_id = '$id' AND kind = 'reset'")" = 1 ] ||
  fail "the reset token is not stored"
[ "$(sql "SELECT count(*) FROM account_tokens WHERE token_hash = '$token'")" = 0 ] ||
  fail "the reset token is stored in the clear"
[ "$(sql "SELECT count(*) FROM audit WHERE action IN ('disable user', 'enable user', 'reset link') AND actor_id = '' AND detail = 'by the operator: $id'")" = 3 ] ||
  fail "the operator's changes are not all audited"
finish
