// Passwords and sessions in the app: a patient changes their password and
// signs out everywhere; the clinic's admin makes a reset link for a patient,
// who chooses a new password with it; without e-mail, the reset page says
// whom to ask. Each page is checked with axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, api, calmRequest, checkPage, isoDate, launch, login, openContext, signInUi, uniqueEmail } from './lib.mjs';

const password = 'a long enough password';
let browser;
let patient;

before(async () => {
  browser = await launch();
  const email = uniqueEmail('pat');
  const { status, data } = await api('POST', '/auth/signup', { body: { email, password, display_name: 'Pat' } });
  assert.equal(status, 201, JSON.stringify(data));
  patient = { email, id: data.user.id, token: data.token };
});

after(async () => { await browser?.close(); });

test('a patient changes their password, and signing out everywhere ends every session', async () => {
  const context = await openContext(browser, PHONE);
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  await signInUi(page, patient.email, password);
  await page.goto(`${BASE}/account`);
  await page.getByRole('heading', { name: 'Password and signing in' }).waitFor();
  await checkPage(page, 'account-password');
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password').fill('a walk by the river');
  await page.getByRole('button', { name: 'Change my password' }).click();
  await page.getByText('The current password is not right.').waitFor();
  await page.getByLabel('Current password').fill(password);
  await page.getByRole('button', { name: 'Change my password' }).click();
  await page.getByText('Your password has been changed.', { exact: false }).waitFor();
  assert.equal((await api('GET', '/me', { token: patient.token })).status, 401, 'the other session ended');
  const other = await login(patient.email, 'a walk by the river');
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  assert.equal((await api('GET', '/me', { token: other.token })).status, 401, 'every session ended');
  await context.close();
});

test('without e-mail, the reset page says whom to ask', async () => {
  const context = await openContext(browser, PHONE);
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  await page.goto(`${BASE}/login`);
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await page.getByRole('heading', { name: 'Forgotten your password?' }).waitFor();
  await checkPage(page, 'reset-password-request');
  await page.getByLabel('Email').fill(patient.email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.getByText('ask your clinic\'s administrator for a link', { exact: false }).waitFor();
  await context.close();
});

test('the clinic admin makes a reset link, and the patient chooses a new password with it', async () => {
  const admin = await login('admin@demo.backcoach.example');
  const invite = await api('POST', '/clinic/invitations', { token: admin.token });
  const email = uniqueEmail('rosa');
  const signup = await api('POST', '/auth/signup', { body: { email, password, display_name: 'Rosa', invitation_code: invite.data.code } });
  assert.equal(signup.status, 201, JSON.stringify(signup.data));
  const rosa = signup.data.user;
  await api('POST', `/patients/${rosa.id}/intake`, { token: signup.data.token, body: { ...calmRequest(), start_date: isoDate(new Date()) } });
  const context = await openContext(browser, DESKTOP);
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  await signInUi(page, 'admin@demo.backcoach.example');
  await page.goto(`${BASE}/clinic/patients/${rosa.id}`);
  await page.getByRole('button', { name: 'Make a password reset link' }).click();
  const link = await page.locator('code.feed-url').innerText();
  assert.match(link, /\/reset-password#token=[0-9a-f]{64}$/);
  await checkPage(page, 'admin-reset-link');
  const visitor = await openContext(browser, PHONE);
  const reset = await visitor.newPage();
  reset.setDefaultTimeout(10000);
  await reset.goto(link);
  await reset.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await checkPage(reset, 'reset-password-choose');
  await reset.getByLabel('New password').fill('rosa walks every morning');
  await reset.getByRole('button', { name: 'Save my new password' }).click();
  await reset.getByText('Your password has been changed', { exact: false }).waitFor();
  assert.equal(new URL(reset.url()).hash, '', 'the token is wiped from the address bar');
  await login(email, 'rosa walks every morning');
  await visitor.close();
  await context.close();
});
