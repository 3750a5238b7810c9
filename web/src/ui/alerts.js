// A patient's alerts for their clinician: what each is about and why, and
// the way to mark it seen or resolve it with a note of what was done.
import { post } from '../lib/api.js';
import { h, mount } from '../lib/dom.js';
import { plainText } from '../lib/dates.js';
import { mayTreat } from '../lib/session.js';
import { button, textArea } from './controls.js';
import { showError } from './feedback.js';

const STATE = { new: 'New', seen: 'Seen', resolved: 'Resolved' };

function alertItem(patientId, alert) {
  const slot = h('div');
  const item = h('li', { class: ['alert-item', alert.kind === 'good_news' ? 'good-news' : 'concern'] });
  const render = (a) => {
    const note = textArea({ label: 'What was done (needed to resolve)', name: `note-${a.id}`, rows: 2, maxlength: 2000 });
    const change = async (state) => {
      try {
        const saved = await post(`/patients/${patientId}/alerts/${a.id}`, { state, note: note.input.value.trim() });
        render({ ...a, ...saved });
      } catch (e) { showError(slot, e); }
    };
    mount(item,
      h('p', h('strong', `${STATE[a.state]}${a.kind === 'good_news' ? ' · good news' : ''}: `), plainText(a.reason)),
      h('p', { class: 'source' }, a.source),
      a.note ? h('p', 'Note: ', h('bdi', a.note)) : null,
      a.state === 'resolved' || !mayTreat() ? null : h('div', { class: 'stack' },
        a.state === 'new' ? button('Mark as seen', () => change('seen'), { kind: 'secondary' }) : null,
        note, button('Resolve', () => change('resolved'), { kind: 'secondary' })),
      slot);
  };
  render(alert);
  return item;
}

export function alertsSection(patientId, alerts) {
  if (!alerts || alerts.length === 0) return h('p', 'No alerts.');
  return h('ul', { class: 'alerts plain-list' }, alerts.map((a) => alertItem(patientId, a)));
}

