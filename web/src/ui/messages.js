// A message thread between a patient and one member of their care team,
// with a form to write in it, and the reminder every patient's composer
// carries: messages are not for emergencies.
import { get, post } from '../lib/api.js';
import { h, mount, announce } from '../lib/dom.js';
import { button, textArea } from './controls.js';
import { openEmergencyDialog } from './emergency.js';
import { showError, showFormError } from './feedback.js';

function when(seconds) {
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

// How many messages a thread shows at first; older ones come a page at a
// time with "Show older messages".
export const THREAD_PAGE = 50;

// The newest page of a thread: `path` is its messages route, with or
// without a query. Answers {messages, older} for thread().
export async function loadThread(path) {
  const page = await get(`${path}${path.includes('?') ? '&' : '?'}limit=${THREAD_PAGE}`);
  return { messages: page.messages, older: { path, cursor: page.next_cursor } };
}

// The messages of a thread, oldest first, as a list (read only).
export function messageList(messages) {
  if (messages.length === 0) return h('p', { class: 'hint' }, 'No messages yet.');
  return h('ul', { class: 'messages' }, messages.map((m) => h('li', { class: 'message' },
    h('p', { class: 'message-meta' }, h('strong', { dir: 'auto' }, m.author_name), ' · ', when(m.created_at)),
    h('p', { dir: 'auto' }, m.text))));
}

// The calm reminder beside the patient's message box: messages may wait,
// so anything urgent goes to the emergency card instead.
export function notForEmergencies() {
  return h('div', { class: 'notice info not-for-emergencies' },
    h('p', h('strong', 'Messages are not for emergencies.'), ' Your care team may not read them straight away.'),
    h('p', 'If you feel very unwell or something has suddenly changed, get help now.'),
    button('What to do in an emergency', openEmergencyDialog, { kind: 'secondary', 'aria-haspopup': 'dialog' }));
}

// Marks the thread read for the person reading it: the patient names the
// member (`withId`), a member leaves it out. Answers the threads and their
// unread counts, or null when it could not be done (it is tried again on
// the next visit).
export async function markRead(patientId, withId) {
  try {
    const threads = await post(`/patients/${encodeURIComponent(patientId)}/messages/read`, withId ? { with: withId } : {});
    document.dispatchEvent(new CustomEvent('backcoach:unread', { detail: threads.unread }));
    return threads;
  } catch {
    return null;
  }
}

// patientId: whose team; to: the member (only when the patient writes: the
// reminder that messages are not for emergencies comes with it);
// messages: the thread so far; label: the form's label; older: where the
// thread's earlier messages are ({path, cursor} from loadThread; none when
// the cursor is null).
export function thread({ patientId, to, messages, label, sendLabel = 'Send', older = null }) {
  const shown = [...messages];
  const listSlot = h('div', messageList(shown));
  const olderSlot = h('div', { class: 'older-messages' });
  let cursor = older ? older.cursor : null;
  const olderErrors = h('div');
  const showOlder = button('Show older messages', async () => {
    showOlder.disabled = true;
    try {
      const page = await get(`${older.path}${older.path.includes('?') ? '&' : '?'}limit=${THREAD_PAGE}&cursor=${encodeURIComponent(cursor)}`);
      shown.unshift(...page.messages);
      cursor = page.next_cursor;
      mount(listSlot, messageList(shown));
      mount(olderErrors);
      announce(page.messages.length === 1 ? '1 older message shown.' : `${page.messages.length} older messages shown.`);
      if (!cursor) {
        mount(olderSlot, h('p', { class: 'hint', tabindex: '-1' }, 'This is the start of the conversation.'));
        olderSlot.firstChild.focus();
      }
    } catch (e) {
      showError(olderErrors, e);
    }
    showOlder.disabled = false;
  }, { kind: 'secondary' });
  if (cursor) mount(olderSlot, showOlder, olderErrors);
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
      shown.push(await post(`/patients/${encodeURIComponent(patientId)}/messages`, body));
      mount(listSlot, messageList(shown));
      mount(errors);
      text.setError('');
      text.input.value = '';
      announce('Message sent.');
    } catch (e) {
      showFormError(errors, { text }, e);
    }
    send.disabled = false;
  });
  return h('div', { class: 'thread' }, olderSlot, listSlot, to ? notForEmergencies() : null, text, errors, send);
}
