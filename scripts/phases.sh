# Sourced by scripts/test.sh and .ci/run: `phase NAME` starts a phase, ending
# the one before; when the script exits, however it exits, every phase's
# elapsed time is printed, so that a run's log shows where its time went.
_phase_name="" _phase_start=0 _phase_report=""
_phase_first=$(date +%s)

_phase_end() {
  [ -n "$_phase_name" ] || return 0
  local seconds=$(($(date +%s) - _phase_start))
  _phase_report+=$(printf '%6d s  %s' "$seconds" "$_phase_name")$'\n'
  echo "== $_phase_name: ${seconds} s"
  _phase_name=""
}

phase() {
  _phase_end
  _phase_name=$1
  _phase_start=$(date +%s)
  echo "== $1"
}

_phase_summary() {
  local status=$?
  _phase_end
  printf '== time per phase (%s):\n%s%6d s  in all\n' "$0" "$_phase_report" \
    $(($(date +%s) - _phase_first))
  return $status
}
trap _phase_summary EXIT
