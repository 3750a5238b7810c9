#!/usr/bin/env bash
# `backcoach plan` and `backcoach progress` end to end, following the
# journeys: Maria's plan grows, then steps down after sharp pain; Ahmed's
# red flag stops his programme; Grace and a same-day case get no plan.
source "$(dirname "$0")/lib.sh"
EX=$SRC/examples

expect_exit 0 "$BC" plan --json "$EX/plan/maria.json"
cp "$TMP/out" "$TMP/maria.json"
expect_out '"status": "active"'
expect_out '"rationale"'
expect_out '"category": "strength"'

# Deterministic: the same request gives the same plan.
"$BC" plan --json "$EX/plan/maria.json" | cmp -s - "$TMP/maria.json" || fail "plan is not deterministic"

# Text form opens with the plan, lists reasons and the clinician note.
expect_exit 0 "$BC" plan "$EX/plan/maria.json"
expect_out "Plan: active"
expect_out "Why the plan looks like this:"
expect_out "does not replace a clinician"

# Two comfortable sessions: the bridge moves up, with its reason and rule.
expect_exit 0 "$BC" progress --json "$TMP/maria.json" "$EX/logs/maria_week1.json"
cp "$TMP/out" "$TMP/maria2.json"
expect_out '"decision": "progress"'
expect_out '"rule": "progression.green_sessions_to_progress"'
expect_out '"id": "bridge_march"'

# Sharp pain: the dead bug is stepped down or replaced at once.
expect_exit 0 "$BC" progress --json "$TMP/maria2.json" "$EX/logs/maria_sharp.json"
expect_out '"rule": "progression.sharp_pain"'
grep -q '"decision": "progress"' "$TMP/out" && grep -B3 '"decision": "progress"' "$TMP/out" | grep -q dead_bug && fail "sharp pain was progressed"

# Progress reads the state from stdin too, and several logs in order.
expect_exit 0 "$BC" progress "$TMP/maria.json" "$EX/logs/maria_week1.json" "$EX/logs/maria_sharp.json"
expect_out "What changed and why:"

# Logs out of order: exit 2, one line.
expect_exit 2 "$BC" progress "$TMP/maria2.json" "$EX/logs/maria_week1.json"
expect_err "session logs must be in date order"
expect_err_lines 1

# Ahmed: radicular, gentle start, then a red flag in a log stops everything.
expect_exit 0 "$BC" plan --json "$EX/plan/ahmed.json"
cp "$TMP/out" "$TMP/ahmed.json"
expect_out '"triage": "routine_review"'
expect_out 'further down'
expect_exit 0 "$BC" progress --json "$TMP/ahmed.json" "$EX/logs/ahmed_red_flag.json"
expect_out '"status": "stopped"'
expect_out '"decision": "stop"'
python3 - "$TMP/out" <<'PY' || fail "Ahmed's first message is not the emergency headline"
import json, sys
state = json.load(open(sys.argv[1]))
assert state["messages"][0] == "Go to an emergency department now.", state["messages"]
assert state["schedule"] == []
PY
cp "$TMP/out" "$TMP/ahmed_stopped.json"

# Grace: within days, gentle walking only; no exercise plan beyond it.
expect_exit 0 "$BC" plan --json "$EX/plan/grace.json"
expect_out '"status": "walking_only"'
python3 - "$TMP/out" <<'PY' || fail "Grace's plan holds more than walking"
import json, sys
state = json.load(open(sys.argv[1]))
assert [e["id"] for e in state["exercises"]] == ["walking"], state["exercises"]
PY
# Ahmed's stop says only what applies, and shows on every exercise.
python3 - "$TMP/ahmed_stopped.json" <<'PY' || fail "Ahmed's stopped plan still says he can start"
import json, sys
state = json.load(open(sys.argv[1]))
assert not any(m.startswith("You can start") for m in state["messages"]), state["messages"]
assert all(e["paused"] and e["stopped"] for e in state["exercises"]), state["exercises"]
PY

# Same-day: no plan, only the message.
sed 's/"fever_or_chills": false/"fever_or_chills": true/' "$EX/plan/maria.json" >"$TMP/fever.json"
expect_exit 0 "$BC" plan --json "$TMP/fever.json"
expect_out '"status": "no_plan"'
expect_out '"exercises": []'

# Bad input.
sed 's/"minutes_per_day": 25/"minutes_per_day": 500/' "$EX/plan/maria.json" >"$TMP/bad.json"
expect_exit 2 "$BC" plan "$TMP/bad.json"
expect_err "backcoach plan: field 'minutes_per_day' must be a whole number from 10 to 120"
expect_err_lines 1
sed 's/"mat"/"trampoline"/' "$EX/plan/maria.json" >"$TMP/bad2.json"
expect_exit 2 "$BC" plan "$TMP/bad2.json"
expect_err "unknown equipment 'trampoline'"
echo '{}' >"$TMP/notstate.json"
expect_exit 2 "$BC" progress "$TMP/notstate.json" "$EX/logs/maria_sharp.json"
expect_err "the plan state is not valid"
expect_exit 2 "$BC" progress "$TMP/maria.json"
expect_err "expected a STATE file and at least one LOG"
expect_exit 0 "$BC" plan --help
expect_out "Usage: backcoach plan"
expect_exit 0 "$BC" progress --help
expect_out "Usage: backcoach progress"

finish
