// A patient's page for their clinician: why they are on the list, the
// screen and its flags, the charts, the current plan with the engine's
// reasons, its alerts (seen, resolved with a note), the clinician's plan
// control (ui/plan_control.js: dose, level, pin, take out, add, with a reason
// the patient reads), the session log, and notes.
import { get, post } from '../lib/api.js';
import { bidi, h, add, mount } from '../lib/dom.js';
import { longDate, fromEpoch, plainText } from '../lib/dates.js';
import { navigate } from '../lib/router.js';
import { currentUser, mayTreat } from '../lib/session.js';
import { button, textArea } from '../ui/controls.js';
import { decisionList, notable, humanise } from '../ui/decisions.js';
import { categoryName, doseText } from '../ui/exercise_card.js';
import { notice, showError } from '../ui/feedback.js';
import { adherenceChart, levelsChart, minutesChart, painChart, scoreChart, stepsChart } from '../ui/progress_charts.js';
import { alertsSection } from '../ui/alerts.js';
import { clinicianThread } from '../ui/clinician_thread.js';
import { addExerciseControl, exerciseControl } from '../ui/plan_control.js';

const RED = new Set(['emergency', 'same_day', 'within_days']);
const SEEN_TEXT = { seen_cleared: 'seen and cleared', seen_not_cleared: 'seen, not cleared', not_yet: 'not seen yet' };

// What stands to be cleared: a red result not yet cleared, or open findings.
function clearControl(id, screen, plan) {
  const open = (plan && plan.open_findings) || [];
  // A red flag found in a session log stops the plan: it is cleared by new
  // answers once the person has been seen, not here; its findings are.
  const standing = screen && RED.has(screen.triage) && !screen.cleared && !screen.rescreened_on;
  if (!mayTreat() || (!standing && open.length === 0)) return null;
  const slot = h('div');
  return h('div', { class: 'actions' },
    button('I have seen them: clear it', async () => {
      try {
        await post(`/patients/${encodeURIComponent(id)}/clearance`, {});
        navigate(`/clinic/patients/${encodeURIComponent(id)}`, { replace: true });
      } catch (e) { showError(slot, e); }
    }, { kind: 'secondary' }), slot);
}

function screenHistory(history) {
  if (!history || history.length < 2) return null;
  return h('details', h('summary', 'Earlier screens and answers'), h('ul', history.map((e) => h('li',
    e.kind === 'intake' ? `${longDate(e.date)}: intake, ${humanise(e.triage).toLowerCase()}${e.held ? ' (the earlier result stood)' : ''}`
      : e.kind === 'seen_report' ? `${longDate(e.date)}: they said ${SEEN_TEXT[e.seen] || e.seen}`
        : `${longDate(e.date)}: cleared by ${e.by}${e.how === 'self_report' ? ' (their own report)' : ''}`))));
}

function screenSummary(screen) {
  if (!screen) return h('p', 'No intake yet.');
  return h('div', { class: ['screen-summary', RED.has(screen.triage) && !screen.cleared && 'urgent-border'] },
    h('p', h('strong', `Triage: ${humanise(screen.triage)}. `), screen.headline),
    // The current screen only: the intake's result is history once a
    // session's answers have screened again.
    screen.rescreened_on && screen.intake_screen
      ? h('p', `From the answers of ${longDate(screen.rescreened_on)}. The intake screened as ${humanise(screen.intake_screen.triage).toLowerCase()}; that no longer stands.`)
      : null,
    screen.held_since && screen.new_screen
      ? h('p', { class: 'notice attention' }, `Newer answers on ${longDate(screen.held_since)} screen as ${humanise(screen.new_screen.triage).toLowerCase()}; this result stands until it is cleared.`)
      : null,
    screen.cleared ? h('p', `Cleared by ${screen.cleared.by} on ${longDate(screen.cleared.date)}.`) : null,
    h('p', `Phase: ${screen.phase}. Presentation: ${screen.presentation}.`),
    screen.flags && screen.flags.length
      ? h('ul', { class: 'flag-list' }, screen.flags.map((f) => h('li', h('strong', `${f.title} (${humanise(f.tier).toLowerCase()}). `), f.message, h('span', { class: 'source' }, ` ${f.source}`))))
      : h('p', 'No flags.'),
    screen.cautions && screen.cautions.length ? h('p', `Cautions: ${screen.cautions.join(' ')}`) : null);
}

