// Lessons: short reads, the ones the plan suggests first, each ending with
// one question to check understanding. Which lessons were read is kept on
// this device only; it is a convenience, not a record.
import { get } from '../lib/api.js';
import { h, add, mount } from '../lib/dom.js';
import { currentUser } from '../lib/session.js';
import { button, choiceGroup } from '../ui/controls.js';

function readKey() { return `backcoach.lessons.${currentUser().id}`; }
function readSet() {
  try { return new Set(JSON.parse(localStorage.getItem(readKey())) || []); } catch { return new Set(); }
}
function markRead(id) {
  const set = readSet();
  set.add(id);
  localStorage.setItem(readKey(), JSON.stringify([...set]));
}

function lessonItem(l, read) {
  return h('li', { class: 'lesson-item' },
    h('a', { href: `/lessons/${l.id}` }, l.title),
    h('span', { class: 'meta' }, ` · ${l.minutes} min${read.has(l.id) ? ' · done' : ''}`),
    h('p', l.summary));
}

export async function lessonsPage(main) {
  const [list, plan] = await Promise.all([get('/lessons'), get(`/patients/${currentUser().id}/plan`).catch(() => null)]);
  const suggested = new Set((plan && plan.lessons) || []);
  const read = readSet();
  const forYou = (plan && plan.lessons ? plan.lessons : []).map((id) => list.lessons.find((l) => l.id === id)).filter(Boolean);
  const others = list.lessons.filter((l) => !suggested.has(l.id));
  add(main, h('h1', 'Lessons'),
    h('p', { class: 'lead' }, 'A few minutes each. Knowing how backs work makes it easier to keep moving.'),
    forYou.length ? [h('h2', 'Suggested for you'), h('ul', { class: 'lesson-list' }, forYou.map((l) => lessonItem(l, read)))] : null,
    h('h2', forYou.length ? 'More lessons' : 'All lessons'),
    h('ul', { class: 'lesson-list' }, others.map((l) => lessonItem(l, read))));
}

function check(lesson) {
  const result = h('div', { 'aria-live': 'polite' });
  let picked;
  const submit = button('Check my answer', () => {
    if (picked === undefined) {
      mount(result, h('p', 'Pick one answer first.'));
      return;
    }
    const right = picked === lesson.check.answer;
    if (right) markRead(lesson.id);
    mount(result, h('div', { class: ['notice', right ? 'success' : 'info'] },
      h('p', h('strong', right ? 'That’s right. ' : 'Not quite, and that is fine. '), lesson.check.explanation),
      right ? h('p', h('a', { href: '/lessons' }, 'Back to the lessons')) : h('p', 'Have another look, and try again if you like.')));
  }, { kind: 'secondary' });
  return h('section', { class: 'card check', 'aria-labelledby': 'check-title' },
    h('h2', { id: 'check-title' }, 'Quick check'),
    choiceGroup({ name: 'check', legend: lesson.check.question, options: lesson.check.options.map((o, i) => [i, o]), onChange: (v) => { picked = v; } }),
    submit, result);
}

// A lesson that does not exist (an old link, a mistyped address) says so,
// with the way to the lessons there are; trying again would not help.
export async function lessonPage(main, params) {
  let lesson;
  try {
    lesson = await get(`/lessons/${encodeURIComponent(params.id)}`);
  } catch (e) {
    if (e.status !== 404) throw e;
    add(main, h('h1', 'We could not find this lesson'),
      h('p', 'The link may be old, or the lesson may have been replaced by a newer one.'),
      h('p', h('a', { href: '/lessons' }, 'See all the lessons')));
    return;
  }
  add(main, 
    h('p', h('a', { href: '/lessons' }, '← All lessons')),
    h('article', { class: 'lesson' },
      h('h1', lesson.title),
      h('p', { class: 'lead' }, lesson.summary),
      lesson.paragraphs.map((p) => h('p', p)),
      h('section', { class: 'card key-points', 'aria-labelledby': 'kp-title' },
        h('h2', { id: 'kp-title' }, 'In short'), h('ul', lesson.key_points.map((k) => h('li', k)))),
      check(lesson),
      h('p', { class: 'sources' }, `Sources: ${lesson.sources.join('; ')}.`)));
}
