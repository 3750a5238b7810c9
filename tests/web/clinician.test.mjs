// Dr. Lee of the demo clinic, on a desktop: invites a patient with a code;
// after that patient reports a red-flag symptom, finds them at the top of the
// list with the reason; searches and pages the list; opens the page; leaves a
// note. Then adjusts another patient's plan, and that patient sees the reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, api, calmRequest, checkPage, isoDate, launch, login, openContext, signInUi, uniqueEmail } from './lib.mjs';

let browser;
let context;
let page;
const password = 'a long enough password';

// Signs a patient up with the code and answers the intake through the API.
async function invitedPatient(code, name, extra = {}) {
  const email = uniqueEmail(name.toLowerCase());
  const signup = await api('POST', '/auth/signup', { body: { email, password, display_name: name, invitation_code: code } });
  assert.equal(signup.status, 201, JSON.stringify(signup.data));
  const { token, user } = signup.data;
  const intake = await api('POST', `/patients/${user.id}/intake`, { token, body: { ...calmRequest(extra), start_date: isoDate(new Date()) } });
  assert.equal(intake.status, 201, JSON.stringify(intake.data));
  return { email, token, user, plan: intake.data.plan };
}

async function newCode() {
  await page.goto(`${BASE}/clinic/invite`);
  await page.getByRole('button', { name: 'Create an invitation code' }).click();
  const code = await page.locator('[data-code]').getAttribute('data-code');
  assert.match(code, /^[0-9a-f]{12}$/);
  return code;
}

before(async () => {
  browser = await launch();
  context = await openContext(browser, DESKTOP);
  page = await context.newPage();
  page.setDefaultTimeout(10000);
});

after(async () => { await browser?.close(); });

let redFlag;

test('a clinician invites a patient with a one-time code', async () => {
  await signInUi(page, 'lee@demo.backcoach.example');
  await page.waitForURL(`${BASE}/clinic`);
  await page.goto(`${BASE}/clinic/invite`);
  await checkPage(page, 'invite');
  const code = await newCode();
  await checkPage(page, 'invite-code');
  redFlag = await invitedPatient(code, 'Rafael');
});

test('after a red-flag answer the patient is at the top of the list, with the reason', async () => {
  const day = redFlag.plan.schedule.find((d) => d.kind !== 'rest');
  const log = await api('POST', `/patients/${redFlag.user.id}/sessions`, {
    token: redFlag.token,
    body: {
      date: day.date, exercises: day.exercises.map((e) => ({ id: e.id, done: true, pain_during: 6 })),
      pain_after: 6, effort: 5, bladder_or_bowel_change: true,
    },
  });
  assert.equal(log.data.status, 'stopped');
  await page.goto(`${BASE}/clinic`);
  // Several people of the demo may have a red flag open: Rafael is among
  // them, above everyone who has none.
  const rows = page.locator('.patient-row');
  await rows.first().waitFor();
  const names = await rows.locator('.patient-name').allInnerTexts();
  const at = names.indexOf('Rafael');
  assert.ok(at >= 0, `Rafael is on the first page of the list: ${names.join(', ')}`);
  for (let i = 0; i <= at; i += 1) {
    assert.match(await rows.nth(i).getAttribute('class'), /attention-high/,
      `${names[i]} (row ${i + 1}) is marked urgent, above or at Rafael`);
  }
  assert.match(await rows.nth(at).locator('.reasons').innerText(), /red flag: New change in bladder or bowel control/);
  await checkPage(page, 'patient-list');
});

