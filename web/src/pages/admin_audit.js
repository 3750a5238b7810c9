// For the clinic's admin: the record of who opened or changed what. A check
// that the record is intact (GET /admin/audit/verify), and a search of the
// clinic's entries by person, patient, kind and days (GET /admin/audit),
// newest first, a page at a time. Each search is itself recorded.
import { get } from '../lib/api.js';
import { bidi, h, add, mount, uid } from '../lib/dom.js';
import { button } from '../ui/controls.js';
import { errorBox, loading, notice, showError } from '../ui/feedback.js';

const PAGE = 25;

// What an entry's action was, in words: requests are named by what they
// opened or changed, never by their address.
const THINGS = {
  plan: 'the plan', today: 'today’s session', sessions: 'sessions', checkins: 'check-ins', pain: 'the pain diary',
  questionnaires: 'questionnaires', progress: 'the progress charts', export: 'all their data', fhir: 'their health record',
  csv: 'research files', 'report.pdf': 'the progress report', steps: 'step counts', screen: 'the screening result',
  notes: 'notes', adjustments: 'a plan change', clearance: 'a clearance', alerts: 'alerts', overview: 'the overview',
  messages: 'messages', summaries: 'weekly summaries', 'care-team': 'the care team', invitations: 'an invitation',
  preferences: 'reminders', notices: 'reminders', calendar: 'the calendar address', intake: 'the intake answers',
  clinic: 'joining the clinic', patients: 'the patient list', verify: 'the check of this record', anchor: 'the daily anchor',
  staff: 'the staff list', accounts: 'the accounts list',
};
const NAMED = {
  login: 'Signed in', signup: 'Signed up', invite: 'Made an invitation code', 'create staff': 'Added someone to the staff',
  'disable user': 'Disabled an account', 'enable user': 'Enabled an account', 'reset link': 'Made a password reset link',
  'search audit': 'Searched this record', 'clinic settings': 'Changed the clinic’s settings', 'change password': 'Changed their password',
  'reset password': 'Chose a new password', 'sign out everywhere': 'Signed out everywhere', 'join care team': 'Joined a care team',
  'calendar feed': 'Calendar read the reminders',
};
const OUTCOMES = { ok: 'Done', denied: 'Refused', not_found: 'Not found', error: 'Failed' };

export function actionText(action) {
  if (NAMED[action]) return NAMED[action];
  const m = /^(GET|POST|PUT|DELETE) \/api\/v1\/(.*)$/.exec(action || '');
  if (!m) return action;
  const parts = m[2].split('/').filter((p) => p && !/^[0-9a-f]{16,}$/.test(p));
  if (m[1] === 'DELETE' && parts.length === 1 && parts[0] === 'patients') return 'Erased their account';
  const last = parts[parts.length - 1] || '';
  const thing = THINGS[last] || (last === 'patients' && parts.length === 1 ? 'a patient’s page' : last.replace(/[-_]/g, ' '));
  const verb = m[1] === 'GET' ? 'Opened' : m[1] === 'DELETE' ? 'Removed' : 'Changed';
  return `${verb} ${thing}`;
}

const KINDS = [
  ['', 'Anything'], ['login', 'Signing in'], ['/plan', 'Opening a plan'], ['/adjustments', 'Plan changes'],
  ['/notes', 'Notes'], ['/export', 'Downloads of data'], ['disable user', 'Accounts disabled'],
  ['clinic settings', 'Clinic settings changed'], ['search audit', 'Searches of this record'],
];

function when(seconds) {
  return new Date(seconds * 1000).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function select(label, name, options) {
  const id = uid(name);
  const input = h('select', { id, name }, options.map(([v, text]) => h('option', { value: v }, text)));
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), input);
  wrapper.input = input;
  return wrapper;
}

function dateField(label, name) {
  const id = uid(name);
  const input = h('input', { id, name, type: 'date' });
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), input);
  wrapper.input = input;
  return wrapper;
}

