// Today: the day's session as exercise cards, the bad-day switch, the
// engine's decisions with their reasons, and the session log. A log that
// cannot be sent is kept on the device and sent when the connection returns.
import { get, post } from '../lib/api.js';
import { h, announce, add, mount } from '../lib/dom.js';
import { today, longDate, addDays, plainText } from '../lib/dates.js';
import { keep, flush, outbox, discardRefused } from '../lib/outbox.js';
import { navigate } from '../lib/router.js';
import { currentUser } from '../lib/session.js';
import { button, scale } from '../ui/controls.js';
import { decisionList, notable } from '../ui/decisions.js';
import { exerciseCard } from '../ui/exercise_card.js';
import { notice, showError } from '../ui/feedback.js';
import { newSymptoms } from '../ui/new_symptoms.js';
import { screenResult } from '../ui/screen_result.js';
import { callButton, openEmergencyDialog } from '../ui/emergency.js';

// When the engine stops the programme (a new red flag), its first message is
// the screen's headline: shown first, in the emergency style.
export function stoppedPanel(messages, { asPage = false } = {}) {
  const [first, ...rest] = (messages && messages.length ? messages : ['Your programme is stopped for now.']).map(plainText);
  return h('section', { class: 'urgent emergency', role: asPage ? null : 'alert', 'aria-labelledby': 'stopped-title' },
    h('p', { class: 'urgent-kicker' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), 'Important'),
    h(asPage ? 'h1' : 'h2', { id: 'stopped-title', class: 'urgent-headline' }, first),
    rest.map((m) => h('p', m)),
    callButton(),
    h('p', 'Your exercise programme has stopped. Please get seen first; backcoach will be here afterwards.'),
    h('p', button('When to get emergency help', openEmergencyDialog, { kind: 'secondary' })));
}

function names(plan, cards) {
  const out = {};
  for (const e of plan.exercises || []) out[e.id] = e.name;
  for (const c of cards) out[c.id] = c.name;
  return out;
}

function whyFor(plan, id) {
  const r = (plan.rationale || []).find((x) => x.subject === id && x.decision === 'included');
  return r ? plainText(r.reason) : null;
}

function outboxNotice(userId) {
  const box = outbox(userId);
  if (box.pending.length === 0 && box.refused.length === 0) return null;
  return h('div', { class: 'notice info', role: 'status' },
    box.pending.length ? h('p', `${box.pending.length === 1 ? 'One session is' : `${box.pending.length} sessions are`} saved on this device and will be sent when you are back online.`) : null,
    box.refused.map((item, i) => h('p', `${item.label} could not be sent: ${item.reason} `,
      button('Remove it', () => { discardRefused(userId, i); navigate(location.pathname); }, { kind: 'link' }))));
}

// The morning after a session (up to two days later), until the person has said how they are.
// The plan's memory of recent days marks a missing next-morning rating as negative.
export function checkinDue(plan, date) {
  const days = plan.recent_days || [];
  const last = days[days.length - 1];
  if (!last || !plan.last_log || last.date !== plan.last_log) return false;
  const missing = last.next_morning === null || last.next_morning === undefined || last.next_morning < 0;
  return missing && plan.last_log < date && plan.last_log >= addDays(date, -2);
}

function checkinBanner(plan, date) {
  if (!checkinDue(plan, date)) return null;
  return h('div', { class: 'notice checkin' },
    h('p', h('strong', 'Good morning. '), `How is your back after your session on ${longDate(plan.last_log)}?`),
    h('p', h('a', { class: 'button primary', href: '/checkin' }, 'Tell us in one tap')));
}

