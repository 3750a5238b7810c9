// A person whose intake has an emergency flag: the result says what to do now,
// first and unmistakably, and there is no plan. The emergency card is one tap
// away on every page. Then they erase their account, with a clear confirmation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, api, calmRequest, checkPage, launch, login, openContext, uniqueEmail } from './lib.mjs';
import { answerIntake, next, pick } from './ui.mjs';

let browser;
let context;
let page;
const email = uniqueEmail('ahmed');
const password = 'a long enough password';

before(async () => {
  browser = await launch();
  context = await openContext(browser, PHONE);
  page = await context.newPage();
  page.setDefaultTimeout(10000);
});

after(async () => { await browser?.close(); });

test('an emergency answer gives the emergency message first, and no plan', async () => {
  await page.goto(`${BASE}/signup`);
  await page.getByLabel('Your first name').fill('Ahmed');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Choose a password').fill(password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL(`${BASE}/intake`);
  await answerIntake(page, { age: 58, bladder: true, leg: 'Yes, below the knee' }, async (name) => {
    if (name === 'intake-emergency-card') {
      // At once, on the step of the answer: not five steps later.
      assert.equal(await page.locator('.step-count').innerText(), 'Step 4 of 10');
      await checkPage(page, 'intake-emergency-card');
    }
    if (name === 'intake-legs') {
      // Follow-up questions appear only when a leg is affected.
      await pick(page, 'In one leg or both?', 'One leg');
      await pick(page, 'Is there numbness or tingling', 'Yes');
    }
  });
  const first = page.locator('main > *').first();
  assert.equal(await first.getAttribute('class'), 'urgent emergency', 'the urgent panel comes first');
  const heading = page.getByRole('heading', { level: 1 });
  assert.equal(await heading.innerText(), 'Go to an emergency department now.');
  const text = await page.locator('main').innerText();
  assert.match(text, /What to do now/);
  assert.match(text, /bladder or bowel/i);
  assert.equal(await page.getByRole('link', { name: /plan/ }).count(), 0, 'no link to a plan');
  await checkPage(page, 'emergency-result');
});

test('Today shows the same message and no exercises', async () => {
  await page.goto(`${BASE}/today`);
  await page.getByRole('heading', { level: 1, name: 'Go to an emergency department now.' }).waitFor();
  assert.equal(await page.locator('article.exercise').count(), 0);
  await checkPage(page, 'emergency-today');
});

test('the emergency card opens from the header, and Escape closes it back to the button', async () => {
  const opener = page.getByRole('button', { name: 'Emergency help' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'When to get emergency help' });
  await dialog.waitFor();
  await dialog.getByText('Go to an emergency department now.').waitFor();
  await checkPage(page, 'emergency-dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), '⚠ Emergency help');
  await page.goto(`${BASE}/emergency`);
  await page.getByRole('heading', { level: 1, name: 'When to get emergency help' }).waitFor();
  await checkPage(page, 'emergency-page');
});

test('answering again after the emergency first asks whether they have been seen, and the advice stands', async () => {
  await page.goto(`${BASE}/result`);
  await page.getByRole('link', { name: 'Answer the questions again' }).click();
  await page.getByRole('heading', { level: 1, name: 'Before you answer again' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Go to an emergency department now/);
  await next(page);
  await page.getByText('Please answer this question first.').waitFor();
  // Every answer "No" now, but not seen yet: the emergency result sticks.
  await answerIntake(page, { age: 58, seen: 'Not yet' }, async (name) => {
    if (name === 'intake-seen') await checkPage(page, 'intake-seen');
  });
  await page.getByRole('heading', { level: 1, name: 'Go to an emergency department now.' }).waitFor();
  await page.getByText('this advice still stands until a clinician has seen you and cleared it').waitFor();
  const { token, user } = await login(email, password);
  const screen = await api('GET', `/patients/${user.id}/screen`, { token });
  assert.equal(screen.data.triage, 'emergency');
  assert.equal(screen.data.new_screen.triage, 'self_care');
  // The server refuses new answers that do not say whether the person was seen.
  const refused = await api('POST', `/patients/${user.id}/intake`, { token, body: calmRequest() });
  assert.equal(refused.status, 422);
  assert.equal(refused.data.error.message, 'your last answers needed a doctor: first tell us whether you have been seen since (seen and cleared, seen but not cleared, or not yet)');
  await checkPage(page, 'emergency-held');
});

test('erasing the account needs a clear confirmation, then removes it', async () => {
  await page.goto(`${BASE}/account`);
  await page.getByRole('button', { name: 'Erase my account…' }).click();
  await page.getByText('This cannot be undone.').waitFor();
  await checkPage(page, 'erase-confirm');
  await page.getByRole('button', { name: 'Erase my account and data now' }).click();
  await page.getByText('Please tick the box to confirm first.').waitFor();
  await page.getByLabel('I understand that my account and all my data will be erased').check();
  await page.getByRole('button', { name: 'Erase my account and data now' }).click();
  await page.waitForURL(`${BASE}/welcome?erased=1`);
  await page.getByText('Your account and all your data have been erased.').waitFor();
  await checkPage(page, 'erased');
  const { status } = await api('POST', '/auth/login', { body: { email, password } });
  assert.equal(status, 401);
  assert.deepEqual(context.pageErrors, []);
});
