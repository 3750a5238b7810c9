// The clinician's side of messaging on a patient's page: who the patient's
// lead clinician is (the clinic sets it), and the clinician's own thread
// with the patient, to read and answer. Showing the thread marks it read
// (POST .../messages/read).
import { api, get } from '../lib/api.js';
import { bidi, h, mount, announce, uid } from '../lib/dom.js';
import { button } from './controls.js';
import { errorBox, loading, notice, showError } from './feedback.js';
import { loadThread, markRead, thread } from './messages.js';

function leadControl(patientId, lead) {
  const id = uid('lead');
  const status = h('p', { class: 'meta', role: 'status' },
    lead.clinician_id ? ['Lead clinician: ', bidi(lead.clinician_name), '.'] : 'No lead clinician yet.');
  const select = h('select', { id, name: 'lead' },
    h('option', { value: '' }, 'No lead clinician'),
    lead.clinicians.map((c) => h('option', { value: c.id, selected: c.id === lead.clinician_id ? true : null }, c.display_name)));
  select.value = lead.clinician_id || '';
  const errors = h('div');
  const save = button('Save lead clinician', async () => {
    save.disabled = true;
    try {
      const saved = await api('PUT', `/patients/${encodeURIComponent(patientId)}/lead-clinician`, { clinician_id: select.value || null });
      mount(status, saved.clinician_id ? ['Lead clinician: ', bidi(saved.clinician_name), '.'] : 'No lead clinician.');
      mount(errors);
      announce('Saved.');
    } catch (e) { showError(errors, e); }
    save.disabled = false;
  }, { kind: 'secondary' });
  return h('div', { class: 'lead-clinician' }, status,
    h('div', { class: 'field' }, h('label', { for: id }, 'Lead clinician (first in the patient\'s messages)'), select),
    save, errors);
}

async function load(slot, patientId, patientName) {
  const base = `/patients/${encodeURIComponent(patientId)}`;
  const [threads, { messages, older }, lead] = await Promise.all([get(`${base}/threads`), loadThread(`${base}/messages`), get(`${base}/lead-clinician`)]);
  const mine = threads.threads[0] || { unread: 0, waiting: false };
  mount(slot,
    leadControl(patientId, lead),
    h('h3', 'Your messages with ', bidi(patientName)),
    mine.unread ? notice('info', h('p', { 'data-testid': 'new-messages' }, mine.unread === 1 ? '1 new message.' : `${mine.unread} new messages.`)) : null,
    mine.waiting ? h('p', { class: 'meta' }, bidi(patientName), ' is waiting for an answer.') : null,
    thread({ patientId, messages, older, label: ['Write to ', bidi(patientName)] }));
  if (mine.unread) await markRead(patientId);
}

// The section's content, filled in once it has loaded.
export function clinicianThread(patientId, patientName) {
  const slot = h('div', { class: 'clinician-thread' }, loading('Loading messages…'));
  const start = () => load(slot, patientId, patientName).catch((e) => mount(slot, errorBox(e, start)));
  start();
  return slot;
}
