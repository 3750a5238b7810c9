// A new person, on a phone: signs up on their own, answers the intake, gets a
// plan, logs sessions with their pain over several days, sees an exercise
// move up and another step down with the reasons, has a flare-up, logs a
// session while offline, sees the charts, reads a lesson, downloads their
// data. The browser's clock is moved forward a day at a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, checkPage, isoDate, launch, openContext, uniqueEmail, api } from './lib.mjs';
import { answerIntake, logSession, pick } from './ui.mjs';

let browser;
let context;
let page;
const email = uniqueEmail('sam');
const start = new Date();
start.setHours(9, 0, 0, 0);
let dayOffset = 0;

async function goToDay(n) {
  dayOffset = n;
  const d = new Date(start);
  d.setDate(d.getDate() + n);
  await page.clock.setSystemTime(d);
}

// Opens Today, moving on a day at a time until one with a session.
async function nextSessionDay() {
  for (let tries = 0; tries < 4; tries += 1) {
    await page.goto(`${BASE}/today`);
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    if (await page.getByRole('button', { name: 'Save my session' }).count()) return;
    await goToDay(dayOffset + 1);
  }
  throw new Error('no session day within four days');
}

async function checkIn(pain, name) {
  await page.goto(`${BASE}/today`);
  await page.getByRole('link', { name: 'Tell us in one tap' }).click();
  await page.getByRole('heading', { name: 'Morning check-in' }).waitFor();
  await checkPage(page, name);
  await pick(page, 'How is your back pain this morning?', pain);
  await page.getByRole('heading', { name: 'Thank you' }).waitFor();
}

before(async () => {
  browser = await launch();
  context = await openContext(browser, PHONE);
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  await page.clock.install({ time: start });
});

after(async () => {
  await browser?.close();
});

test('a new person signs up on their own and sees what backcoach is and is not', async () => {
  await page.goto(BASE);
  await page.getByRole('heading', { name: 'Welcome to backcoach' }).waitFor();
  assert.match(await page.locator('main').innerText(), /does not replace it/);
  await checkPage(page, 'welcome');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await checkPage(page, 'signup');
  await page.getByLabel('Your first name').fill('Sam');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Choose a password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL(`${BASE}/intake`);
});

test('the intake is a short wizard with progress, then a clear result', async () => {
  await page.getByText('Step 1 of 10').waitFor();
  await answerIntake(page, {}, (name) => checkPage(page, name));
  await page.getByRole('heading', { level: 1, name: 'Nothing in your answers needs a doctor first.' }).waitFor();
  await checkPage(page, 'result');
  await page.getByRole('link', { name: 'See your plan for today' }).click();
});

test('the plan shows exercise cards with dose, steps, what to do if it hurts and why', async () => {
  await nextSessionDay();
  const card = page.locator('article.exercise').first();
  await card.getByText('How to do it').click();
  for (const text of ['Tips', 'If it hurts', 'Why it is here:']) assert.ok(await card.getByText(text).count(), `card shows ${text}`);
  assert.ok(await card.locator('svg.illustration, svg.motion-figure').count(), 'card has a drawing of the exercise');
  assert.match(await card.locator('.dose').innerText(), /times|sets|minutes/);
  await checkPage(page, 'today');
  // Text at twice the size still fits the phone's width.
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  await checkPage(page, 'today-large-text');
  await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
});

test('two comfortable sessions and mornings move an exercise up, and the card says why', async () => {
  await logSession(page, { pain: () => 2 });
  await page.getByRole('heading', { name: 'Session saved. Thank you.' }).waitFor();
  await checkPage(page, 'session-saved');
  await goToDay(dayOffset + 1);
  await checkIn(2, 'checkin');
  await nextSessionDay();
  await logSession(page, { pain: () => 1 });
  await page.getByRole('heading', { name: 'Session saved. Thank you.' }).waitFor();
  await goToDay(dayOffset + 1);
  await checkIn(1, 'checkin-2');
  assert.match(await page.locator('main').innerText(), /Moving up/);
  await nextSessionDay();
  const changes = page.getByRole('heading', { name: 'What changed after your last session, and why' });
  await changes.waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /Moving up\. Comfortable for 2 sessions in a row/);
  await checkPage(page, 'today-progressed');
});

test('sharp pain steps an exercise down at once, with the reason', async () => {
  await logSession(page, { pain: (i) => (i === 1 ? 6 : 2), feel: (i) => (i === 1 ? 'Sharp, in my back' : null) });
  await page.getByRole('heading', { name: 'Session saved. Thank you.' }).waitFor();
  const outcome = await page.locator('.outcome').innerText();
  assert.match(outcome, /(Stepping down|Swapped in for an exercise that hurt|Paused for now)\. .*sharp/i);
  await checkPage(page, 'session-sharp');
});

test('a bad day switches to the minimum session and starts the flare-up plan', async () => {
  await goToDay(dayOffset + 1);
  await nextSessionDay();
  const fullCount = await page.locator('article.exercise').count();
  await page.getByRole('button', { name: 'I’m having a bad day' }).click();
  await page.getByRole('heading', { name: 'A short, gentle session' }).waitFor();
  assert.ok(await page.locator('article.exercise').count() <= fullCount);
  await checkPage(page, 'bad-day');
  await logSession(page, { pain: () => 5, after: 5, effort: 5 });
  await page.getByRole('heading', { name: 'Session saved. Thank you.' }).waitFor();
  assert.match(await page.locator('.outcome').innerText(), /Flare-up plan/);
  await goToDay(dayOffset + 1);
  await page.goto(`${BASE}/today`);
  await page.getByRole('heading', { name: 'A gentler week' }).waitFor();
  await checkPage(page, 'flare-up');
});

