// Sam Patel, the demo clinic's admin: has pages of their own (staff,
// accounts, the audit log, the clinic's settings); adds a clinician; checks
// and searches the audit log; sets the clinic's emergency number, which a
// patient of the clinic then sees on the emergency card; reads a patient's
// page without the plan's controls, and is refused a plan change. A person
// who signed up alone joins the clinic with a code from their account page,
// and the admin disables and enables their account. Each page is checked
// with axe at a phone's size and a desktop's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, api, calmRequest, checkBoth, launch, login, openContext, signInUi, signUpWithIntake } from './lib.mjs';

const ADMIN = 'admin@demo.backcoach.example';
let browser;
let context;
let page;
let admin;

before(async () => {
  browser = await launch();
  context = await openContext(browser, DESKTOP);
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  admin = await login(ADMIN);
  await signInUi(page, ADMIN);
});

after(async () => {
  // The demo clinic goes back to the usual number of each person's country.
  if (admin) await api('PUT', '/admin/clinic', { token: admin.token, body: { name: 'Riverside Physiotherapy', emergency_number: '' } });
  await browser?.close();
});

async function patientId(token, name) {
  const { data } = await api('GET', `/clinic/patients?search=${encodeURIComponent(name)}`, { token });
  assert.equal(data.patients.length, 1, JSON.stringify(data));
  return data.patients[0].id;
}

test('the admin has pages of their own, and adds a clinician to the staff', async () => {
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Patients', 'Staff', 'Accounts', 'Audit log', 'Clinic']) await nav.getByRole('link', { name, exact: true }).waitFor();
  await nav.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('heading', { level: 1, name: 'Staff' }).waitFor();
  const table = page.getByRole('table', { name: 'The clinic’s staff' });
  await table.getByRole('row', { name: /Dr\. Lee .* Clinician/ }).waitFor();
  await table.getByRole('row', { name: /Sam Patel \(admin\) .* Administrator/ }).waitFor();
  const email = `kim-${Date.now()}@test.backcoach.example`;
  await page.getByLabel('Name').fill('Dr. Kim');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('First password').fill('short');
  await page.getByRole('button', { name: 'Add to the staff' }).click();
  await page.getByText('At least 12 characters, please.').waitFor();
  await page.getByLabel('First password').fill('kim walks to the clinic');
  await page.getByRole('button', { name: 'Add to the staff' }).click();
  await page.getByText('Dr. Kim can now sign in.').waitFor();
  await table.getByRole('row', { name: new RegExp(`Dr\\. Kim ${email.replace(/[.]/g, '\\.')} Clinician Active`) }).waitFor();
  await checkBoth(page, 'admin-staff');
  await login(email, 'kim walks to the clinic');
});

test('the admin checks the audit log and finds who opened a patient\'s plan', async () => {
  const lee = await login('lee@demo.backcoach.example');
  const maria = await patientId(lee.token, 'Maria Jensen');
  assert.equal((await api('GET', `/patients/${maria}/plan`, { token: lee.token })).status, 200);
  await page.goto(`${BASE}/admin/audit`);
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  await page.getByRole('button', { name: 'Check that the record is intact' }).click();
  await page.getByText(/^The record is intact: all \d+ entries were checked/).waitFor();
  await page.getByLabel('Who').selectOption({ label: 'Dr. Lee' });
  await page.getByLabel('About which patient').selectOption({ label: 'Maria Jensen' });
  await page.getByLabel('What').selectOption({ label: 'Opening a plan' });
  await page.getByRole('button', { name: 'Search the record' }).click();
  const rows = page.getByRole('table', { name: 'Entries of the record, newest first' }).locator('tbody tr');
  await rows.first().waitFor();
  const first = await rows.first().innerText();
  assert.match(first, /Dr\. Lee\s+Opened the plan\s+Maria Jensen\s+Done/);
  assert.doesNotMatch(await page.locator('main').innerText(), /\/api\/v1/, 'no addresses shown to people');
  await checkBoth(page, 'admin-audit');
  // The search itself was recorded.
  const { data } = await api('GET', '/admin/audit?action=search%20audit&limit=1', { token: admin.token });
  assert.equal(data.entries[0].actor_name, 'Sam Patel (admin)');
});

