#!/usr/bin/env bash
# `backcoach screen` end to end: the journeys' people, JSON and text output,
# stdin, and every kind of bad input giving exit 2 and one clear line.
source "$(dirname "$0")/lib.sh"
EX=$SRC/examples/intake

expect_exit 0 "$BC" screen --json "$EX/maria.json"
expect_out '"triage": "self_care"'
expect_out '"can_start_programme": true'
expect_out '"phase": "chronic"'

expect_exit 0 "$BC" screen --json "$EX/ahmed.json"
expect_out '"triage": "routine_review"'
expect_out '"presentation": "radicular"'
expect_out '"id": "R1"'
expect_out 'further down'

expect_exit 0 "$BC" screen --json "$EX/ahmed_week2.json"
expect_out '"triage": "emergency"'
expect_out '"id": "E2"'
expect_out '"id": "E4"'
expect_out '"can_start_programme": false'

expect_exit 0 "$BC" screen --json "$EX/grace.json"
expect_out '"triage": "within_days"'
expect_out '"id": "W3"'

# Readable text puts the headline first.
expect_exit 0 "$BC" screen "$EX/ahmed_week2.json"
head -1 "$TMP/out" | grep -qF "Go to an emergency department now." || fail "text does not open with the emergency headline"
expect_out "does not replace a clinician"

# Standard input.
expect_exit 0 "$BC" screen --json - <"$EX/tom.json"
expect_out '"phase": "acute"'

# Bad input: exit 2, one line on stderr.
sed 's/"saddle_numbness"/"sadle_numbness"/' "$EX/maria.json" >"$TMP/typo.json"
expect_exit 2 "$BC" screen "$TMP/typo.json"
expect_err "backcoach screen: unknown field 'sadle_numbness'"
expect_err_lines 1

echo '{"age": 40' >"$TMP/broken.json"
expect_exit 2 "$BC" screen "$TMP/broken.json"
expect_err "backcoach screen: the intake is not valid JSON"

expect_exit 2 "$BC" screen "$TMP/missing.json"
expect_err "backcoach screen: cannot read $TMP/missing.json"

expect_exit 2 "$BC" screen
expect_err "expected one intake FILE"

expect_exit 2 "$BC" screen --jsn "$EX/maria.json"
expect_err "backcoach screen: unknown option --jsn"

expect_exit 0 "$BC" screen --help
expect_out "Usage: backcoach screen"

expect_exit 2 "$BC" nonsense
expect_err "unknown command 'nonsense'"

finish