test('the list is searchable and paged by the server', async () => {
  await page.getByLabel('Search by name').fill('Rafael');
  await page.getByText('Patients 1 to 1 of 1 matching “Rafael”').waitFor();
  assert.match(page.url(), /search=Rafael/);
  assert.equal(await page.getByRole('button', { name: 'Show more patients' }).count(), 0, 'one page holds them all');
  await page.getByLabel('Search by name').fill('');
  await page.getByRole('button', { name: 'Search' }).click();
  const status = await page.getByText(/^Patients 1 to 25 of \d+/).innerText();
  const total = Number(/of (\d+)/.exec(status)[1]);
  assert.ok(total > 25, `the demo clinic has more than a page: ${status}`);
  // The whole list, as the server orders it, to compare the pages with.
  const token = (await login('lee@demo.backcoach.example')).token;
  const { data: all } = await api('GET', '/clinic/patients?limit=200', { token });
  const rows = page.locator('.patient-row .patient-name');
  assert.deepEqual(await rows.allInnerTexts(), all.patients.slice(0, 25).map((p) => p.name));
  // With the keyboard: the next page is added below, and the focus goes to
  // its first patient, so Tab carries on down the list.
  const more = page.getByRole('button', { name: 'Show more patients' });
  await more.focus();
  await page.keyboard.press('Enter');
  const shown = Math.min(50, total);
  await page.getByText(new RegExp(`^Patients 1 to ${shown} of ${total}`)).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), all.patients[25].name);
  assert.equal(await page.evaluate(() => document.activeElement.closest('li.patient-row') === document.querySelectorAll('li.patient-row')[25]), true);
  await checkPage(page, 'patient-list-page-2');
  // To the end: every patient once, in the server's order.
  while (await more.count() > 0 && await more.isVisible()) {
    const before = await rows.count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('.patient-row').length > n || !document.querySelector('.pager button'), before);
  }
  await page.getByText('That is everyone.').waitFor();
  const names = await rows.allInnerTexts();
  assert.equal(names.length, total);
  assert.deepEqual(names.slice(0, Math.min(200, total)), all.patients.map((p) => p.name).slice(0, Math.min(200, total)));
  assert.match(page.url(), /\/clinic$/, 'the URL holds the search, never a page');
});

