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

// The emergency number where the person is: the clinic's, when the server
// sends one with the card, otherwise the usual one for the country of the
// browser's language (en-GB: 999, en-US: 911). 112 works across Europe and
// from most mobile phones elsewhere, so it is the default.
const NUMBERS = { GB: '999', US: '911', CA: '911', MX: '911', AU: '000', NZ: '111' };

export function emergencyNumber(card = cached()) {
  if (card && typeof card.emergency_number === 'string' && /^[0-9+]{2,15}$/.test(card.emergency_number)) return card.emergency_number;
  for (const tag of navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || '']) {
    const region = /^[a-z]{2,3}-([A-Z]{2})\b/i.exec(tag);
    if (region) return NUMBERS[region[1].toUpperCase()] || '112';
  }
  return '112';
}

// A button that calls the number on a phone (a tel: link; nothing is loaded).
export function callButton(card = cached()) {
  const number = emergencyNumber(card);
  return h('p', { class: 'call' }, h('a', { class: 'button danger call-button', href: `tel:${number}` },
    h('span', { 'aria-hidden': 'true' }, '✆ '), `Call ${number}`));
}

// The card's content: what to do, then the signs.
export function emergencyContent(card, headingLevel = 'h2', headingId) {
  return [
    h(headingLevel, { class: 'emergency-title', id: headingId }, 'When to get emergency help'),
    h('p', { class: 'emergency-headline' }, card.headline),
    callButton(card),
    card.signs ? h('p', card.signs) : null,
    h('p', `If you cannot get there safely, call ${emergencyNumber(card)}. Do not wait for an appointment or for backcoach.`),
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
