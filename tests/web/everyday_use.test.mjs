// Everyday use, second round, on a phone (390x844) and a desktop: the
// timers' progress is kept with an unfinished session, which belongs to the
// day's session as the plan has it; a button that opens a panel is a
// disclosure that says so; no page shows an ISO date, a rule code or an API
// name; the timers' tone is a setting on the account page too, and the
// emergency card calls the number the server gives; a person's words take
// their own direction; a lesson that does not exist says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, api, calmRequest, checkBoth, launch, login, openContext, signInUi, signUpWithIntake, uniqueEmail } from './lib.mjs';
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

function newPatient({ name = 'Robin', request = {}, invitation } = {}) {
  return signUpWithIntake('everyday-use', { ...ACUTE, ...request }, { name, invitation, password: PASSWORD });
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
  // The turn is a short transition: wait for it to end.
  let turned = await chevron(open);
  for (let i = 0; i < 20 && turned === closed; i += 1) {
    await page.waitForTimeout(50);
    turned = await chevron(open);
  }
  assert.notEqual(turned, closed, 'the chevron turns');
  const panel = page.locator(`#${await open.getAttribute('aria-controls')}`);
  await panel.getByLabel('I understand that my account and all my data will be erased').waitFor();
  await checkBoth(page, 'erase-disclosure');
  await open.click();
  assert.equal(await open.getAttribute('aria-expanded'), 'false');
  assert.ok(await panel.isHidden());
});

// Machine text a person should never read: ISO dates, rule codes, API
// field names (snake_case) and the API's own "field '...'".
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const RULE_CODE = /\b[A-Z]{1,3}\d{1,3}: /;
const API_NAME = /\b[a-z]+(?:_[a-z0-9]+)+\b|[Ff]ield '/;

async function plainPage(page, path, ready) {
  await page.goto(`${BASE}${path}`);
  await page.locator('h1').first().waitFor();
  if (ready) await ready();
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
  await page.waitForLoadState('networkidle').catch(() => {});
  // Everything behind a disclosure counts too.
  const text = await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    return document.body.innerText;
  });
  for (const [what, pattern] of [['an ISO date', ISO_DATE], ['a rule code', RULE_CODE], ['an API name', API_NAME]]) {
    const found = pattern.exec(text);
    assert.equal(found, null, `${path} shows ${what}: "${found && text.slice(Math.max(0, found.index - 60), found.index + 60)}"`);
  }
}

test('no page shows an ISO date, a rule code or an API name, for a patient, a supporter, a clinician or a guest', async () => {
  const { token: leeToken } = await login('lee@demo.backcoach.example');
  const { data: invitation } = await api('POST', '/clinic/invitations', { token: leeToken, body: {} });
  const person = await newPatient({ invitation: invitation.code, request: { goals: ['walk the dog for an hour'] } });
  const day = await api('GET', `/patients/${person.id}/today?date=${person.date}`, { token: person.token });
  const exercises = day.data.exercises.map((e, i) => ({ id: e.id, pain_during: i === 0 ? 4 : 1, sharp_pain: i === 0, what_hurt: i === 0 ? 'low back' : undefined }));
  const logged = await api('POST', `/patients/${person.id}/sessions`, { token: person.token, body: { date: person.date, exercises, pain_after: 3, effort: 5 } });
  assert.equal(logged.status, 201, JSON.stringify(logged.data));
  await api('POST', `/patients/${person.id}/pain`, { token: person.token, body: { pain: 3 } });
  await api('POST', `/patients/${person.id}/questionnaires/peg`, { token: person.token, body: { answers: { pain: 4, enjoyment: 3, activity: 3 } } });
  const { data: code } = await api('POST', `/patients/${person.id}/care-team/invitations`, { token: person.token, body: { scopes: ['progress', 'symptoms'] } });
  const supporterEmail = uniqueEmail('everyday-use-supporter');
  const { data: supporter } = await api('POST', '/auth/signup', { body: { email: supporterEmail, password: PASSWORD, display_name: 'Sam', supporter_code: code.code } });
  await api('POST', `/patients/${person.id}/messages`, { token: supporter.token, body: { text: 'Well done this week!' } });
  await api('POST', `/patients/${person.id}/notes`, { token: leeToken, body: { text: 'Doing well.' } });
  const lessons = await api('GET', '/lessons', { token: person.token });

  const page = await newPage({ locale: 'en-GB' });
  await signInUi(page, person.email, PASSWORD);
  await plainPage(page, '/today', () => page.getByRole('heading', { name: 'Today’s session is logged' }).waitFor());
  await plainPage(page, '/progress', () => page.getByRole('heading', { name: 'How things are going' }).waitFor());
  await plainPage(page, '/care-team', () => page.getByText('Well done this week!').waitFor());
  await plainPage(page, '/lessons');
  await plainPage(page, `/lessons/${lessons.data.lessons[0].id}`);
  await plainPage(page, '/account', () => page.getByRole('heading', { name: 'Reminders', exact: true }).waitFor());
  await plainPage(page, '/result');
  await plainPage(page, '/checkin');
  await plainPage(page, '/intake');
  await plainPage(page, '/emergency');
  await plainPage(page, '/no-such-page');

  // Tom's flare-up, in the United States (everyday.test.mjs reads his Today, Progress and Account).
  const tom = await newPage({ locale: 'en-US' });
  await signInUi(tom, 'tom@demo.backcoach.example', 'backcoach-demo');
  for (const path of ['/result', '/checkin']) await plainPage(tom, path);

  const helper = await newPage();
  await signInUi(helper, supporterEmail, PASSWORD);
  await plainPage(helper, '/supporting');
  await plainPage(helper, `/supporting/${person.id}`, () => helper.getByText('Well done this week!').waitFor());

  const lee = await newPage({ locale: 'en-GB' });
  await signInUi(lee, 'lee@demo.backcoach.example', 'backcoach-demo');
  await plainPage(lee, '/clinic', () => lee.getByText(/^Patients 1 to/).waitFor());
  await plainPage(lee, `/clinic/patients/${person.id}`, () => lee.getByRole('heading', { name: 'Notes' }).waitFor());
  const { data } = await api('GET', '/clinic/patients?search=Ahmed%20Karimi', { token: leeToken });
  await plainPage(lee, `/clinic/patients/${data.patients[0].id}`, () => lee.getByRole('heading', { name: 'Needs attention' }).waitFor());
  await plainPage(lee, '/clinic/invite');

  const guest = await newPage();
  for (const path of ['/welcome', '/signup', '/reset-password']) await plainPage(guest, path);
});

