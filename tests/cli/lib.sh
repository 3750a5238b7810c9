# Shared helpers for the command-line scenario scripts (sourced, not run).
# Each script is called as: bash SCRIPT BACKCOACH_BINARY SOURCE_DIR
set -euo pipefail
BC=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect_exit CODE CMD...: runs CMD, keeps stdout/stderr in $TMP/out, $TMP/err.
expect_exit() {
  local want=$1; shift
  local got=0
  "$@" >"$TMP/out" 2>"$TMP/err" || got=$?
  [ "$got" -eq "$want" ] || fail "exit $got, wanted $want: $* (stderr: $(head -c 300 "$TMP/err"))"
}
expect_out() { grep -qF -- "$1" "$TMP/out" || fail "stdout lacks '$1'"; }
expect_err() { grep -qF -- "$1" "$TMP/err" || fail "stderr lacks '$1' (got: $(cat "$TMP/err"))"; }
expect_err_lines() {
  local n; n=$(wc -l <"$TMP/err")
  [ "$n" -eq "$1" ] || fail "stderr has $n lines, wanted $1"
}
finish() {
  if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
