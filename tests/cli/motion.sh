#!/usr/bin/env bash
# `backcoach motion`: a recording of keypoints analysed as the camera coach
# would; exit 0 when analysed (also when it cannot assess, or the coach does
# not cover the exercise), 2 for a malformed recording (its line named), an
# unknown exercise or a missing flag.
source "$(dirname "$0")/lib.sh"
MAKE="python3 $SRC/tests/motion/make_recording.py"
# Every analysis in JSON carries the same fields, assessed or not.
all_fields() {
  python3 - "$TMP/out" <<'PY' || fail "the analysis lacks a field: $(cat "$TMP/out")"
import json, sys
a = json.load(open(sys.argv[1]))
assert list(a) == ["exercise", "assessed", "reason", "reason_message", "reps", "holds", "per_rep",
                   "findings", "next_phase"], list(a)
assert isinstance(a["reps"], int) and isinstance(a["holds"], list)
assert isinstance(a["per_rep"], list) and isinstance(a["findings"], list)
assert (a["reason"] is None) == a["assessed"] and (a["reason_message"] is None) == a["assessed"]
PY
}

expect_exit 0 "$BC" motion --help
expect_out "Usage: backcoach motion [--json] [--content DIR] --exercise ID FILE"

expect_exit 0 "$BC" motion --definition --exercise glute_bridge
cp "$TMP/out" "$TMP/bridge.json"
grep -q '"reps":{"rest":130' "$TMP/bridge.json" || fail "the definition lacks its repetition rules"

$MAKE "$TMP/bridge.json" 3 >"$TMP/bridge.jsonl"
expect_exit 0 "$BC" motion --json --exercise glute_bridge "$TMP/bridge.jsonl"
expect_out '"exercise":"glute_bridge","assessed":true,"reason":null,"reason_message":null,"reps":3,'
expect_out '"findings":[],"next_phase":{"index":0,"name":"lift"}}'
all_fields
expect_exit 0 "$BC" motion --exercise glute_bridge - <"$TMP/bridge.jsonl"
expect_out "reps: 3"
expect_out "rep 3: range "

# Seen from the waist up (as in a photograph of the upper body only).
expect_exit 0 "$BC" motion --definition --exercise sit_to_stand
cp "$TMP/out" "$TMP/sit.json"
$MAKE "$TMP/sit.json" 2 --hide knee,ankle >"$TMP/upper.jsonl"
expect_exit 0 "$BC" motion --json --exercise sit_to_stand "$TMP/upper.jsonl"
expect_out '"assessed":false,"reason":"joints_not_seen","reason_message":"Your hip, knee and ankle were not seen clearly enough: keep your whole body in the picture, in good light.","reps":0,"holds":[],"per_rep":[],"findings":[],"next_phase":null}'
all_fields

# What MoveNet Lightning saw in Debian's photographs (tests/motion/photo_recording.mjs):
# a footballer in mid-kick, facing the camera, and two basketball players (the
# single-person model follows one). Seen from the front: the wrong view for a
# bridge; the right one for a side plank, but a person standing holds none.
PHOTOS="$SRC/tests/motion/data"
expect_exit 0 "$BC" motion --json --exercise glute_bridge "$PHOTOS/messi5.jsonl"
expect_out '{"exercise":"glute_bridge","assessed":false,"reason":"wrong_view","reason_message":"The camera sees you from the front; for this exercise put it at your side.","reps":0,"holds":[],"per_rep":[],"findings":[],"next_phase":null}'
all_fields
expect_exit 0 "$BC" motion --json --exercise side_plank "$PHOTOS/messi5.jsonl"
expect_out '{"exercise":"side_plank","assessed":true,"reason":null,"reason_message":null,"reps":0,"holds":[],"per_rep":[],"findings":[],"next_phase":{"index":0,"name":"lift"}}'
all_fields
expect_exit 0 "$BC" motion --exercise sit_to_stand "$PHOTOS/basketball1.jsonl"
expect_out "assessed: no (wrong_view)"

# The same model on basketball1.png's player moved by tests/motion/warp_clip.mjs
# and played through the coach: lying on the side facing the camera, the top
# leg raised by 30 degrees three times, 4 seconds apart (the model reads about
# 171 degrees at rest and 139 at the top), and tilted 14 degrees from the
# floor and held still, a side plank.
expect_exit 0 "$BC" motion --json --exercise side_lying_leg_raise "$PHOTOS/basketball1_leg_raise.jsonl"
expect_out '"exercise":"side_lying_leg_raise","assessed":true,"reason":null,"reason_message":null,"reps":3,'
expect_out '"findings":[]'
expect_exit 0 "$BC" motion --exercise side_lying_leg_raise "$PHOTOS/basketball1_leg_raise.jsonl"
expect_out "rep 3: range "
expect_exit 0 "$BC" motion --json --exercise side_plank "$PHOTOS/basketball1_side_plank.jsonl"
expect_out '"exercise":"side_plank","assessed":true,"reason":null,"reason_message":null,"reps":0,"holds":[8.6],'
# Held still, the photograph lying down counts no repetition.
head -40 "$PHOTOS/basketball1_side_plank.jsonl" >"$TMP/still.jsonl"
expect_exit 0 "$BC" motion --json --exercise side_lying_leg_raise "$TMP/still.jsonl"
expect_out '"assessed":true,"reason":null,"reason_message":null,"reps":0,'

# python3-skimage's astronaut.png: the upper body only. The model guesses hips
# at the picture's lower edge and finds no knee; no ankle scores enough.
expect_exit 0 "$BC" motion --json --exercise side_lying_leg_raise "$PHOTOS/astronaut.jsonl"
expect_out '{"exercise":"side_lying_leg_raise","assessed":false,"reason":"joints_not_seen","reason_message":"Your shoulder, hip and ankle were not seen clearly enough: keep your whole body in the picture, in good light.","reps":0,"holds":[],"per_rep":[],"findings":[],"next_phase":null}'
expect_exit 0 "$BC" motion --json --exercise side_plank "$PHOTOS/astronaut.jsonl"
expect_out '"assessed":false,"reason":"joints_not_seen"'

expect_exit 0 "$BC" motion --json --exercise cat_camel "$TMP/bridge.jsonl"
expect_out '"assessed":false,"reason":"not_covered","reason_message":"The camera coach does not cover this exercise. Cat-camel moves the spine itself'
expect_out '"reps":0,"holds":[],"per_rep":[],"findings":[],"next_phase":null}'
all_fields
expect_exit 0 "$BC" motion --json --exercise swimming "$TMP/bridge.jsonl"
expect_out '"reason_message":"The camera coach does not cover this exercise: follow the figure and the words."'
all_fields
expect_exit 0 "$BC" motion --exercise swimming "$TMP/bridge.jsonl"
expect_out "assessed: no (not_covered)"

expect_exit 2 "$BC" motion --exercise plank_jacks "$TMP/bridge.jsonl"
expect_err "backcoach motion: unknown exercise 'plank_jacks'"; expect_err_lines 1
expect_exit 2 "$BC" motion "$TMP/bridge.jsonl"
expect_err "backcoach motion: --exercise ID is required"; expect_err_lines 1
{ head -2 "$TMP/bridge.jsonl"; echo '{"t":1,"points":{"left_hip":[1,2]}}'; } >"$TMP/bad.jsonl"
expect_exit 2 "$BC" motion --exercise glute_bridge "$TMP/bad.jsonl"
expect_err "backcoach motion: $TMP/bad.jsonl: line 3: joint 'left_hip' must be [x, y, score]"
expect_err_lines 1
finish