test('a field the server refuses is named in plain words beside it', async () => {
  const person = await newPatient();
  const page = await newPage();
  await signInUi(page, person.email, PASSWORD);
  // The server's own refusal, in its own words, as a newer server might word it.
  await page.route('**/api/v1/patients/*/preferences', (route) => (route.request().method() === 'PUT'
    ? route.fulfill({ status: 422, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'invalid_argument', message: "field 'reminder_times' must be at most 4 times of the form HH:MM" } }) })
    : route.continue()));
  await page.goto(`${BASE}/account`);
  await page.getByLabel('Reminder times').fill('08:30');
  await page.getByRole('button', { name: 'Save reminders' }).click();
  const field = page.locator('.field', { has: page.getByLabel('Reminder times') });
  await field.getByText('Up to 4 reminder times, like 08:30.').waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /Field '|reminder_times|HH:MM/);
  await checkBoth(page, 'server-field-error');
});

// A tone and a buzz are recorded, not played (as in everyday.test.mjs).
async function recordCues(page) {
  await page.addInitScript(() => {
    window.cues = [];
    class FakeAudio {
      constructor() { this.currentTime = 0; this.state = 'running'; this.destination = {}; }
      createOscillator() {
        const osc = { frequency: { value: 0 }, connect: (next) => next, start: () => window.cues.push(`tone ${osc.frequency.value}`), stop() {} };
        return osc;
      }
      createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (next) => next }; }
      resume() {}
    }
    window.AudioContext = FakeAudio;
    Object.defineProperty(Navigator.prototype, 'vibrate', { configurable: true, value: (pattern) => { window.cues.push(`vibrate ${JSON.stringify(pattern)}`); return true; } });
  });
}

test('the timers\' tone and buzz are a setting on the account page, off until turned on, and the call button takes the server\'s number', async () => {
  const person = await newPatient();
  const page = await newPage();
  await recordCues(page);
  await page.clock.install();
  await signInUi(page, person.email, PASSWORD);
  await page.goto(`${BASE}/account`);
  const setting = page.getByLabel('Beep and vibrate when a timer changes');
  assert.equal(await setting.isChecked(), false, 'off by default');
  await setting.check();
  await checkBoth(page, 'timer-setting');
  await openToday(page);
  const timer = page.getByRole('group', { name: /^Hold timer for/ }).first();
  assert.ok(await timer.getByLabel('Beep and vibrate at each change').isChecked(), 'the timers follow the setting');
  await timer.getByRole('button', { name: 'Start the hold timer' }).click();
  await page.clock.runFor(1000);
  assert.deepEqual(await page.evaluate(() => window.cues), ['tone 880', 'vibrate 200']);
  await page.goto(`${BASE}/account`);
  await page.getByLabel('Beep and vibrate when a timer changes').uncheck();
  await openToday(page);
  assert.equal(await page.getByRole('group', { name: /^Hold timer for/ }).first().getByLabel('Beep and vibrate at each change').isChecked(), false);

  // A server that sends its clinic's number: the card calls that, whatever the browser's language.
  const swiss = await newPage({ locale: 'en-US' });
  await swiss.route('**/api/v1/emergency', async (route) => {
    const reply = await route.fetch();
    route.fulfill({ response: reply, json: { ...(await reply.json()), emergency_number: '144' } });
  });
  await swiss.goto(`${BASE}/emergency`);
  const call = swiss.getByRole('link', { name: 'Call 144' });
  await call.waitFor();
  assert.equal(await call.getAttribute('href'), 'tel:144');
  await swiss.getByRole('button', { name: 'Emergency help' }).click();
  await swiss.getByRole('dialog').getByRole('link', { name: 'Call 144' }).waitFor();
});

