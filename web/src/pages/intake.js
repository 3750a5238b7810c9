// The intake as a short wizard: one topic per screen, progress shown, the
// answers kept in this tab (sessionStorage) so a reload loses nothing. At
// the end the answers are checked once more by the person, then sent.
import { get, post } from '../lib/api.js';
import { h, uid, add, mount } from '../lib/dom.js';
import { today } from '../lib/dates.js';
import { navigate, focusHeading } from '../lib/router.js';
import { currentUser } from '../lib/session.js';
import { button, checkboxGroup, choiceGroup, field, scale, yesNo } from '../ui/controls.js';
import { careNotice, showError } from '../ui/feedback.js';
import { openEmergencyDialog } from '../ui/emergency.js';
import { openUrgentDialog } from '../ui/screen_result.js';
import { STEPS, answersSoFar, asked, describe, missing, planRequest } from './intake_questions.js';

const RED = new Set(['emergency', 'same_day', 'within_days']);

// "Have you been seen?": the answers the server takes after a red-flag result.
const SEEN = [
  ['seen_cleared', 'Yes, and I was told I can go on'],
  ['seen_not_cleared', 'Yes, but I was not told I can go on'],
  ['not_yet', 'Not yet'],
];

// The red-flag result that still stands for this person, or null: the
// server's screen (unless cleared) or an open finding of the plan.
async function standingFlag(id) {
  const screen = await get(`/patients/${id}/screen`).catch(() => null);
  if (screen && RED.has(screen.triage) && !screen.cleared) return screen;
  const plan = await get(`/patients/${id}/plan`).catch(() => null);
  const open = plan && (plan.open_findings || []).filter((f) => RED.has(f.tier));
  return open && open.length ? { headline: open.map((f) => f.title).join('; ') } : null;
}

const UNITS = [['days', 'days', 1 / 7], ['weeks', 'weeks', 1], ['months', 'months', 4.345], ['years', 'years', 52.18]];

function draftKey() { return `backcoach.intake.${currentUser().id}`; }

function loadDraft() {
  try { return JSON.parse(sessionStorage.getItem(draftKey())) || { step: 0, answers: {} }; } catch { return { step: 0, answers: {} }; }
}

function saveDraft(draft) { sessionStorage.setItem(draftKey(), JSON.stringify(draft)); }

// How long the pain has lasted: a number and a unit, kept in weeks.
function durationField(f, answers, onChange) {
  const raw = answers._duration || { amount: '', unit: 'weeks' };
  const amountId = uid('duration');
  const unitId = uid('unit');
  const amount = h('input', { id: amountId, type: 'number', min: 0, step: 'any', inputmode: 'decimal', value: raw.amount, 'aria-describedby': `${amountId}-hint` });
  const unit = h('select', { id: unitId }, UNITS.map(([v, label]) => h('option', { value: v, selected: raw.unit === v }, label)));
  const update = () => {
    const n = parseFloat(amount.value);
    const factor = UNITS.find(([v]) => v === unit.value)[2];
    answers._duration = { amount: amount.value, unit: unit.value };
    onChange(Number.isFinite(n) && n >= 0 ? Math.round(n * factor * 100) / 100 : undefined);
  };
  amount.addEventListener('input', update);
  unit.addEventListener('change', update);
  return h('fieldset', { class: 'field duration', id: `q-${f.key}` },
    h('legend', f.label),
    h('p', { class: 'hint', id: `${amountId}-hint` }, f.hint),
    h('div', { class: 'inline' },
      h('label', { for: amountId, class: 'visually-hidden' }, 'Number'), amount,
      h('label', { for: unitId, class: 'visually-hidden' }, 'Unit'), unit));
}

function goalsField(f, answers, onChange) {
  const goals = [...(answers.goals || []), '', '', ''].slice(0, 3);
  const inputs = goals.map((g, i) => field({
    label: `Goal ${i + 1}${i > 0 ? ' (optional)' : ''}`, name: `goal${i}`, value: g, maxlength: 200,
    onInput: () => onChange(inputs.map((x) => x.input.value)),
  }));
  return h('fieldset', { class: 'choices', id: `q-${f.key}` }, h('legend', f.label), h('p', { class: 'hint' }, f.hint), inputs);
}

