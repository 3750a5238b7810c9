// Exercises drawn moving, on a phone (390x844) and a desktop: every card
// whose exercise has a motion draws it as an SVG figure that moves, with a
// label in plain words; under reduced motion it stands still in the key
// position; a card without a motion keeps its drawing; axe finds nothing
// moderate or worse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, api, calmRequest, checkBoth, isoDate, launch, login, openContext, signInUi, uniqueEmail } from './lib.mjs';

const PASSWORD = 'a long enough password';
let browser;
let person;
const contexts = [];

before(async () => {
  browser = await launch();
  const email = uniqueEmail('motion');
  const { status, data } = await api('POST', '/auth/signup', { body: { email, password: PASSWORD, display_name: 'Sam' } });
  assert.equal(status, 201, JSON.stringify(data));
  const date = isoDate(new Date());
  const intake = await api('POST', `/patients/${data.user.id}/intake`, { token: data.token, body: { ...calmRequest(), start_date: date } });
  assert.equal(intake.status, 201, JSON.stringify(intake.data));
  const today = await api('GET', `/patients/${data.user.id}/today?date=${date}`, { token: data.token });
  person = { email, cards: today.data.exercises };
});
after(async () => {
  for (const c of contexts) assert.deepEqual(c.pageErrors, [], 'a script failed');
  await browser?.close();
});

async function todayPage(options = {}) {
  const context = await openContext(browser, PHONE, options);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20000);  // signing in hashes a password: slow on a busy machine
  await signInUi(page, person.email, PASSWORD);
  await page.goto(`${BASE}/today`);
  await page.getByRole('button', { name: 'Save my session' }).waitFor();
  return page;
}

// The figure's drawing now: the bones' paths and the head.
const pose = (figure) => figure.evaluate((svg) => [...svg.querySelectorAll('path, circle')]
  .map((e) => e.getAttribute('d') || `${e.getAttribute('cx')},${e.getAttribute('cy')}`).join('|'));

test('every exercise with a motion is drawn moving on its card, labelled in plain words', async () => {
  const moving = person.cards.filter((c) => c.motion);
  assert.ok(moving.length > 0, 'the plan has exercises with a motion');
  const page = await todayPage({ reducedMotion: 'no-preference' });
  for (const card of person.cards) {
    const article = page.locator(`article.exercise[data-exercise="${card.id}"]`);
    const figure = article.locator('.how svg.motion-figure');
    if (!card.motion) {
      assert.equal(await figure.count(), 0, `${card.id} has no motion`);
      assert.equal(await article.locator('svg.illustration').count(), 1, `${card.id} keeps its drawing`);
      continue;
    }
    assert.equal(await figure.count(), 1, `${card.id} is drawn`);
    assert.equal(await figure.getAttribute('role'), 'img');
    const label = await figure.getAttribute('aria-label');
    assert.match(label, new RegExp(`^${card.name}, seen from the (side|front): `), label);
    assert.doesNotMatch(label, /_|dose_hold|keyframe/, label);
    assert.ok((await figure.boundingBox()).height > 40, `${card.id} is big enough to see`);
  }
  // It moves: two moments of the first figure differ.
  const first = page.locator('svg.motion-figure').first();
  await first.scrollIntoViewIfNeeded();
  const before = await pose(first);
  let later = before;
  for (let i = 0; i < 20 && later === before; i += 1) {
    await page.waitForTimeout(200);
    later = await pose(first);
  }
  assert.notEqual(later, before, 'the figure moved');
  await checkBoth(page, 'motion-today');
  await page.setViewportSize(DESKTOP);
  assert.ok((await first.boundingBox()).width > 100, 'on a desktop the figure stands beside the steps');
});

