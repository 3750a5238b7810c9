// Dr. Lee's control over Maria's plan, on a desktop and on a phone: she sets
// Maria's walk to 15 minutes, 5 days a week, with a reason (a dose outside
// what fits Maria's day is refused beside its field, in plain words), adds
// an exercise the screen allows, and Maria reads each change as one
// sentence with Dr. Lee's name and reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, api, calmRequest, checkBoth, checkPage, launch, login, openContext, signInUi, signUpWithIntake } from './lib.mjs';

let browser;
let context;
let page;
let maria;
let walk;

const REASON = 'Let’s build your walking up slowly this week.';

// An exercise's name inside a sentence: "Brisk walking" reads "brisk walking".
const inSentence = (name) => name.charAt(0).toLowerCase() + name.slice(1);
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

before(async () => {
  browser = await launch();
  context = await openContext(browser, DESKTOP);
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  maria = await login('maria@demo.backcoach.example');
  const plan = await api('GET', `/patients/${maria.user.id}/plan`, { token: maria.token });
  assert.equal(plan.status, 200, JSON.stringify(plan.data));
  // Maria's aerobic work, by its real name in the demo (walking).
  walk = plan.data.exercises.find((e) => e.category === 'aerobic' && !e.paused);
  assert.ok(walk, 'Maria walks');
});

after(async () => { await browser?.close(); });

function planCard(name) {
  return page.locator('.plan-list > li', { has: page.getByRole('heading', { name, exact: true }) });
}

test('Dr. Lee sets Maria’s walk to 15 minutes, 5 days a week, with a reason', async () => {
  await signInUi(page, 'lee@demo.backcoach.example');
  await page.waitForURL(`${BASE}/clinic`);
  await page.goto(`${BASE}/clinic/patients/${maria.user.id}`);
  const card = planCard(walk.name);
  await card.getByText(`Change ${walk.name}`).click();
  await card.getByLabel('What to change').selectOption('dose');
  // Only the fields of a timed exercise: minutes and days a week.
  assert.equal(await card.getByLabel('Repetitions').count(), 0);
  assert.equal(await card.getByLabel('Sets').count(), 0);
  const minutes = card.getByLabel('Minutes');
  const days = card.getByLabel('Days a week');

  // More than fits her 25 minutes a day: refused beside the field.
  await minutes.fill('40');
  await days.fill('5');
  await card.getByLabel('Reason (the patient will read this)').fill(REASON);
  await card.getByRole('button', { name: `Save the change to ${walk.name}` }).click();
  await card.getByText('Minutes must be a whole number from 5 to 20.').waitFor();
  assert.equal(await minutes.getAttribute('aria-invalid'), 'true');
  await checkPage(page, 'dose-refused');

  // No reason: the patient would read nothing.
  await minutes.fill('15');
  await card.getByLabel('Reason (the patient will read this)').fill('');
  await card.getByRole('button', { name: `Save the change to ${walk.name}` }).click();
  await card.getByText('Please give a reason: the patient will read it next to the exercise.').waitFor();

  await card.getByLabel('Reason (the patient will read this)').fill(REASON);
  await card.getByRole('button', { name: `Save the change to ${walk.name}` }).click();
  await page.getByText(`The change to ${walk.name} is saved`).waitFor();
  const sentence = `Dr. Lee set ${inSentence(walk.name)} to 15 minutes, 5 days a week: ${REASON}`;
  await planCard(walk.name).getByText(sentence).waitFor();
  await checkBoth(page, 'dose-saved');

  const plan = await api('GET', `/patients/${maria.user.id}/plan`, { token: maria.token });
  const walking = plan.data.exercises.find((e) => e.id === walk.id);
  assert.equal(walking.dose.minutes, 15);
  assert.equal(walking.dose_set.by, 'Dr. Lee');
  assert.equal(plan.data.aerobic.days_per_week, 5);
  // The person's time still wins: no day is longer than Maria's 25 minutes.
  for (const day of plan.data.schedule) assert.ok(day.minutes <= 25, JSON.stringify(day));
});

test('Maria reads the change as Dr. Lee’s sentence, on her phone', async () => {
  const phone = await openContext(browser, PHONE);
  const patientPage = await phone.newPage();
  patientPage.setDefaultTimeout(10000);
  await signInUi(patientPage, 'maria@demo.backcoach.example');
  await patientPage.goto(`${BASE}/today`);
  const sentence = `Dr. Lee set ${inSentence(walk.name)} to 15 minutes, 5 days a week: ${REASON}`;
  const line = patientPage.locator('.decisions li', { hasText: sentence });
  await line.waitFor();
  // The sentence as it is: no label before it, no words rewritten.
  assert.equal((await line.innerText()).trim(), sentence);
  await checkBoth(patientPage, 'patient-reads-dose');
  assert.deepEqual(phone.pageErrors ?? [], []);
  await phone.close();
});

test('Dr. Lee adds an exercise the screen allows, from the list', async () => {
  // A new patient of the clinic with time to spare (Maria's 25 minutes are full).
  const lee = await login('lee@demo.backcoach.example');
  const invitation = await api('POST', '/clinic/invitations', { token: lee.token });
  assert.equal(invitation.status, 201, JSON.stringify(invitation.data));
  const dana = await signUpWithIntake('dana', calmRequest({ minutes_per_day: 60 }), { name: 'Dana', invitation: invitation.data.code });
  const detail = await api('GET', `/patients/${dana.id}`, { token: lee.token });
  const allowed = detail.data.plan_control.can_add;
  const choice = allowed.find((o) => o.category !== 'aerobic' && o.category !== 'intervals');
  assert.ok(choice, 'something may be added');
  // Nothing the screen forbids is offered: Dana has no dumbbells.
  assert.ok(!allowed.some((o) => o.id === 'goblet_squat'));

  await page.goto(`${BASE}/clinic/patients/${dana.id}`);
  await page.getByText('Add an exercise').click();
  const form = page.locator('details', { hasText: 'Add an exercise' });
  await form.getByRole('button', { name: 'Add it to the plan' }).click();
  await form.getByText('Please choose an exercise to add.').waitFor();
  await form.getByLabel('Exercise', { exact: true }).selectOption(choice.id);
  await form.getByLabel('Reason (the patient will read this)').fill('One more for your hips.');
  await form.getByRole('button', { name: 'Add it to the plan' }).click();
  await page.getByText(`The change to ${choice.name} is saved`).waitFor();
  const card = planCard(choice.name);
  await card.getByText(new RegExp(`^Dr\\. Lee added ${escape(inSentence(choice.name))} \\(.+\\): One more for your hips\\.$`)).waitFor();
  await checkPage(page, 'exercise-added');
  assert.deepEqual(context.pageErrors, []);
});
