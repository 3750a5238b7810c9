// The "Use the camera" button of an exercise card that the camera coach
// covers. The coach itself (src/coach/) is a separate chunk, loaded only when
// the button is pressed, so the app's first load does not carry the pose
// model's code.
import { h, mount } from '../lib/dom.js';

let covered = null;  // the promise of the covered exercise ids

function coveredExercises() {
  if (!covered) {
    covered = fetch('/motions/index.json').then((r) => (r.ok ? r.json() : []), () => [])
      .then((ids) => new Set(Array.isArray(ids) ? ids : []), () => new Set());
  }
  return covered;
}

// A slot that holds the button once the exercise is known to be covered (the
// card's own motion, or the list the web build wrote), and then the coach.
export function coachSlot(card) {
  const slot = h('div', { class: 'coach-slot' });
  const button = () => h('button', { type: 'button', class: 'button secondary coach-open', onclick: open }, 'Use the camera');
  async function open() {
    mount(slot, h('p', { role: 'status' }, 'Loading the camera coach…'));
    try {
      const { openCoach } = await import('../coach/coach.js');
      openCoach(slot, card, { onClose: () => mount(slot, button()) });
    } catch {
      mount(slot, h('p', { role: 'alert' }, 'The camera coach could not be loaded. The timer still works.'), button());
    }
  }
  const show = (yes) => { if (yes) mount(slot, button()); };
  if (card.motion) show(Boolean(card.motion.camera));
  else coveredExercises().then((ids) => show(ids.has(card.id)));
  return slot;
}