function verifyCard() {
  const result = h('div', { 'aria-live': 'polite' });
  const check = button('Check that the record is intact', async () => {
    check.disabled = true;
    mount(result, loading('Checking every entry…'));
    try {
      const report = await get('/admin/audit/verify');
      mount(result, report.intact
        ? notice('success', h('p', { role: 'status' }, `The record is intact: all ${report.entries} entries were checked, and none was changed or removed.`))
        : notice('error', h('p', { role: 'alert' }, 'The record has been tampered with. ', report.problem || `The first entry that does not match is number ${report.first_bad_seq}.`),
          h('p', 'Tell whoever runs backcoach for your clinic.')));
    } catch (e) { showError(result, e); }
    check.disabled = false;
  }, { kind: 'secondary' });
  return h('section', { class: 'card', 'aria-labelledby': 'verify-title' },
    h('h2', { id: 'verify-title' }, 'Is the record intact?'),
    h('p', 'Each entry is sealed to the one before it, so a change or a deletion shows.'), check, result);
}

export async function adminAuditPage(main) {
  const [{ staff }, { accounts }] = await Promise.all([get('/admin/staff'), get('/admin/accounts')]);
  const people = [...staff, ...accounts].sort((a, b) => a.display_name.localeCompare(b.display_name));
  const who = select('Who', 'actor', [['', 'Anyone'], ...people.map((p) => [p.id, p.display_name])]);
  const patient = select('About which patient', 'patient', [['', 'Any patient, or none'],
    ...accounts.filter((a) => a.role === 'patient').map((p) => [p.id, p.display_name])]);
  const kind = select('What', 'action', KINDS);
  const from = dateField('From', 'from');
  const to = dateField('To', 'to');
  const results = h('div', { class: 'results' });
  const status = h('p', { class: 'result-count', role: 'status' });
  let cursors = [];  // the cursor of each page shown so far; [0] is the newest

  const load = async (cursor) => {
    const params = new URLSearchParams({ limit: String(PAGE) });
    for (const [key, f] of [['actor', who], ['patient', patient], ['action', kind], ['from', from], ['to', to]]) {
      if (f.input.value) params.set(key, f.input.value);
    }
    if (cursor) params.set('cursor', String(cursor));
    mount(results, loading('Searching…'));
    let page;
    try {
      page = await get(`/admin/audit?${params}`);
    } catch (e) {
      mount(status);
      mount(results, errorBox(e, () => load(cursor)));
      return;
    }
    const newer = cursors.length > 1;
    mount(status, page.entries.length === 0 ? 'Nothing matches this search.'
      : `${page.entries.length} ${page.entries.length === 1 ? 'entry' : 'entries'}, newest first${newer ? ' (an older page)' : ''}.`);
    const name = (id, known) => (known ? bidi(known) : id ? 'Someone outside your clinic' : '–');
    mount(results, page.entries.length === 0 ? null : h('div', { class: 'table-wrap' }, h('table', { class: 'log-table admin-table audit-table' },
      h('caption', { class: 'visually-hidden' }, 'Entries of the record, newest first'),
      h('thead', h('tr', ['When', 'Who', 'What', 'Patient', 'Result'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.entries.map((e) => h('tr',
        h('th', { scope: 'row' }, when(e.at)),
        h('td', e.actor_id ? name(e.actor_id, e.actor_name) : 'Not signed in'),
        h('td', actionText(e.action)),
        h('td', e.patient_id ? name(e.patient_id, e.patient_name) : '–'),
        h('td', OUTCOMES[e.outcome] || e.outcome)))))),
    h('nav', { class: 'pager', 'aria-label': 'Pages of entries' },
      button('Newer entries', () => { cursors.pop(); load(cursors[cursors.length - 1]); }, { kind: 'secondary', disabled: !newer }),
      button('Older entries', () => { cursors.push(page.next_cursor); load(page.next_cursor); }, { kind: 'secondary', disabled: !page.next_cursor })));
  };

  const form = h('form', { class: 'stack audit-search', role: 'search' },
    h('div', { class: 'filters' }, who, patient, kind, from, to),
    button('Search the record', null, { type: 'submit' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    cursors = [0];
    load(0);
  });
  add(main, h('h1', 'Audit log'),
    h('p', { class: 'lead' }, 'Every time someone opens or changes a patient’s data, signs in, or changes an account, it is recorded here. This shows your clinic’s part of the record.'),
    verifyCard(),
    h('section', { class: 'card', 'aria-labelledby': 'search-title' },
      h('h2', { id: 'search-title' }, 'Search the record'), form, status, results));
  cursors = [0];
  await load(0);
}