// Right-to-left writing and a long word in a person's name, goal, message and note.
const RTL = 'سارة تحب المشي';
const WORD = `Rückenschmerzen${'a'.repeat(185)}`;

// Every piece of text with right-to-left letters sits in an element that
// takes its direction from its own text (<bdi>, or dir="auto").
async function ownDirection(page, path, ready) {
  await page.goto(`${BASE}${path}`);
  await page.locator('h1').first().waitFor();
  if (ready) await ready();
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
  const wrong = await page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!/[\u0590-\u08ff]/.test(node.data)) continue;
      if (!node.parentElement.closest('bdi, [dir]')) out.push(`${node.parentElement.tagName}: ${node.data.slice(0, 60)}`);
    }
    return out;
  });
  assert.deepEqual(wrong, [], `${path}: a person's words without their own direction`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the screen`);
}

test('a person\'s words in right-to-left writing keep their own direction on every page', async () => {
  const { token: leeToken } = await login('lee@demo.backcoach.example');
  const { data: invitation } = await api('POST', '/clinic/invitations', { token: leeToken, body: {} });
  const person = await newPatient({ name: RTL, invitation: invitation.code, request: { goals: [RTL, WORD] } });
  const { data: code } = await api('POST', `/patients/${person.id}/care-team/invitations`, { token: person.token, body: { scopes: ['progress'] } });
  const supporterEmail = uniqueEmail('everyday-use-rtl');
  const { data: supporter } = await api('POST', '/auth/signup', { body: { email: supporterEmail, password: PASSWORD, display_name: `${RTL} 🌻`, supporter_code: code.code } });
  await api('POST', `/patients/${person.id}/messages`, { token: person.token, body: { text: `${RTL} ${WORD}`, to: supporter.user.id } });
  await api('POST', `/patients/${person.id}/messages`, { token: supporter.token, body: { text: `${RTL} 💪🏾` } });
  await api('POST', `/patients/${person.id}/notes`, { token: leeToken, body: { text: `${RTL} ${WORD}` } });

  const page = await newPage();
  await signInUi(page, person.email, PASSWORD);
  await ownDirection(page, '/today');
  await ownDirection(page, '/progress', () => page.getByRole('heading', { name: 'How things are going' }).waitFor());
  await ownDirection(page, '/care-team', () => page.getByRole('heading', { level: 3 }).first().waitFor());
  await checkBoth(page, 'rtl-care-team');
  await ownDirection(page, '/account');

  const helper = await newPage();
  await signInUi(helper, supporterEmail, PASSWORD);
  await ownDirection(helper, '/supporting');
  await ownDirection(helper, `/supporting/${person.id}`, () => helper.getByRole('heading', { name: /^Encourage/ }).waitFor());
  await checkBoth(helper, 'rtl-supported');

  const lee = await newPage();
  await signInUi(lee, 'lee@demo.backcoach.example', 'backcoach-demo');
  await ownDirection(lee, `/clinic?search=${encodeURIComponent(RTL)}`, () => lee.getByText(/^Patients 1 to/).waitFor());
  await ownDirection(lee, `/clinic/patients/${person.id}`, () => lee.getByRole('heading', { name: 'Notes' }).waitFor());
  await checkBoth(lee, 'rtl-clinic-patient');
});

test('a lesson that does not exist says so, with the way to the lessons there are', async () => {
  const person = await newPatient();
  const page = await newPage();
  await signInUi(page, person.email, PASSWORD);
  await page.goto(`${BASE}/lessons/no-such-lesson`);
  await page.getByRole('heading', { level: 1, name: 'We could not find this lesson' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), 0);
  await checkBoth(page, 'lesson-not-found');
  await page.getByRole('link', { name: 'See all the lessons' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lessons' }).waitFor();
  // A page that does not exist at all has its heading too.
  await page.goto(`${BASE}/no-such-page`);
  await page.getByRole('heading', { level: 1, name: 'We could not find this page' }).waitFor();
  await checkBoth(page, 'page-not-found');
});