function planSection(patientId, plan, control) {
  if (!plan) return h('p', 'No plan yet.');
  const why = (id) => (plan.rationale || []).filter((r) => r.subject === id).map((r) => plainText(r.reason)).join(' ');
  const last = (id) => (plan.decisions || []).find((d) => d.subject === id);
  const planReasons = (plan.rationale || []).filter((r) => r.subject === 'plan');
  return h('div', { class: 'stack' },
    h('p', h('strong', `Status: ${humanise(plan.status)}.`), plan.flare_until ? ` Flare-up plan until ${longDate(plan.flare_until)}.` : ''),
    plan.messages && plan.messages.length ? h('div', { class: 'notice info' }, plan.messages.map((m) => h('p', plainText(m)))) : null,
    h('ul', { class: 'plan-list' }, (plan.exercises || []).map((e) => {
      const d = last(e.id);
      return h('li', { class: 'card' },
        h('h3', e.name),
        h('p', { class: 'meta' }, `Level ${e.level} · ${categoryName(e.category)} · ${doseText(e.dose)}`,
          e.pinned ? ' · pinned' : '', e.paused ? ' · paused' : ''),
        e.pinned && e.pin_reason ? h('p', h('strong', 'Pinned: '), bidi(e.pin_reason)) : null,
        why(e.id) ? h('p', { class: 'why' }, h('strong', 'Why: '), why(e.id)) : null,
        d ? h('p', h('strong', 'Last decision: '), d.rule === 'clinician.adjustment' ? bidi(d.reason) : `${humanise(d.decision)}. ${plainText(d.reason)}`) : null,
        mayTreat() ? exerciseControl(patientId, plan, e, control) : null);
    })),
    mayTreat() ? addExerciseControl(patientId, control) : null,
    planReasons.length ? h('details', h('summary', 'Why the plan looks like this'),
      h('ul', planReasons.map((r) => h('li', plainText(r.reason), r.source ? h('span', { class: 'source' }, ` Source: ${r.source}.`) : null)))) : null);
}

// What the camera coach measured, in words: "camera: 8 of 10 repetitions,
// holds 2.8 to 3.4 seconds, arching on 2".
function coachText(c) {
  const holds = c.hold_seconds || [];
  const parts = [`${c.reps_done} of ${c.reps_prescribed} repetitions`];
  if (holds.length) parts.push(`holds ${Math.min(...holds)} to ${Math.max(...holds)} seconds`);
  for (const f of c.findings || []) parts.push(`${f.id.replace(/_/g, ' ')} on ${f.count}`);
  return `camera: ${parts.join(', ')}`;
}

function sessionLog(sessions, names) {
  if (!sessions || sessions.length === 0) return h('p', 'No sessions logged yet.');
  const rows = [...sessions].reverse();
  return h('div', { class: 'table-wrap' }, h('table', { class: 'log-table' },
    h('caption', { class: 'visually-hidden' }, 'Logged sessions, newest first'),
    h('thead', h('tr', ['Date', 'Exercises (pain during)', 'After', 'Effort', 'What changed'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', rows.map((r) => {
      const log = (r.data && r.data.log) || {};
      const changes = notable(r.data && r.data.decisions).filter((d) => d.decision !== 'hold' || d.subject === 'plan');
      return h('tr', { class: (log.exercises || []).some((e) => e.sharp_pain || e.symptoms_down_leg || e.pain_during > 5) ? 'red-day' : null },
        h('th', { scope: 'row' }, longDate(r.date), log.bad_day ? h('span', { class: 'badge' }, 'bad day') : null),
        h('td', h('ul', { class: 'compact' }, (log.exercises || []).map((e) => h('li',
          `${names[e.id] || humanise(e.id)}: `, e.done ? `${e.pain_during}/10` : 'not done',
          e.sharp_pain ? ', sharp' : '', e.symptoms_down_leg ? ', down the leg' : '', e.what_hurt ? [' (', bidi(e.what_hurt), ')'] : '',
          e.coach ? h('span', { class: 'coach-measure' }, `; ${coachText(e.coach)}`) : null)))),
        h('td', log.pain_after !== undefined ? `${log.pain_after}/10` : '–'),
        h('td', log.effort !== undefined ? `${log.effort}/10` : '–'),
        h('td', changes.length ? decisionList(changes, names) : 'No change'));
    }))));
}

