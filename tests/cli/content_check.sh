#!/usr/bin/env bash
# `backcoach content check`: the shipped content passes; each kind of
# mistake a clinician might make is reported with file, entry and field.
source "$(dirname "$0")/lib.sh"

expect_exit 0 "$BC" content check --content "$SRC/content"
expect_out "content OK"
expect_out "screening rules: 26 (emergency 4, same_day 6, within_days 8, routine_review 8)"

# broken_copy NAME: a fresh copy of content/ in $TMP/NAME.
broken_copy() { rm -rf "$TMP/$1"; cp -r "$SRC/content" "$TMP/$1"; echo "$TMP/$1"; }

dir=$(broken_copy typo)
sed -i 's/when: {saddle_numbness: true}/when: {sadle_numbness: true}/' "$dir/screening.yaml"
expect_exit 2 "$BC" content check --content "$dir"
expect_err "$dir/screening.yaml: rule 'E1': field 'when': unknown intake field 'sadle_numbness'"
expect_err_lines 1

dir=$(broken_copy lesson)
sed -i 's/education: \[nerve_symptoms\]/education: [nerve_sypmtoms]/' "$dir/screening.yaml"
expect_exit 2 "$BC" content check --content "$dir"
expect_err "screening.yaml: lesson 'nerve_sypmtoms' is named but education.yaml has no such lesson"

dir=$(broken_copy missing)
rm "$dir/exercises.yaml"
expect_exit 2 "$BC" content check --content "$dir"
expect_err "exercises.yaml: file is missing from the content"

expect_exit 2 "$BC" content check --content "$TMP/nowhere"
expect_err "content directory $TMP/nowhere does not exist"

finish
