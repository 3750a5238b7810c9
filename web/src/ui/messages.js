// A message thread between a patient and one member of their care team,
// with a form to write in it.
import { post } from '../lib/api.js';
import { h, mount, announce } from '../lib/dom.js';
import { button, textArea } from './controls.js';
import { showFormError } from './feedback.js';

function when(seconds) {
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function list(messages) {
  if (messages.length === 0) return h('p', { class: 'hint' }, 'No messages yet.');
  return h('ul', { class: 'messages' }, messages.map((m) => h('li', { class: 'message' },
    h('p', { class: 'message-meta' }, h('strong', { dir: 'auto' }, m.author_name), ' · ', when(m.created_at)),
    h('p', { dir: 'auto' }, m.text))));
}

// patientId: whose team; to: the member (only when the patient writes);
// messages: the thread so far; label: the form's label.
export function thread({ patientId, to, messages, label, sendLabel = 'Send' }) {
  const shown = [...messages];
  const listSlot = h('div', list(shown));
  const text = textArea({ label, name: 'message', rows: 3, maxlength: 1000 });
  const errors = h('div');
  const send = button(sendLabel, async () => {
    const value = text.input.value.trim();
    if (!value) {
      showFormError(errors, { text }, { field: 'text', message: 'Please write a message first.' });
      return;
    }
    send.disabled = true;
    try {
      const body = to ? { text: value, to } : { text: value };
      shown.push(await post(`/patients/${patientId}/messages`, body));
      mount(listSlot, list(shown));
      mount(errors);
      text.setError('');
      text.input.value = '';
      announce('Message sent.');
    } catch (e) {
      showFormError(errors, { text }, e);
    }
    send.disabled = false;
  });
  return h('div', { class: 'thread' }, listSlot, text, errors, send);
}
