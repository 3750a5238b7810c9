// Everyday use, on a phone (390x844) and a desktop: an unfinished session
// survives a reload and a discarded tab; disclosures look like disclosures
// and the steps are on the card; no machine text (ISO dates, rule codes,
// API field names) reaches a person and errors sit beside their field; the
// timers can beep and buzz, the 0-10 buttons are a finger wide, and the
// emergency card calls the local number; no text from a person breaks a
// page; a page that fails still has a heading, with "Try again" only where
// it can help.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, BASE, DESKTOP, PHONE, SCREENSHOTS, api, calmRequest, checkBoth, launch, login, openContext, signInUi, signUpWithIntake, uniqueEmail } from './lib.mjs';
import { pick } from './ui.mjs';

const PASSWORD = 'a long enough password';
// Pain of a few days, getting better: a plan with a held stretch (a hold
// timer) and belly breathing (a timer that is not walking), every day.
const ACUTE = calmRequest({ pain_duration_weeks: 0.3, pain_now: 6, pain_trend: 'improving', days_per_week: 7, first_episode: true });
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const RULE_CODE = /\b[EWSR]\d: /;

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

// A person who signed up alone (or with a clinic's code) and answered the intake today.
function newPatient({ name = 'Robin', request = {}, invitation } = {}) {
  return signUpWithIntake('everyday', { ...ACUTE, ...request }, { name, invitation, password: PASSWORD });
}

// One person who only looks (no session is logged), signed in once: each
// test that needs them opens a page in their browser context.
let viewer = null;
async function viewerPage() {
  if (!viewer) {
    const person = await newPatient();
    const page = await newPage();
    await signInUi(page, person.email, PASSWORD);
    viewer = { person, context: page.context() };
    return page;
  }
  const page = await viewer.context.newPage();
  page.setDefaultTimeout(20000);
  return page;
}

async function openToday(page) {
  await page.goto(`${BASE}/today`);
  await page.getByRole('button', { name: 'Save my session' }).waitFor();
}

test('an unfinished session is kept on the device through a reload and a discarded tab, until it is logged', async () => {
  const person = await newPatient();
  const page = await newPage();
  await signInUi(page, person.email, PASSWORD);
  await openToday(page);
  const cards = page.locator('article.exercise');
  await pick(cards.nth(0), /^Pain during/, 3);
  await pick(cards.nth(0), 'What was it like?', 'Dull or achy, in my back');
  await cards.nth(1).getByRole('button', { name: 'I did not do this one' }).click();
  await pick(page.locator('form.finish'), 'Your back pain now, after the session', 2);
  await page.getByText('Anything new or worrying since you started?').click();
  await page.getByLabel('A fever, or feeling hot and shivery').check();

  const kept = async (p) => {
    await p.getByText('What you tapped earlier is kept on this device until you save the session.').waitFor();
    const first = p.locator('article.exercise').nth(0);
    assert.equal(await first.locator('.log-summary').innerText(), 'Logged: pain 3 out of 10, dull or achy, in my back.');
    assert.ok(await first.getByRole('group', { name: /^Pain during/ }).getByLabel('3', { exact: true }).isChecked());
    assert.equal(await p.locator('article.exercise').nth(1).getByRole('button', { name: 'I did not do this one' }).getAttribute('aria-pressed'), 'true');
    assert.ok(await p.locator('form.finish').getByRole('group', { name: 'Your back pain now' }).getByLabel('2', { exact: true }).isChecked());
    assert.ok(await p.getByLabel('A fever, or feeling hot and shivery').isChecked(), 'a new symptom ticked is kept too');
  };
  await page.reload();
  await kept(page);
  await checkBoth(page, 'session-kept');

  // A phone that discards the tab: the page is gone, and the app opens afresh.
  const context = page.context();
  await page.close();
  const again = await context.newPage();
  await openToday(again);
  await kept(again);

  await again.getByLabel('A fever, or feeling hot and shivery').uncheck();
  const left = again.locator('article.exercise');
  for (let i = 2; i < await left.count(); i += 1) await pick(left.nth(i), /^Pain during/, 1);
  await pick(again.locator('form.finish'), 'How hard did the session feel overall?', 4);
  await again.getByRole('button', { name: 'Save my session' }).click();
  await again.getByRole('heading', { level: 2, name: 'Session saved. Thank you.' }).waitFor();
  const sessions = await api('GET', `/patients/${person.id}/sessions`, { token: person.token });
  const log = sessions.data.records[0].data.log;
  assert.equal(log.pain_after, 2);
  assert.deepEqual(log.exercises.slice(0, 2).map((e) => [e.done, e.done ? e.pain_during : null]), [[true, 3], [false, null]]);
  assert.deepEqual(await again.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('backcoach.session.'))), [],
    'the logged session is no longer kept as unfinished');
  await checkBoth(again, 'session-saved');
});

