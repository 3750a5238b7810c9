// The camera coach end to end, with Chromium's fake camera playing a clip of
// a Debian-packaged photograph (opencv-doc's messi5.jpg: one person, standing)
// at 15 frames a second: the card offers the camera, explains first, loads
// the pose model and both WebAssembly modules from backcoach itself (under
// the Content-Security-Policy), and the set-up check says what the core's
// analysis says of the same keypoints (the recording the page offers for
// download, analysed by `backcoach motion`). No request leaves 127.0.0.1: the
// browser resolves no other name. Without a camera, the card's timer stays;
// leaving the page turns the camera off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, api, checkPage, coveredCards, login, openContext, signInUi } from './lib.mjs';
import { MESSI, launchWithFakeCamera, personWithCoveredCard, stillClip } from './camera.mjs';
import { pick } from './ui.mjs';
import { coachEntry, mergeCoach } from '../../web/src/lib/coach_measurements.js';

const PASSWORD = 'a long enough password';
const program = process.env.BACKCOACH_BIN || join(process.cwd(), 'build', 'backcoach');
const tmp = mkdtempSync(join(tmpdir(), 'backcoach-coach-'));
let browser;

before(async () => {
  assert.ok(existsSync(MESSI), `no ${MESSI} (apt-get install opencv-doc)`);
  browser = await launchWithFakeCamera(stillClip(MESSI, tmp));
});
after(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

// A person with a plan for today, signed in, on the Today page at a card the
// coach covers (its motion has camera rules). Returns the page, its context,
// the card's exercise id, the person and the day's cards as the API gave them.
async function atCoveredCard(options = {}) {
  const person = await personWithCoveredCard('coach', PASSWORD);
  const context = await openContext(browser, { width: 1280, height: 900 }, options);
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await signInUi(page, person.email, PASSWORD);
  await page.goto(`${BASE}/today`);
  const button = page.getByRole('button', { name: 'Use the camera' }).first();
  await button.waitFor();
  const exercise = await page.locator('article.exercise', { has: button }).getAttribute('data-exercise');
  const card = page.locator(`article.exercise[data-exercise="${exercise}"]`);
  return { page, context, card, button, exercise, person };
}

test('the coach loads from backcoach, checks the set-up truthfully and offers the recording', { timeout: 90000 }, async () => {
  const { page, context, card, button, exercise, person } = await atCoveredCard();
  const served = {};
  page.on('response', (r) => { served[new URL(r.url()).pathname] = r.headers()['content-type']; });
  const covered = coveredCards(person.day);
  assert.ok(covered.includes(exercise), `${exercise} is not covered`);
  assert.deepEqual(await page.locator('article.exercise', { has: page.getByRole('button', { name: 'Use the camera' }) }).evaluateAll(
    (cards) => cards.map((c) => c.dataset.exercise)), person.day.exercises.map((c) => c.id).filter((i) => covered.includes(i)),
  'the camera is offered exactly on the cards whose motion the coach covers');

  await button.click();
  const panel = card.locator('.coach');
  await panel.getByText('The picture never leaves this device.').waitFor();
  await checkPage(page, 'coach-intro');
  assert.equal(await panel.getAttribute('data-state'), 'intro', 'something started before the person asked');
  await panel.getByRole('button', { name: 'Start the camera' }).click();

  // Twenty frames of the clip through the model and the analysis.
  await page.waitForFunction((el) => Number(el.dataset.frames || 0) >= 20, await panel.elementHandle(), { timeout: 60000 });
  const state = await panel.getAttribute('data-state');
  const setup = await panel.getAttribute('data-setup');
  const said = (await panel.locator('.coach-status').textContent()).trim();
  const fps = Number(await panel.getAttribute('data-fps'));
  console.log(`coach: ${exercise}, set-up ${setup} (${said}), ${fps} frames a second`);
  await checkPage(page, 'coach-setup');

  await panel.getByRole('button', { name: 'Finish the set' }).click();
  const downloading = page.waitForEvent('download');
  await panel.getByRole('link', { name: 'Download the recording (keypoints only)' }).click();
  const file = join(tmp, 'recording.jsonl');
  await (await downloading).saveAs(file);
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines[0], { format: 'backcoach-pose', version: 1, width: 640, height: 480, keypoints: 'coco17' });
  assert.ok(lines.length > 20, `${lines.length - 1} frames recorded`);
  assert.ok(lines.slice(1).some((f) => f.people === 1 && Object.keys(f.points).length >= 10), 'the model found no one in the photograph');
  assert.ok(lines.slice(1).every((f) => f.people === 1), 'one person counted as more, or as none');

  // What the page said of the set-up is what the core says of the same keypoints.
  const native = JSON.parse(execFileSync(program, ['motion', '--json', '--exercise', exercise, file], { encoding: 'utf8' }));
  if (native.assessed) {
    assert.equal(setup, 'ok');
    assert.equal(state, 'counting', `the set-up was right but the coach stayed in ${state}`);
  } else {
    assert.equal(state, 'setup', 'the coach counted a set-up the analysis cannot assess');
    assert.equal(setup, native.reason);
    assert.equal(said, native.reason_message);
  }

  // The model and the WebAssembly came from backcoach, with their types.
  assert.equal(served['/models/movenet-lightning.json'], 'application/json');
  assert.equal(served['/models/movenet-lightning.bin'], 'application/octet-stream');
  assert.equal(served['/models/blazeface.json'], 'application/json');
  assert.equal(served['/models/blazeface.bin'], 'application/octet-stream');
  assert.equal(served['/tfjs/tfjs-backend-wasm-simd.wasm'], 'application/wasm');
  assert.equal(served['/wasm/motion.wasm'], 'application/wasm');
  assert.deepEqual(context.foreignRequests, [], 'a request went to another site');
  assert.deepEqual(context.pageErrors, [], 'a script failed');
  await context.close();  // asserts that the Content-Security-Policy refused nothing
});

