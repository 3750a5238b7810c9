#!/usr/bin/env bash
# End-to-end checks of `backcoach score`, run by ctest as
#   bash tests/cli/score.sh <path to backcoach> <source dir>
# Each check runs the binary as a user would and compares the exit status,
# stdout lines and the one stderr line; the first mismatch fails the script.
set -euo pipefail

BIN=$1
SRC=$2
CONTENT="$SRC/content"
MADE_UP="$SRC/tests/data/questionnaires/made_up_risk.yaml"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run WANTED_STATUS ARGS...: runs backcoach with $TMP/in as standard input.
run() {
  local want=$1
  shift
  local status=0
  "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" <"$TMP/in" || status=$?
  LAST="backcoach $*"
  if [[ $status != "$want" ]]; then
    fail "$LAST: exit status $status, wanted $want; stdout: $(cat "$TMP/out"); stderr: $(cat "$TMP/err")"
  fi
}

# stdout has this exact line.
expect_line() {
  grep -qxF -- "$1" "$TMP/out" || fail "$LAST: stdout lacks the line '$1'; got:
$(cat "$TMP/out")"
}

# stderr is exactly this one line.
expect_err() {
  local got
  got=$(cat "$TMP/err")
  [[ $got == "$1" ]] || fail "$LAST: stderr was '$got', wanted '$1'"
}

expect_no_err() {
  [[ ! -s $TMP/err ]] || fail "$LAST: unexpected stderr: $(cat "$TMP/err")"
}

answers() { printf '%s\n' "$1" >"$TMP/in"; }

answers '{}'

# --- help --------------------------------------------------------------------
run 0 score --help
grep -q '^Usage: backcoach score --questionnaire ID --answers FILE' "$TMP/out" ||
  fail "--help does not print the usage"

# --- scoring the shipped questionnaires --------------------------------------
printf '{"pain": 7}' >"$TMP/nrs.json"
run 0 score --questionnaire nrs --answers "$TMP/nrs.json" --content "$CONTENT"
expect_line "questionnaire: nrs"
expect_line "score: 7 (0 to 10, lower is better)"
expect_line "band: severe"
expect_no_err

answers '{"pain": 6, "enjoyment": 7, "activity": 6}'
run 0 score --questionnaire peg --answers - --content "$CONTENT"
expect_line "score: 6.3 (0 to 10, lower is better)"
expect_line "band: unbanded"

run 0 score --questionnaire peg --answers - --json --content "$CONTENT"
expect_line '  "questionnaire": "peg",'
expect_line '  "score": 6.3,'
expect_line '  "band": "unbanded",'
expect_line '  "subscales": {}'

answers '{"activity_1": 3, "activity_2": 6}'
run 0 score --questionnaire psfs --answers - --content "$CONTENT"
expect_line "score: 4.5 (0 to 10, higher is better)"

answers '{"fear": 5}'
run 0 score --questionnaire fear_rating --answers - --content "$CONTENT"
expect_line "band: moderate"
expect_line "note: a simple self-rating, not a validated instrument"

# The content directory may also come from the environment.
answers '{"pain": 0}'
BACKCOACH_CONTENT="$CONTENT" run 0 score --questionnaire nrs --answers -
expect_line "band: no_pain"

# --- a clinic's own definition -----------------------------------------------
answers '{"q1": 1, "q2": 0, "q3": 0, "q4": 1, "q5": 1, "q6": 0}'
run 0 score --definition "$MADE_UP" --answers -
expect_line "questionnaire: made_up_risk"
expect_line "score: 3 (0 to 6, lower is better)"
expect_line "subscale worry: 2"
expect_line "band: high"

run 0 score --definition "$MADE_UP" --answers - --json
expect_line '    "worry": 2'
expect_line '  "band": "high",'

run 2 score --definition "$MADE_UP" --questionnaire nrs --answers -
expect_err "backcoach score: --questionnaire 'nrs' does not match the id 'made_up_risk' in $MADE_UP"

run 0 score --change --definition "$MADE_UP" --before 4 --after 2
expect_line "verdict: improved"

# --- change against the MCID -------------------------------------------------
run 0 score --change --questionnaire nrs --before 7 --after 4 --content "$CONTENT"
expect_line "verdict: improved"
expect_line "Pain rating (0-10): down from 7 to 4 (3 points, 43%), a meaningful improvement; the smallest change that counts is 2 points or 30%."

run 0 score --change --questionnaire nrs --before 7 --after 6 --json --content "$CONTENT"
expect_line '  "verdict": "no_meaningful_change"'
expect_line '  "change": -1,'
expect_line '  "percent_change": 14.3,'

