// "When to get emergency help": the card from GET /api/v1/emergency, one tap
// away on every page (the button in the header opens it as a dialog), and a
// page of its own at /emergency. The last card fetched is kept on this device
// so it still shows when the connection is down.
import { get } from '../lib/api.js';
import { h, add, mount } from '../lib/dom.js';

const CACHE_KEY = 'backcoach.emergency';
// Shown only if the card was never fetched and the server cannot be reached.
const FALLBACK = {
  headline: 'If you think you need emergency help, call your local emergency number or go to the nearest emergency department now.',
  signs: '',
};

function cached() {
  try { return JSON.parse(localStorage.getItem(CACHE_KEY)) || null; } catch { return null; }
}

export async function loadEmergencyCard() {
  try {
    const card = await get('/emergency');
    localStorage.setItem(CACHE_KEY, JSON.stringify(card));
    return card;
  } catch {
    return cached() || FALLBACK;
  }
}

// The card's content: what to do, then the signs.
export function emergencyContent(card, headingLevel = 'h2', headingId) {
  return [
    h(headingLevel, { class: 'emergency-title', id: headingId }, 'When to get emergency help'),
    h('p', { class: 'emergency-headline' }, card.headline),
    card.signs ? h('p', card.signs) : null,
    h('p', 'If you cannot get there safely, call your local emergency number. Do not wait for an appointment or for backcoach.'),
  ];
}

let dialog = null;

// Opens the card over the current page. Escape or the Close button closes it,
// and the focus returns to the button that opened it.
export async function openEmergencyDialog() {
  if (!dialog) {
    dialog = h('dialog', { class: 'emergency-dialog', 'aria-labelledby': 'emergency-dialog-title' });
    add(document.body, dialog);
  }
  const opener = document.activeElement;
  // Focus goes back at once; the close event comes later, as a task, and by
  // then a quick keyboard user may have moved on, so it only restores focus
  // that nothing else has taken (closing with Escape).
  const restoreFocus = () => { if (opener && opener.focus) opener.focus(); };
  const close = h('button', { type: 'button', class: 'button secondary', onclick: () => { dialog.close(); restoreFocus(); } }, 'Close');
  mount(dialog, h('div', { class: 'emergency-card' },
    emergencyContent(cached() || { headline: 'Loading…', signs: '' }, 'h2', 'emergency-dialog-title'), close));
  dialog.onclose = () => {
    const focus = document.activeElement;
    if (!focus || focus === document.body || dialog.contains(focus)) restoreFocus();
  };
  if (!dialog.open) dialog.showModal();
  close.focus();
  const card = await loadEmergencyCard();
  if (dialog.open) {
    const fresh = emergencyContent(card, 'h2', 'emergency-dialog-title');
    mount(dialog.firstChild, ...fresh, close);
    close.focus();
  }
}

export async function emergencyPage(main) {
  const card = await loadEmergencyCard();
  add(main, h('section', { class: 'emergency-card' }, emergencyContent(card, 'h1')));
}
