// The next-morning check-in: one tap on how the back feels the morning after
// a session. Nothing moves up without it (docs/progress.md).
import { get, post } from '../lib/api.js';
import { h, add, mount } from '../lib/dom.js';
import { longDate } from '../lib/dates.js';
import { currentUser } from '../lib/session.js';
import { keep } from '../lib/outbox.js';
import { scale } from '../ui/controls.js';
import { decisionList, notable } from '../ui/decisions.js';
import { notice, showError } from '../ui/feedback.js';

export async function checkinPage(main) {
  const userId = currentUser().id;
  const plan = await get(`/patients/${userId}/plan`);
  add(main, h('h1', 'Morning check-in'));
  if (!plan.last_log) {
    add(main, h('p', 'There is no session to check in about yet. ', h('a', { href: '/today' }, 'See today’s session'), '.'));
    return;
  }
  const names = Object.fromEntries((plan.exercises || []).map((e) => [e.id, e.name]));
  const errors = h('div');
  const result = h('div', { 'aria-live': 'polite' });
  const send = async (pain) => {
    mount(errors);
    const path = `/patients/${userId}/checkins`;
    const body = { date: plan.last_log, pain_next_morning: pain };
    try {
      const reply = await post(path, body);
      const changes = notable(reply.decisions);
      mount(result, notice('success', h('h2', 'Thank you'),
        changes.length ? [h('p', 'Here is what that means for your plan:'), decisionList(changes, names)]
          : h('p', 'Your plan stays as it is for now.'),
        h('p', h('a', { href: '/today' }, 'Back to today'))));
    } catch (e) {
      if (e.offline) {
        keep(userId, path, body, `The check-in for ${longDate(plan.last_log)}`);
        mount(result, notice('info', h('p', 'Saved on this device; it will be sent when you are back online.')));
      } else {
        showError(errors, e);
      }
    }
  };
  add(main, 
    h('p', { class: 'lead' }, `After your session on ${longDate(plan.last_log)}:`),
    scale({ name: 'morning', legend: 'How is your back pain this morning?', minLabel: 'no pain', maxLabel: 'worst imaginable', onChange: send }),
    h('p', { class: 'hint' }, 'Some stiffness or soreness the next morning is normal, and it settles.'),
    errors, result);
}
