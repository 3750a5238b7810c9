// Account: who the person is, who can see their data, a download of all of
// it, and erasure with a clear confirmation. Staff see their details and
// can sign out.
import { api, del, get, post } from '../lib/api.js';
import { bidi, h, uid, add, mount } from '../lib/dom.js';
import { longDate, plainDate, plainText, today } from '../lib/dates.js';
import { navigate } from '../lib/router.js';
import { changePassword, currentUser, forget, isPatient, restore, signOut, signOutEverywhere } from '../lib/session.js';
import { button, field } from '../ui/controls.js';
import { fieldErrors, notice, showError, showFormError } from '../ui/feedback.js';
import { canVibrate } from '../lib/cues.js';
import { cueSwitch } from '../ui/timer.js';
import { humanise } from '../ui/decisions.js';

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
    h('div', { class: 'actions' }, erase, button('Keep my account', () => { show(false); open.focus(); }, { kind: 'secondary' })),
    slot);
  // A disclosure: the button stays, says whether the panel is open, and closes it again.
  const show = (shown) => {
    panel.hidden = !shown;
    open.setAttribute('aria-expanded', String(shown));
    if (shown) box.focus();
  };
  const panelId = uid('erase-panel');
  panel.id = panelId;
  const open = button('Erase my account…', () => show(panel.hidden),
    { kind: 'danger-outline disclosure', 'aria-expanded': 'false', 'aria-controls': panelId });
  return h('section', { class: 'card', 'aria-labelledby': 'erase-title' }, h('h2', { id: 'erase-title' }, 'Erase your account'), open, panel);
}

// The camera coach's recordings the patient shared with their clinicians:
// each can be withdrawn, after a confirmation, and is then gone for them.
async function recordingsCard(userId) {
  const { recordings } = await get(`/patients/${encodeURIComponent(userId)}/recordings`).catch(() => ({ recordings: [] }));
  if (!recordings || !recordings.length) return null;
  const said = h('p', { role: 'status' });
  const list = h('ul', { class: 'shared-recordings' }, recordings.map((r) => recordingItem(userId, r, said)));
  return h('section', { class: 'card', 'aria-labelledby': 'recordings-title' },
    h('h2', { id: 'recordings-title' }, 'Recordings you shared'),
    h('p', { class: 'hint' }, 'The positions of your joints during a set with the camera coach, which you chose to send to your clinician. You can withdraw one: your clinicians can then no longer open it.'),
    list, said);
}

function recordingItem(userId, r, said) {
  const name = `${humanise(r.exercise)}, ${longDate(r.date)}`;
  const slot = h('div');
  const panelId = uid('withdraw');
  const withdraw = button('Withdraw it', async () => {
    withdraw.disabled = true;
    try {
      await del(`/patients/${encodeURIComponent(userId)}/recordings/${encodeURIComponent(r.id)}`);
      const list = item.parentElement;
      item.remove();
      said.textContent = `Withdrawn: ${name}. Your clinicians can no longer open it.`;
      if (list && !list.children.length) list.remove();
    } catch (e) {
      withdraw.disabled = false;
      showError(slot, e);
    }
  }, { kind: 'danger' });
  const panel = h('div', { class: 'confirm-panel', id: panelId, hidden: true },
    h('p', 'Withdraw this recording? Your clinicians will no longer be able to open it. This cannot be undone.'),
    h('div', { class: 'actions' }, withdraw, button('Keep it', () => { show(false); open.focus(); }, { kind: 'secondary' })),
    slot);
  const show = (shown) => {
    panel.hidden = !shown;
    open.setAttribute('aria-expanded', String(shown));
    if (shown) withdraw.focus();
  };
  const open = button('Withdraw…', () => show(panel.hidden),
    { kind: 'danger-outline disclosure', 'aria-expanded': 'false', 'aria-controls': panelId, 'aria-describedby': `${panelId}-name` });
  const item = h('li', h('span', { id: `${panelId}-name` }, name), ' ', open, panel);
  return item;
}