export async function todayPage(main) {
  const userId = currentUser().id;
  const date = today();
  const sent = await flush(userId).catch(() => []);
  let plan;
  try {
    plan = await get(`/patients/${userId}/plan`);
  } catch (e) {
    if (e.status === 404 || e.status === 409) { navigate('/intake', { replace: true }); return; }
    throw e;
  }
  if (plan.status === 'no_plan') {
    const screen = await get(`/patients/${userId}/screen`);
    add(main, screenResult(screen), h('p', 'There is no exercise plan for now. ', h('a', { href: '/intake' }, 'Answer the questions again'), ' when things have changed.'));
    return;
  }
  if (plan.status === 'stopped') {
    add(main, stoppedPanel(plan.messages, { asPage: true }),
      h('p', 'When you have been seen, you can ', h('a', { href: '/intake' }, 'answer the questions again'), '.'));
    return;
  }
  const [day, sessions] = await Promise.all([
    get(`/patients/${userId}/today?date=${date}`),
    get(`/patients/${userId}/sessions?limit=3`).catch(() => ({ records: [] })),
  ]);
  const loggedToday = (sessions.records || []).some((r) => r.date === date);
  const exerciseNames = names(plan, [...day.exercises, ...day.bad_day_session]);

  add(main, 
    h('h1', 'Today'),
    h('p', { class: 'lead' }, longDate(date)),
    sent.length ? notice('success', h('p', `Sent ${sent.length === 1 ? 'the session' : `${sent.length} sessions`} you logged while offline.`)) : null,
    outboxNotice(userId),
    checkinBanner(plan, date),
    plan.messages && plan.messages.length ? h('div', { class: 'notice info' }, plan.messages.map((m) => h('p', plainText(m)))) : null,
    day.status === 'flare_up' ? notice('calm', h('h2', 'A gentler week'),
      h('p', 'Flare-ups are common and they settle. For now your plan is a short, gentle session and a short walk each day. Nothing moves up until your back has calmed down.')) : null);

  if (day.step_goal) add(main, stepGoalCard(day.step_goal));
  const changes = notable(day.decisions);
  if (changes.length) {
    add(main, h('section', { class: 'card' }, h('h2', 'What changed after your last session, and why'), decisionList(changes, exerciseNames)));
  }
  if (loggedToday) {
    add(main, notice('success', h('h2', 'Today’s session is logged'), h('p', 'Thank you. Rest well, and tell us tomorrow morning how your back feels.'),
      h('p', h('a', { href: '/progress' }, 'See your progress'))));
    return;
  }
  if (day.kind === 'rest' && day.status !== 'flare_up') {
    const next = (plan.schedule || []).find((d) => d.date > date && d.kind !== 'rest');
    add(main, h('section', { class: 'card' }, h('h2', 'A rest day'),
      h('p', 'Rest days are part of the plan: they give your body time to adapt. A gentle walk is always fine if you feel like it.'),
      next ? h('p', `Your next session is on ${longDate(next.date)}.`) : null));
    return;
  }
  add(main, sessionSection(userId, date, plan, day, exerciseNames));
}

// The walking goal in steps, from the person's imported counts, with its reason.
function stepGoalCard(goal) {
  return h('section', { class: 'card', 'aria-labelledby': 'steps-goal-title' },
    h('h2', { id: 'steps-goal-title' }, `Walking: ${goal.daily_steps.toLocaleString()} steps a day`),
    h('p', plainText(goal.reason.reason)),
    h('p', { class: 'hint' }, 'From the steps you imported. Walk at your own pace; a slow walk counts too.'));
}

// The session being logged is kept on this device at every tap (pain,
// not done, what it was like, how far each timer got, the finishing
// questions), so a reload, or a phone that discards the tab in the
// background, loses nothing. It is kept under the person and the day, and
// holds which session it was for (the day's cards and their doses): when
// the plan has changed since (a new intake, a clinician's adjustment), the
// taps belong to another session and go. It stays until the session is
// logged (sent, or kept in the outbox); a draft of another day is stale and goes.
function draftKey(userId, date) { return `backcoach.session.${userId}.${date}`; }

// Which session the draft is for: the day's cards, full and gentle, with their doses.
export function sessionFingerprint(day) {
  const cards = (list) => (list || []).map((c) => [c.id, c.level, c.dose || null]);
  return JSON.stringify([cards(day.exercises), cards(day.bad_day_session)]);
}

function loadDraft(userId, date, session) {
  try {
    const prefix = `backcoach.session.${userId}.`;
    for (const key of Object.keys(localStorage)) if (key.startsWith(prefix) && key !== draftKey(userId, date)) localStorage.removeItem(key);
    const draft = JSON.parse(localStorage.getItem(draftKey(userId, date)));
    if (!draft || typeof draft !== 'object') return null;
    if (draft.session !== session) {
      localStorage.removeItem(draftKey(userId, date));
      return null;
    }
    return draft;
  } catch {
    return null;
  }
}

function saveDraft(userId, date, draft) {
  try { localStorage.setItem(draftKey(userId, date), JSON.stringify(draft)); } catch { /* full: kept in this page only */ }
}

function dropDraft(userId, date) {
  try { localStorage.removeItem(draftKey(userId, date)); } catch { /* nothing to drop */ }
}

