// The patient's messages: a list of their threads (their lead clinician
// first, then the clinic's other clinicians, then supporters), each with
// how many messages are new, and one thread at a time to read and answer.
// Opening a thread marks it read (an explicit write, POST .../messages/read).
import { get } from '../lib/api.js';
import { bidi, h, add } from '../lib/dom.js';
import { fromEpoch } from '../lib/dates.js';
import { currentUser } from '../lib/session.js';
import { loadThread, markRead, messageList, notForEmergencies, thread } from '../ui/messages.js';

const ROLE = { clinician: 'Clinician', admin: 'Clinic staff', supporter: 'Supporter', former: 'No longer on your team' };

function roleText(t) {
  return t.lead ? 'Your lead clinician' : ROLE[t.role] || '';
}

function unreadBadge(count) {
  if (!count) return null;
  return h('span', { class: 'badge unread-count' }, `${count} new`);
}

function threadRow(t) {
  return h('li', { class: ['thread-row', t.unread ? 'has-unread' : null] },
    h('a', { href: `/messages/${encodeURIComponent(t.member_id)}`, class: 'thread-link' },
      h('span', { class: 'thread-name', dir: 'auto' }, t.member_name), unreadBadge(t.unread)),
    h('p', { class: 'meta' }, roleText(t),
      t.last_at ? ` · last message ${fromEpoch(t.last_at)}` : ' · no messages yet',
      t.waiting ? ' · waiting for an answer' : ''));
}

export async function messagesPage(main) {
  const user = currentUser();
  const threads = await get(`/patients/${encodeURIComponent(user.id)}/threads`);
  const staff = threads.threads.filter((t) => t.role === 'clinician' || t.role === 'admin');
  const others = threads.threads.filter((t) => !(t.role === 'clinician' || t.role === 'admin'));
  add(main, h('h1', 'Messages'),
    h('p', { class: 'lead' }, 'Write to your clinicians and to the people supporting you. Choose someone to read or write.'),
    notForEmergencies(),
    staff.length ? [h('h2', 'Your clinic'), h('ul', { class: 'thread-list' }, staff.map(threadRow))] : null,
    h('h2', 'Your supporters'),
    others.length ? h('ul', { class: 'thread-list' }, others.map(threadRow))
      : h('p', 'Nobody yet. You can invite someone on your ', h('a', { href: '/care-team' }, 'Team'), ' page.'));
}

export async function messageThreadPage(main, params) {
  const user = currentUser();
  const member = params.member;
  const [threads, { messages, older }] = await Promise.all([
    get(`/patients/${encodeURIComponent(user.id)}/threads`),
    loadThread(`/patients/${encodeURIComponent(user.id)}/messages?with=${encodeURIComponent(member)}`)]);
  const t = threads.threads.find((x) => x.member_id === member);
  if (!t) {
    const e = new Error('not found');
    e.status = 404;
    throw e;
  }
  add(main, h('p', h('a', { href: '/messages' }, '← All messages')),
    h('h1', 'Messages with ', bidi(t.member_name)),
    h('p', { class: 'meta' }, roleText(t)),
    t.role === 'former'
      ? [messageList(messages), h('p', bidi(t.member_name), ' is no longer on your care team, so you cannot write to them here.')]
      : thread({ patientId: user.id, to: member, messages, older, label: ['Write to ', bidi(t.member_name)] }));
  if (t.unread) await markRead(user.id, member);
}