test('a session logged offline is kept on the device and sent when the connection returns', async () => {
  const { data: me } = await page.evaluate(async () => ({ data: await (await fetch('/api/v1/me')).json() }));
  const count = async () => page.evaluate(async (id) => (await (await fetch(`/api/v1/patients/${id}/sessions`)).json()).records.length, me.user.id);
  const before = await count();
  await page.getByRole('button', { name: 'Save my session' }).waitFor();
  await context.setOffline(true);
  await logSession(page, { pain: () => 3, after: 3, effort: 3 });
  await page.getByRole('heading', { name: 'Saved on this device' }).waitFor();
  const kept = await page.evaluate((id) => localStorage.getItem(`backcoach.outbox.${id}`), me.user.id);
  assert.ok(kept && JSON.parse(kept).pending.length === 1, 'the log is kept in localStorage');
  await checkPage(page, 'offline-kept');
  await context.setOffline(false);
  await page.waitForFunction((id) => !localStorage.getItem(`backcoach.outbox.${id}`), me.user.id, { timeout: 10000 });
  assert.equal(await count(), before + 1);
});

test('progress shows pain with the meaningful-change line, scores, minutes, adherence, levels and a streak', async () => {
  await page.goto(`${BASE}/progress`);
  await page.getByRole('heading', { name: 'Your progress' }).waitFor();
  const text = await page.locator('main').innerText();
  for (const title of ['Your pain', 'Active minutes each week', 'Sessions done, of those planned', 'Level of each exercise', 'Weeks on the go']) {
    assert.ok(text.includes(title), `progress shows ${title}`);
  }
  // The exercises that moved up show where they started and where they are.
  assert.match(await page.locator('.ladder').innerText(), /level 1.* to level [2-9]/);
  assert.match(text, /Meaningful change: 2 points below the starting pain of 4/);
  // The weekly PEG check, answered here, appears on its chart.
  const peg = page.locator('form', { hasText: 'Your week: pain and daily life (PEG)' });
  await pick(peg, 'Over the past week, how strong', 4);
  await pick(peg, 'Over the past week, how much has pain stopped', 3);
  await pick(peg, 'Over the past week, how much has pain got', 3);
  await peg.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved. Thank you.').waitFor();
  assert.match(await page.locator('figure', { hasText: 'Pain and daily life (PEG)' }).innerText(), /Latest 3\.3/);
  await checkPage(page, 'progress');
});

test('a lesson ends with a short check of understanding', async () => {
  await page.goto(`${BASE}/lessons`);
  await checkPage(page, 'lessons');
  await page.getByRole('link', { name: 'Hurt is not harm' }).click();
  await page.getByRole('heading', { level: 1, name: 'Hurt is not harm' }).waitFor();
  await pick(page, 'Your back hurts quite a lot today', 'Your back\'s alarm is sensitive, but your back is not being harmed');
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await page.getByText('That’s right.').waitFor();
  await checkPage(page, 'lesson');
});

test('the account page explains who sees the data and downloads all of it', async () => {
  await page.goto(`${BASE}/account`);
  await page.getByRole('heading', { name: 'Who can see your data' }).waitFor();
  await checkPage(page, 'account');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const data = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(data.format, 'backcoach-export');
  assert.ok(data.records.some((r) => r.kind === 'session_log'));
});

test('steps imported from a phone appear on the progress page, and the report downloads', async () => {
  const { writeFileSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const day = new Date(start);
  day.setDate(day.getDate() + dayOffset);
  const file = join(tmpdir(), `steps-${Date.now()}.csv`);
  writeFileSync(file, `Date,Step Count\n${isoDate(day)},6400\nsoon,12\n`);
  await page.goto(`${BASE}/progress`);
  await page.getByLabel('File with your steps').setInputFiles(file);
  const [sent] = await Promise.all([page.waitForRequest((r) => r.url().endsWith('/steps') && r.method() === 'POST'),
    page.getByRole('button', { name: 'Import steps' }).click()]);
  // The browser compressed the file before sending it (the body of a Blob
  // upload is not visible here; the server reads it by its own first bytes).
  assert.equal(sent.headers()['content-type'], 'application/gzip');
  await page.getByText('Imported 1 days (1 new or changed). 1 rows could not be read').waitFor();
  assert.match(await page.locator('figure', { hasText: 'Steps on an average day' }).innerText(), /6,400 steps a day/);
  await checkPage(page, 'progress-steps');
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download your progress report (PDF)' }).click()]);
  assert.equal(readFileSync(await download.path()).subarray(0, 5).toString(), '%PDF-');

  // A week of counts before the server's today sets a walking goal in steps,
  // shown on the day's page with its reason.
  const lines = ['date,steps'];
  for (let i = 1; i <= 7; i++) lines.push(`${isoDate(new Date(Date.now() - i * 86400000))},6000`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  await page.getByLabel('File with your steps').setInputFiles(file);
  await page.getByRole('button', { name: 'Import steps' }).click();
  await page.getByText(/Your step goal: [\d,]+ steps a day/).waitFor();
  await page.goto(`${BASE}/today`);
  const goal = page.locator('section', { has: page.getByRole('heading', { name: /^Walking: [\d,]+ steps a day$/ }) });
  assert.match(await goal.innerText(), /typical day/);
  await checkPage(page, 'today-step-goal');
});

test('nothing was loaded from anywhere but backcoach, and no script failed', async () => {
  assert.deepEqual(context.foreignRequests, []);
  assert.deepEqual(context.pageErrors, []);
  const { status } = await api('GET', '/emergency');
  assert.equal(status, 200);
});