// One question, drawn by its type. `changed` redraws the step (for follow-up questions).
function question(f, answers, changed) {
  const set = (v) => { answers[f.key] = v; changed(f); };
  const common = { name: f.key, legend: f.label, hint: f.hint, value: answers[f.key], onChange: set };
  let control;
  switch (f.type) {
    case 'number': {
      const w = field({ label: f.label, hint: f.hint, type: 'number', name: f.key, min: f.min, max: f.max, inputmode: 'numeric',
        value: answers[f.key] ?? '', onInput: (v) => { answers[f.key] = v === '' ? undefined : Number(v); changed(f, false); } });
      control = w;
      break;
    }
    case 'duration': control = durationField(f, answers, (v) => { answers[f.key] = v; changed(f, false); }); break;
    case 'yesno': control = yesNo(common); break;
    case 'choice': control = choiceGroup({ ...common, options: f.options }); break;
    case 'scale': case 'fear': control = scale({ ...common, minLabel: f.minLabel, maxLabel: f.maxLabel }); break;
    case 'multi': control = checkboxGroup({ ...common, options: f.options, value: answers[f.key] || [] }); break;
    case 'goals': control = goalsField(f, answers, set); break;
    default: control = h('p', `Unknown question type ${f.type}`);
  }
  if (!control.id) control.id = `q-${f.key}`;
  return control;
}

// Each unanswered question says so under its own label or legend, as well
// as in the list at the foot of the step.
function markGaps(box, gaps) {
  for (const old of box.querySelectorAll('.field-error.gap')) old.remove();
  for (const q of box.querySelectorAll('[aria-invalid]')) q.removeAttribute('aria-invalid');
  for (const g of gaps) {
    const question = box.querySelector(`#q-${g.key}`);
    const anchor = question && question.querySelector('legend, label');
    if (!anchor) continue;
    const text = g.text.startsWith('Please answer:') ? 'Please answer this question.' : g.text;
    anchor.after(h('p', { class: 'field-error gap' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), text));
    const input = question.querySelector('input[type="number"], input[type="text"]');
    if (input) input.setAttribute('aria-invalid', 'true');
  }
}

function progressBar(index) {
  const total = STEPS.length + 1;
  return h('div', { class: 'wizard-progress' },
    h('p', { class: 'step-count' }, `Step ${index + 1} of ${total}`),
    h('div', { class: 'progress-track', role: 'progressbar', 'aria-label': 'Questions answered', 'aria-valuemin': 0,
      'aria-valuemax': total, 'aria-valuenow': index + 1 },
    h('span', { style: { width: `${Math.round(((index + 1) / total) * 100)}%` } })));
}

