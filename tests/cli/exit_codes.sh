#!/usr/bin/env bash
# The exit codes as README.md lists them, one real case of each class, each
# with its one line on stderr: 0 done, 1 a check failed, 2 bad input,
# 3 unavailable, 4 refused, 5 internal error.
source "$(dirname "$0")/lib.sh"

DB="$TMP/clinic.db"

# 0: done, and nothing on stderr.
expect_exit 0 "$BC" seed --db "$DB" --patients 1 --weeks 0 --threads 1 --tokens "$TMP/tokens" --sessions 1
expect_err_lines 0
read -r _ id _ < <(grep '^patient ' "$TMP/tokens" | head -1)
expect_exit 0 "$BC" export --db "$DB" --patient "$id" --format json --out "$TMP/export.json"
expect_err_lines 0

# 1: the command ran, and what it checked failed: the audit log verified
# with a key that is not the servers'.
python3 -c 'import secrets; print(secrets.token_hex(32))' >"$TMP/other.key"
chmod 600 "$TMP/other.key"
expect_exit 1 "$BC" audit verify --db "$DB" --audit-key-file "$TMP/other.key"
expect_err "backcoach audit verify: the audit log was tampered with: entry 1 was changed after it was written"
expect_err_lines 1

# 2: bad input: a missing argument, an unknown flag, a name that is not there.
expect_exit 2 "$BC" screen
expect_err "backcoach screen: expected one intake FILE (or '-' for stdin) (try --help)"; expect_err_lines 1
expect_exit 2 "$BC" migrate --db "$DB" --colour red
expect_err "backcoach migrate: unknown option --colour"; expect_err_lines 1
expect_exit 2 "$BC" account disable --db "$DB" --email nobody@example.test
expect_err "backcoach account disable: no account has the address nobody@example.test"; expect_err_lines 1

# 3: unavailable: the disk cannot take the work (a path under a file).
expect_exit 3 "$BC" export --db "$DB" --patient "$id" --format json --out /dev/null/export.json
expect_err "backcoach export: cannot write /dev/null/export.json"; expect_err_lines 1
expect_exit 3 "$BC" migrate --db /dev/null/sub/backcoach.db
expect_err "backcoach migrate: /dev/null/sub/backcoach.db: cannot create the directory /dev/null/sub"
expect_err_lines 1

# 4: refused: sound input that the present state forbids; nothing changes.
expect_exit 0 "$BC" backup "$TMP/copy.db" --db "$DB"
cp "$DB" "$TMP/before.db"
expect_exit 4 "$BC" restore "$TMP/copy.db" --db "$DB"
expect_err "backcoach restore: the database $DB already exists; stop the server, then add --force"
expect_err_lines 1
cmp -s "$DB" "$TMP/before.db" || fail "a refused restore changed the database"

# 5: internal error: something broken that trying again will not mend (a
# file that is not a database).
head -c 4096 /dev/urandom >"$TMP/garbage.db"
expect_exit 5 "$BC" migrate --db "$TMP/garbage.db"
expect_err "is damaged or not a database"; expect_err_lines 1
finish