// The figure beside the person follows the analysis' `next_phase`. A still
// photograph moves through no repetition, so the page is handed, for its
// covered card, a hold that any pose of the photograph keeps (the side
// plank's definition with its tolerance opened wide): the analysis in the
// WebAssembly module then says the hold is next, and the figure shows it.
test('beside the camera the figure shows the phase the analysis says comes next', { timeout: 90000 }, async () => {
  const person = await personWithCoveredCard('next', PASSWORD);
  const exercise = coveredCards(person.day)[0];
  const plank = JSON.parse(execFileSync(program, ['motion', '--definition', '--exercise', 'side_plank'], { encoding: 'utf8' }));
  plank.camera.also = [];
  plank.camera.hold = { ...plank.camera.hold, min: 0, max: 360 };
  const context = await openContext(browser, { width: 1280, height: 900 }, { reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await page.route('**/api/v1/patients/*/today*', async (route) => {
    const response = await route.fetch();
    const day = await response.json();
    for (const card of [...day.exercises, ...day.bad_day_session]) {
      if (card.id === exercise) card.motion = { ...plank, exercise };
    }
    await route.fulfill({ response, json: day });
  });
  await signInUi(page, person.email, PASSWORD);
  await page.goto(`${BASE}/today`);
  const card = page.locator(`article.exercise[data-exercise="${exercise}"]`);
  await card.getByRole('button', { name: 'Use the camera' }).click();
  await card.getByRole('button', { name: 'Start the camera' }).click();
  const panel = card.locator('.coach');
  const figure = panel.locator('.coach-stage .coach-figure svg.motion-figure');
  await figure.waitFor();
  assert.ok(await panel.locator('.coach-stage video').count(), 'the figure stands beside the camera\'s view');
  assert.equal((await panel.locator('.coach-next').innerText()).trim(), 'First: the starting position');
  assert.match(await figure.getAttribute('aria-label'), /: the starting position\. Shown still\.$/);

  await page.waitForFunction((el) => el.dataset.phase === 'hold', await panel.elementHandle(), { timeout: 60000 });
  assert.equal(await panel.getAttribute('data-state'), 'counting');
  assert.equal((await panel.locator('.coach-next').innerText()).trim(), 'Next: hold');
  assert.match(await figure.getAttribute('aria-label'), /: next, hold\. Shown still\.$/);
  // Under reduced motion it stands still, in the hold's position.
  const drawn = () => figure.evaluate((svg) => svg.querySelector('circle').getAttribute('cx'));
  const before = await drawn();
  await page.waitForTimeout(600);
  assert.equal(await drawn(), before, 'the figure moved under reduced motion');
  await checkPage(page, 'coach-next-phase');
  await panel.getByRole('button', { name: 'Stop the camera' }).click();
  assert.deepEqual(context.pageErrors, [], 'a script failed');
  await context.close();
});

// Sharing a recording with the clinician: off until the patient ticks it
// and sends it; then their clinician finds it on the patient's page.
test('a patient shares a recording and their clinician opens it from the patient page', { timeout: 120000 }, async () => {
  const person = await personWithCoveredCard('share', PASSWORD);
  const lee = await login('lee@demo.backcoach.example');
  const invitation = await api('POST', '/clinic/invitations', { token: lee.token });
  assert.equal(invitation.status, 201, JSON.stringify(invitation.data));
  const joined = await api('POST', `/patients/${person.id}/clinic`, { token: person.token, body: { code: invitation.data.code } });
  assert.ok(joined.status < 300, JSON.stringify(joined.data));
  const exercise = coveredCards(person.day)[0];
  const context = await openContext(browser, { width: 390, height: 844 });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await signInUi(page, person.email, PASSWORD);
  await page.goto(`${BASE}/today`);
  const card = page.locator(`article.exercise[data-exercise="${exercise}"]`);
  await card.getByRole('button', { name: 'Use the camera' }).click();
  await card.getByRole('button', { name: 'Start the camera' }).click();
  const panel = card.locator('.coach');
  await page.waitForFunction((el) => Number(el.dataset.frames || 0) >= 8, await panel.elementHandle(), { timeout: 60000 });
  await panel.getByRole('button', { name: 'Finish the set' }).click();
  const box = panel.getByRole('checkbox', { name: 'Share this recording with my clinician' });
  assert.equal(await box.isChecked(), false, 'sharing is off until the person chooses it');
  assert.equal(await panel.getByRole('button', { name: 'Send it to my clinician' }).count(), 0, 'nothing to send before choosing');
  let mine = await api('GET', `/patients/${person.id}/recordings`, { token: person.token });
  assert.deepEqual(mine.data.recordings, [], 'a recording was sent before the person chose');
  await box.check();
  await checkPage(page, 'coach-share');
  await panel.getByRole('button', { name: 'Send it to my clinician' }).click();
  await panel.getByText('Sent. Your clinician can now open it.').waitFor();
  mine = await api('GET', `/patients/${person.id}/recordings`, { token: lee.token });
  assert.equal(mine.status, 200, JSON.stringify(mine.data));
  assert.equal(mine.data.recordings.length, 1);
  assert.equal(mine.data.recordings[0].exercise, exercise);
  assert.deepEqual(context.pageErrors, [], 'a script failed');
  await context.close();

  const staff = await openContext(browser, { width: 1280, height: 900 });
  const clinicPage = await staff.newPage();
  clinicPage.setDefaultTimeout(20000);
  await signInUi(clinicPage, 'lee@demo.backcoach.example');
  await clinicPage.goto(`${BASE}/clinic/patients/${person.id}`);
  const section = clinicPage.getByRole('region', { name: 'Recordings from the camera coach' });
  const link = section.getByRole('link').first();
  await link.waitFor();
  assert.match(await link.getAttribute('href'), new RegExp(`/recordings/${mine.data.recordings[0].id}$`));
  const downloading = clinicPage.waitForEvent('download');
  await link.click();
  const file = join(tmp, 'shared.jsonl');
  await (await downloading).saveAs(file);
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0].format, 'backcoach-pose');
  assert.equal(lines.length - 1, mine.data.recordings[0].frames);
  await checkPage(clinicPage, 'clinic-recordings');
  assert.deepEqual(staff.pageErrors, [], 'a script failed');
  await staff.close();
});

