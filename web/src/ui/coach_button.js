// The "Use the camera" button of an exercise card that the camera coach
// covers: one whose motion (the API's `card.motion`) has camera rules. The
// coach itself (src/coach/) is a separate chunk, loaded only when the button
// is pressed, so the app's first load does not carry the pose model's code.
import { h, mount } from '../lib/dom.js';

// A slot that holds the button, and then the coach. For an exercise the coach
// does not cover it says so, with the reason the server gives on the card
// (`coach_note`, from the content). `onAdd(coach)` receives what the person
// adds to the day's log (lib/coach_measurements.js); without it the coach
// offers no adding.
export function coachSlot(card, { onAdd = null } = {}) {
  const slot = h('div', { class: 'coach-slot' });
  if (!(card.motion && card.motion.camera)) {
    if (card.coach_note) mount(slot, h('p', { class: 'coach-note' }, card.coach_note));
    return slot;
  }
  const button = () => h('button', { type: 'button', class: 'button secondary coach-open', onclick: open }, 'Use the camera');
  async function open() {
    mount(slot, h('p', { role: 'status' }, 'Loading the camera coach…'));
    try {
      const { openCoach } = await import('../coach/coach.js');
      openCoach(slot, card, { onAdd, onClose: () => mount(slot, button()) });
    } catch {
      mount(slot, h('p', { role: 'alert' }, 'The camera coach could not be loaded. The timer still works.'), button());
    }
  }
  mount(slot, button());
  return slot;
}
