// Invite a patient: a one-time code (valid 30 days) to give them, and a
// sign-up link with the code filled in.
import { post } from '../lib/api.js';
import { h, add, mount } from '../lib/dom.js';
import { fromEpoch } from '../lib/dates.js';
import { button } from '../ui/controls.js';
import { showError } from '../ui/feedback.js';

export async function invitePage(main) {
  const result = h('div', { 'aria-live': 'polite' });
  const make = button('Create an invitation code', async () => {
    make.disabled = true;
    try {
      const invitation = await post('/clinic/invitations');
      const url = `${location.origin}/signup?code=${encodeURIComponent(invitation.code)}`;
      mount(result, h('div', { class: 'card invitation' },
        h('p', 'Give this code to your patient:'),
        h('p', { class: 'code', 'data-code': invitation.code }, invitation.code),
        h('p', `It works once, until ${fromEpoch(invitation.expires_at)}.`),
        h('p', 'Or send them this link, which fills the code in: ', h('a', { href: url }, url)),
        navigator.clipboard ? button('Copy the code', () => navigator.clipboard.writeText(invitation.code).catch(() => {}), { kind: 'secondary' }) : null));
    } catch (e) {
      showError(result, e);
    }
    make.disabled = false;
  });
  add(main, h('h1', 'Invite a patient'),
    h('p', { class: 'lead' }, 'A code joins the patient to your clinic when they sign up, so you can see their progress and adjust their plan.'),
    make, result);
}