test('without a camera the coach says so and the card keeps its timer', { timeout: 60000 }, async () => {
  const { page, context, card, button } = await atCoveredCard();
  const timers = await card.locator('.timer').count();
  await page.evaluate(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('none', 'NotFoundError'));
  });
  await button.click();
  await card.getByRole('button', { name: 'Start the camera' }).click();
  await card.getByText('No camera was found on this device. The timer on this card still works without it.').waitFor();
  await card.getByRole('button', { name: 'Close the coach' }).click();
  await card.getByRole('button', { name: 'Use the camera' }).waitFor();
  assert.equal(await card.locator('.timer').count(), timers, 'the card lost its timer');
  assert.deepEqual(context.pageErrors, [], 'a script failed');
  await context.close();
});

test('leaving the page turns the camera off', { timeout: 60000 }, async () => {
  const { page, context, card, button } = await atCoveredCard();
  await page.evaluate(() => {
    const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    window.cameraStreams = [];
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      window.cameraStreams.push(stream);
      return stream;
    };
  });
  await button.click();
  await card.getByRole('button', { name: 'Start the camera' }).click();
  await page.waitForFunction(() => Number(document.querySelector('.coach')?.dataset.frames || 0) >= 2, null, { timeout: 40000 });
  assert.equal(await page.evaluate(() => window.cameraStreams[0].getVideoTracks()[0].readyState), 'live');
  await page.getByRole('link', { name: 'Progress' }).first().click();
  await page.waitForFunction(() => window.cameraStreams.every((s) => s.getTracks().every((t) => t.readyState === 'ended')), null, { timeout: 10000 });
  assert.deepEqual(context.pageErrors, [], 'a script failed');
  await context.close();
});