test('disclosures look like something to open, and the steps of each exercise are on its card', async () => {
  const page = await viewerPage();
  await openToday(page);
  const cards = page.locator('article.exercise');
  for (let i = 0; i < await cards.count(); i += 1) {
    const steps = cards.nth(i).locator('ol.steps li');
    assert.ok(await steps.count() > 0, `card ${i} lists its steps`);
    assert.ok(await steps.first().isVisible(), `the steps of card ${i} show without opening anything`);
  }
  const looks = async (summary) => summary.evaluate((el) => {
    const marker = getComputedStyle(el, '::before');
    const style = getComputedStyle(el);
    return { text: el.textContent, marker: marker.content !== 'none' && parseFloat(marker.width) > 0 && marker.borderRightStyle === 'solid',
      cursor: style.cursor, underline: style.textDecorationLine.includes('underline'), transform: marker.transform };
  });
  const summaries = page.locator('summary');
  assert.ok(await summaries.count() >= 2);
  for (let i = 0; i < await summaries.count(); i += 1) {
    const look = await looks(summaries.nth(i));
    assert.deepEqual([look.marker, look.cursor, look.underline], [true, 'pointer', true], `"${look.text}" does not look like a disclosure`);
  }
  // The chevron turns when it opens.
  const tips = page.getByText('Tips and common mistakes').first();
  const closed = (await looks(tips)).transform;
  await tips.click();
  // It turns over 0.15 s: wait for the turn to finish rather than read it
  // mid-way (on a busy machine the first frame may not have moved yet).
  const opened = 'matrix(0.707107, 0.707107, -0.707107, 0.707107, 0, 0)';
  await tips.evaluate((el, want) => new Promise((resolve, reject) => {
    const until = Date.now() + 5000;
    const poll = () => {
      if (getComputedStyle(el, '::before').transform === want) resolve();
      else if (Date.now() > until) reject(new Error(`the chevron stays at ${getComputedStyle(el, '::before').transform}`));
      else requestAnimationFrame(poll);
    };
    poll();
  }), opened);
  assert.notEqual(opened, closed);
  await checkBoth(page, 'disclosures-today');
  await page.goto(`${BASE}/result`);
  const signs = page.locator('summary', { hasText: 'Signs that always mean emergency help' });
  assert.ok((await looks(signs)).marker);
  await checkBoth(page, 'disclosures-result');
  await page.close();
});

test('dates read in the person\'s language, and no rule codes or ISO dates reach a clinician', async () => {
  const lee = await newPage({ locale: 'en-GB' });
  await signInUi(lee, 'lee@demo.backcoach.example', 'backcoach-demo');
  await lee.goto(`${BASE}/clinic`);
  await lee.getByText(/^Patients 1 to/).waitFor();
  let text = await lee.locator('main').innerText();
  assert.match(text, /red flag: New change in bladder or bowel control/);
  assert.doesNotMatch(text, RULE_CODE);
  assert.doesNotMatch(text, ISO_DATE);
  await checkBoth(lee, 'clinic-list-plain');
  const { token } = await login('lee@demo.backcoach.example');
  const { data } = await api('GET', '/clinic/patients?search=Ahmed%20Karimi', { token });
  await lee.goto(`${BASE}/clinic/patients/${data.patients[0].id}`);
  await lee.getByRole('heading', { name: 'Needs attention' }).waitFor();
  text = await lee.locator('main').innerText();
  assert.doesNotMatch(text, RULE_CODE);
  assert.doesNotMatch(text, ISO_DATE);
  // Dates in the British order for a British browser ("26 November", not "November 26").
  assert.match(text, /last on \d{1,2} [A-Z][a-z]+( \d{4})?\)/);
  await checkBoth(lee, 'clinic-patient-plain');

  // Tom's flare-up plan, as he reads it in the United States.
  const tom = await newPage({ locale: 'en-US' });
  await signInUi(tom, 'tom@demo.backcoach.example', 'backcoach-demo');
  for (const path of ['/today', '/progress', '/account']) {
    await tom.goto(`${BASE}${path}`);
    await tom.locator('h1').first().waitFor();
    await tom.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => {});
    text = await tom.locator('main').innerText();
    assert.doesNotMatch(text, ISO_DATE, `${path} shows an ISO date`);
  }
  await tom.goto(`${BASE}/today`);
  await tom.getByRole('heading', { name: 'A gentler week' }).waitFor();
  await checkBoth(tom, 'flare-up-plain');
});

