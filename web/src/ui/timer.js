// Two timers: hold/rest (for exercises with a hold) and walking (minutes).
// Both count from the wall clock rather than from ticks, so a tab in the
// background or a slow phone does not drift. Only changes of phase are
// announced to screen readers, never every second.
import { h, uid, announce, reducedMotion } from '../lib/dom.js';
import { cue, cuesOn, setCues, wake } from '../lib/cues.js';

function mmss(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// A small start/pause/reset engine: `step(elapsedSeconds)` is called about once a second.
function ticker(step) {
  let startedAt = null;
  let banked = 0;
  let interval = null;
  const elapsed = () => banked + (startedAt === null ? 0 : (Date.now() - startedAt) / 1000);
  return {
    running: () => startedAt !== null,
    start() {
      if (startedAt !== null) return;
      startedAt = Date.now();
      interval = setInterval(() => step(elapsed()), 250);
      step(elapsed());
    },
    pause() {
      if (startedAt === null) return;
      banked = elapsed();
      startedAt = null;
      clearInterval(interval);
      step(elapsed());
    },
    reset() {
      this.pause();
      banked = 0;
      step(0);
    },
    elapsed,
  };
}

// The person's choice of a tone and a buzz at each change, beside every
// timer; one setting for all of them, kept on this device.
function cueSwitch() {
  const id = uid('cues');
  const box = h('input', { type: 'checkbox', id, class: 'cue-switch', checked: cuesOn(),
    onchange: () => {
      setCues(box.checked);
      for (const other of document.querySelectorAll('.cue-switch')) other.checked = box.checked;
    } });
  return h('div', { class: 'choice single timer-cues' }, box,
    h('label', { for: id }, navigator.vibrate ? 'Beep and vibrate at each change' : 'Beep at each change'));
}

// Hold for `hold` seconds, rest for `rest`, `reps` times.
export function holdTimer({ hold, rest = 5, reps = 1, name }) {
  const phase = h('p', { class: 'timer-phase' }, 'Ready');
  const clock = h('p', { class: 'timer-clock', 'aria-hidden': 'true' }, mmss(hold));
  const rep = h('p', { class: 'timer-rep' }, `Repetition 1 of ${reps}`);
  const toggle = h('button', { type: 'button', class: 'button secondary' }, 'Start the hold timer');
  const reset = h('button', { type: 'button', class: 'button link' }, 'Reset');
  const cycle = hold + rest;
  let lastPhase = '';
  const t = ticker((elapsed) => {
    const done = elapsed >= cycle * reps - rest;
    const n = Math.min(reps - 1, Math.floor(elapsed / cycle));
    const into = elapsed - n * cycle;
    const holding = into < hold;
    const label = done ? 'Done' : holding ? 'Hold' : 'Rest';
    phase.textContent = elapsed === 0 ? 'Ready' : label;
    clock.textContent = done ? '0:00' : mmss(holding ? hold - into : cycle - into);
    rep.textContent = `Repetition ${n + 1} of ${reps}`;
    const key = `${label}${n}`;
    if (elapsed > 0 && key !== lastPhase) {
      lastPhase = key;
      announce(done ? `${name}: all ${reps} done.` : `${label}${holding ? ` ${hold} seconds` : ''}, repetition ${n + 1} of ${reps}`);
      cue(done ? 'done' : holding ? 'hold' : 'rest');
    }
    if (done) t.pause();
    box.classList.toggle('holding', holding && !done && t.running() && !reducedMotion());
    toggle.textContent = t.running() ? 'Pause' : elapsed > 0 && !done ? 'Carry on' : 'Start the hold timer';
  });
  toggle.addEventListener('click', () => {
    wake();
    if (t.running()) t.pause();
    else {
      if (t.elapsed() >= cycle * reps - rest) t.reset();
      t.start();
    }
  });
  reset.addEventListener('click', () => { lastPhase = ''; t.reset(); });
  const box = h('div', { class: 'timer', role: 'group', 'aria-label': `Hold timer for ${name}` }, phase, clock, rep,
    h('div', { class: 'actions' }, toggle, reset), cueSwitch());
  return box;
}

// Counts walking time up to a target in minutes, and carries on past it.
// `moving` is true for walking, cycling and the like (the pace hint), false for breathing or stretches.
export function walkTimer({ minutes, name, onTarget, moving = true }) {
  const clock = h('p', { class: 'timer-clock' }, '0:00');
  const target = h('p', { class: 'timer-phase' }, `Aim: ${minutes} minutes${moving ? ', at a pace where you can still talk' : ''}`);
  const startLabel = moving ? 'Start the walking timer' : 'Start the timer';
  const toggle = h('button', { type: 'button', class: 'button secondary' }, startLabel);
  const reset = h('button', { type: 'button', class: 'button link' }, 'Reset');
  let reached = false;
  const t = ticker((elapsed) => {
    clock.textContent = mmss(elapsed);
    if (!reached && elapsed >= minutes * 60) {
      reached = true;
      target.textContent = `${minutes} minutes reached. Well done. Carry on if it feels fine, or stop here.`;
      announce(`${name}: ${minutes} minutes reached.`);
      cue('done');
      if (onTarget) onTarget();
    }
    toggle.textContent = t.running() ? 'Pause' : elapsed > 0 ? 'Carry on' : startLabel;
  });
  toggle.addEventListener('click', () => {
    wake();
    if (t.running()) t.pause();
    else t.start();
  });
  reset.addEventListener('click', () => { reached = false; t.reset(); });
  return h('div', { class: 'timer', role: 'group', 'aria-label': `Timer for ${name}` },
    target, h('p', { class: 'visually-hidden' }, moving ? 'Time walked:' : 'Time so far:'), clock,
    h('div', { class: 'actions' }, toggle, reset), cueSwitch());
}
