// For the clinic's admin: the clinic's clinicians and admins (GET
// /admin/staff), a form to add one (an admin may also be a clinician, who
// then changes plans), and invitation codes for new patients.
import { get, post } from '../lib/api.js';
import { bidi, h, add, mount, uid } from '../lib/dom.js';
import { fromEpoch } from '../lib/dates.js';
import { button, field } from '../ui/controls.js';
import { fieldErrors, looksLikeEmail, notice, showError, showFormError } from '../ui/feedback.js';

export function roleText(a) {
  if (a.role === 'admin') return a.also_clinician ? 'Administrator and clinician' : 'Administrator';
  if (a.role === 'clinician') return 'Clinician';
  if (a.role === 'supporter') return 'Supporter';
  return 'Patient';
}

function staffTable(staff) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'log-table admin-table' },
    h('caption', { class: 'visually-hidden' }, 'The clinic’s staff'),
    h('thead', h('tr', ['Name', 'Email', 'Role', 'Account'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', staff.map((s) => h('tr',
      h('th', { scope: 'row' }, bidi(s.display_name)),
      h('td', s.email),
      h('td', roleText(s)),
      h('td', s.disabled ? 'Disabled' : 'Active'))))));
}

function newStaffForm(onMade) {
  const slot = h('div');
  const name = field({ label: 'Name', name: 'display_name', autocomplete: 'off', required: true });
  const email = field({ label: 'Email', type: 'email', name: 'email', autocomplete: 'off', required: true });
  const password = field({
    label: 'First password', type: 'password', name: 'password', autocomplete: 'new-password', required: true,
    hint: 'At least 12 characters. Give it to them in person; they can change it on their account page.',
  });
  const roleId = uid('role');
  const role = h('select', { id: roleId, name: 'role' },
    h('option', { value: 'clinician' }, 'Clinician'), h('option', { value: 'admin' }, 'Administrator'));
  const bothId = uid('also-clinician');
  const both = h('input', { type: 'checkbox', id: bothId });
  const bothRow = h('div', { class: 'choice single', hidden: true }, both,
    h('label', { for: bothId }, 'Also a clinician: may change plans, write notes and handle alerts'));
  role.addEventListener('change', () => { bothRow.hidden = role.value !== 'admin'; });
  const submit = button('Add to the staff', null, { type: 'submit' });
  const form = h('form', { class: 'stack', novalidate: true },
    name, email, password, h('div', { class: 'field' }, h('label', { for: roleId }, 'Role'), role), bothRow, slot, submit);
  const fields = { display_name: name, email, password };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    mount(slot);
    if (fieldErrors(fields, {
      display_name: name.input.value.trim() ? null : 'Please give their name.',
      email: looksLikeEmail(email.input.value) ? null : 'Please give an email address, like name@example.com.',
      password: password.input.value.length >= 12 ? null : 'At least 12 characters, please.',
    })) return;
    submit.disabled = true;
    try {
      const reply = await post('/admin/staff', {
        display_name: name.input.value.trim(), email: email.input.value.trim(), password: password.input.value,
        role: role.value, also_clinician: role.value === 'admin' && both.checked,
      });
      form.reset();
      bothRow.hidden = true;
      await onMade(reply.user);
    } catch (e) {
      showFormError(slot, fields, e);
    }
    submit.disabled = false;
  });
  return form;
}

function invitationCard() {
  const result = h('div', { 'aria-live': 'polite' });
  const make = button('Create an invitation code', async () => {
    make.disabled = true;
    try {
      const invitation = await post('/clinic/invitations');
      mount(result, notice('info',
        h('p', 'Give this code to the patient:'),
        h('p', { class: 'code', 'data-code': invitation.code }, invitation.code),
        h('p', `It works once, until ${fromEpoch(invitation.expires_at)}. They enter it when they sign up, or later on their account page.`)));
    } catch (e) { showError(result, e); }
    make.disabled = false;
  }, { kind: 'secondary' });
  return h('section', { class: 'card', 'aria-labelledby': 'invite-title' },
    h('h2', { id: 'invite-title' }, 'Invite a patient'),
    h('p', 'A code joins a patient to the clinic, so its clinicians can look after them.'), make, result);
}

export async function adminStaffPage(main) {
  const list = h('div');
  const status = h('div', { 'aria-live': 'polite' });
  const load = async () => {
    const { staff } = await get('/admin/staff');
    mount(list, staffTable(staff));
  };
  add(main, h('h1', 'Staff'),
    h('p', { class: 'lead' }, 'The clinicians and administrators of your clinic. Only clinicians change patients’ plans; an administrator can also be a clinician.'),
    list,
    h('section', { class: 'card', 'aria-labelledby': 'new-staff-title' },
      h('h2', { id: 'new-staff-title' }, 'Add someone to the staff'),
      newStaffForm(async (user) => {
        mount(status, notice('success', h('p', { role: 'status' }, bidi(user.display_name), ' can now sign in.')));
        await load();
      }), status),
    invitationCard());
  await load();
}
