// One exercise of the day as a card: what it is, how much, the steps to do
// it (always shown) beside the exercise drawn moving (when it has a motion),
// tips and common mistakes behind a disclosure,
// what to do if it hurts, why it is in the plan, the engine's last decision,
// a timer, the camera coach where it covers the exercise, and the log: pain
// during in one tap, and what it was like in a second (sharp or dull, and
// where) when there was pain.
import { h, uid, add, mount } from '../lib/dom.js';
import { plainText } from '../lib/dates.js';
import { scale, choiceGroup } from './controls.js';
import { decisionLabel, decisionTone } from './decisions.js';
import { illustration } from './illustrations.js';
import { motionFigure } from './motion_figure.js';
import { holdTimer, walkTimer } from './timer.js';
import { coachSlot } from './coach_button.js';
import { coachText, mergeCoach } from '../lib/coach_measurements.js';

const CATEGORY_NAMES = {
  core: 'core stability', mobility: 'mobility', strength: 'strength', aerobic: 'aerobic',
  intervals: 'intervals', mind_body: 'mind and body', breathing: 'breathing',
};

export function categoryName(c) { return CATEGORY_NAMES[c] || c.replace(/_/g, ' '); }

// "2 sets of 8 on each side, holding each for 5 seconds" or "10 minutes".
export function doseText(d) {
  if (!d) return '';
  if (d.minutes > 0) return `${d.minutes} minutes`;
  const side = d.per_side ? ' on each side' : '';
  const hold = d.hold_seconds > 0 ? `, holding each for ${d.hold_seconds} seconds` : '';
  const sets = d.sets > 1 ? `${d.sets} sets of ${d.reps}` : `${d.reps} times`;
  return `${sets}${side}${hold}`;
}

// What it felt like: one choice that carries sharp or dull, and where.
const FEEL = [
  ['dull_back', 'Dull or achy, in my back', { sharp_pain: false, what_hurt: 'low back' }],
  ['dull_hip', 'Dull or achy, in my hip or buttock', { sharp_pain: false, what_hurt: 'hip or buttock' }],
  ['dull_other', 'Dull or achy, somewhere else', { sharp_pain: false, what_hurt: 'somewhere else' }],
  ['sharp_back', 'Sharp, in my back', { sharp_pain: true, what_hurt: 'low back' }],
  ['sharp_hip', 'Sharp, in my hip or buttock', { sharp_pain: true, what_hurt: 'hip or buttock' }],
  ['sharp_other', 'Sharp, somewhere else', { sharp_pain: true, what_hurt: 'somewhere else' }],
  ['leg', 'It went down my leg (pain, tingling or numbness)', { symptoms_down_leg: true, what_hurt: 'down the leg' }],
];

function logControls(card, state, onChange) {
  const feelSlot = h('div');
  const summary = h('p', { class: 'log-summary', 'aria-live': 'polite' });
  const skip = h('button', { type: 'button', class: 'button link', 'aria-pressed': 'false' }, 'I did not do this one');
  const describe = () => {
    const camera = coachText(state.coach);
    if (state.done === false) summary.textContent = 'Marked as not done today. That is fine.';
    else if (state.pain === undefined) summary.textContent = camera ? `Logged: ${camera}. Tap the pain during it too.` : '';
    else {
      const feel = FEEL.find(([k]) => k === state.feel);
      summary.textContent = `Logged: pain ${state.pain} out of 10${feel ? `, ${feel[1].toLowerCase()}` : ''}${camera ? `; ${camera}` : ''}.`;
    }
    skip.setAttribute('aria-pressed', String(state.done === false));
  };
  const refresh = () => {
    describe();
    onChange();
  };
  const feelGroup = () => choiceGroup({
    name: `feel-${card.id}`, legend: 'What was it like?', options: FEEL.map(([k, label]) => [k, label]), value: state.feel,
    onChange: (v) => { state.feel = v; refresh(); },
  });
  const pain = scale({
    name: `pain-${card.id}`, legend: `Pain during ${card.name}`, value: state.pain,
    minLabel: 'no pain', maxLabel: 'worst imaginable',
    onChange: (v) => {
      state.pain = v;
      state.done = true;
      if (v === 0) state.feel = undefined;
      mount(feelSlot, v > 0 ? feelGroup() : '');
      refresh();
    },
  });
  skip.addEventListener('click', () => {
    state.done = state.done === false ? undefined : false;
    if (state.done === false) {
      state.pain = undefined;
      state.feel = undefined;
      pain.querySelectorAll('input').forEach((i) => { i.checked = false; });
      mount(feelSlot);
    }
    refresh();
  });
  if (state.pain > 0) add(feelSlot, feelGroup());
  describe();  // a session restored from the device shows what was tapped
  const log = h('div', { class: 'log' }, h('h4', 'How did it go?'), pain, feelSlot, summary, skip);
  log.refresh = refresh;
  return log;
}

