// For the clinic's admin: the accounts of the clinic's patients and of their
// supporters (GET /admin/accounts, read page by page to the end), each
// disabled (after a confirmation: it is signed out everywhere at once) or
// enabled again.
import { get, post } from '../lib/api.js';
import { bidi, h, add, mount } from '../lib/dom.js';
import { button } from '../ui/controls.js';
import { notice, showError } from '../ui/feedback.js';
import { roleText } from './admin_staff.js';

function actions(account, reload, status) {
  const slot = h('div');
  const name = account.display_name;
  if (account.disabled) {
    return h('div', button(['Enable ', h('span', { class: 'visually-hidden' }, bidi(name))], async () => {
      try {
        await post(`/admin/users/${encodeURIComponent(account.id)}/enable`);
        mount(status, notice('success', h('p', { role: 'status' }, bidi(name), '’s account is enabled again.')));
        await reload();
      } catch (e) { showError(slot, e); }
    }, { kind: 'secondary' }), slot);
  }
  const confirm = h('div', { class: 'confirm-panel', hidden: true },
    h('p', 'Disable ', bidi(name), '’s account? They are signed out everywhere at once and cannot sign in until it is enabled again. Nothing of theirs is deleted.'),
    h('div', { class: 'actions' },
      button('Yes, disable it', async () => {
        try {
          await post(`/admin/users/${encodeURIComponent(account.id)}/disable`);
          mount(status, notice('success', h('p', { role: 'status' }, bidi(name), '’s account is disabled.')));
          await reload();
        } catch (e) { showError(slot, e); }
      }, { kind: 'danger' }),
      button('Keep it', () => { confirm.hidden = true; open.focus(); }, { kind: 'secondary' })),
    slot);
  const open = button(['Disable ', h('span', { class: 'visually-hidden' }, bidi(name)), '…'], () => {
    confirm.hidden = false;
    confirm.querySelector('button').focus();
  }, { kind: 'danger-outline' });
  return h('div', open, confirm);
}

export async function adminAccountsPage(main) {
  const list = h('div');
  const status = h('div', { 'aria-live': 'polite' });
  // Every page, by name: the table is one, sorted as the pages are.
  const everyAccount = async () => {
    const accounts = [];
    let cursor = null;
    do {
      const params = new URLSearchParams({ limit: '200' });
      if (cursor) params.set('cursor', cursor);
      const page = await get(`/admin/accounts?${params}`);
      accounts.push(...page.accounts);
      cursor = page.next_cursor;
    } while (cursor);
    return accounts;
  };
  const reload = async () => {
    const accounts = await everyAccount();
    mount(list, accounts.length === 0 ? h('p', 'No patients yet.') : h('div', { class: 'table-wrap' }, h('table', { class: 'log-table admin-table' },
      h('caption', { class: 'visually-hidden' }, 'Accounts of the clinic’s patients and their supporters'),
      h('thead', h('tr', ['Name', 'Email', 'Who', 'Account', 'Change'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', accounts.map((a) => h('tr',
        h('th', { scope: 'row' }, a.role === 'patient' ? h('a', { href: `/clinic/patients/${encodeURIComponent(a.id)}` }, bidi(a.display_name)) : bidi(a.display_name)),
        h('td', a.email),
        h('td', roleText(a)),
        h('td', a.disabled ? 'Disabled' : 'Active'),
        h('td', actions(a, reload, status))))))));
  };
  add(main, h('h1', 'Accounts'),
    h('p', { class: 'lead' }, 'Your clinic’s patients and the supporters they invited. Disable an account that should not be used now, say a lost phone; enable it again later.'),
    status, list);
  await reload();
}
