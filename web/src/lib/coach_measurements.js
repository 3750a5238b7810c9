// Where the camera coach's measurements go once the person agrees to add
// them to the session log: one function, so that the session log's own field
// for them replaces the body of this one and nothing else.
//
//   {exercise_id, reps, prescribed_reps, hold_seconds: [...], findings: [ids]}
//
// Until the server's session log has that field, they are kept with the
// day's log on this device only, and sent nowhere.
const KEY = 'backcoach.coach-measurements';

export function coachMeasurement({ exercise_id, reps, prescribed_reps, hold_seconds, findings }) {
  return {
    exercise_id: String(exercise_id),
    reps: Number.isInteger(reps) ? reps : null,
    prescribed_reps: Number.isInteger(prescribed_reps) ? prescribed_reps : null,
    hold_seconds: (hold_seconds || []).map(Number),
    findings: (findings || []).map(String),
  };
}

// Adds one set's measurements; resolves to where they were kept ('device').
export async function saveCoachMeasurements(measurement) {
  const m = coachMeasurement(measurement);
  let kept = [];
  try { kept = JSON.parse(localStorage.getItem(KEY) || '[]'); } catch { kept = []; }
  kept.push({ ...m, saved_at: new Date().toISOString() });
  try { localStorage.setItem(KEY, JSON.stringify(kept.slice(-50))); } catch { /* storage refused: nothing kept */ }
  return 'device';
}
