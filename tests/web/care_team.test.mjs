// The care team in the browser: a patient invites a supporter, who signs up
// with the code and sees only encouragement-level data (sessions and the
// weekly streak: no pain, no flags), and sends encouragement that the
// patient reads. The patient then removes the supporter, who loses access
// at once. A second supporter, Ana, sees the pain numbers the patient
// shares with her, and no longer once the patient stops sharing symptoms.
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
  return { email, id, token };
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
  // What is not shared is said plainly; nothing else speaks of pain.
  const notShared = await supporterPage.getByTestId('not-shared').innerText();
  assert.match(notShared, /Nadia has not shared active minutes and exercise levels or pain ratings with you\./);
  assert.doesNotMatch(text.replace(notShared, ''), /pain|stiff|flag|symptom/i);
  assert.doesNotMatch(text, /stiff|flag|out of 10/i);
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

// Ana joins with progress and symptoms shared, through the API (the sign-up
// page is tested above), and signs in through the app.
async function anaWithScopes(scopes) {
  const invite = await api('POST', `/patients/${patient.id}/care-team/invitations`, { token: patient.token, body: { scopes } });
  assert.equal(invite.status, 201, JSON.stringify(invite.data));
  const email = uniqueEmail('ana');
  const joined = await api('POST', '/auth/signup', { body: { email, password, display_name: 'Ana', supporter_code: invite.data.code } });
  assert.equal(joined.status, 201, JSON.stringify(joined.data));
  return { email, id: joined.data.user.id };
}

test('with progress and symptoms shared, Ana sees the pain numbers, minutes and levels', async () => {
  const ana = await anaWithScopes(['progress', 'symptoms']);
  patient.ana = ana;
  const page = await (await openContext(browser, PHONE)).newPage();
  page.setDefaultTimeout(10000);
  patient.anaPage = page;
  await signInUi(page, ana.email, password);
  await page.goto(`${BASE}/supporting/${patient.id}`);
  await page.getByRole('heading', { name: 'Pain', exact: true }).first().waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /Pain during sessions: latest 4 out of 10/);
  assert.match(text, /active minutes in the week of/);
  assert.equal(await page.getByTestId('not-shared').count(), 0, 'everything shareable is shared');
  assert.doesNotMatch(text, /stiff|flag/i);
  await checkPage(page, 'supporter-pain');
});

test('once symptoms are no longer shared, Ana sees no pain and is told so', async () => {
  const page = patient.anaPage;
  const changed = await api('PUT', `/patients/${patient.id}/care-team/${patient.ana.id}`, { token: patient.token, body: { scopes: ['progress'] } });
  assert.equal(changed.status, 200, JSON.stringify(changed.data));
  await page.reload();
  await page.getByRole('heading', { name: 'Progress' }).waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /active minutes in the week of/);
  assert.doesNotMatch(text, /out of 10|Pain during sessions/);
  assert.match(await page.getByTestId('not-shared').innerText(), /Nadia has not shared pain ratings with you\. Only Nadia can change this\./);
  const overview = await page.evaluate(async (id) => (await fetch(`/api/v1/patients/${id}/overview`)).json(), patient.id);
  assert.deepEqual(Object.keys(overview).filter((k) => /pain/.test(k)), []);
});
