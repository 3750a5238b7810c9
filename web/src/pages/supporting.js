// A supporter's pages: the people they support, and for each one what the
// person shares (sessions and the weekly streak; active minutes and levels
// with progress; pain with symptoms; and what is not shared, said plainly),
// and the thread with them, where encouragement is sent.
import { get, post } from '../lib/api.js';
import { bidi, h, add } from '../lib/dom.js';
import { navigate } from '../lib/router.js';
import { button, field } from '../ui/controls.js';
import { showError } from '../ui/feedback.js';
import { plainDate, today } from '../lib/dates.js';
import { currentUser } from '../lib/session.js';
import { levelsChart, minutesChart, painChart, weeklyStreak } from '../ui/progress_charts.js';
import { loadThread, thread } from '../ui/messages.js';

// Someone else's code, for a supporter who already has an account.
function joinForm() {
  const code = field({ label: 'A supporter code you were given', name: 'code', autocomplete: 'off' });
  const errors = h('div');
  const submit = button('Join their care team', null, { type: 'submit' });
  const form = h('form', { class: 'stack', novalidate: true }, code, errors, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const joined = await post('/care/join', { code: code.input.value.trim() });
      navigate(`/supporting/${joined.patient.id}`);
    } catch (e) {
      showError(errors, e);
      submit.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'join-title' }, h('h2', { id: 'join-title' }, 'Support someone else'), form);
}

export async function supportingPage(main) {
  const { patients } = await get('/care/patients');
  add(main, h('h1', 'People you support'),
    patients.length === 0
      ? h('p', 'Nobody at the moment. When someone invites you, enter the code they gave you below.')
      : h('ul', { class: 'plain-list' }, patients.map((p) => h('li', h('a', { href: `/supporting/${p.id}`, dir: 'auto' }, p.display_name)))),
    joinForm());
}

function lastWeek(overview) {
  const weeks = overview.weeks || [];
  return weeks.length ? weeks[weeks.length - 1] : null;
}

// What each shared scope grants (docs/care-team.md): the overview holds
// exactly those fields, and the page shows each part only when it is there.
function progressCard(overview, week) {
  return h('section', { class: 'card', 'aria-labelledby': 'progress-title' },
    h('h2', { id: 'progress-title' }, 'Progress'),
    h('p', week && week.active_minutes !== undefined ? `${week.active_minutes} active minutes in the week of ${plainDate(week.week_of)}.` : 'No minutes yet.'),
    minutesChart(overview),
    (overview.levels || []).length ? levelsChart(overview) : null);
}

function painCard(overview) {
  return h('section', { class: 'card', 'aria-labelledby': 'pain-title' },
    h('h2', { id: 'pain-title' }, 'Pain'),
    h('p', { class: 'hint' }, 'Pain is rated from 0, none, to 10, the worst imaginable. Ups and downs are normal; the trend over weeks is what counts.'),
    painChart(overview, undefined, { who: 'their' }));
}

// Said plainly, so that a supporter knows a missing part is the person's
// choice rather than a gap in the app.
function notSharedCard(name, shared) {
  const missing = [];
  if (!shared.has('progress')) missing.push('active minutes and exercise levels');
  if (!shared.has('symptoms')) missing.push('pain ratings');
  if (missing.length === 0) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'not-shared-title', 'data-testid': 'not-shared' },
    h('h2', { id: 'not-shared-title' }, 'Not shared with you'),
    h('p', bidi(name), ` has not shared ${missing.join(' or ')} with you. Only `, bidi(name), ' can change this.'));
}

export async function supportedPage(main, params) {
  const [overview, { messages, older }] = await Promise.all([get(`/patients/${params.id}/overview`), loadThread(`/patients/${params.id}/messages`)]);
  const name = overview.display_name;
  const shared = new Set(overview.scopes || []);
  const streak = weeklyStreak(overview, today());
  const week = lastWeek(overview);
  add(main, h('h1', { dir: 'auto' }, name),
    h('section', { class: 'card streak', 'aria-labelledby': 'streak-title' },
      h('h2', { id: 'streak-title' }, 'Weeks on the go'),
      h('p', { class: 'big-number' }, streak === 1 ? '1 week' : `${streak} weeks`),
      h('p', week ? `${week.sessions} ${week.sessions === 1 ? 'session' : 'sessions'} in the week of ${plainDate(week.week_of)}.` : 'No sessions logged yet.')),
    shared.has('progress') ? progressCard(overview, week) : null,
    shared.has('symptoms') ? painCard(overview) : null,
    notSharedCard(name, shared),
    h('section', { class: 'card', 'aria-labelledby': 'thread-title' },
      h('h2', { id: 'thread-title' }, 'Encourage ', bidi(name)),
      h('p', { class: 'hint' }, 'A few warm words help. Praise the effort: every session counts.'),
      thread({ patientId: params.id, messages, older, label: ['Your message to ', bidi(name)], sendLabel: 'Send encouragement' })),
    h('p', { class: 'hint' }, 'You see what ', bidi(name), ' chooses to share with you, ', bidi(currentUser().display_name), '.'));
}
