// The clinician's control over a patient's plan (docs/progress.md, "A
// clinician's adjustments"): for each exercise, its dose (only the fields
// of its kind: sets, repetitions, hold, minutes, days a week), its level
// picked by name, pinning and taking it out; and adding any exercise the
// screen allows. Every change needs a reason, which the patient reads in one
// sentence with the clinician's name. The choices come from the server
// (`plan_control` of the patient's page), so the page offers only what the
// server would accept; the server checks again.
import { post } from '../lib/api.js';
import { h, uid } from '../lib/dom.js';
import { navigate } from '../lib/router.js';
import { button, field, textArea } from './controls.js';
import { categoryName } from './exercise_card.js';
import { showError } from './feedback.js';

// The dose fields, in the order a clinician reads them, with their labels.
const DOSE_FIELDS = [
  ['sets', 'Sets'],
  ['reps', 'Repetitions'],
  ['hold_seconds', 'Hold (seconds)'],
  ['minutes', 'Minutes'],
  ['days_per_week', 'Days a week'],
];

// Words in the server's messages that name a field, to show it beside it.
const FIELD_WORDS = { sets: /\bsets\b/, reps: /repetitions|'reps'/, hold_seconds: /hold/, minutes: /\bminutes\b/, days_per_week: /days a week|days_per_week/ };

// The server's message as a sentence: "minutes must be from 5 to 20" reads
// "Minutes must be from 5 to 20."
function sentence(message) {
  let text = String(message || '').replace(/field '([a-z_]+)'/g, (_, key) => {
    const known = DOSE_FIELDS.find(([k]) => k === key);
    return known ? known[1] : key.replace(/_/g, ' ');
  });
  text = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function reasonField() {
  return textArea({ label: 'Reason (the patient will read this)', name: 'reason', rows: 2, maxlength: 1000 });
}

function patientPage(patientId, changed) {
  navigate(`/clinic/patients/${encodeURIComponent(patientId)}?adjusted=${encodeURIComponent(changed)}`, { replace: true });
}

// Sends one adjustment; a refusal is shown beside the field it is about,
// else under the form.
async function send(patientId, body, { fields = {}, reason, errors, changed }) {
  try {
    await post(`/patients/${encodeURIComponent(patientId)}/adjustments`, body);
    patientPage(patientId, changed);
  } catch (e) {
    const message = e && e.message;
    const key = Object.keys(fields).find((k) => FIELD_WORDS[k].test(message || ''));
    if (key) {
      fields[key].setError(sentence(message));
      fields[key].input.focus();
    } else if (/reason/.test(message || '')) {
      reason.setError(sentence(message));
      reason.input.focus();
    } else {
      showError(errors, { ...e, message: sentence(message) });
    }
  }
}

// The reason is required: the patient reads it.
function checkReason(reason) {
  const text = reason.input.value.trim();
  reason.setError(text ? '' : 'Please give a reason: the patient will read it next to the exercise.');
  if (!text) reason.input.focus();
  return text;
}

// Number fields for the dose fields that apply, filled with the dose now.
function doseFields(exercise, bounds, plan) {
  const now = {
    ...exercise.dose,
    days_per_week: exercise.days_per_week || (plan.aerobic && plan.aerobic.exercise === exercise.id ? plan.aerobic.days_per_week : plan.request && plan.request.days_per_week),
  };
  const fields = {};
  for (const [key, label] of DOSE_FIELDS) {
    const b = bounds[key];
    if (!b) continue;
    fields[key] = field({
      label, name: key, type: 'number', min: b.min, max: b.max, step: 1, inputmode: 'numeric',
      value: now[key] > 0 ? now[key] : '', hint: `From ${b.min} to ${b.max}.`,
    });
  }
  return fields;
}

// Checks the dose fields against their bounds; the body's fields, or null.
function readDose(fields, bounds) {
  const dose = {};
  let first = null;
  for (const [key, label] of DOSE_FIELDS) {
    const f = fields[key];
    if (!f) continue;
    const text = f.input.value.trim();
    const value = Number(text);
    const b = bounds[key];
    const ok = text !== '' && Number.isInteger(value) && value >= b.min && value <= b.max;
    f.setError(ok ? '' : `${label} must be a whole number from ${b.min} to ${b.max}.`);
    if (ok) dose[key] = value; else first = first || f;
  }
  if (first) first.input.focus();
  return first ? null : dose;
}

// The change form of one exercise.
function exerciseForm(patientId, plan, exercise, control) {
  const errors = h('div');
  const bounds = control.fields || {};
  const levels = control.levels || [];
  const choices = [
    Object.keys(bounds).length ? ['dose', 'Change the dose'] : null,
    levels.length > 1 ? ['level', 'Change the level'] : null,
    exercise.pinned ? ['unpin', 'Let it move up again'] : ['pin', 'Keep it at its current level'],
    exercise.paused ? ['include', 'Put it back in the sessions'] : ['exclude', 'Take it out of the sessions'],
  ].filter(Boolean);
  const actionId = uid('action');
  const action = h('select', { id: actionId, name: 'action' },
    choices.map(([v, label]) => h('option', { value: v }, label)));
  const fields = doseFields(exercise, bounds, plan);
  const dose = h('fieldset', { class: 'dose-fields' }, h('legend', `Dose of ${exercise.name}`), Object.values(fields));
  const levelId = uid('level');
  const level = h('select', { id: levelId, name: 'to' }, levels.map((m) => h('option', {
    value: m.id, selected: m.current, disabled: !m.current && !m.allowed,
  }, `${m.name}${m.current ? ' (now)' : ''}${!m.current && !m.allowed && m.why_not ? ` (not now: ${m.why_not})` : ''}`)));
  const levelBox = h('div', { class: 'field' }, h('label', { for: levelId }, 'Level'), level);
  const reason = reasonField();
  const show = () => {
    dose.hidden = action.value !== 'dose';
    levelBox.hidden = action.value !== 'level';
  };
  action.addEventListener('change', show);
  show();
  const form = h('form', { class: 'adjust stack', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: actionId }, 'What to change'), action),
    dose, levelBox, reason, errors,
    button(`Save the change to ${exercise.name}`, null, { type: 'submit' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const body = { exercise_id: exercise.id, action: action.value };
    if (action.value === 'dose') {
      const values = readDose(fields, bounds);
      if (!values) return;
      Object.assign(body, values);
    } else if (action.value === 'level') {
      const current = levels.find((m) => m.current);
      if (current && level.value === current.id) {
        showError(errors, { message: `Pick another level: ${exercise.name} is already at this one.` });
        level.focus();
        return;
      }
      body.to = level.value;
    }
    const text = checkReason(reason);
    if (!text) return;
    body.reason = text;
    await send(patientId, body, { fields: action.value === 'dose' ? fields : {}, reason, errors, changed: exercise.name });
  });
  return h('details', { class: 'adjust-box' }, h('summary', `Change ${exercise.name}`), form);
}