// Reminders at the times the person chooses: in the app, in their calendar
// (a private feed address), and by e-mail if they like. Never about symptoms.
async function remindersCard(userId) {
  const [prefs, { notices }] = await Promise.all([get(`/patients/${userId}/preferences`), get(`/patients/${userId}/notices`)]);
  const slot = h('div');
  const times = field({
    label: 'Reminder times', name: 'reminder_times', value: prefs.reminder_times.join(', '),
    hint: 'Up to four, like 07:30, 18:00. Leave empty for no reminders.',
  });
  const emailId = uid('email-reminders');
  const email = h('input', { type: 'checkbox', id: emailId, checked: prefs.email_reminders });
  const summaryId = uid('email-summary');
  const summary = h('input', { type: 'checkbox', id: summaryId, checked: prefs.email_summary });
  const save = button('Save reminders', async () => {
    const list = times.input.value.split(/[ ,;]+/).map((t) => t.trim()).filter(Boolean)
      .map((t) => t.replace('.', ':')).map((t) => (/^\d:\d\d$/.test(t) ? `0${t}` : t));
    const bad = list.find((t) => !/^([01]\d|2[0-3]):[0-5]\d$/.test(t));
    mount(slot);
    if (fieldErrors({ reminder_times: times }, {
      reminder_times: bad ? `“${bad}” is not a time we can read. Write each time as hours and minutes, like 07:30 or 18:00.`
        : list.length > 4 ? 'Up to 4 reminder times, like 08:30.' : null,
    })) return;
    try {
      await api('PUT', `/patients/${userId}/preferences`, {
        reminder_times: list, utc_offset_minutes: -new Date().getTimezoneOffset(),
        email_reminders: email.checked, email_summary: summary.checked,
      });
      mount(slot, notice('success', h('p', { role: 'status' }, list.length ? `Reminders saved: ${list.join(', ')}.` : 'No reminders.')));
    } catch (e) { showFormError(slot, { reminder_times: times }, e); }
  }, { kind: 'secondary' });
  const calendarSlot = h('div');
  const calendar = button('Add to my calendar', async () => {
    try {
      const feed = await post(`/patients/${userId}/calendar`);
      const url = `${location.origin}${feed.path}`;
      mount(calendarSlot, notice('info',
        h('p', 'Subscribe to this address in your calendar app. Keep it private: anyone with it can see your reminder times. Making a new one turns this one off.'),
        h('p', h('code', { class: 'feed-url' }, url)),
        button('Turn the calendar address off', async () => {
          await del(`/patients/${userId}/calendar`);
          mount(calendarSlot, notice('success', h('p', { role: 'status' }, 'The calendar address no longer works.')));
        }, { kind: 'secondary' })));
    } catch (e) { showError(calendarSlot, e); }
  }, { kind: 'secondary' });
  return h('section', { class: 'card', 'aria-labelledby': 'reminders-title' },
    h('h2', { id: 'reminders-title' }, 'Reminders'),
    h('p', 'A gentle reminder at the times you choose. They never mention your symptoms.'),
    times,
    h('div', { class: 'choice single' }, email, h('label', { for: emailId }, 'Also send reminders by e-mail')),
    h('div', { class: 'choice single' }, summary, h('label', { for: summaryId }, 'Send me a weekly summary by e-mail')),
    save, slot, calendar, calendarSlot,
    h('h3', 'Recent reminders and summaries'),
    notices.length === 0 ? h('p', { class: 'hint' }, 'None yet.')
      : h('ul', { class: 'notices' }, notices.slice(0, 5).map((n) => h('li',
        n.type === 'weekly_summary'
          ? `Week of ${plainDate(n.week_of)}: ${n.sessions} ${n.sessions === 1 ? 'session' : 'sessions'}, ${n.active_minutes} active minutes.`
          : plainText(n.text)))));
}

// The timers' tone and buzz, kept on this device (lib/cues.js): the same
// setting as the switch beside each timer.
function timerCard() {
  return h('section', { class: 'card', 'aria-labelledby': 'timer-title' },
    h('h2', { id: 'timer-title' }, 'Timer sounds on this device'),
    h('p', canVibrate()
      ? 'A short beep and a buzz when a timer moves from hold to rest, and when it is done, so you need not watch the screen. Off unless you turn it on; the choice stays on this phone or computer.'
      : 'A short beep when a timer moves from hold to rest, and when it is done, so you need not watch the screen. Off unless you turn it on; the choice stays on this computer.'),
    cueSwitch(canVibrate() ? 'Beep and vibrate when a timer changes' : 'Beep when a timer changes'));
}