test('the coach\'s measurement in the session log\'s shape: prescribed from the dose, findings counted', () => {
  const result = { reps: 7, holds: [3.14, 2.96], findings: [{ id: 'arching', reps: [2, 5] }, { id: 'hips_drop', reps: [4] }] };
  assert.deepEqual(coachEntry(result, { sets: 2, reps: 5, per_side: true }), {
    reps_done: 7, reps_prescribed: 20, hold_seconds: [3.1, 3], findings: [{ id: 'arching', count: 2 }, { id: 'hips_drop', count: 1 }] });
  assert.equal(coachEntry(result, { sets: 1, reps: 10 }).reps_prescribed, 10);
  assert.equal(coachEntry(result, { minutes: 10 }), null, 'a timed dose prescribes no repetitions');
  assert.deepEqual(coachEntry({ reps: 0, holds: [], findings: [{ id: 'arching', reps: [] }] }, { reps: 8 }).findings, [],
    'no finding without a repetition');
  assert.equal(coachEntry({ reps: 0, holds: [12.3, 9.8], findings: [] }, { sets: 1, reps: 3 }, false).reps_done, 2, 'a hold exercise counts its holds');
  assert.deepEqual(mergeCoach(coachEntry(result, { reps: 10 }), coachEntry({ reps: 2, holds: [3], findings: [{ id: 'arching', reps: [1] }] }, { reps: 10 })), {
    reps_done: 9, reps_prescribed: 10, hold_seconds: [3.1, 3, 3], findings: [{ id: 'arching', count: 3 }, { id: 'hips_drop', count: 1 }] });
});

test('a measurement added from the coach is kept with the unfinished session and reaches the server with the log', { timeout: 60000 }, async () => {
  const { page, context, card, exercise, person } = await atCoveredCard();
  const given = [...person.day.exercises, ...person.day.bad_day_session].find((c) => c.id === exercise);
  const form = given.motion.camera.form.map((f) => f.id);
  // What the coach's "Add these to today's log" hands the card, from a set
  // the analysis measured (the fake camera's still photograph counts nothing).
  const coach = coachEntry({ reps: 1, holds: [2.46], findings: form.length ? [{ id: form[0], reps: [1] }] : [] }, given.dose);
  const d = given.dose;
  assert.equal(coach.reps_prescribed, Math.max(1, d.sets || 1) * d.reps * (d.per_side ? 2 : 1));
  await card.evaluate((el, m) => el.addCoachMeasurement(m), coach);
  const camera = `camera: 1 of ${coach.reps_prescribed} repetitions${form.length ? ', 1 form note' : ''}`;
  assert.equal(await card.locator('.log-summary').innerText(), `Logged: ${camera}. Tap the pain during it too.`);

  await page.reload();
  await page.getByText('What you tapped earlier is kept on this device until you save the session.').waitFor();
  await pick(card, /^Pain during/, 2);
  await pick(card, 'What was it like?', 'Dull or achy, in my back');
  assert.equal(await card.locator('.log-summary').innerText(), `Logged: pain 2 out of 10, dull or achy, in my back; ${camera}.`);
  await checkPage(page, 'coach-logged');

  const cards = page.locator('article.exercise');
  for (let i = 0; i < await cards.count(); i += 1) {
    if (await cards.nth(i).getAttribute('data-exercise') !== exercise) await pick(cards.nth(i), /^Pain during/, 1);
  }
  await pick(page.locator('form.finish'), 'Your back pain now, after the session', 2);
  await pick(page.locator('form.finish'), 'How hard did the session feel overall?', 4);
  await page.getByRole('button', { name: 'Save my session' }).click();
  await page.getByRole('heading', { level: 2, name: 'Session saved. Thank you.' }).waitFor();
  const sessions = await api('GET', `/patients/${person.id}/sessions`, { token: person.token });
  assert.equal(sessions.status, 200, JSON.stringify(sessions.data));
  const logged = sessions.data.records[0].data.log.exercises;
  assert.deepEqual(logged.find((e) => e.id === exercise).coach, {
    reps_done: 1, reps_prescribed: coach.reps_prescribed, hold_seconds: [2.5], findings: form.length ? [{ id: form[0], count: 1 }] : [] });
  assert.deepEqual(logged.filter((e) => e.coach).map((e) => e.id), [exercise], 'a measurement went with another exercise');
  assert.deepEqual(context.pageErrors, [], 'a script failed');
  await context.close();
});