test('a card the camera coach does not cover says so, with the reason the server gives', async () => {
  const page = await todayPage({ reducedMotion: 'reduce' });
  let notCovered = 0;
  for (const card of person.cards) {
    const slot = page.locator(`article.exercise[data-exercise="${card.id}"] > .coach-slot`);
    if (card.motion && card.motion.camera) {
      assert.equal(card.coach_note, null, `${card.id} is covered`);
      assert.equal(await slot.getByRole('button', { name: 'Use the camera' }).count(), 1, `${card.id} offers the camera`);
      continue;
    }
    notCovered += 1;
    assert.match(card.coach_note, /^The camera coach does not cover this exercise/);
    if (card.motion && card.motion.camera_note) assert.ok(card.coach_note.includes(card.motion.camera_note), card.coach_note);
    assert.equal((await slot.innerText()).trim(), card.coach_note, `${card.id} says why the coach does not cover it`);
    assert.ok(await slot.isVisible(), `${card.id}: the words are shown`);
    assert.equal(await slot.getByRole('button').count(), 0);
  }
  assert.ok(notCovered > 0, 'the plan has an exercise the coach does not cover');
  await checkBoth(page, 'motion-not-covered');
});

test('under reduced motion the figure stands still in the key position', async () => {
  const page = await todayPage({ reducedMotion: 'reduce' });
  const figures = page.locator('svg.motion-figure');
  assert.ok(await figures.count() > 0);
  const first = figures.first();
  await first.scrollIntoViewIfNeeded();
  const before = await pose(first);
  await page.waitForTimeout(900);
  assert.equal(await pose(first), before, 'the figure did not move');
  assert.match(await first.getAttribute('aria-label'), /Shown still, in the key position\.$/);
  // The key position, not the starting one, where it differs.
  const card = person.cards.find((c) => c.motion);
  const start = JSON.stringify(card.motion.keyframes[0].points);
  const held = card.motion.phases.find((p) => p.dose_hold) || card.motion.phases[0];
  const key = JSON.stringify(card.motion.keyframes.find((k) => k.name === held.to).points);
  if (key !== start) {
    const shown = await page.locator(`article.exercise[data-exercise="${card.id}"] svg.motion-figure`).evaluate((svg) => svg.querySelector('circle').getAttribute('cx'));
    const points = JSON.parse(key);
    assert.equal(Number(shown).toFixed(3), (((points[3][0] + points[4][0] + points[0][0]) / 3) * 100).toFixed(3));
  }
  await checkBoth(page, 'motion-reduced');
});

test('what the camera coach measured is on the clinician\'s page of the patient', async () => {
  const lee = await login('lee@demo.backcoach.example');
  const invitation = await api('POST', '/clinic/invitations', { token: lee.token });
  assert.equal(invitation.status, 201, JSON.stringify(invitation.data));
  const email = uniqueEmail('coached');
  const signup = await api('POST', '/auth/signup', { body: { email, password: PASSWORD, display_name: 'Kim', invitation_code: invitation.data.code } });
  assert.equal(signup.status, 201, JSON.stringify(signup.data));
  const { token, user } = signup.data;
  const date = isoDate(new Date());
  assert.equal((await api('POST', `/patients/${user.id}/intake`, { token, body: { ...calmRequest(), start_date: date } })).status, 201);
  // The glute bridge, which the camera coach covers (in the plan or not, its log is kept).
  const card = { id: 'glute_bridge' };
  const form = 'arching';
  const coach = { reps_done: 5, reps_prescribed: 10, hold_seconds: [2.5, 3], findings: [{ id: form, count: 2 }] };
  const logged = await api('POST', `/patients/${user.id}/sessions`, { token, body: { date, exercises: [{ id: card.id, pain_during: 2, coach }], pain_after: 2, effort: 4 } });
  assert.equal(logged.status, 201, JSON.stringify(logged.data));
  const context = await openContext(browser, DESKTOP);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await signInUi(page, 'lee@demo.backcoach.example');
  await page.goto(`${BASE}/clinic/patients/${user.id}`);
  const measured = page.locator('.coach-measure').first();
  await measured.waitFor();
  assert.equal(await measured.innerText(), `; camera: 5 of 10 repetitions, holds 2.5 to 3 seconds, ${form.replace(/_/g, ' ')} on 2`);
});
