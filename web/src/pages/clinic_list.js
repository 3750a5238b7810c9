// The clinic's patients, those who need attention first, each with the
// reasons why. The server sorts, searches and pages (GET /clinic/patients,
// a page at a time by cursor); "Show more patients" adds the next page below
// the rows already shown and moves the focus to the first new one. The
// search lives in the URL so the back button and reloads keep it; a reload
// starts again from the top of the list.
import { get } from '../lib/api.js';
import { bidi, h, add, mount } from '../lib/dom.js';
import { longDate, plainText } from '../lib/dates.js';
import { button } from '../ui/controls.js';
import { errorBox, loading, showError } from '../ui/feedback.js';

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
  const state = { search: query.search || '' };
  const results = h('div', { class: 'results' });
  const status = h('p', { class: 'result-count', role: 'status' });
  const input = h('input', { id: 'patient-search', type: 'search', value: state.search, autocomplete: 'off' });
  let timer = null;
  let latest = 0;

  // The status line: how many rows are shown of how many the search finds.
  const count = (shown, total) => {
    // The search is the clinician's own words: in a <bdi>, so a name in
    // Arabic or Hebrew does not turn the sentence round it.
    const searched = state.search ? ['“', bidi(state.search), '”'] : null;
    mount(status, total === 0
      ? (searched ? ['No patients match ', searched, '.'] : 'No patients yet. Invite one with a code.')
      : [`Patients 1 to ${shown} of ${total}`, searched ? [' matching ', searched] : null, ', those who need attention first.']);
  };

  const load = async () => {
    const ticket = ++latest;
    const search = state.search;
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (search) params.set('search', search);
    history.replaceState(null, '', `/clinic${search ? `?${new URLSearchParams({ search })}` : ''}`);
    mount(results, loading('Loading patients…'));
    let page;
    try {
      page = await get(`/clinic/patients?${params}`);
    } catch (e) {
      if (ticket === latest) mount(results, errorBox(e, load));
      return;
    }
    if (ticket !== latest) return;  // a newer search answered first
    const list = h('ol', { class: 'patient-list' }, page.patients.map(row));
    // A patient whose attention changed while the pages were read may come
    // round again on a later page: each is shown once.
    const seen = new Set(page.patients.map((p) => p.id));
    let shown = page.patients.length;
    let total = page.total;
    let cursor = page.next_cursor;
    const moreErrors = h('div');
    const pager = h('div', { class: 'pager' });
    const more = button('Show more patients', async () => {
      more.disabled = true;
      mount(moreErrors);
      let next;
      try {
        next = await get(`/clinic/patients?${new URLSearchParams({ ...(search ? { search } : {}), limit: String(PAGE), cursor })}`);
      } catch (e) {
        if (ticket === latest) {
          more.disabled = false;
          showError(moreErrors, e);
        }
        return;
      }
      if (ticket !== latest) return;  // a new search replaced this list
      const fresh = next.patients.filter((p) => !seen.has(p.id));
      fresh.forEach((p) => seen.add(p.id));
      const rows = fresh.map(row);
      add(list, rows);
      shown += fresh.length;
      total = Math.max(next.total, shown);
      cursor = next.next_cursor;
      count(shown, total);  // a status: read out
      if (cursor) {
        more.disabled = false;
      } else {
        mount(pager, h('p', { class: 'hint' }, 'That is everyone.'));
      }
      // The keyboard carries on where the new rows start.
      const first = rows.length ? rows[0].querySelector('.patient-name') : null;
      if (first) first.focus();
      else if (cursor) more.focus();
    }, { kind: 'secondary' });
    add(pager, more);
    count(shown, total);
    mount(results, list, cursor ? [pager, moreErrors] : null);
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.search = input.value.trim(); load(); }, 250);
  });
  const form = h('form', { class: 'search', role: 'search', onsubmit: (e) => { e.preventDefault(); clearTimeout(timer); state.search = input.value.trim(); load(); } },
    h('label', { for: 'patient-search' }, 'Search by name'), h('div', { class: 'inline' }, input, button('Search', null, { type: 'submit', kind: 'secondary' })));
  add(main, h('h1', 'Patients'), form, status, results);
  await load();
}
