// Everyday use, second round, on a phone (390x844) and a desktop: the
// timers' progress is kept with an unfinished session, which belongs to the
// day's session as the plan has it; a button that opens a panel is a
// disclosure that says so; no page shows an ISO date, a rule code or an API
// name; the timers' tone is a setting on the account page too, and the
// emergency card calls the number the server gives; a person's words take
// their own direction; a lesson that does not exist says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, api, calmRequest, checkBoth, isoDate, launch, login, openContext, signInUi, uniqueEmail } from './lib.mjs';
import { pick } from './ui.mjs';

const PASSWORD = 'a long enough password';
// Pain of a few days, getting better: a plan with a held stretch (a hold
// timer) and belly breathing (a timer that is not walking), every day.
const ACUTE = calmRequest({ pain_duration_weeks: 0.3, pain_now: 6, pain_trend: 'improving', days_per_week: 7, first_episode: true });
// Months of pain: another plan, with other exercises.
const CHRONIC = calmRequest({ pain_duration_weeks: 40, pain_now: 4, days_per_week: 7 });

let browser;
const contexts = [];

before(async () => { browser = await launch(); });
after(async () => {
  for (const c of contexts) assert.deepEqual(c.foreignRequests, [], 'a request went to another site');
  for (const c of contexts) assert.deepEqual(c.pageErrors, [], 'a script failed');
  await browser?.close();
});

async function newPage(options = {}) {
  const context = await openContext(browser, PHONE, options);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20000);  // signing in hashes a password: slow on a busy machine
  return page;
}

async function newPatient({ name = 'Robin', request = {}, invitation } = {}) {
  const email = uniqueEmail('everyday-use');
  const body = { email, password: PASSWORD, display_name: name };
  if (invitation) body.invitation_code = invitation;
  const { status, data } = await api('POST', '/auth/signup', { body });
  assert.equal(status, 201, JSON.stringify(data));
  const date = isoDate(new Date());
  const intake = await api('POST', `/patients/${data.user.id}/intake`, { token: data.token, body: { ...ACUTE, ...request, start_date: date } });
  assert.equal(intake.status, 201, JSON.stringify(intake.data));
  return { email, id: data.user.id, token: data.token, date };
}

async function openToday(page) {
  await page.goto(`${BASE}/today`);
  await page.getByRole('button', { name: 'Save my session' }).waitFor();
}

async function timerText(timer) {
  return (await timer.innerText()).replace(/\s+/g, ' ');
}

test('the timers\' progress is kept with the unfinished session, which goes when the plan has changed', async () => {
  const person = await newPatient();
  const page = await newPage();
  await page.clock.install();
  await signInUi(page, person.email, PASSWORD);
  await openToday(page);
  const hold = page.getByRole('group', { name: /^Hold timer for/ }).first();
  const seconds = Number((await hold.locator('.timer-clock').innerText()).split(':')[1]);
  await hold.getByRole('button', { name: 'Start the hold timer' }).click();
  await page.clock.runFor((seconds + 5 + 2) * 1000);  // one hold, its rest, and into the second hold
  await hold.getByRole('button', { name: 'Pause' }).click();
  const held = await timerText(hold);
  assert.match(held, /Hold .*Repetition 2 of/);
  const breathingName = await page.locator('.timer', { has: page.getByRole('button', { name: 'Start the timer', exact: true }) }).first().getAttribute('aria-label');
  const breathing = page.getByRole('group', { name: breathingName });
  await breathing.getByRole('button', { name: 'Start the timer', exact: true }).click();
  await page.clock.runFor(90 * 1000);
  await breathing.getByRole('button', { name: 'Pause' }).click();
  assert.equal(await breathing.locator('.timer-clock').innerText(), '1:30');

  await page.reload();
  await page.getByText('What you tapped earlier is kept on this device until you save the session.').waitFor();
  const holdAgain = page.getByRole('group', { name: /^Hold timer for/ }).first();
  assert.equal(await timerText(holdAgain), held, 'the hold timer stands where it was paused');
  await holdAgain.getByRole('button', { name: 'Carry on' }).waitFor();
  const breathingAgain = page.getByRole('group', { name: breathingName });
  assert.equal(await breathingAgain.locator('.timer-clock').innerText(), '1:30');
  await breathingAgain.getByRole('button', { name: 'Carry on' }).waitFor();
  await checkBoth(page, 'timers-kept');

  // Another intake today makes another plan: what was tapped for the old one goes.
  await pick(page.locator('form.finish'), 'Your back pain now, after the session', 3);
  const again = await api('POST', `/patients/${person.id}/intake`, { token: person.token, body: { ...CHRONIC, start_date: person.date } });
  assert.equal(again.status, 201, JSON.stringify(again.data));
  await page.reload();
  await page.getByRole('button', { name: 'Save my session' }).waitFor();
  assert.equal(await page.getByText('What you tapped earlier is kept on this device').count(), 0);
  assert.equal(await page.locator('form.finish').getByRole('group', { name: 'Your back pain now' }).locator('input:checked').count(), 0);
  for (const timer of await page.locator('.timer').all()) {
    assert.doesNotMatch(await timer.innerText(), /Carry on/, 'no timer carries on from the old plan');
  }
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('backcoach.session.'))), []);
});

// A disclosure's look: a chevron before its words, turned when open.
async function chevron(locator) {
  return locator.evaluate((el) => {
    const marker = getComputedStyle(el, '::before');
    return marker.content !== 'none' && parseFloat(marker.width) > 0 && marker.borderRightStyle === 'solid' ? marker.transform : null;
  });
}

test('showing the erasure panel is a disclosure that says whether it is open', async () => {
  const person = await newPatient();
  const page = await newPage();
  await signInUi(page, person.email, PASSWORD);
  await page.goto(`${BASE}/account`);
  const open = page.getByRole('button', { name: 'Erase my account…' });
  assert.equal(await open.getAttribute('aria-expanded'), 'false');
  const closed = await chevron(open);
  assert.ok(closed, 'the button has a chevron');
  await open.click();
  assert.equal(await open.getAttribute('aria-expanded'), 'true');
  assert.ok(await open.isVisible(), 'the button stays, to close the panel again');
  assert.notEqual(await chevron(open), closed, 'the chevron turns');
  const panel = page.locator(`#${await open.getAttribute('aria-controls')}`);
  await panel.getByLabel('I understand that my account and all my data will be erased').waitFor();
  await checkBoth(page, 'erase-disclosure');
  await open.click();
  assert.equal(await open.getAttribute('aria-expanded'), 'false');
  assert.ok(await panel.isHidden());
});

