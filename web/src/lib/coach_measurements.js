// What the camera coach measured, in the session log's own shape (the
// exercise entry's `coach`, docs/progress.md "The camera coach"):
//
//   {reps_done, reps_prescribed, hold_seconds: [...], findings: [{id, count}]}
//
// The coach hands its result here when the person agrees to add it to the
// day's log; the card keeps it with the unfinished session on the device and
// sends it with the log.
const MOST = 500;  // the API's bound on repetitions and on hold times

// What the card asks for: sets times repetitions, times 2 for each side.
// Null when the dose has no repetitions (a walk, a timed exercise).
export function repsPrescribed(dose) {
  const d = dose || {};
  if (!(d.reps > 0)) return null;
  const total = Math.max(1, d.sets || 1) * d.reps * (d.per_side ? 2 : 1);
  return Math.min(total, MOST);
}

const tenths = (s) => Math.round(Math.min(Math.max(Number(s) || 0, 0), 600) * 10) / 10;

// The log's `coach` from one set's analysis (`reps`, `holds`, and `findings`
// each with the repetitions it fired on); `counts` says whether the exercise
// counts repetitions (else holds are what is counted). Null when the card
// prescribes no repetitions.
export function coachEntry({ reps, holds = [], findings = [] }, dose, counts = true) {
  const prescribed = repsPrescribed(dose);
  if (!prescribed) return null;
  const done = Math.min(counts ? Math.max(0, reps || 0) : holds.length, MOST);
  return {
    reps_done: done,
    reps_prescribed: prescribed,
    hold_seconds: holds.slice(0, MOST).map(tenths),
    findings: done === 0 ? [] : findings.map((f) => ({ id: String(f.id), count: Math.min(Math.max(1, (f.reps || []).length), done) })),
  };
}

// A second set added to the same exercise's log: the counts add up, the
// holds follow on, and each form check's count adds up.
export function mergeCoach(before, next) {
  if (!before) return next;
  const done = Math.min(before.reps_done + next.reps_done, MOST);
  const counts = new Map();
  for (const f of [...before.findings, ...next.findings]) counts.set(f.id, (counts.get(f.id) || 0) + f.count);
  return {
    reps_done: done,
    reps_prescribed: next.reps_prescribed,
    hold_seconds: [...before.hold_seconds, ...next.hold_seconds].slice(0, MOST),
    findings: done === 0 ? [] : [...counts].map(([id, count]) => ({ id, count: Math.min(count, done) })),
  };
}

// "camera: 8 of 10 repetitions, 1 form note", as the log shows it.
export function coachText(coach) {
  if (!coach) return '';
  const notes = coach.findings.reduce((sum, f) => sum + f.count, 0);
  return `camera: ${coach.reps_done} of ${coach.reps_prescribed} repetitions`
    + (notes ? `, ${notes} form ${notes === 1 ? 'note' : 'notes'}` : '');
}
