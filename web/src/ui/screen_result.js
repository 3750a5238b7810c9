// The screen's result (docs/screen.md), most urgent first. An emergency or
// same-day result is drawn first and unmistakably: a strong red panel whose
// heading is what to do now, before anything else on the page.
import { h, mount } from '../lib/dom.js';
import { callButton, emergencyNumber } from './emergency.js';

export const URGENT = new Set(['emergency', 'same_day']);

export function isUrgent(screen) { return screen && URGENT.has(screen.triage); }

// The emergency signs close many flag messages; they are shown once, below the list.
function withoutSigns(message, signs) {
  return signs && message.endsWith(signs) ? message.slice(0, -signs.length).trim() : message;
}

function flagList(flags, signs) {
  if (!flags || flags.length === 0) return null;
  return h('ul', { class: 'flag-list' }, flags.map((f) => h('li',
    h('strong', f.title), ' ', withoutSigns(f.message, signs),
    f.source ? h('span', { class: 'source' }, ` Source: ${f.source}.`) : null)));
}

// The urgent panel: its heading is the page's h1 when `asPage` is true.
export function urgentPanel(screen, { asPage = true } = {}) {
  const Heading = asPage ? 'h1' : 'h2';
  const emergency = screen.triage === 'emergency';
  return h('section', { class: ['urgent', emergency ? 'emergency' : 'same-day'], 'aria-labelledby': 'urgent-title' },
    h('p', { class: 'urgent-kicker' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), emergency ? 'Emergency' : 'Today'),
    h(Heading, { id: 'urgent-title', class: 'urgent-headline' }, screen.headline),
    h('h2', { class: 'small-heading' }, 'What to do now'),
    h('ul', { class: 'todo' },
      emergency
        ? [h('li', `Go to the nearest emergency department now. If you cannot get there safely, call ${emergencyNumber()}.`),
          h('li', 'Take this screen or your answers with you, and tell them about the symptoms below.')]
        : [h('li', 'Contact your doctor or an urgent care service today and tell them about the symptoms below.'),
          h('li', 'If things get worse before you are seen, go to an emergency department.')],
      h('li', screen.programme)),
    emergency ? callButton() : null,
    h('h2', { class: 'small-heading' }, 'Why'),
    flagList(screen.flags, screen.emergency_signs),
    screen.emergency_signs ? h('p', { class: 'signs' }, h('strong', 'Always: '), screen.emergency_signs) : null);
}

// The whole result for a person: urgent panel, or headline, cautions and why.
export function screenResult(screen, { asPage = true } = {}) {
  if (isUrgent(screen)) return urgentPanel(screen, { asPage });
  const Heading = asPage ? 'h1' : 'h2';
  const tierClass = screen.triage === 'within_days' ? 'soon' : screen.triage === 'routine_review' ? 'review' : 'clear';
  return h('section', { class: ['result', tierClass] },
    h(Heading, screen.headline),
    h('p', { class: 'lead' }, screen.programme),
    screen.cautions && screen.cautions.length
      ? [h('h2', { class: 'small-heading' }, 'While you exercise'), h('ul', screen.cautions.map((c) => h('li', c)))]
      : null,
    screen.flags && screen.flags.length ? [h('h2', { class: 'small-heading' }, 'Why'), flagList(screen.flags, screen.emergency_signs)] : null,
    screen.emergency_signs
      ? h('details', { class: 'signs' }, h('summary', 'Signs that always mean emergency help'), h('p', screen.emergency_signs))
      : null);
}

let urgentDialog = null;

// The emergency card over the intake, as soon as an answer is an emergency:
// the person need not finish. Going on with the questions closes it, so
// that the answers still reach the clinician.
export function openUrgentDialog(screen) {
  if (!urgentDialog) {
    urgentDialog = h('dialog', { class: 'emergency-dialog urgent-dialog', 'aria-labelledby': 'urgent-title' });
    document.body.append(urgentDialog);
  }
  const close = h('button', { type: 'button', class: 'button secondary', onclick: () => urgentDialog.close() },
    'Go on with the questions');
  mount(urgentDialog, h('div', { class: 'emergency-card' }, urgentPanel(screen, { asPage: false }),
    h('p', 'You do not need to finish the questions first. If you go on, your answers are kept for your clinician.'), close));
  if (!urgentDialog.open) urgentDialog.showModal();
  close.focus();
}
