// The care team in the browser: a patient invites a supporter, who signs up
// with the code and sees only encouragement-level data (sessions and the
// weekly streak: no pain, no flags), and sends encouragement that the
// patient reads. The patient then removes the supporter, who loses access
// at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, api, calmRequest, checkPage, isoDate, launch, openContext, signInUi, uniqueEmail } from './lib.mjs';

const password = 'a long enough password';
let browser;
let patientPage;
let supporterPage;
let patient;
let supporterEmail;

async function patientWithHistory() {
  const email = uniqueEmail('nadia');
  const { data } = await api('POST', '/auth/signup', { body: { email, password, display_name: 'Nadia' } });
  const token = data.token;
  const id = data.user.id;
  const date = isoDate(new Date());
  await api('POST', `/patients/${id}/intake`, { token, body: { ...calmRequest(), start_date: date } });
  const today = await api('GET', `/patients/${id}/today?date=${date}`, { token });
  const exercises = today.data.exercises.map((e) => ({ id: e.id, pain_during: 4 }));
  const logged = await api('POST', `/patients/${id}/sessions`, { token, body: { date, exercises, pain_after: 4, effort: 5 } });
  assert.equal(logged.status, 201, JSON.stringify(logged.data));
  await api('POST', `/patients/${id}/pain`, { token, body: { pain: 6, note: 'stiff after the drive' } });
  return { email, id };
}

before(async () => {
  browser = await launch();
  patientPage = await (await openContext(browser, PHONE)).newPage();
  supporterPage = await (await openContext(browser, PHONE)).newPage();
  for (const p of [patientPage, supporterPage]) p.setDefaultTimeout(10000);
  patient = await patientWithHistory();
  supporterEmail = uniqueEmail('sam');
});

after(async () => { await browser?.close(); });

test('a patient invites a supporter with a one-time code', async () => {
  await signInUi(patientPage, patient.email, password);
  await patientPage.goto(`${BASE}/care-team`);
  await patientPage.getByRole('heading', { name: 'Your care team' }).waitFor();
  await patientPage.getByRole('button', { name: 'Make an invitation code' }).click();
  await patientPage.getByTestId('supporter-code').waitFor();
  await checkPage(patientPage, 'invite');
  patient.code = (await patientPage.getByTestId('supporter-code').innerText()).trim();
  assert.match(patient.code, new RegExp(`^${patient.id}-[0-9a-f]+$`));
});

test('the supporter signs up and sees sessions and the streak, never pain or flags', async () => {
  await supporterPage.goto(`${BASE}/signup?supporter=${encodeURIComponent(patient.code)}`);
  await supporterPage.getByRole('heading', { name: 'Join as a supporter' }).waitFor();
  await supporterPage.getByLabel('Your name, as the person you support knows you').fill('Sam');
  await supporterPage.getByLabel('Email').fill(supporterEmail);
  await supporterPage.getByLabel('Choose a password').fill(password);
  await supporterPage.getByRole('button', { name: 'Join as a supporter' }).click();
  await supporterPage.waitForURL(`${BASE}/supporting`);
  await supporterPage.getByRole('link', { name: 'Nadia' }).click();
  await supporterPage.waitForURL(`${BASE}/supporting/${patient.id}`);
  await supporterPage.getByRole('heading', { name: 'Weeks on the go' }).waitFor();
  await checkPage(supporterPage, 'supporter-view');
  const text = await supporterPage.locator('main').innerText();
  assert.match(text, /1 session in the week of/);
  assert.doesNotMatch(text, /pain|stiff|flag|symptom/i);
  // Nor can the supporter's own browser fetch what is not shared.
  const statuses = await supporterPage.evaluate(async (id) => {
    const out = {};
    for (const path of ['/pain', '/screen', '/sessions', '/progress', '/export', '/plan']) {
      out[path] = (await fetch(`/api/v1/patients/${id}${path}`)).status;
    }
    return out;
  }, patient.id);
  assert.deepEqual(statuses, { '/pain': 403, '/screen': 403, '/sessions': 403, '/progress': 403, '/export': 403, '/plan': 403 });
});

test('the supporter sends encouragement and the patient reads it', async () => {
  await supporterPage.getByLabel('Your message to Nadia').fill('One session already this week: well done, Nadia.');
  await supporterPage.getByRole('button', { name: 'Send encouragement' }).click();
  await supporterPage.getByText('One session already this week: well done, Nadia.').waitFor();
  await patientPage.goto(`${BASE}/care-team`);
  const card = patientPage.getByRole('region', { name: 'Sam' });
  await card.getByText('One session already this week: well done, Nadia.').waitFor();
  await checkPage(patientPage, 'care-team-message');
});

test('the patient removes the supporter, who loses access at once', async () => {
  await patientPage.getByRole('button', { name: 'Remove Sam' }).click();
  await patientPage.getByText('Sam is no longer on your care team').waitFor();
  await supporterPage.reload();
  await supporterPage.getByRole('heading', { level: 1, name: 'We could not find this page' }).waitFor();
  assert.equal(await supporterPage.getByRole('button', { name: 'Try again' }).count(), 0, 'trying again cannot help');
  assert.doesNotMatch(await supporterPage.locator('main').innerText(), /Weeks on the go/);
  const status = await supporterPage.evaluate(async (id) => (await fetch(`/api/v1/patients/${id}/overview`)).status, patient.id);
  assert.equal(status, 404);
  await supporterPage.goto(`${BASE}/supporting`);
  await supporterPage.getByText('Nobody at the moment.').waitFor();
  await checkPage(supporterPage, 'supporter-removed');
});