test('the patient page shows the screen, flags, plan, log and takes a note', async () => {
  await page.goto(`${BASE}/clinic`);
  await page.getByRole('link', { name: 'Rafael' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rafael' }).waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /Needs attention/);
  assert.match(text, /Status: Stopped\./);
  assert.match(text, /bladder_or_bowel_change|bladder or bowel/i);
  await page.getByLabel(/Add a note/).fill('Called him; he is on his way to the emergency department.');
  await page.getByRole('button', { name: 'Save the note' }).click();
  await page.getByText('The note is saved.').waitFor();
  assert.match(await page.locator('.notes').innerText(), /on his way to the emergency department/);
  await checkPage(page, 'patient-page');
});

test('the red flag raised an alert at once, which the clinician resolves with a note', async () => {
  const alert = page.locator('.alert-item', { hasText: 'A red-flag answer' }).first();
  await alert.waitFor();
  // The day in the browser's words ("December 3"), never the API's 2026-12-03.
  // Seen: the page showed its flag as the current screen, first and in red.
  assert.match(await alert.innerText(), /^Seen: A red-flag answer on [A-Z][a-z]+ \d{1,2}: New change in bladder or bowel control/);
  assert.equal(await alert.getByRole('button', { name: 'Mark as seen' }).count(), 0);
  await alert.getByRole('button', { name: 'Resolve' }).click();
  await alert.getByText(/is required to resolve an alert/).waitFor();
  await alert.getByLabel('What was done (needed to resolve)').fill('Called him; he went to the emergency department.');
  await alert.getByRole('button', { name: 'Resolve' }).click();
  await alert.getByText('Note: Called him; he went to the emergency department.').waitFor();
  assert.match(await alert.innerText(), /^Resolved: /);
  const open = await api('GET', '/clinic/alerts?open=true', { token: (await login('lee@demo.backcoach.example')).token });
  assert.ok(!open.data.alerts.some((a) => a.patient_id === redFlag.user.id), JSON.stringify(open.data));
  await checkPage(page, 'patient-alert-resolved');
});

test('a red flag found during the programme is the screen that stands: first, red, and nothing beside it says otherwise', async () => {
  const { token } = await login('lee@demo.backcoach.example');
  const { data } = await api('GET', '/clinic/patients?search=Ahmed%20Karimi', { token });
  const id = data.patients[0].id;
  const screen = (await api('GET', `/patients/${id}/screen`, { token })).data;
  assert.equal(screen.triage, 'emergency');
  assert.equal(screen.intake_screen.triage, 'routine_review');
  await page.goto(`${BASE}/clinic/patients/${id}`);
  const card = page.locator('.screen-summary');
  await card.waitFor();
  const text = await card.innerText();
  assert.match(text, /^Triage: Emergency\. Go to an emergency department now\./);
  assert.doesNotMatch(text, /Routine review|You can start/);
  assert.match(await card.getAttribute('class'), /urgent-border/);
  const box = page.locator('.notice', { has: page.getByRole('heading', { name: 'Needs attention' }) });
  assert.equal(await box.getAttribute('class'), 'notice urgent-hint');
  const alert = page.locator('.alert-item', { hasText: 'A red-flag answer' }).first();
  assert.match(await alert.innerText(), /^Seen: /);
  // Read again, it stays seen: the page marked it on the server.
  const alerts = (await api('GET', `/patients/${id}/alerts`, { token })).data.alerts;
  assert.ok(alerts.filter((a) => a.rule === 'red_flag').every((a) => a.state !== 'new'), JSON.stringify(alerts));
  await checkPage(page, 'clinic-patient-current-screen');
});

test('the pain chart claims a real improvement only against a baseline week, over two weeks of ratings', async () => {
  const { token } = await login('lee@demo.backcoach.example');
  const painSummary = async (name) => {
    const { data } = await api('GET', `/clinic/patients?search=${encodeURIComponent(name)}`, { token });
    const id = data.patients[0].id;
    await page.goto(`${BASE}/clinic/patients/${id}`);
    const summary = page.locator('figure.chart', { hasText: 'During sessions' }).locator('.chart-summary');
    await summary.waitFor();
    return { id, text: await summary.innerText() };
  };
  // Tom: six days, from 7 at the intake to 3 lately: too few days to speak of a change.
  const tom = await painSummary('Tom Becker');
  assert.equal((await api('GET', `/patients/${tom.id}/progress`, { token })).data.pain_change, null);
  assert.doesNotMatch(tom.text, /real improvement/);
  assert.match(tom.text, /After two weeks of ratings, the latest week is compared with the first/);
  // Maria: six weeks, from a first week of 4 to a last week of 2.
  const maria = await painSummary('Maria Jensen');
  assert.match(maria.text, /The last week's average, 2, is 2 points below the first week's, 4: a real improvement\./);
  await checkPage(page, 'clinic-patient-pain-change');
});

test('the clinician pins an exercise with a reason, and the patient sees it on the card', async () => {
  const maria = await invitedPatient(await newCode(), 'Marta', { equipment: ['mat', 'resistance_band'] });
  const day = maria.plan.schedule.find((d) => d.kind !== 'rest');
  const exercise = day.exercises[0];
  await page.goto(`${BASE}/clinic/patients/${maria.user.id}`);
  const card = page.locator('.plan-list > li', { has: page.getByRole('heading', { name: exercise.name, exact: true }) });
  await card.getByText(`Change ${exercise.name}`).click();
  await card.getByLabel('What to change').selectOption('pin');
  await card.getByLabel('Reason (the patient will read this)').fill('Let’s consolidate this for a week.');
  await card.getByRole('button', { name: `Save the change to ${exercise.name}` }).click();
  await page.getByText(`The change to ${exercise.name} is saved`).waitFor();
  await checkPage(page, 'patient-adjusted');
  const plan = await api('GET', `/patients/${maria.user.id}/plan`, { token: maria.token });
  const pinned = plan.data.exercises.find((e) => e.id === exercise.id);
  assert.equal(pinned.pinned, true);

  const phone = await openContext(browser, PHONE);
  const patientPage = await phone.newPage();
  patientPage.setDefaultTimeout(10000);
  const [y, m, d] = day.date.split('-').map(Number);
  await patientPage.clock.install({ time: new Date(y, m - 1, d, 9) });
  await signInUi(patientPage, maria.email, password);
  await patientPage.goto(`${BASE}/today`);
  const patientCard = patientPage.locator('article.exercise', { hasText: exercise.name }).first();
  await patientCard.getByText('From your clinician: Let’s consolidate this for a week.').waitFor();
  await checkPage(patientPage, 'patient-sees-pin');
  await phone.close();
});

test('a clinician of the clinic has the same page errors budget: none', async () => {
  assert.deepEqual(context.pageErrors, []);
  assert.deepEqual(context.foreignRequests, []);
  // The demo's clinician session is real: the API agrees on who is signed in.
  const { user } = await login('lee@demo.backcoach.example');
  assert.equal(user.role, 'clinician');
});
