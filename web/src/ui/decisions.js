// The engine's decisions (docs/progress.md), with their reasons, in words.
import { h } from '../lib/dom.js';
import { plainText } from '../lib/dates.js';

const LABELS = {
  progress: ['Moving up', 'up'],
  hold: ['Staying the same', 'same'],
  regress: ['Stepping down', 'down'],
  replace: ['Swapped in for an exercise that hurt', 'down'],
  pause: ['Paused for now', 'down'],
  stop: ['Programme stopped', 'stop'],
  caution: ['Taking care', 'down'],
  flare_up: ['Flare-up plan', 'down'],
  resume: ['Back to your plan', 'up'],
  see_clinician: ['Time to see your clinician', 'stop'],
  pin: ['Kept where it is by your clinician', 'same'],
  unpin: ['Free to move again', 'same'],
  exclude: ['Taken out by your clinician', 'down'],
  include: ['Put back by your clinician', 'up'],
  level: ['Level changed by your clinician', 'same'],
  dose: ['Dose set by your clinician', 'same'],
  add: ['Added by your clinician', 'up'],
};

export function decisionLabel(decision) {
  return (LABELS[decision] || [decision.replace(/_/g, ' '), 'same'])[0];
}

export function decisionTone(decision) {
  return (LABELS[decision] || [decision, 'same'])[1];
}

// Which decisions are worth telling: plain "hold because nothing changed" lines are many and dull.
export function notable(decisions) {
  return (decisions || []).filter((d) => d.decision !== 'hold' || d.subject === 'plan' || d.rule === 'clinician.pin');
}

// A list of decisions; `names` maps exercise ids to names. A clinician's
// change is already one sentence with their name, the exercise and their
// reason ("Dr. Lee set walking to 15 minutes, 5 days a week: ..."): it is
// shown as it is, their words untouched.
export function decisionList(decisions, names = {}) {
  if (!decisions || decisions.length === 0) return null;
  return h('ul', { class: 'decisions' }, decisions.map((d) => h('li', { class: `tone-${decisionTone(d.decision)}` },
    d.rule === 'clinician.adjustment'
      ? h('span', { class: 'clinician-change', dir: 'auto' }, d.reason)
      : [h('span', { class: 'decision-label' }, `${d.subject === 'plan' ? 'Your plan' : (names[d.subject] || humanise(d.subject))}: ${decisionLabel(d.decision)}. `),
        h('span', plainText(d.reason))])));
}

export function humanise(id) {
  const t = String(id).replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