test('a form\'s problems are in plain words beside their field, and no timer but walking says "Time walked"', async () => {
  let page = await newPage();
  await page.goto(`${BASE}/signup`);
  await page.getByLabel('Your first name').fill('Robin');
  await page.getByLabel('Email').fill('robin@');
  await page.getByLabel('Choose a password').fill('short');
  await page.getByRole('button', { name: 'Create my account' }).click();
  const email = page.locator('.field', { has: page.getByLabel('Email') });
  await email.getByText('This does not look like an email address. Please check it: it should look like name@example.com.').waitFor();
  assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.type), 'email', 'the focus goes to the first field to change');
  assert.match(await page.getByLabel('Email').evaluate((el) => el.getAttribute('aria-describedby')
    .split(' ').map((id) => document.getElementById(id).textContent).join(' ')), /does not look like an email address/);
  await page.locator('.field', { has: page.getByLabel('Choose a password') }).getByText('Please choose a password of at least 10 characters.').waitFor();
  assert.equal(await page.locator('form .notice.error').count(), 0, 'nothing is left at the bottom of the form');
  await checkBoth(page, 'signup-field-errors');
  // The server's refusal, too, goes beside the field it is about.
  await page.getByLabel('Email').fill('maria@demo.backcoach.example');
  await page.getByLabel('Choose a password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await email.getByText('There is already an account with this email. Sign in instead, or use another address.').waitFor();

  await page.context().close();
  page = await viewerPage();
  await page.goto(`${BASE}/account`);
  const times = page.getByLabel('Reminder times');
  await times.fill('7pm, 18:00');
  await page.getByRole('button', { name: 'Save reminders' }).click();
  const field = page.locator('.field', { has: times });
  await field.getByText('“7pm” is not a time we can read. Write each time as hours and minutes, like 07:30 or 18:00.').waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /Field '|reminder_times/);
  await checkBoth(page, 'reminder-field-error');

  // An intake step's unanswered questions each say so under their own question.
  await page.goto(`${BASE}/intake`);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('A little more is needed before we go on:').waitFor();
  const first = page.getByRole('group', { name: /^Is this the first time/ });
  assert.equal(await first.locator('.field-error').innerText(), '⚠ Please answer this question.');
  assert.equal(await page.locator('.field', { has: page.getByLabel('How old are you?') }).locator('.field-error:visible').count(), 1);
  await checkBoth(page, 'intake-gaps');

  await openToday(page);
  const breathing = page.locator('.timer', { has: page.getByRole('button', { name: 'Start the timer', exact: true }) });
  assert.ok(await breathing.count() > 0, 'the plan has a timer that is not for walking');
  const said = await breathing.first().evaluate((el) => el.textContent);
  assert.doesNotMatch(said, /walked/);
  assert.match(said, /Time so far:/);
  await page.close();
});

// A tone and a buzz are recorded, not played: the page's Web Audio and
// vibration are stand-ins that note each call.
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

