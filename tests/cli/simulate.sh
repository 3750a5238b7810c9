#!/usr/bin/env bash
# `backcoach simulate` end to end: a small run breaks no safety property and
# prints its figures; the report depends on the seed, not on the threads;
# bad options give exit 2 and one clear line.
source "$(dirname "$0")/lib.sh"

expect_exit 0 "$BC" simulate --patients 300 --weeks 8 --seed 3 --threads 2
expect_out "Simulated 300 people over 8 weeks (seed 3, 2 threads)"
expect_out "first plan:"
expect_out "progressed:"
expect_out "flare-ups:"
expect_out "mean level:"
expect_out "  ok      no_progress_after_sharp  "
expect_out "  ok      red_flag_stops           "
expect_out "No safety property was broken."
[ -s "$TMP/err" ] && fail "stderr is not a terminal, yet something was written to it: $(cat "$TMP/err")"

# The same seed gives the same figures whatever the number of threads.
"$BC" simulate --patients 150 --weeks 4 --seed 9 --threads 1 --json >"$TMP/one.json" || true
"$BC" simulate --patients 150 --weeks 4 --seed 9 --threads 2 --json >"$TMP/two.json" || true
cmp -s "$TMP/one.json" "$TMP/two.json" || fail "--threads 1 and --threads 2 gave different reports"
grep -qF '"people": 150' "$TMP/one.json" || fail "the JSON report lacks the number of people"
grep -qF '"no_progress_after_sharp": {' "$TMP/one.json" || fail "the JSON report lacks the properties"
"$BC" simulate --patients 150 --weeks 4 --seed 10 --threads 1 --json >"$TMP/other.json" || true
cmp -s "$TMP/one.json" "$TMP/other.json" && fail "--seed 9 and --seed 10 gave the same report"

expect_exit 0 "$BC" simulate --help
expect_out "Usage: backcoach simulate"

# Bad options: exit 2, one line on stderr.
expect_exit 2 "$BC" simulate --patients 0
expect_err "backcoach simulate: option --patients must be a whole number from 1 to 1000000000, got '0'"
expect_err_lines 1

expect_exit 2 "$BC" simulate --weeks 200
expect_err "backcoach simulate: option --weeks must be a whole number from 1 to 104, got '200'"

expect_exit 2 "$BC" simulate --threads many
expect_err "backcoach simulate: option --threads must be a whole number from 1 to 256, got 'many'"

expect_exit 2 "$BC" simulate --patient 10
expect_err "backcoach simulate: unknown option --patient"

expect_exit 2 "$BC" simulate 10
expect_err "backcoach simulate: unexpected argument '10' (try --help)"

expect_exit 2 "$BC" simulate --patients 10 --content "$TMP/nowhere"
expect_err "backcoach simulate: "
expect_err_lines 1

finish
