// The clinic's patients, those who need attention first, each with the
// reasons why. The server sorts, searches and pages (GET /clinic/patients);
// the search and page live in the URL so the back button and reloads keep them.
import { get } from '../lib/api.js';
import { bidi, h, add, mount } from '../lib/dom.js';
import { longDate, plainText } from '../lib/dates.js';
import { button } from '../ui/controls.js';
import { errorBox, loading } from '../ui/feedback.js';

const PAGE = 25;
const TRIAGE = {
  emergency: 'Emergency', same_day: 'Same day', within_days: 'Within days', routine_review: 'Review', self_care: 'Self-care',
};
const STATUS = {
  active: 'Active', walking_only: 'Walking only', flare_up: 'Flare-up', stopped: 'Stopped', no_plan: 'No plan',
};

function row(p) {
  return h('li', { class: ['patient-row', p.urgent ? 'attention-high' : p.attention > 0 ? 'attention-some' : null] },
    h('div', { class: 'patient-main' },
      h('a', { href: `/clinic/patients/${encodeURIComponent(p.id)}`, class: 'patient-name', dir: 'auto' }, p.name),
      h('span', { class: 'badges' },
        p.triage ? h('span', { class: ['badge', `triage-${p.triage}`] }, TRIAGE[p.triage] || p.triage) : h('span', { class: 'badge' }, 'No intake yet'),
        p.status ? h('span', { class: 'badge' }, STATUS[p.status] || p.status) : null,
        p.unanswered_since ? h('span', { class: 'badge unanswered', 'data-testid': 'unanswered' }, 'Message waiting for an answer') : null,
        p.unread ? h('span', { class: 'badge unread-count', 'data-testid': 'unread' }, p.unread === 1 ? '1 new message for you' : `${p.unread} new messages for you`) : null)),
    p.reasons.length ? h('ul', { class: 'reasons', 'aria-label': `Why ${p.name} needs attention` }, p.reasons.map((r) => h('li', plainText(r)))) : null,
    h('p', { class: 'meta' },
      p.last_activity ? `Last active ${longDate(p.last_activity)}` : 'Not active yet',
      p.last_pain !== undefined && p.last_pain !== null ? ` · last pain ${p.last_pain}/10` : ''));
}

export async function clinicListPage(main, _params, query) {
  const state = { search: query.search || '', offset: Math.max(0, parseInt(query.offset || '0', 10) || 0) };
  const results = h('div', { class: 'results' });
  const status = h('p', { class: 'result-count', role: 'status' });
  const input = h('input', { id: 'patient-search', type: 'search', value: state.search, autocomplete: 'off' });
  let timer = null;
  let latest = 0;

  const load = async () => {
    const ticket = ++latest;
    const params = new URLSearchParams({ offset: String(state.offset), limit: String(PAGE) });
    if (state.search) params.set('search', state.search);
    const shown = new URLSearchParams();
    if (state.search) shown.set('search', state.search);
    if (state.offset) shown.set('offset', String(state.offset));
    history.replaceState(null, '', `/clinic${shown.toString() ? `?${shown}` : ''}`);
    mount(results, loading('Loading patients…'));
    let page;
    try {
      page = await get(`/clinic/patients?${params}`);
    } catch (e) {
      if (ticket === latest) mount(results, errorBox(e, load));
      return;
    }
    if (ticket !== latest) return;  // a newer search answered first
    const from = page.total === 0 ? 0 : page.offset + 1;
    const to = page.offset + page.patients.length;
    // The search is the clinician's own words: in a <bdi>, so a name in
    // Arabic or Hebrew does not turn the sentence round it.
    const searched = state.search ? ['“', bidi(state.search), '”'] : null;
    mount(status, page.total === 0
      ? (searched ? ['No patients match ', searched, '.'] : 'No patients yet. Invite one with a code.')
      : [`Patients ${from} to ${to} of ${page.total}`, searched ? [' matching ', searched] : null, ', those who need attention first.']);
    const prev = button('Previous page', () => { state.offset = Math.max(0, state.offset - PAGE); load(); }, { kind: 'secondary', disabled: state.offset === 0 });
    const next = button('Next page', () => { state.offset += PAGE; load(); }, { kind: 'secondary', disabled: to >= page.total });
    mount(results, 
      h('ol', { class: 'patient-list', start: from }, page.patients.map(row)),
      page.total > PAGE ? h('nav', { class: 'pager', 'aria-label': 'Pages of patients' }, prev, next) : null);
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.search = input.value.trim(); state.offset = 0; load(); }, 250);
  });
  const form = h('form', { class: 'search', role: 'search', onsubmit: (e) => { e.preventDefault(); clearTimeout(timer); state.search = input.value.trim(); state.offset = 0; load(); } },
    h('label', { for: 'patient-search' }, 'Search by name'), h('div', { class: 'inline' }, input, button('Search', null, { type: 'submit', kind: 'secondary' })));
  add(main, h('h1', 'Patients'), form, status, results);
  await load();
}
