// A long conversation: Robin, who signed up on her own, has written to her
// friend Sam on her care team many times. Her thread shows the newest
// messages; "Show older messages" brings the earlier ones, a page at a
// time, until the first message she wrote, and then says it is the start.
// Sam sees the same on his side. The messages go in three bursts a second
// apart (messages of one second have no order among them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, api, calmRequest, checkPage, launch, openContext, signInUi, signUpWithIntake, uniqueEmail } from './lib.mjs';

let browser;
let context;
let page;
let robin;
let sam;
const samPassword = 'a long enough password';
const count = 120;  // more than two of the app's pages of 50

before(async () => {
  browser = await launch();
  context = await openContext(browser, PHONE);
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  robin = await signUpWithIntake('robin-long', calmRequest());
  const invite = await api('POST', `/patients/${robin.id}/care-team/invitations`, { token: robin.token, body: {} });
  assert.equal(invite.status, 201, JSON.stringify(invite.data));
  const email = uniqueEmail('sam-long');
  const signup = await api('POST', '/auth/signup', {
    body: { email, password: samPassword, display_name: 'Sam', supporter_code: invite.data.code },
  });
  assert.equal(signup.status, 201, JSON.stringify(signup.data));
  sam = { id: signup.data.user.id, token: signup.data.token, email };
  for (let i = 1; i <= count; i += 1) {
    if (i === 41 || i === 81) await new Promise((resolve) => { setTimeout(resolve, 1100); });
    const sent = await api('POST', `/patients/${robin.id}/messages`, { token: robin.token, body: { text: `Day ${i} done.`, to: sam.id } });
    assert.equal(sent.status, 201, JSON.stringify(sent.data));
  }
});

after(async () => {
  await context?.close();
  await browser?.close();
});

// The day a message's text names.
const day = (text) => Number(text.match(/Day (\d+)/)[1]);

async function texts() {
  return page.locator('.message').evaluateAll((items) => items.map((li) => li.querySelectorAll('p')[1].textContent));
}

test('her thread shows the newest messages, and the older ones on asking, to the first', async () => {
  await signInUi(page, robin.email, 'a long enough password');
  await page.goto(`${BASE}/messages/${sam.id}`);
  await page.getByRole('heading', { level: 1, name: 'Messages with Sam' }).waitFor();
  await page.locator('.message').filter({ hasText: `Day ${count} done.` }).waitFor();
  // The newest 50: the whole last burst, and ten of the one before.
  const first = await texts();
  assert.equal(first.length, 50);
  assert.ok(first.every((t) => day(t) > 40), first.join(' '));
  assert.equal(first.filter((t) => day(t) > 80).length, 40);
  const older = page.getByRole('button', { name: 'Show older messages' });
  await older.click();
  await page.waitForFunction(() => document.querySelectorAll('.message').length === 100);
  // The 50 before them come above, and the newest stay as they were.
  const second = await texts();
  assert.deepEqual(second.slice(50), first);
  // Keyboard: the button is reached and pressed like any other.
  await older.focus();
  await page.keyboard.press('Enter');
  await page.getByText('This is the start of the conversation.').waitFor();
  const all = await texts();
  assert.equal(all.length, count);
  assert.deepEqual(all.slice(20), second);
  assert.ok(all.slice(0, 20).every((t) => day(t) <= 40), all.slice(0, 20).join(' '));
  assert.deepEqual([...new Set(all.map(day))].sort((a, b) => a - b), Array.from({ length: count }, (_, i) => i + 1), 'every message once');
  assert.equal(await older.count(), 0);
  await checkPage(page, 'older-messages');
});

test('her supporter reads the same conversation from his side', async () => {
  await context.clearCookies();
  await signInUi(page, sam.email, samPassword);
  await page.goto(`${BASE}/supporting/${robin.id}`);
  await page.locator('.message').filter({ hasText: `Day ${count} done.` }).waitFor();
  assert.equal((await texts()).length, 50);
  await page.getByRole('button', { name: 'Show older messages' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.message').length === 100);
  assert.equal(new Set(await texts()).size, 100);
});