test('timers beep and vibrate at each change once the person turns it on', async () => {
  const page = await viewerPage();
  await recordCues(page);
  await page.clock.install();
  await openToday(page);
  const timer = page.getByRole('group', { name: /^Hold timer for/ }).first();
  const hold = Number((await timer.locator('.timer-clock').innerText()).split(':')[1]);
  await timer.getByRole('button', { name: 'Start the hold timer' }).click();
  await page.clock.runFor((hold + 2) * 1000);
  assert.deepEqual(await page.evaluate(() => window.cues), [], 'silent until it is turned on');
  await timer.getByRole('button', { name: 'Reset' }).click();

  await timer.getByLabel('Beep and vibrate at each change').check();
  await timer.getByRole('button', { name: 'Start the hold timer' }).click();
  await page.clock.runFor(1000);
  assert.deepEqual(await page.evaluate(() => window.cues), ['tone 880', 'vibrate 200'], 'the hold begins');
  await page.clock.runFor(hold * 1000);
  assert.deepEqual(await page.evaluate(() => window.cues.slice(2)), ['tone 520', 'vibrate 200'], 'the rest begins');
  await checkBoth(page, 'timer-cues');
  // One setting for every timer, kept on this device.
  await page.reload();
  await page.getByRole('button', { name: 'Save my session' }).waitFor();
  for (const box of await page.getByLabel('Beep and vibrate at each change').all()) assert.ok(await box.isChecked());
  await page.close();
});

test('each 0-10 button is at least 44 by 44 pixels on a phone', async () => {
  const page = await viewerPage();
  await openToday(page);
  const boxes = await page.locator('.scale .choice label').evaluateAll((labels) => labels.map((l) => {
    const r = l.getBoundingClientRect();
    return { text: l.textContent, width: r.width, height: r.height };
  }));
  assert.ok(boxes.length >= 22);
  const small = boxes.filter((b) => b.width < 44 || b.height < 44);
  assert.deepEqual(small, [], 'buttons smaller than 44x44 px');
  await checkBoth(page, 'scale-buttons');
  await page.close();
});

test('the emergency card calls the local emergency number in one tap', async () => {
  for (const [locale, number] of [['en-GB', '999'], ['en-US', '911'], ['de-DE', '112'], ['fr-FR', '112']]) {
    const page = await newPage({ locale });
    await page.goto(`${BASE}/emergency`);
    const call = page.getByRole('link', { name: `Call ${number}` });
    await call.waitFor();
    assert.equal(await call.getAttribute('href'), `tel:${number}`);
    const box = await call.boundingBox();
    assert.ok(box.height >= 44, 'a finger-sized button');
    if (locale === 'en-GB') {
      await checkBoth(page, 'emergency-call');
      // The card one tap away in the header calls too.
      await page.getByRole('button', { name: 'Emergency help' }).click();
      const dialog = page.getByRole('dialog', { name: 'When to get emergency help' });
      await dialog.getByRole('link', { name: 'Call 999' }).waitFor();
    }
    await page.context().close();
  }
});

// Text from people: a 200-letter word, right-to-left writing, emoji.
const WORD = `Rückenschmerzen${'a'.repeat(185)}`;
const RTL = 'أريد أن أعمل في حديقتي لمدة ساعة دون توقف';
const EMOJI = '🌱🏃🏽‍♀️💪🏾👨‍👩‍👧‍👦🌻';
const NAME = `Zoë${'n'.repeat(40)} 🌱💪🏾 سارة`;  // within the 100 bytes a name may have
const TEXT = `${WORD} ${RTL} ${EMOJI} ${WORD}`;

// Both sizes, each page: a screenshot, and nothing wider than the screen.
// (axe runs on these pages in the other tests; here only the width counts.)
// Screenshots (slow for long pages) of the pages where a person's text is most.
const SHOTS = new Set(['progress', 'care-team', 'supported', 'clinic-patient', 'signup']);

async function fits(page, name) {
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => window.scrollTo(0, 0));
    if (SCREENSHOTS && SHOTS.has(name)) await page.screenshot({ path: join(ARTIFACTS, `everyday-long-text-${name}-${size}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the screen at ${viewport.width}px`);
  }
  await page.setViewportSize(PHONE);
}

async function visit(page, path, name, ready) {
  await page.goto(`${BASE}${path}`);
  await page.locator('h1').first().waitFor();
  if (ready) await ready();
  await fits(page, name);
}

