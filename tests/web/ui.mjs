// Steps a person takes in the app, written once for every scenario: answer
// a question, go through the intake, log a session.
import { BASE } from './lib.mjs';

function exact(text) {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

// Picks an option of the question whose legend starts with `legend`.
export async function pick(scope, legend, option) {
  const group = scope.getByRole('group', { name: legend }).first();
  await group.locator('label', { hasText: exact(String(option)) }).first().click();
}

export async function next(page) {
  await page.getByRole('button', { name: /^(Next|Check my answers)$/ }).click();
}

// Answers the intake wizard. `a` holds the answers; the defaults are calm.
export async function answerIntake(page, a = {}, check = async () => {}) {
  const yes = (v) => (v ? 'Yes' : 'No');
  if (a.seen) {
    // After a red-flag result, the first question is whether they have been seen.
    await pick(page, 'Have you been seen', a.seen);
    await check('intake-seen');
    await next(page);
  }
  await page.getByLabel('How old are you?').fill(String(a.age ?? 45));
  await page.getByRole('spinbutton', { name: 'Number' }).fill(String(a.weeks ?? 30));
  await pick(page, 'Is this the first time', yes(a.first_episode));
  await check('intake-about');
  await next(page);
  await pick(page, 'How strong is your back pain right now?', a.pain_now ?? 4);
  await pick(page, 'Over the last few days', a.trend ?? 'about the same');
  await pick(page, 'Do you also have pain in several', 'No');
  await pick(page, 'Do you have pain higher up', 'No');
  await pick(page, 'Is your back stiff', 'No');
  await check('intake-pain');
  await next(page);
  await pick(page, 'Do you feel anything like that in a leg?', a.leg ?? 'No');
  await pick(page, 'Does either leg feel weak', 'No');
  await check('intake-legs');
  await next(page);
  await pick(page, 'Is there numbness around', 'No');
  await pick(page, 'Have you had new trouble passing urine', yes(a.bladder));
  if (a.bladder) {
    // An emergency answer brings the emergency card at once, over the questions.
    const card = page.getByRole('dialog');
    await card.getByRole('heading', { name: 'Go to an emergency department now.' }).waitFor();
    await check('intake-emergency-card');
    await card.getByRole('button', { name: 'Go on with the questions' }).click();
    await card.waitFor({ state: 'hidden' });
  }
  await pick(page, 'Have you noticed new problems with sexual', 'No');
  await check('intake-signs');
  await next(page);
  for (const q of ['Have you had a fever', 'Do you feel generally unwell', 'Have you lost weight', 'Is the pain there all night',
    'Have you ever had cancer', 'Do you take medicine', 'Have you recently had a serious infection']) {
    await pick(page, q, 'No');
  }
  await check('intake-health');
  await next(page);
  await pick(page, 'Did the pain start after a fall', 'No');
  await pick(page, 'Do you have thin bones', 'No');
  await check('intake-injury');
  await next(page);
  await pick(page, 'How active are you these days?', a.activity ?? 'A little: some walking, light chores');
  await pick(page, 'How much time could you give it', a.minutes ?? '25 minutes');
  await pick(page, 'How many days a week?', a.days ?? '5');
  await check('intake-week');
  await next(page);
  for (const item of a.equipment ?? ['An exercise mat', 'A resistance band']) await pick(page, 'What do you have', item);
  for (const item of a.likes ?? ['Walking']) await pick(page, 'What do you enjoy', item);
  for (const item of a.dislikes ?? ['Swimming']) await pick(page, 'Anything you would rather avoid?', item);
  await check('intake-likes');
  await next(page);
  await page.getByLabel('Goal 1').fill(a.goal ?? 'garden for an hour without stopping');
  await pick(page, 'How worried are you', a.fear ?? 2);
  await check('intake-goals');
  await next(page);
  await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
  await check('intake-review');
  await page.getByRole('button', { name: 'See my result' }).click();
  await page.waitForURL(`${BASE}/result`);
}

// Logs today's session: `pain(card index)` gives the pain during (0-10) and
// `feel(card index)` what it was like when it hurt (a label of the second question).
export async function logSession(page, { pain = () => 2, feel = () => null, after = 2, effort = 4, symptoms = null } = {}) {
  const cards = page.locator('article.exercise');
  const count = await cards.count();
  for (let i = 0; i < count; i += 1) {
    const card = cards.nth(i);
    await pick(card, /^Pain during/, pain(i));
    const f = feel(i);
    if (f) await pick(card, 'What was it like?', f);
  }
  const finish = page.locator('form.finish');
  await pick(finish, 'Your back pain now, after the session', after);
  await pick(finish, 'How hard did the session feel overall?', effort);
  if (symptoms) await symptoms(finish);
  await page.getByRole('button', { name: 'Save my session' }).click();
}