// "How to do it": the moving figure (when the exercise has a motion), the
// steps, and an empty slot (data-slot="coach") that the camera coach fills
// with its button for an exercise it covers.
function howToDoIt(card) {
  const figure = card.motion ? motionFigure({ name: card.name, motion: card.motion, dose: card.dose }) : null;
  return h('div', { class: ['how', figure ? 'with-figure' : null] },
    h('h4', 'How to do it'),
    figure ? h('div', { class: 'figure' }, figure) : null,
    h('ol', { class: 'steps' }, card.steps.map((step) => h('li', step))),
    h('div', { class: 'coach-slot', 'data-slot': 'coach' }));
}

// card: the API's exercise card. why: the plan's reason for it (may be null).
// Returns the element; `.entry()` gives the exercise's log (or null if
// untouched), with what the camera coach measured when the exercise was done;
// `state.timer` holds the seconds the card's timer has counted.
// `.addCoachMeasurement(coach)` adds a set the camera coach measured (the
// log's `coach` shape, lib/coach_measurements.js) to the card's state, which
// `onChange` keeps with the unfinished session.
// A card with a motion shows it moving in "How to do it" instead of the
// drawing of the starting position.
export function exerciseCard(card, { why, state = {}, onChange = () => {}, logging = true } = {}) {
  const titleId = uid('ex');
  const d = card.dose || {};
  const decision = card.last_decision;
  const moving = card.category === 'aerobic';
  const log = logging ? logControls(card, state, onChange) : null;
  const addCoachMeasurement = (coach) => {
    state.coach = mergeCoach(state.coach, coach);
    log.refresh();
  };
  // The timer's count is kept with the rest of the card's state.
  const timing = {
    elapsed: state.timer || 0,
    onProgress: (seconds) => {
      if ((state.timer || 0) === seconds) return;
      state.timer = seconds;
      onChange();
    },
  };
  const timer = d.minutes > 0 ? walkTimer({ minutes: d.minutes, name: card.name, moving, ...timing })
    : d.hold_seconds > 0 ? holdTimer({ hold: d.hold_seconds, reps: Math.max(1, d.reps || 1), name: card.name, ...timing }) : null;
  const el = h('article', { class: ['card', 'exercise', `cat-${card.category}`], 'aria-labelledby': titleId, 'data-exercise': card.id },
    h('div', { class: 'card-head' },
      card.motion ? null : illustration(card.position, card.category),
      h('div', h('h3', { id: titleId }, card.name),
        h('p', { class: 'meta' }, `Level ${card.level} · ${categoryName(card.category)}`),
        h('p', { class: 'dose' }, doseText(d)))),
    decision && decision.decision !== 'hold'
      ? h('p', { class: ['change', `tone-${decisionTone(decision.decision)}`] },
        // A clinician's change is their own sentence, shown as it is.
        decision.rule === 'clinician.adjustment' ? h('bdi', decision.reason)
          : [h('strong', `${decisionLabel(decision.decision)}: `), plainText(decision.reason)])
      : null,
    card.pinned_because ? h('p', { class: 'change tone-same' }, h('strong', 'From your clinician: '), h('bdi', card.pinned_because)) : null,
    why ? h('p', { class: 'why' }, h('strong', 'Why it is here: '), why) : null,
    howToDoIt(card),
    (card.cues && card.cues.length) || (card.mistakes && card.mistakes.length)
      ? h('details', { class: 'tips' }, h('summary', 'Tips and common mistakes'),
        card.cues && card.cues.length ? [h('h4', 'Tips'), h('ul', card.cues.map((c) => h('li', c)))] : null,
        card.mistakes && card.mistakes.length ? [h('h4', 'Common mistakes'), h('ul', card.mistakes.map((m) => h('li', m)))] : null)
      : null,
    h('div', { class: 'if-hurts' }, h('h4', 'If it hurts'), h('p', card.if_it_hurts)),
    timer,
    coachSlot(card, { onAdd: logging ? addCoachMeasurement : null }),
    log);
  el.entry = () => {
    if (state.done === false) return { id: card.id, done: false };
    if (state.pain === undefined) return null;
    const feel = FEEL.find(([k]) => k === state.feel);
    return {
      id: card.id, done: true, pain_during: state.pain, sharp_pain: false, symptoms_down_leg: false, ...(feel ? feel[2] : {}),
      ...(state.coach ? { coach: state.coach } : {}),
    };
  };
  if (logging) el.addCoachMeasurement = addCoachMeasurement;
  return el;
}