test('the admin sets the emergency number, and a patient of the clinic is offered it', async () => {
  await page.goto(`${BASE}/admin/clinic`);
  await page.getByRole('heading', { level: 1, name: 'Clinic settings' }).waitFor();
  const number = page.getByLabel('Emergency number');
  await number.fill('99a');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await page.getByText('Use only digits and +, 2 to 15 of them, like 112 or 999; or leave it empty.').waitFor();
  assert.equal(await number.getAttribute('aria-invalid'), 'true');
  await number.fill('01632 960 999');  // spaces are dropped
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await page.getByText('Saved. The emergency card of your clinic’s people now offers to call 01632960999.').waitFor();
  await checkBoth(page, 'admin-clinic');

  const patient = await openContext(browser, PHONE, { locale: 'en-US' });
  const phone = await patient.newPage();
  phone.setDefaultTimeout(10000);
  await signInUi(phone, 'maria@demo.backcoach.example');
  await phone.goto(`${BASE}/emergency`);
  const call = phone.getByRole('link', { name: 'Call 01632960999' });
  await call.waitFor();
  assert.equal(await call.getAttribute('href'), 'tel:01632960999');
  await patient.close();
  // Someone of no clinic keeps the usual number of their country.
  const stranger = await openContext(browser, PHONE, { locale: 'en-US' });
  const other = await stranger.newPage();
  await other.goto(`${BASE}/emergency`);
  await other.getByRole('link', { name: 'Call 911' }).waitFor();
  await stranger.close();
});

test('the admin reads a patient\'s page without the plan\'s controls, and cannot change the plan', async () => {
  const maria = await patientId(admin.token, 'Maria Jensen');
  await page.goto(`${BASE}/clinic/patients/${maria}`);
  await page.getByRole('heading', { level: 2, name: 'Current plan' }).waitFor();
  assert.equal(await page.locator('details.adjust-box').count(), 0, 'no plan controls for an admin');
  assert.equal(await page.getByRole('button', { name: 'Save the note' }).count(), 0);
  const plan = await api('GET', `/patients/${maria}/plan`, { token: admin.token });
  const refused = await api('POST', `/patients/${maria}/adjustments`, {
    token: admin.token, body: { exercise_id: plan.data.exercises[0].id, action: 'pin', reason: 'consolidate' },
  });
  assert.equal(refused.status, 403);
  assert.match(refused.data.error.message, /only a clinician of the patient's clinic can change this/);
});

test('a person who signed up alone joins the clinic from their account page', async () => {
  const person = await signUpWithIntake('juniper', calmRequest(), { name: 'Juniper' });
  await page.goto(`${BASE}/admin/staff`);
  await page.getByRole('button', { name: 'Create an invitation code' }).click();
  const code = await page.locator('[data-code]').getAttribute('data-code');

  const own = await openContext(browser, PHONE);
  const phone = await own.newPage();
  phone.setDefaultTimeout(10000);
  await signInUi(phone, person.email, 'a long enough password');
  await phone.goto(`${BASE}/account`);
  await phone.getByText('Nobody else: you joined on your own, not through a clinic.').waitFor();
  await phone.getByRole('heading', { name: 'Join a clinic' }).waitFor();
  await checkBoth(phone, 'account-join-clinic');
  await phone.getByLabel('Invitation code').fill('not-a-code');
  await phone.getByRole('button', { name: 'Join the clinic' }).click();
  await phone.getByText('This code does not work: it may have been used already, or mistyped.', { exact: false }).waitFor();
  await phone.getByLabel('Invitation code').fill(code);
  await phone.getByRole('button', { name: 'Join the clinic' }).click();
  await phone.getByText('You have joined Riverside Physiotherapy. Its clinicians can now see your progress.').waitFor();
  await phone.getByText('The clinicians of the clinic you joined, so they can look after you.').waitFor();
  assert.equal(await phone.getByRole('heading', { name: 'Join a clinic' }).count(), 0);
  await checkBoth(phone, 'account-joined-clinic');
  const lee = await login('lee@demo.backcoach.example');
  assert.equal(await patientId(lee.token, 'Juniper'), person.id, 'the clinic\'s clinicians see them');

  // The admin disables the account, after a confirmation, and enables it again.
  await page.goto(`${BASE}/admin/accounts`);
  const row = page.getByRole('row', { name: /Juniper/ });
  await row.getByRole('button', { name: /^Disable/ }).click();
  await row.getByText('They are signed out everywhere at once', { exact: false }).waitFor();
  await checkBoth(page, 'admin-accounts-confirm');
  await row.getByRole('button', { name: 'Yes, disable it' }).click();
  await page.getByText('Juniper’s account is disabled.').waitFor();
  assert.equal((await api('GET', '/me', { token: person.token })).status, 401, 'signed out everywhere');
  await page.getByRole('row', { name: /Juniper/ }).getByRole('button', { name: /^Enable/ }).click();
  await page.getByText('Juniper’s account is enabled again.').waitFor();
  await login(person.email, 'a long enough password');
  await own.close();
});