export async function intakePage(main) {
  const draft = loadDraft();
  const body = h('div');
  add(main, body);
  const standing = draft.answers._seen ? null : await standingFlag(currentUser().id);

  // An emergency answer shows the card at once, over the intake: the server
  // screens the answers so far. Only the newest check counts, and the card
  // comes again only for a new emergency answer.
  let checks = 0;
  let shownFor = '';
  const checkEmergency = async () => {
    const mine = ++checks;
    const screen = await post('/screen/partial', answersSoFar(draft.answers)).catch(() => null);
    if (mine !== checks || !screen) return;
    const flags = screen.emergency ? screen.flags.filter((f) => f.tier === 'emergency').map((f) => f.id).join(' ') : '';
    if (flags && flags !== shownFor) openUrgentDialog(screen);
    shownFor = flags;
  };

  // Each new step takes the focus to its heading, as a new page would.
  const show = (stepIndex, moveFocus = true) => {
    draft.step = stepIndex;
    saveDraft(draft);
    if (stepIndex >= STEPS.length) renderReview();
    else renderStep(STEPS[stepIndex], stepIndex);
    if (moveFocus) focusHeading(body);
    window.scrollTo(0, 0);
  };

  function renderStep(step, index) {
    const errors = h('div');
    const fieldsBox = h('div', { class: 'stack' });
    const drawFields = () => mount(fieldsBox, ...step.fields.filter((f) => asked(f, draft.answers))
      .map((f) => question(f, draft.answers, (changedField, redraw = true) => {
        saveDraft(draft);
        if (redraw) checkEmergency();
        // Follow-up questions appear or go when the answer they depend on changes.
        if (redraw && step.fields.some((x) => x.when)) {
          const focusKey = changedField.key;
          drawFields();
          const again = fieldsBox.querySelector(`#q-${focusKey} input:checked`);
          if (again) again.focus();
        }
      })));
    drawFields();
    const form = h('form', { class: 'stack', novalidate: true },
      fieldsBox, errors,
      h('div', { class: 'actions wizard-actions' },
        index > 0 ? button('Back', () => show(index - 1), { kind: 'secondary' }) : null,
        button(index === STEPS.length - 1 ? 'Check my answers' : 'Next', null, { type: 'submit' })));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const gaps = missing(step, draft.answers);
      markGaps(fieldsBox, gaps);
      if (gaps.length) {
        mount(errors, h('div', { class: 'notice error', role: 'alert' },
          h('p', 'A little more is needed before we go on:'),
          h('ul', gaps.map((g) => h('li', h('a', { href: `#q-${g.key}`, onclick: (e) => { e.preventDefault(); focusQuestion(g.key); } }, g.text))))));
        return;
      }
      show(index + 1);
    });
    mount(body, 
      progressBar(index),
      h('h1', step.title),
      index === 0 ? careNotice() : null,
      step.intro ? h('p', { class: 'lead' }, step.intro) : null,
      step.urgentHelp ? h('div', { class: 'notice urgent-hint' },
        h('p', 'If any of these is happening to you right now, you do not need to finish: ',
          h('button', { type: 'button', class: 'linklike', onclick: openEmergencyDialog }, 'see when to get emergency help'), '.')) : null,
      form);
  }

  function focusQuestion(key) {
    const target = body.querySelector(`#q-${key} input, #q-${key} select, input#q-${key}, #q-${key}`);
    if (target) target.focus();
  }

  function renderReview() {
    const errors = h('div');
    const send = button('See my result', null, { type: 'submit' });
    const rows = STEPS.map((step, i) => h('section', { class: 'review-step' },
      h('div', { class: 'review-head' }, h('h2', step.title),
        button(h('span', 'Change', h('span', { class: 'visually-hidden' }, ` ${step.title.toLowerCase()}`)), () => show(i), { kind: 'link' })),
      h('dl', step.fields.filter((f) => asked(f, draft.answers)).map((f) => [
        h('dt', f.label), h('dd', { dir: f.key === 'goals' ? 'auto' : null }, f.key === 'fear' ? describe({ type: 'scale' }, draft.answers.fear) : describe(f, draft.answers[f.key]))]))));
    const form = h('form', { class: 'stack', novalidate: true }, rows, errors,
      h('div', { class: 'actions wizard-actions' }, button('Back', () => show(STEPS.length - 1), { kind: 'secondary' }), send));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const incomplete = STEPS.findIndex((step) => missing(step, draft.answers).length > 0);
      if (incomplete >= 0) {
        show(incomplete);
        return;
      }
      send.disabled = true;
      send.textContent = 'Sending…';
      try {
        await submit(draft.answers);
        sessionStorage.removeItem(draftKey());
        navigate('/result', { replace: true });
      } catch (e) {
        showError(errors, e);
        send.disabled = false;
        send.textContent = 'See my result';
      }
    });
    mount(body, progressBar(STEPS.length), h('h1', 'Check your answers'),
      h('p', { class: 'lead' }, 'If something is not right, change it. When you are ready, we will look at your answers together.'), form);
  }

  // Before new answers after a red-flag result: has the person been seen?
  function renderSeen() {
    const errors = h('div');
    const choice = choiceGroup({ name: 'seen', legend: 'Have you been seen by a doctor or clinician since?', options: SEEN,
      value: draft.answers._seen, onChange: (v) => { draft.answers._seen = v; saveDraft(draft); } });
    const form = h('form', { class: 'stack', novalidate: true }, choice, errors,
      h('div', { class: 'actions wizard-actions' }, button('Next', null, { type: 'submit' })));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!draft.answers._seen) {
        mount(errors, h('p', { class: 'notice error', role: 'alert' }, 'Please answer this question first.'));
        return;
      }
      show(0);
    });
    mount(body, h('h1', 'Before you answer again'),
      h('p', { class: 'lead' }, 'Last time your answers needed a doctor: ', h('strong', standing.headline)),
      h('p', 'Tell us whether you have been seen and what you were told. Until a clinician clears it, that advice still stands.'),
      form);
  }

  if (standing) renderSeen();
  else show(Math.min(draft.step || 0, STEPS.length), false);
}

// Sends the worry rating first: the server turns it into the level the plan uses.
async function submit(answers) {
  const id = currentUser().id;
  let fearLevel = null;
  if (answers.fear !== undefined) {
    const scored = await post(`/patients/${id}/questionnaires/fear_rating`, { answers: { fear: answers.fear } });
    fearLevel = scored.band;
  }
  const request = planRequest(answers, fearLevel, today());
  if (answers._seen) request.seen = answers._seen;
  return post(`/patients/${id}/intake`, request);
}
