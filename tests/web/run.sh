#!/usr/bin/env bash
# The web app's end-to-end tests: builds the app if needed, starts
# `backcoach serve` on 127.0.0.1 (a free port, a throwaway SQLite database, the
# demo clinic), runs the browser tests in tests/web/*.test.mjs with node's
# test runner and a headless Chromium, saves screenshots under
# tests/artifacts/web/, and stops the server.
#
#   bash tests/web/run.sh [BINARY [NAME...]]
#
# BINARY defaults to build/backcoach; NAMEs pick test files (`clinician` runs
# tests/web/clinician.test.mjs), all of them when none is given. With
# BACKCOACH_WEB_GROUP=NAME, the screenshots and logs go to
# tests/artifacts/NAME/ instead, so that groups of files can run side by
# side (CTest's web.browser1, web.browser2 and web.coach).
#
# Needs: node 20+ and npm, Debian's chromium (or BACKCOACH_CHROMIUM=path),
# ffmpeg and opencv-doc (the camera coach's test makes its fake camera's clip).
# Exit status: 0 when every test passed, 1 otherwise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${1:-$root/build/backcoach}"
tests=()
for name in "${@:2}"; do tests+=("$root/tests/web/${name%.test.mjs}.test.mjs"); done
[[ ${#tests[@]} -gt 0 ]] || tests=("$root"/tests/web/*.test.mjs)
[[ "$binary" == /* ]] || binary="$PWD/$binary"
web="$root/web"
chromium="${BACKCOACH_CHROMIUM:-/usr/bin/chromium}"

fail() { echo "tests/web: $*" >&2; exit 1; }
[[ -x "$binary" ]] || fail "no backcoach binary at $binary (build it, or pass its path)"
command -v node >/dev/null || fail "node is not installed"
[[ -x "$chromium" ]] || fail "no Chromium at $chromium (apt-get install chromium, or set BACKCOACH_CHROMIUM)"
for t in "${tests[@]}"; do [[ -f "$t" ]] || fail "no test file $t"; done

# Build the web app when it is missing or older than its sources.
bash "$root/scripts/build-web.sh"

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# --port 0 lets the server pick a free port; it says which when it is ready.
"$binary" serve --demo --host 127.0.0.1 --port 0 --threads 2 --db "$tmp/web.db" --web "$web/dist" \
  --trusted-proxy 127.0.0.1 \
  >"$tmp/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's|^backcoach is serving on \(http://[^ ]*\)/ .*|\1|p' "$tmp/server.log")"
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; fail "the server stopped while starting"; }
  sleep 0.2
done
[[ -n "$url" ]] || { cat "$tmp/server.log" >&2; fail "the server did not start within 60 seconds"; }
echo "tests/web: server at $url"

artifacts="$root/tests/artifacts/${BACKCOACH_WEB_GROUP:-web}"
rm -rf "$artifacts"
mkdir -p "$artifacts"
set +e
BACKCOACH_URL="$url" BACKCOACH_ARTIFACTS="$artifacts" BACKCOACH_CHROMIUM="$chromium" BACKCOACH_BIN="$binary" \
  node --test --test-concurrency=1 --test-reporter=spec "${tests[@]}" 2>&1 |
  tee "$artifacts/node.log"
status=$((PIPESTATUS[0] == 0 ? 0 : 1))
set -e
if [[ $status -ne 0 ]]; then
  echo "tests/web: the server's log:" >&2
  tail -n 40 "$tmp/server.log" >&2
  # The failing tests' names and first error lines, short enough to read
  # at the end of a long log (scripts/test.sh prints them last).
  sed -n '/failing tests:/,$p' "$artifacts/node.log" |
    grep -E '✖|Error|error:|expected|actual' | head -n 12 >"$artifacts/failures.txt" || true
fi
echo "tests/web: screenshots in $artifacts"
exit $status
