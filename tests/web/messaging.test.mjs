// Messages between a patient and her clinician, in the demo clinic: Maria
// (on a phone) reads her sister's encouragement, then writes to Dr. Lee, her lead clinician, with the reminder that
// messages are not for emergencies beside the box; Dr. Lee (on a desktop)
// sees on his list that a message waits for an answer and is new to him,
// reads it on her page and answers; his list no longer marks her; Maria
// sees the new answer counted in her navigation, reads it, and the count
// goes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, checkBoth, checkPage, launch, openContext, signInUi } from './lib.mjs';

let browser;
let mariaContext;
let leeContext;
let maria;
let lee;
const question = 'The bridge hurts a little on the left side today. Should I keep going with it?';
const answer = 'Keep going, but lift a little less high for a week. Tell me how it feels.';

before(async () => {
  browser = await launch();
  mariaContext = await openContext(browser, PHONE);
  leeContext = await openContext(browser, DESKTOP);
  maria = await mariaContext.newPage();
  lee = await leeContext.newPage();
  maria.setDefaultTimeout(10000);
  lee.setDefaultTimeout(10000);
});

after(async () => {
  await mariaContext?.close();
  await leeContext?.close();
  await browser?.close();
});

function row(page, name) {
  return page.locator('li.patient-row').filter({ has: page.getByRole('link', { name }) });
}

test('the patient sees her lead clinician first, then her clinic, then her supporter', async () => {
  await signInUi(maria, 'maria@demo.backcoach.example');
  await maria.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages' }).click();
  await maria.waitForURL(`${BASE}/messages`);
  await maria.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
  const names = await maria.locator('.thread-name').allInnerTexts();
  assert.equal(names[0], 'Dr. Lee');
  assert.equal(names[names.length - 1], 'Ana');
  const first = await maria.locator('.thread-row').first().innerText();
  assert.match(first, /Your lead clinician/);
  assert.match(await maria.locator('main').innerText(), /Messages are not for emergencies\./);
  // Ana's encouragement is new to her, and counted beside Messages.
  const nav = maria.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Messages 1 new' }).waitFor();
  assert.equal(await maria.locator('.thread-row').last().locator('.unread-count').innerText(), '1 new');
  await checkBoth(maria, 'threads');
  await maria.getByRole('link', { name: /^Ana/ }).click();
  await maria.getByRole('heading', { level: 1, name: 'Messages with Ana' }).waitFor();
  await maria.locator('.message').filter({ hasText: 'Six weeks in a row! Proud of you.' }).waitFor();
  await nav.getByRole('link', { name: 'Messages', exact: true }).waitFor();
  await maria.getByRole('link', { name: 'All messages' }).click();
  await maria.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
});

test('she writes to Dr. Lee, with the reminder and the way to emergency help beside the box', async () => {
  await maria.getByRole('link', { name: 'Dr. Lee' }).click();
  await maria.getByRole('heading', { level: 1, name: 'Messages with Dr. Lee' }).waitFor();
  const thread = maria.locator('main');
  assert.match(await thread.innerText(), /Messages are not for emergencies\. Your care team may not read them straight away\./);
  // The reminder's button opens the emergency card.
  await maria.getByRole('button', { name: 'What to do in an emergency' }).click();
  const dialog = maria.getByRole('dialog', { name: 'When to get emergency help' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await maria.getByLabel('Write to Dr. Lee').fill(question);
  await maria.getByRole('button', { name: 'Send', exact: true }).click();
  await maria.locator('.message').filter({ hasText: question }).waitFor();
  await checkBoth(maria, 'thread-sent');
});

test('Dr. Lee sees on his list that Maria waits for an answer, with a new message', async () => {
  await signInUi(lee, 'lee@demo.backcoach.example');
  await lee.waitForURL(`${BASE}/clinic`);
  const maria_row = row(lee, 'Maria Jensen');
  await maria_row.getByTestId('unanswered').waitFor();
  assert.equal(await maria_row.getByTestId('unanswered').innerText(), 'Message waiting for an answer');
  assert.equal(await maria_row.getByTestId('unread').innerText(), '1 new message for you');
  assert.match(await maria_row.locator('.reasons').innerText(), /a message waiting for an answer since/);
  // Tom wrote nothing: no marker on his row.
  assert.equal(await row(lee, 'Tom Becker').getByTestId('unanswered').count(), 0);
  await checkPage(lee, 'clinic-list-unanswered');
});

test('he reads it on her page and answers', async () => {
  await row(lee, 'Maria Jensen').getByRole('link', { name: 'Maria Jensen' }).click();
  await lee.getByRole('heading', { level: 2, name: 'Messages' }).waitFor();
  const section = lee.getByRole('region', { name: 'Messages' });
  await section.getByTestId('new-messages').waitFor();
  assert.equal(await section.getByTestId('new-messages').innerText(), '1 new message.');
  await section.locator('.message').filter({ hasText: question }).waitFor();
  assert.match(await section.innerText(), /Lead clinician: Dr\. Lee\./);
  await checkPage(lee, 'clinician-thread');
  await section.getByLabel('Write to Maria Jensen').fill(answer);
  await section.getByRole('button', { name: 'Send', exact: true }).click();
  await section.locator('.message').filter({ hasText: answer }).waitFor();
  await lee.setViewportSize(PHONE);
  await checkPage(lee, 'clinician-thread-phone');
  await lee.setViewportSize(DESKTOP);
  // Answered and read: the list marks her no more.
  await lee.goto(`${BASE}/clinic?search=Maria`);
  const maria_row = row(lee, 'Maria Jensen');
  await maria_row.waitFor();
  assert.equal(await maria_row.getByTestId('unanswered').count(), 0);
  assert.equal(await maria_row.getByTestId('unread').count(), 0);
});

test('Maria sees the answer counted in her navigation, reads it, and the count goes', async () => {
  await maria.goto(`${BASE}/today`);
  const nav = maria.getByRole('navigation', { name: 'Main' });
  const messagesLink = nav.getByRole('link', { name: 'Messages 1 new' });
  await messagesLink.waitFor();
  await messagesLink.click();
  await maria.waitForURL(`${BASE}/messages`);
  const first = maria.locator('.thread-row').first();
  await first.locator('.unread-count').waitFor();
  assert.equal(await first.locator('.unread-count').innerText(), '1 new');
  await checkPage(maria, 'threads-new-answer');
  await maria.getByRole('link', { name: /Dr\. Lee/ }).click();
  await maria.locator('.message').filter({ hasText: answer }).waitFor();
  await nav.getByRole('link', { name: 'Messages', exact: true }).waitFor();
  await maria.reload();
  await maria.locator('.message').filter({ hasText: answer }).waitFor();
  await maria.getByRole('heading', { level: 1, name: 'Messages with Dr. Lee' }).waitFor();
  assert.equal(await maria.locator('[data-unread]:not([hidden])').count(), 0);
  await checkBoth(maria, 'thread-answered');
});
