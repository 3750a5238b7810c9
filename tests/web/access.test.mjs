// A patient cannot open another patient's page, in the app or through the
// API from their own browser; signed-out visitors are sent to sign in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, api, calmRequest, checkPage, isoDate, launch, openContext, signInUi, uniqueEmail } from './lib.mjs';

const password = 'a long enough password';
let browser;
let page;
let alice;
let bob;

async function patient(name) {
  const email = uniqueEmail(name.toLowerCase());
  const { data } = await api('POST', '/auth/signup', { body: { email, password, display_name: name } });
  await api('POST', `/patients/${data.user.id}/intake`, { token: data.token, body: { ...calmRequest(), start_date: isoDate(new Date()) } });
  return { email, id: data.user.id, token: data.token };
}

before(async () => {
  browser = await launch();
  const context = await openContext(browser, PHONE);
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  alice = await patient('Alice');
  bob = await patient('Bobby');
});

after(async () => { await browser?.close(); });

test('signed out, the app sends a person to sign in, and back afterwards', async () => {
  await page.goto(`${BASE}/progress`);
  await page.waitForURL(`${BASE}/login?next=%2Fprogress`);
  await checkPage(page, 'login');
  await page.getByLabel('Email').fill(alice.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('That email and password do not match an account.').waitFor();
  await checkPage(page, 'login-wrong-password');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${BASE}/progress`);
});

test('a patient cannot open another patient’s page in the app', async () => {
  await page.goto(`${BASE}/clinic/patients/${bob.id}`);
  await page.waitForURL(`${BASE}/today`);
  assert.doesNotMatch(await page.locator('body').innerText(), /Bobby/);
  await page.goto(`${BASE}/clinic`);
  await page.waitForURL(`${BASE}/today`);
});

test('nor reach another patient’s data through the API with their own session', async () => {
  const statuses = await page.evaluate(async (other) => {
    const me = await (await fetch('/api/v1/me')).json();
    const out = {};
    for (const path of ['', '/plan', '/today', '/progress', '/sessions', '/export', '/screen']) {
      out[`GET ${path || '/'}`] = (await fetch(`/api/v1/patients/${other}${path}`)).status;
    }
    const write = await fetch(`/api/v1/patients/${other}/pain`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify({ pain: 3 }),
    });
    out['POST /pain'] = write.status;
    const erase = await fetch(`/api/v1/patients/${other}`, { method: 'DELETE', headers: { 'X-CSRF-Token': me.csrf_token } });
    out['DELETE /'] = erase.status;
    return out;
  }, bob.id);
  for (const [call, status] of Object.entries(statuses)) {
    assert.ok(status === 404 || status === 403, `${call} answered ${status}`);
  }
  // Bob's data is untouched.
  const plan = await api('GET', `/patients/${bob.id}/plan`, { token: bob.token });
  assert.equal(plan.status, 200);
  const pain = await api('GET', `/patients/${bob.id}/pain`, { token: bob.token });
  assert.equal(pain.data.records.length, 0);
});

test('a page that does not exist says so, with a way back', async () => {
  await page.goto(`${BASE}/no-such-page`);
  await page.getByRole('heading', { name: 'We could not find this page' }).waitFor();
  await checkPage(page, 'not-found');
});