// The camera coach's recordings the patient chose to share: each a download.
function recordingsSection(patientId, recordings, names) {
  if (!recordings.length) return h('p', 'No recordings shared. The patient can choose to share one after a set with the camera coach.');
  return [
    h('p', { class: 'hint' }, 'The positions of the patient’s joints during one set, measured on their device: no picture. Each opens as a file of keypoints (JSON Lines).'),
    h('ul', { class: 'recordings' }, recordings.map((r) => h('li',
      h('a', { href: `/api/v1/patients/${encodeURIComponent(patientId)}/recordings/${encodeURIComponent(r.id)}`, download: `${r.exercise}-${r.date}.jsonl` },
        `${names[r.exercise] || humanise(r.exercise)}, ${longDate(r.date)}`),
      h('span', { class: 'meta' }, ` (${r.frames} frames, ${Math.max(1, Math.round(r.bytes / 1024))} KB)`)))),
  ];
}

function notesSection(patientId, notes) {
  const text = textArea({ label: 'Add a note (seen by the clinic’s staff, not shown in the patient’s app)', name: 'note', rows: 3, maxlength: 5000 });
  const errors = h('div');
  const form = h('form', { class: 'stack', novalidate: true }, text, errors, button('Save the note', null, { type: 'submit' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!text.input.value.trim()) { showError(errors, { message: 'The note is empty.' }); return; }
    try {
      await post(`/patients/${patientId}/notes`, { text: text.input.value.trim() });
      navigate(`/clinic/patients/${encodeURIComponent(patientId)}?noted=1#notes-title`, { replace: true });
    } catch (e) { showError(errors, e); }
  });
  return h('div', { class: 'stack' },
    notes && notes.length
      ? h('ul', { class: 'notes' }, [...notes].reverse().map((n) => h('li', h('p', { dir: 'auto' }, n.data.text), h('p', { class: 'meta' }, bidi(n.data.author || 'Clinician'), `, ${fromEpoch(n.created_at)}`))))
      : h('p', 'No notes yet.'),
    mayTreat() ? form : null);
}

// For the clinic's admin: a one-time link for the patient to choose a new
// password (handed over in person), and disabling the account.
function accountSection(id) {
  const slot = h('div');
  const link = button('Make a password reset link', async () => {
    try {
      const reply = await post(`/admin/users/${encodeURIComponent(id)}/reset-link`);
      mount(slot, notice('info',
        h('p', 'Give this link to the patient in person or by phone. It works once, for 24 hours; whoever has it can set the password.'),
        h('p', h('code', { class: 'feed-url' }, `${location.origin}${reply.path}`))));
    } catch (e) { showError(slot, e); }
  }, { kind: 'secondary' });
  const disable = button('Disable this account', async () => {
    try {
      await post(`/admin/users/${encodeURIComponent(id)}/disable`);
      mount(slot, notice('success', h('p', { role: 'status' }, 'The account is disabled: it is signed out everywhere and cannot sign in.')));
    } catch (e) { showError(slot, e); }
  }, { kind: 'danger-outline' });
  return h('div', { class: 'actions' }, link, disable, slot);
}