test('no text from a person widens a page: 200-letter words, right-to-left text and emoji on every page', async () => {
  const { token: leeToken } = await login('lee@demo.backcoach.example');
  const { data: invitation } = await api('POST', '/clinic/invitations', { token: leeToken, body: {} });
  const person = await newPatient({ name: NAME, invitation: invitation.code, request: { goals: [WORD, RTL, EMOJI] } });
  const today = await api('GET', `/patients/${person.id}/today?date=${person.date}`, { token: person.token });
  const exercises = today.data.exercises.map((e) => ({ id: e.id, pain_during: 2 }));
  const logged = await api('POST', `/patients/${person.id}/sessions`, { token: person.token, body: { date: person.date, exercises, pain_after: 2, effort: 4 } });
  assert.equal(logged.status, 201, JSON.stringify(logged.data));
  await api('POST', `/patients/${person.id}/pain`, { token: person.token, body: { pain: 3, note: TEXT } });
  await api('POST', `/patients/${person.id}/questionnaires/psfs`, { token: person.token, body: { answers: { activity_1: 4, activity_2: 5 } } });
  const { data: code } = await api('POST', `/patients/${person.id}/care-team/invitations`, { token: person.token, body: { scopes: ['progress', 'symptoms'] } });
  const supporterEmail = uniqueEmail('everyday-supporter');
  const { data: supporter } = await api('POST', '/auth/signup', { body: { email: supporterEmail, password: PASSWORD, display_name: NAME, supporter_code: code.code } });
  await api('POST', `/patients/${person.id}/messages`, { token: person.token, body: { text: TEXT, to: supporter.user.id } });
  await api('POST', `/patients/${person.id}/messages`, { token: supporter.token, body: { text: TEXT } });
  await api('POST', `/patients/${person.id}/notes`, { token: leeToken, body: { text: TEXT } });

  const page = await newPage();
  await signInUi(page, person.email, PASSWORD);
  await visit(page, '/today', 'today', () => page.getByRole('heading', { name: 'Today’s session is logged' }).waitFor());
  await visit(page, '/progress', 'progress', () => page.getByRole('heading', { name: 'How things are going' }).waitFor());
  assert.ok((await page.locator('main').innerText()).includes(WORD), 'the goal is on the progress page');
  await visit(page, '/care-team', 'care-team', () => page.getByText(RTL).first().waitFor());
  await visit(page, '/account', 'account', () => page.getByRole('heading', { name: 'Reminders', exact: true }).waitFor());
  await visit(page, '/result', 'result');
  await visit(page, '/lessons', 'lessons');
  await visit(page, '/checkin', 'checkin');
  await visit(page, '/intake', 'intake');

  const helper = await newPage();
  await signInUi(helper, supporterEmail, PASSWORD);
  await visit(helper, '/supporting', 'supporting');
  await visit(helper, `/supporting/${person.id}`, 'supported', () => helper.getByText(RTL).first().waitFor());

  const lee = await newPage();
  await signInUi(lee, 'lee@demo.backcoach.example', 'backcoach-demo');
  await visit(lee, `/clinic?search=${encodeURIComponent('Zoë')}`, 'clinic-list', () => lee.getByText(/^Patients 1 to/).waitFor());
  await visit(lee, `/clinic/patients/${person.id}`, 'clinic-patient', () => lee.getByRole('heading', { name: 'Notes' }).waitFor());

  const guest = await newPage();
  await guest.goto(`${BASE}/signup`);
  await guest.getByLabel('Your first name').fill(NAME);
  await guest.getByLabel('Email').fill(`${WORD}@`);
  await guest.getByRole('button', { name: 'Create my account' }).click();
  await guest.getByText('This does not look like an email address.', { exact: false }).waitFor();
  await fits(guest, 'signup');
});

test('a lesson that does not exist is a page that says so, without "Try again"; an offline page has its heading', async () => {
  const page = await viewerPage();
  await page.goto(`${BASE}/lessons/no-such-lesson`);
  await page.getByRole('heading', { level: 1, name: 'We could not find this lesson' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), 0);
  await checkBoth(page, 'lesson-not-found');

  await page.goto(`${BASE}/today`);
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  await page.context().setOffline(true);
  await page.getByRole('link', { name: 'Lessons' }).click();
  await page.getByRole('heading', { level: 1, name: 'You seem to be offline' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), 1, 'trying again helps when the connection is back');
  await checkBoth(page, 'offline-page');
  await page.context().setOffline(false);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lessons' }).waitFor();
});
