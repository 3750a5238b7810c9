// For the clinic's admin: the clinic's settings (GET and PUT /admin/clinic):
// its name, and the emergency number the emergency card of the clinic's
// people offers to call (empty: the usual number of each person's country).
import { api, get } from '../lib/api.js';
import { h, add, mount } from '../lib/dom.js';
import { button, field } from '../ui/controls.js';
import { fieldErrors, notice, showFormError } from '../ui/feedback.js';

const NUMBER = /^[0-9+]{2,15}$/;

export async function adminClinicPage(main) {
  const clinic = await get('/admin/clinic');
  const slot = h('div', { 'aria-live': 'polite' });
  const name = field({ label: 'Clinic name', name: 'name', value: clinic.name, autocomplete: 'organization', maxlength: 100 });
  const number = field({
    label: 'Emergency number', name: 'emergency_number', value: clinic.emergency_number, inputmode: 'tel', autocomplete: 'off',
    hint: 'The number the emergency card offers to call, such as 112, 999 or 911: digits and + only. Leave it empty to use the usual number of each person’s country.',
  });
  const fields = { name, emergency_number: number };
  const save = button('Save the settings', null, { type: 'submit' });
  const form = h('form', { class: 'stack', novalidate: true }, name, number, slot, save);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    mount(slot);
    const body = { name: name.input.value.trim(), emergency_number: number.input.value.replace(/[\s-]/g, '') };
    if (fieldErrors(fields, {
      name: body.name ? null : 'Please give the clinic’s name.',
      emergency_number: body.emergency_number === '' || NUMBER.test(body.emergency_number)
        ? null : 'Use only digits and +, 2 to 15 of them, like 112 or 999; or leave it empty.',
    })) return;
    save.disabled = true;
    try {
      const saved = await api('PUT', '/admin/clinic', body);
      number.input.value = saved.emergency_number;
      mount(slot, notice('success', h('p', { role: 'status' }, saved.emergency_number
        ? `Saved. The emergency card of your clinic’s people now offers to call ${saved.emergency_number}.`
        : 'Saved. The emergency card offers the usual number of each person’s country.')));
    } catch (e) {
      showFormError(slot, fields, e);
    }
    save.disabled = false;
  });
  add(main, h('h1', 'Clinic settings'), h('section', { class: 'card' }, form));
}