// A new password (the current one first), and signing out everywhere.
function signInCard(user) {
  const slot = h('div');
  const current = field({ label: 'Current password', type: 'password', name: 'current_password', autocomplete: 'current-password', required: true });
  const next = field({
    label: 'New password', type: 'password', name: 'new_password', autocomplete: 'new-password', required: true,
    hint: user.role === 'clinician' || user.role === 'admin'
      ? 'At least 12 characters. A short sentence you can remember works well.'
      : 'At least 10 characters. A short sentence you can remember works well.',
  });
  const submit = button('Change my password', null, { type: 'submit', kind: 'secondary' });
  const form = h('form', { class: 'stack', novalidate: true }, current, next, slot, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!current.input.value || !next.input.value) {
      showError(slot, { message: 'Please enter your current password and a new one.' });
      return;
    }
    submit.disabled = true;
    try {
      await changePassword(current.input.value, next.input.value);
      current.input.value = '';
      next.input.value = '';
      mount(slot, notice('success', h('p', { role: 'status' }, 'Your password has been changed. Every other device where you were signed in has been signed out.')));
    } catch (e) {
      showFormError(slot, { password: next }, e);
    }
    submit.disabled = false;
  });
  const everywhere = button('Sign out everywhere', async () => {
    await signOutEverywhere().catch(() => {});
    navigate('/login', { replace: true });
  }, { kind: 'secondary' });
  return h('section', { class: 'card', 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title' }, 'Password and signing in'),
    form,
    h('h3', 'Signed in somewhere you should not be?'),
    h('p', 'This signs you out on every device, this one too.'),
    everywhere);
}

// For a person who signed up on their own: a clinic's invitation code joins
// them to it (POST /patients/{id}/clinic); its clinicians then see their
// progress.
function joinClinicCard(userId) {
  const slot = h('div');
  const code = field({
    label: 'Invitation code', name: 'code', autocomplete: 'off',
    hint: 'The code your clinic gave you. Its clinicians will then see your answers, sessions and progress, to look after you.',
  });
  const submit = button('Join the clinic', null, { type: 'submit', kind: 'secondary' });
  const form = h('form', { class: 'stack', novalidate: true }, code, slot, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    mount(slot);
    if (fieldErrors({ code }, { code: code.input.value.trim() ? null : 'Please enter the code from your clinic.' })) return;
    submit.disabled = true;
    try {
      const reply = await post(`/patients/${userId}/clinic`, { code: code.input.value.trim() });
      await restore();
      navigate(`/account?joined=${encodeURIComponent(reply.clinic.name)}`, { replace: true });
    } catch (e) {
      if (e.detail && /not valid or has been used/.test(e.detail)) {
        fieldErrors({ code }, { code: 'This code does not work: it may have been used already, or mistyped. Check it with your clinic.' });
      } else {
        showFormError(slot, { code }, e);
      }
      submit.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'join-title' },
    h('h2', { id: 'join-title' }, 'Join a clinic'), form);
}

export async function accountPage(main, _params = {}, query = {}) {
  const user = currentUser();
  const signOutButton = button('Sign out', async () => {
    await signOut().catch(() => {});
    navigate('/welcome', { replace: true });
  }, { kind: 'secondary' });
  add(main, h('h1', 'Your account'),
    h('dl', { class: 'details' }, h('dt', 'Name'), h('dd', { dir: 'auto' }, user.display_name), h('dt', 'Email'), h('dd', user.email)));
  if (isPatient()) {
    const downloadSlot = h('div');
    add(main, 
      h('section', { class: 'card', 'aria-labelledby': 'who-title' },
        h('h2', { id: 'who-title' }, 'Who can see your data'),
        query.joined ? notice('success', h('p', { role: 'status' }, 'You have joined ', bidi(query.joined), '. Its clinicians can now see your progress.')) : null,
        h('ul', h('li', 'You.'),
          user.clinic_id
            ? h('li', 'The clinicians of the clinic you joined, so they can look after you.')
            : h('li', 'Nobody else: you joined on your own, not through a clinic.'),
          h('li', 'The supporters you invite, and only what you share with them (see ', h('a', { href: '/care-team' }, 'your care team'), ').'),
          h('li', 'Nobody outside that. Every time someone opens your data, it is recorded.'))),
      user.clinic_id ? null : joinClinicCard(user.id),
      await remindersCard(user.id),
      await recordingsCard(user.id),
      timerCard(),
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
  add(main, signInCard(user), h('p', signOutButton));
}
