// The screen's result after the intake, and where to go from it.
import { get } from '../lib/api.js';
import { h, add } from '../lib/dom.js';
import { navigate } from '../lib/router.js';
import { currentUser } from '../lib/session.js';
import { isUrgent, screenResult } from '../ui/screen_result.js';

export async function resultPage(main) {
  const id = currentUser().id;
  let screen;
  try {
    screen = await get(`/patients/${id}/screen`);
  } catch (e) {
    if (e.status === 404) { navigate('/intake', { replace: true }); return; }
    throw e;
  }
  const plan = await get(`/patients/${id}/plan`).catch(() => null);
  add(main, screenResult(screen));
  if (screen.held_since) {
    add(main, h('p', { class: 'notice' }, 'Your new answers are saved, but this advice still stands until a clinician has seen you and cleared it.'));
  }
  const hasPlan = plan && plan.status !== 'no_plan' && plan.status !== 'stopped';
  if (isUrgent(screen)) {
    add(main, h('p', 'Your answers are saved. When you have been seen, you can answer the questions again here and we will take it from there.'),
      h('p', h('a', { href: '/intake', class: 'button secondary' }, 'Answer the questions again')));
    return;
  }
  if (hasPlan) {
    add(main, h('div', { class: 'actions' },
      h('a', { class: 'button primary', href: '/today' }, plan.status === 'walking_only' ? 'See your walking plan' : 'See your plan for today')),
    h('p', 'Your first lesson is waiting too: ', h('a', { href: plan.lessons && plan.lessons[0] ? `/lessons/${plan.lessons[0]}` : '/lessons' }, 'read it now'), '.'));
  } else {
    add(main, h('p', 'There is no exercise plan for now. Your answers are saved, so your clinician can see them.'),
      h('p', h('a', { href: '/intake', class: 'button secondary' }, 'Answer the questions again')));
  }
}
