// Two timers: hold/rest (for exercises with a hold) and walking (minutes).
// Both count from the wall clock rather than from ticks, so a tab in the
// background or a slow phone does not drift. Only changes of phase are
// announced to screen readers, never every second.
import { h, uid, announce, reducedMotion } from '../lib/dom.js';
import { canVibrate, cue, cuesOn, setCues, wake } from '../lib/cues.js';

function mmss(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// A small start/pause/reset engine: `step(elapsedSeconds)` is called about
// four times a second; `from` is where a timer kept on the device had got to.
function ticker(step, from = 0) {
  let startedAt = null;
  let banked = from;
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
    show() { step(elapsed()); },
    elapsed,
  };
}

// The person's choice of a tone and a buzz at each change, beside every
// timer and on the account page; one setting for all of them, kept on this
// device. `label` names it where it stands on its own.
export function cueSwitch(label) {
  const id = uid('cues');
  const box = h('input', { type: 'checkbox', id, class: 'cue-switch', checked: cuesOn(),
    onchange: () => {
      setCues(box.checked);
      for (const other of document.querySelectorAll('.cue-switch')) other.checked = box.checked;
    } });
  return h('div', { class: 'choice single timer-cues' }, box,
    h('label', { for: id }, label || (canVibrate() ? 'Beep and vibrate at each change' : 'Beep at each change')));
}

// How far a timer got, for the unfinished session kept on the device: the
// whole seconds counted, reported when they change and at each pause, so a
// reload brings the timer back where it stood (paused; the person carries on).
function progressReporter(onProgress) {
  let last = -1;
  return (elapsed) => {
    const whole = Math.floor(elapsed);
    if (whole === last) return;
    last = whole;
    onProgress(whole);
  };
}

// Hold for `hold` seconds, rest for `rest`, `reps` times. `elapsed`: the
// seconds a kept session had counted; onProgress(seconds) follows the count.
export function holdTimer({ hold, rest = 5, reps = 1, name, elapsed: from = 0, onProgress = () => {} }) {
  const phase = h('p', { class: 'timer-phase' }, 'Ready');
  const clock = h('p', { class: 'timer-clock', 'aria-hidden': 'true' }, mmss(hold));
  const rep = h('p', { class: 'timer-rep' }, `Repetition 1 of ${reps}`);
  const toggle = h('button', { type: 'button', class: 'button secondary' }, 'Start the hold timer');
  const reset = h('button', { type: 'button', class: 'button link' }, 'Reset');
  const cycle = hold + rest;
  const report = progressReporter(onProgress);
  const total = cycle * reps - rest;
  const start = Math.min(Math.max(0, Number(from) || 0), total);
  // A timer brought back from the device does not announce its phase again.
  let lastPhase = start > 0 ? phaseKey(start) : '';
  function phaseKey(elapsed) {
    const n = Math.min(reps - 1, Math.floor(elapsed / cycle));
    return `${elapsed >= total ? 'Done' : elapsed - n * cycle < hold ? 'Hold' : 'Rest'}${n}`;
  }
  const t = ticker((elapsed) => {
    report(elapsed);
    const done = elapsed >= total;
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
  }, start);
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
  if (start > 0) t.show();
  return box;
}

// Counts walking time up to a target in minutes, and carries on past it.
// `moving` is true for walking, cycling and the like (the pace hint), false for breathing or stretches.
// `elapsed` and onProgress as for holdTimer.
export function walkTimer({ minutes, name, onTarget, moving = true, elapsed: from = 0, onProgress = () => {} }) {
  const clock = h('p', { class: 'timer-clock' }, '0:00');
  const aim = `Aim: ${minutes} minutes${moving ? ', at a pace where you can still talk' : ''}`;
  const target = h('p', { class: 'timer-phase' }, aim);
  const startLabel = moving ? 'Start the walking timer' : 'Start the timer';
  const toggle = h('button', { type: 'button', class: 'button secondary' }, startLabel);
  const reset = h('button', { type: 'button', class: 'button link' }, 'Reset');
  const report = progressReporter(onProgress);
  const start = Math.max(0, Number(from) || 0);
  let reached = false;
  let quietly = start >= minutes * 60;  // reached before the reload: said already
  const t = ticker((elapsed) => {
    report(elapsed);
    clock.textContent = mmss(elapsed);
    if (!reached && elapsed >= minutes * 60) {
      reached = true;
      target.textContent = `${minutes} minutes reached. Well done. Carry on if it feels fine, or stop here.`;
      if (quietly) {
        quietly = false;
      } else {
        announce(`${name}: ${minutes} minutes reached.`);
        cue('done');
        if (onTarget) onTarget();
      }
    }
    toggle.textContent = t.running() ? 'Pause' : elapsed > 0 ? 'Carry on' : startLabel;
  }, start);
  if (start > 0) t.show();
  toggle.addEventListener('click', () => {
    wake();
    if (t.running()) t.pause();
    else t.start();
  });
  reset.addEventListener('click', () => {
    reached = false;
    quietly = false;
    target.textContent = aim;
    t.reset();
  });
  return h('div', { class: 'timer', role: 'group', 'aria-label': `Timer for ${name}` },
    target, h('p', { class: 'visually-hidden' }, moving ? 'Time walked:' : 'Time so far:'), clock,
    h('div', { class: 'actions' }, toggle, reset), cueSwitch());
}