run 0 score --change --questionnaire psfs --before 6 --after 3.5 --content "$CONTENT"
expect_line "verdict: worsened"

run 0 score --change --questionnaire psfs --before 3 --after 5 --content "$CONTENT"
expect_line "verdict: improved"

# --- bad input: exit 2, one line on stderr -----------------------------------
answers '{"pain": 11}'
run 2 score --questionnaire nrs --answers - --content "$CONTENT"
expect_err "backcoach score: nrs: item 'pain': must be a whole number from 0 to 10, got 11"
[[ ! -s $TMP/out ]] || fail "$LAST: printed a score for bad answers"

answers '{"pian": 4}'
run 2 score --questionnaire nrs --answers - --content "$CONTENT"
expect_err "backcoach score: nrs: unknown item 'pian'; the items are pain"

answers '{"pain": 6, "activity": 6}'
run 2 score --questionnaire peg --answers - --content "$CONTENT"
expect_err "backcoach score: peg: item 'enjoyment' is required but was not answered"

answers '{}'
run 2 score --questionnaire psfs --answers - --content "$CONTENT"
expect_err "backcoach score: psfs: needs at least 1 answered item, got 0"

answers '{"pain": "seven"}'
run 2 score --questionnaire nrs --answers - --content "$CONTENT"
expect_err "backcoach score: answer 'pain' must be a number, got \"seven\""

answers '[7]'
run 2 score --questionnaire nrs --answers - --content "$CONTENT"
expect_err 'backcoach score: the answers must be a JSON object of item id to number, e.g. {"pain": 6}'

answers '{"pain": 7'
run 2 score --questionnaire nrs --answers - --content "$CONTENT"
expect_err "backcoach score: the answers are not valid JSON"

run 2 score --questionnaire nrs --answers "$TMP/missing.json" --content "$CONTENT"
expect_err "backcoach score: cannot read $TMP/missing.json"

run 2 score --questionnaire oswestry --answers - --content "$CONTENT"
expect_err "backcoach score: unknown questionnaire 'oswestry'; the shipped ones are fear_rating, nrs, peg, psfs (a clinic's own: --definition FILE)"

run 2 score --answers - --content "$CONTENT"
expect_err "backcoach score: missing --questionnaire ID (one of fear_rating, nrs, peg, psfs) or --definition FILE"

run 2 score --questionnaire nrs --content "$CONTENT"
expect_err "backcoach score: missing --answers FILE (or --change to compare two scores)"

run 2 score --questionnaire nrs --answers - --colour red
expect_err "backcoach score: unknown option --colour"

run 2 score --questionnaire nrs extra --answers -
expect_err "backcoach score: unexpected argument 'extra' (try --help)"

run 2 score --change --questionnaire nrs --before 7 --after 12 --content "$CONTENT"
expect_err "backcoach score: option --after must be a nrs score from 0 to 10, got 12"

run 2 score --change --questionnaire nrs --before seven --after 4 --content "$CONTENT"
expect_err "backcoach score: option --before must be a number, got 'seven'"

run 2 score --change --questionnaire nrs --after 4 --content "$CONTENT"
expect_err "backcoach score: --change needs --before X"

run 2 score --change --questionnaire nrs --answers - --before 7 --after 4
expect_err "backcoach score: --answers cannot be used with --change"

run 2 score --questionnaire nrs --answers - --before 7
expect_err "backcoach score: --before and --after need --change"

# --- broken content ----------------------------------------------------------
mkdir -p "$TMP/content/questionnaires"
cp "$CONTENT/questionnaires/nrs.yaml" "$TMP/content/questionnaires/a.yaml"
cp "$CONTENT/questionnaires/nrs.yaml" "$TMP/content/questionnaires/b.yaml"
run 2 score --questionnaire nrs --answers - --content "$TMP/content"
expect_err "backcoach score: $TMP/content/questionnaires/b.yaml: questionnaire 'nrs' is defined twice"

rm "$TMP/content/questionnaires/b.yaml"
sed 's/^  points: 2$/  points: 0/' "$CONTENT/questionnaires/nrs.yaml" >"$TMP/content/questionnaires/a.yaml"
run 2 score --questionnaire nrs --answers - --content "$TMP/content"
expect_err "backcoach score: $TMP/content/questionnaires/a.yaml: mcid: field 'points': must be greater than 0"

run 2 score --questionnaire nrs --answers - --content "$TMP/nowhere"
expect_err "backcoach score: questionnaire directory $TMP/nowhere/questionnaires does not exist"

echo "score.sh: all checks passed"