function sessionSection(userId, date, plan, day, exerciseNames) {
  const section = h('section', { class: 'session', 'aria-labelledby': 'session-title' });
  const session = sessionFingerprint(day);
  const draft = loadDraft(userId, date, session);
  let badDay = day.status === 'flare_up' || Boolean(draft && draft.badDay);
  const states = new Map(Object.entries((draft && draft.states) || {}));
  const finish = {
    painAfter: draft ? draft.painAfter : undefined, effort: draft ? draft.effort : undefined,
    symptoms: (draft && draft.symptoms) || {},
  };
  const persist = () => saveDraft(userId, date, { session, badDay, states: Object.fromEntries(states), ...finish });
  const restored = [...states.values()].some((st) => st.pain !== undefined || st.done === false || st.coach || st.timer > 0)
    || finish.painAfter !== undefined || finish.effort !== undefined || Object.keys(finish.symptoms).length > 0;
  const draw = () => {
    const cards = badDay ? day.bad_day_session : day.exercises;
    const cardEls = cards.map((c) => {
      if (!states.has(c.id)) states.set(c.id, {});
      return exerciseCard(c, { why: badDay ? null : whyFor(plan, c.id), state: states.get(c.id), onChange: persist });
    });
    const toggle = h('button', { type: 'button', class: ['button', badDay ? 'secondary' : 'calm'], 'aria-pressed': String(badDay) },
      badDay ? 'Back to the full session' : 'I’m having a bad day');
    toggle.addEventListener('click', () => {
      badDay = !badDay;
      persist();
      draw();
      announce(badDay ? 'Switched to the short, gentle session.' : 'Switched back to the full session.');
      section.querySelector('#session-title').focus();
    });
    const minutes = badDay ? null : day.minutes;
    mount(section, 
      h('div', { class: 'session-head' },
        h('h2', { id: 'session-title', tabindex: '-1' }, badDay ? 'A short, gentle session' : `Today’s session${minutes ? `, about ${minutes} minutes` : ''}`),
        day.status === 'flare_up' ? null : toggle),
      badDay ? notice('calm', h('p', 'That’s OK: bad days happen, and they pass. This short session keeps you moving gently without asking too much. Nothing in your plan moves up after a bad day.')) : null,
      h('p', { class: 'hint' }, 'After each exercise, tap how much it hurt (0 is none). If it hurt, tap what it was like.'),
      restored ? notice('info', h('p', 'What you tapped earlier is kept on this device until you save the session.')) : null,
      cardEls,
      finishForm(userId, date, plan, cardEls, () => badDay, exerciseNames, finish, persist));
  };
  draw();
  return section;
}

function finishForm(userId, date, plan, cardEls, isBadDay, exerciseNames, finish, persist) {
  const symptoms = newSymptoms(plan.request || {}, {
    saved: finish.symptoms, onChange: () => { finish.symptoms = symptoms.fields(); persist(); },
  });
  const errors = h('div');
  const save = button('Save my session', null, { type: 'submit' });
  const form = h('form', { class: 'card finish stack', novalidate: true, 'aria-labelledby': 'finish-title' },
    h('h3', { id: 'finish-title' }, 'When you have finished'),
    scale({ name: 'pain-after', legend: 'Your back pain now, after the session', minLabel: 'no pain', maxLabel: 'worst imaginable',
      value: finish.painAfter, onChange: (v) => { finish.painAfter = v; persist(); } }),
    scale({ name: 'effort', legend: 'How hard did the session feel overall?', minLabel: 'no effort at all', maxLabel: 'the hardest I could do',
      value: finish.effort, onChange: (v) => { finish.effort = v; persist(); } }),
    symptoms, errors, save);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const entries = cardEls.map((c) => c.entry());
    if (entries.every((e) => e === null)) {
      showError(errors, { message: 'Tap a pain number on each exercise you did (0 if it did not hurt), or mark it as not done.' });
      return;
    }
    if (finish.painAfter === undefined || finish.effort === undefined) {
      showError(errors, { message: 'Please tap your pain now and how hard the session felt.' });
      return;
    }
    const body = {
      date, exercises: entries.map((e, i) => e || { id: cardEls[i].dataset.exercise, done: false }),
      pain_after: finish.painAfter, effort: finish.effort, bad_day: isBadDay(), ...symptoms.fields(),
    };
    save.disabled = true;
    mount(errors);
    const path = `/patients/${userId}/sessions`;
    let result;
    try {
      const reply = await post(path, body);
      dropDraft(userId, date);
      // A step down may bring in an exercise the page has not named yet.
      const fresh = await get(`/patients/${userId}/plan`).catch(() => null);
      if (fresh) Object.assign(exerciseNames, names(fresh, []));
      result = sessionOutcome(reply, exerciseNames);
    } catch (e) {
      save.disabled = false;
      if (!e.offline) {
        showError(errors, e);
        return;
      }
      keep(userId, path, body, `The session of ${longDate(date)}`);
      dropDraft(userId, date);
      result = notice('info', h('h2', 'Saved on this device'),
        h('p', 'You seem to be offline. Your session is kept on this phone or computer and will be sent as soon as the connection is back. You do not need to enter it again.'));
    }
    // The cards are done with: the outcome replaces the whole session, and takes the focus.
    form.closest('.session').replaceWith(result);
    const heading = result.querySelector('h2, h3');
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  });
  return form;
}

// What the engine decided after the session, with its reasons.
export function sessionOutcome(reply, exerciseNames) {
  if (reply.status === 'stopped') return stoppedPanel(reply.messages);
  const changes = notable(reply.decisions);
  return h('section', { class: 'card outcome', role: 'status' },
    h('h2', 'Session saved. Thank you.'),
    reply.status === 'flare_up' ? h('p', 'Flare-ups are common and they settle. Your plan is now gentler for a few days.') : null,
    (reply.messages || []).map((m) => h('p', plainText(m))),
    changes.length ? [h('h3', 'What changes next time, and why'), decisionList(changes, exerciseNames)]
      : h('p', 'Everything stays as it is for now. Tomorrow morning, tell us how your back feels: that decides what moves up.'),
    h('p', h('a', { href: '/progress' }, 'See your progress')));
}

