// Account: who the person is, who can see their data, a download of all of
// it, and erasure with a clear confirmation. Staff see their details and
// can sign out.
import { del, get } from '../lib/api.js';
import { h, uid, add, mount } from '../lib/dom.js';
import { today } from '../lib/dates.js';
import { navigate } from '../lib/router.js';
import { currentUser, forget, isPatient, signOut } from '../lib/session.js';
import { button } from '../ui/controls.js';
import { notice, showError } from '../ui/feedback.js';

function forgetDevice(userId) {
  for (const key of Object.keys(localStorage)) if (key.includes(userId)) localStorage.removeItem(key);
  sessionStorage.clear();
}

async function download(userId, slot) {
  try {
    const data = await get(`/patients/${userId}/export`);
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `backcoach-${today()}.json` });
    add(document.body, a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    mount(slot, notice('success', h('p', { role: 'status' }, 'Your data has been downloaded as a file (backcoach-' + today() + '.json).')));
  } catch (e) {
    showError(slot, e);
  }
}

function erasure(userId) {
  const slot = h('div');
  const confirmId = uid('confirm');
  const box = h('input', { type: 'checkbox', id: confirmId });
  const erase = button('Erase my account and data now', async () => {
    if (!box.checked) {
      showError(slot, { message: 'Please tick the box to confirm first.' });
      return;
    }
    erase.disabled = true;
    try {
      await del(`/patients/${userId}`);
      forgetDevice(userId);
      forget();
      navigate('/welcome?erased=1', { replace: true });
    } catch (e) {
      erase.disabled = false;
      showError(slot, e);
    }
  }, { kind: 'danger' });
  const panel = h('div', { class: 'confirm-panel', hidden: true },
    h('p', h('strong', 'This cannot be undone.'), ' Your account, your answers, your plan, every session and check-in, your diary and your clinician’s notes about you are deleted for good. You will be signed out.'),
    h('p', 'The record of who opened your data is kept, because the law expects it of health records; it names you only by a number and holds no health information.'),
    h('p', 'You may want to download your data first.'),
    h('div', { class: 'choice single' }, box, h('label', { for: confirmId }, 'I understand that my account and all my data will be erased')),
    h('div', { class: 'actions' }, erase, button('Keep my account', () => { panel.hidden = true; open.hidden = false; open.focus(); }, { kind: 'secondary' })),
    slot);
  const open = button('Erase my account…', () => { panel.hidden = false; open.hidden = true; box.focus(); }, { kind: 'danger-outline' });
  return h('section', { class: 'card', 'aria-labelledby': 'erase-title' }, h('h2', { id: 'erase-title' }, 'Erase your account'), open, panel);
}

export async function accountPage(main) {
  const user = currentUser();
  const signOutButton = button('Sign out', async () => {
    await signOut().catch(() => {});
    navigate('/welcome', { replace: true });
  }, { kind: 'secondary' });
  add(main, h('h1', 'Your account'),
    h('dl', { class: 'details' }, h('dt', 'Name'), h('dd', user.display_name), h('dt', 'Email'), h('dd', user.email)));
  if (isPatient()) {
    const downloadSlot = h('div');
    add(main, 
      h('section', { class: 'card', 'aria-labelledby': 'who-title' },
        h('h2', { id: 'who-title' }, 'Who can see your data'),
        h('ul', h('li', 'You.'),
          user.clinic_id
            ? h('li', 'The clinicians of the clinic that invited you, so they can look after you.')
            : h('li', 'Nobody else: you joined on your own, not through a clinic.'),
          h('li', 'Nobody outside that. Every time someone opens your data, it is recorded.'))),
      h('section', { class: 'card', 'aria-labelledby': 'export-title' },
        h('h2', { id: 'export-title' }, 'Download your data'),
        h('p', 'Everything backcoach holds about you, in one file you can keep, and your progress report to show your doctor.'),
        button('Download my data (JSON)', () => download(user.id, downloadSlot), { kind: 'secondary' }),
        h('ul', { class: 'links' },
          h('li', h('a', { href: `/api/v1/patients/${user.id}/report.pdf`, download: 'backcoach-report.pdf' }, 'Progress report (PDF)')),
          h('li', h('a', { href: `/api/v1/patients/${user.id}/export/fhir`, download: 'backcoach-fhir.json' }, 'Health record for another service (FHIR)'))),
        downloadSlot),
      erasure(user.id));
  }
  add(main, h('p', signOutButton));
}