// A new red-flag alert whose flags the current screen shows, first and in
// red: opening this page is seeing it, so it is marked seen (and says so)
// rather than left as news beside the screen that already gives it.
async function seenOnTheScreen(id, screen, alerts) {
  if (!screen || !RED.has(screen.triage) || screen.cleared) return alerts;
  const titles = (screen.flags || []).map((f) => f.title);
  return Promise.all(alerts.map(async (a) => {
    if (a.rule !== 'red_flag' || a.state !== 'new' || !titles.some((t) => (a.reason || '').includes(t))) return a;
    try {
      return { ...a, ...(await post(`/patients/${encodeURIComponent(id)}/alerts/${encodeURIComponent(a.id)}`, { state: 'seen' })) };
    } catch { return a; }
  }));
}

export async function clinicPatientPage(main, params, query) {
  const id = params.id;
  const [detail, progress, listed, shared] = await Promise.all([get(`/patients/${encodeURIComponent(id)}`), get(`/patients/${encodeURIComponent(id)}/progress`).catch(() => null),
    get(`/patients/${encodeURIComponent(id)}/alerts`).catch(() => ({ alerts: [] })),
    get(`/patients/${encodeURIComponent(id)}/recordings`).catch(() => ({ recordings: [] }))]);
  const alerts = { alerts: await seenOnTheScreen(id, detail.screen, listed.alerts || []) };
  const plan = detail.plan;
  const names = Object.fromEntries(((plan && plan.exercises) || []).map((e) => [e.id, e.name]));
  const reasons = (detail.summary && detail.summary.reasons) || [];
  const section = (title, idName, ...content) => h('section', { class: 'panel', 'aria-labelledby': idName }, h('h2', { id: idName }, title), content);
  add(main, 
    h('p', h('a', { href: '/clinic' }, '← All patients')),
    h('h1', { dir: 'auto' }, detail.patient.name),
    h('p', { class: 'meta' }, detail.patient.email),
    h('p', { class: 'meta' },
      h('a', { href: `/api/v1/patients/${encodeURIComponent(id)}/report.pdf`, download: 'backcoach-report.pdf' }, 'Progress report (PDF)'), ' · ',
      h('a', { href: `/api/v1/patients/${encodeURIComponent(id)}/export/fhir`, download: 'backcoach-fhir.json' }, 'FHIR export')),
    query.adjusted ? notice('success', h('p', { role: 'status' }, `The change to ${query.adjusted} is saved; the patient will see your reason.`)) : null,
    query.noted ? notice('success', h('p', { role: 'status' }, 'The note is saved.')) : null,
    reasons.length ? h('div', { class: ['notice', detail.summary.urgent ? 'urgent-hint' : 'attention'] }, h('h2', 'Needs attention'), h('ul', reasons.map((r) => h('li', plainText(r))))) : null,
    section('Alerts', 'alerts-title', alertsSection(id, alerts.alerts)),
    section('Messages', 'messages-title', clinicianThread(id, detail.patient.name)),
    h('div', { class: 'two-col' },
      section('Screen', 'screen-title', screenSummary(detail.screen), clearControl(id, detail.screen, plan), screenHistory(detail.screen_history)),
      section('Notes', 'notes-title', notesSection(id, detail.notes))),
    section('Charts', 'charts-title', progress ? h('div', { class: 'chart-grid' },
      painChart(progress, plan && plan.request ? plan.request.pain_now : undefined, { who: 'their' }),
      scoreChart(progress, 'peg', 'PEG', 'Lower is better.'),
      scoreChart(progress, 'psfs', 'PSFS', 'Higher is better.'),
      minutesChart(progress), stepsChart(progress), adherenceChart(progress), levelsChart(progress)) : h('p', 'No data yet.')),
    section('Current plan', 'plan-title', planSection(id, plan, detail.plan_control)),
    section('Session log', 'log-title', sessionLog(detail.sessions, names)),
    section('Recordings from the camera coach', 'recordings-title', recordingsSection(id, shared.recordings || [], names)),
    currentUser().role === 'admin' ? section('Account', 'account-title', accountSection(id)) : null);
}