// The change form of an exercise in the plan, or null without a control for it.
export function exerciseControl(patientId, plan, exercise, control) {
  const c = control && control.exercises && control.exercises[exercise.id];
  return c ? exerciseForm(patientId, plan, exercise, c) : null;
}

// "Add an exercise": the catalogue exercises the screen allows for this
// patient, by kind of work.
export function addExerciseControl(patientId, control) {
  if (!control || !control.adjustable) return null;
  if (control.add_refused) {
    return h('p', { class: 'notice info' }, sentence(`Nothing can be added now: ${control.add_refused}`));
  }
  const options = control.can_add || [];
  if (!options.length) return h('p', 'Every exercise the screen allows for this patient is already in the plan.');
  const kinds = [...new Set(options.map((o) => o.category))];
  const pickId = uid('add');
  const pickErrorId = uid('error');
  const pick = h('select', { id: pickId, name: 'exercise_id', 'aria-describedby': pickErrorId },
    h('option', { value: '' }, 'Choose an exercise'),
    kinds.map((k) => h('optgroup', { label: categoryName(k) },
      options.filter((o) => o.category === k).map((o) => h('option', { value: o.id }, o.name)))));
  const pickBox = h('div', { class: 'field' }, h('label', { for: pickId }, 'Exercise'), pick);
  const pickError = h('p', { class: 'field-error', id: pickErrorId, hidden: true });
  pickBox.insertBefore(pickError, pick);
  const reason = reasonField();
  const errors = h('div');
  const form = h('form', { class: 'adjust stack', novalidate: true },
    h('p', { class: 'hint' }, 'Only exercises that suit this patient’s screen, phase and equipment are listed. It starts at its usual dose, which you can change afterwards.'),
    pickBox, reason, errors, button('Add it to the plan', null, { type: 'submit' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    pickError.hidden = !!pick.value;
    pickError.textContent = pick.value ? '' : 'Please choose an exercise to add.';
    if (!pick.value) {
      pick.setAttribute('aria-invalid', 'true');
      pick.focus();
      return;
    }
    pick.removeAttribute('aria-invalid');
    const text = checkReason(reason);
    if (!text) return;
    const chosen = options.find((o) => o.id === pick.value);
    await send(patientId, { exercise_id: pick.value, action: 'add', reason: text },
      { reason, errors, changed: chosen ? chosen.name : pick.value });
  });
  return h('details', { class: 'adjust-box' }, h('summary', 'Add an exercise'), form);
}
