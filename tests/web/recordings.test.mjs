// A recording of the camera coach that the patient shared with their clinic,
// withdrawn by the patient from their account page: only after they confirm
// it, and then their clinician no longer finds it, through the API or on the
// patient's page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, DESKTOP, PHONE, ROOT, api, calmRequest, checkPage, launch, login, openContext, signInUi, signUpWithIntake } from './lib.mjs';

const PASSWORD = 'a long enough password';
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Shares a recording as the coach's "Send it to my clinician" does.
async function share(person, exercise, text) {
  const response = await fetch(`${BASE}/api/v1/patients/${person.id}/recordings?exercise=${exercise}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${person.token}`, 'Content-Type': 'application/x-ndjson', 'X-Forwarded-For': '198.51.100.251' },
    body: text,
  });
  const body = await response.text();
  assert.equal(response.status, 201, body);
  return JSON.parse(body);
}

test('a patient withdraws a recording they shared, and their clinician no longer sees it', { timeout: 90000 }, async () => {
  const lee = await login('lee@demo.backcoach.example');
  const invitation = await api('POST', '/clinic/invitations', { token: lee.token });
  assert.equal(invitation.status, 201, JSON.stringify(invitation.data));
  const person = await signUpWithIntake('withdraw', calmRequest(), { invitation: invitation.data.code, password: PASSWORD });
  const text = readFileSync(join(ROOT, 'tests', 'motion', 'data', 'messi5.jsonl'), 'utf8');
  const kept = await share(person, 'side_plank', text);
  const withdrawn = await share(person, 'glute_bridge', text);
  let listed = await api('GET', `/patients/${person.id}/recordings`, { token: lee.token });
  assert.equal(listed.data.recordings.length, 2);

  const context = await openContext(browser, PHONE);
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await signInUi(page, person.email, PASSWORD);
  await page.goto(`${BASE}/account`);
  const section = page.getByRole('region', { name: 'Recordings you shared' });
  await section.waitFor();
  const items = section.getByRole('listitem');
  assert.equal(await items.count(), 2);
  const item = items.filter({ hasText: 'Glute bridge' });
  await checkPage(page, 'account-recordings');

  // Nothing happens until the patient confirms; "Keep it" keeps it.
  const open = item.getByRole('button', { name: 'Withdraw…' });
  assert.equal(await open.getAttribute('aria-expanded'), 'false');
  await open.click();
  assert.equal(await open.getAttribute('aria-expanded'), 'true');
  await item.getByText('Withdraw this recording? Your clinicians will no longer be able to open it.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Withdraw it', 'the confirmation did not take the focus');
  await checkPage(page, 'account-recordings-confirm');
  await item.getByRole('button', { name: 'Keep it' }).click();
  assert.equal(await open.getAttribute('aria-expanded'), 'false');
  listed = await api('GET', `/patients/${person.id}/recordings`, { token: lee.token });
  assert.equal(listed.data.recordings.length, 2, 'withdrawn before the patient confirmed');

  // By keyboard: the disclosure, then the confirmation.
  await open.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await section.getByRole('status').filter({ hasText: 'Withdrawn:' }).waitFor();
  assert.match(await section.getByRole('status').textContent(), /^Withdrawn: Glute bridge, .+\. Your clinicians can no longer open it\.$/);
  assert.equal(await items.count(), 1);
  assert.match(await items.first().textContent(), /Side plank/);
  assert.deepEqual(context.pageErrors, [], 'a script failed');
  await context.close();

  listed = await api('GET', `/patients/${person.id}/recordings`, { token: lee.token });
  assert.deepEqual(listed.data.recordings.map((r) => r.id), [kept.id]);
  assert.equal((await api('GET', `/patients/${person.id}/recordings/${withdrawn.id}`, { token: lee.token })).status, 404);

  // The clinician's page of the patient lists only the one kept.
  const staff = await openContext(browser, DESKTOP);
  const clinicPage = await staff.newPage();
  clinicPage.setDefaultTimeout(20000);
  await signInUi(clinicPage, 'lee@demo.backcoach.example');
  await clinicPage.goto(`${BASE}/clinic/patients/${person.id}`);
  const recordings = clinicPage.getByRole('region', { name: 'Recordings from the camera coach' });
  await recordings.getByRole('link').first().waitFor();
  assert.equal(await recordings.getByRole('link').count(), 1);
  assert.match(await recordings.getByRole('link').first().getAttribute('href'), new RegExp(`/recordings/${kept.id}$`));
  assert.deepEqual(staff.pageErrors, [], 'a script failed');
  await staff.close();
});
