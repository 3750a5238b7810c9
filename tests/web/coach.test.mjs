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
import { BASE, api, calmRequest, checkPage, isoDate, launch, openContext, signInUi, uniqueEmail } from './lib.mjs';

const PHOTO = '/usr/share/doc/opencv-doc/examples/data/messi5.jpg';
const PASSWORD = 'a long enough password';
const program = process.env.BACKCOACH_BIN || join(process.cwd(), 'build', 'backcoach');
const tmp = mkdtempSync(join(tmpdir(), 'backcoach-coach-'));
const clip = join(tmp, 'messi.y4m');
let browser;

before(async () => {
  assert.ok(existsSync(PHOTO), `no ${PHOTO} (apt-get install opencv-doc)`);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-loop', '1', '-i', PHOTO, '-t', '4', '-r', '15',
    '-vf', 'scale=640:-2,pad=640:480:0:(oh-ih)/2,format=yuv420p', clip]);
  browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${clip}`, '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1']);
});
after(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

// A person with a plan for today, signed in, on the Today page at a card the
// coach covers. Returns the page, its context and the card's exercise id.
// The plan's days alternate their exercises: a plan that started today or
// yesterday has a covered one today.
async function atCoveredCard(options = {}) {
  const covered = await (await fetch(`${BASE}/motions/index.json`)).json();
  let email = null;
  for (let daysAgo = 0; daysAgo < 3 && !email; daysAgo += 1) {
    const candidate = uniqueEmail('coach');
    const signup = await api('POST', '/auth/signup', { body: { email: candidate, password: PASSWORD, display_name: 'Sam' } });
    assert.equal(signup.status, 201, JSON.stringify(signup.data));
    const start = new Date();
    start.setDate(start.getDate() - daysAgo);
    const { id } = signup.data.user;
    const intake = await api('POST', `/patients/${id}/intake`,
      { token: signup.data.token, body: { ...calmRequest(), days_per_week: 7, start_date: isoDate(start) } });
    assert.equal(intake.status, 201, JSON.stringify(intake.data));
    const today = await api('GET', `/patients/${id}/today?date=${isoDate(new Date())}`, { token: signup.data.token });
    const ids = JSON.stringify(today.data).match(/"id":"[a-z0-9_]+"/g) || [];
    if (ids.some((i) => covered.includes(i.slice(6, -1)))) email = candidate;
  }
  assert.ok(email, 'no plan with an exercise the coach covers today');
  const context = await openContext(browser, { width: 1280, height: 900 }, options);
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await signInUi(page, email, PASSWORD);
  await page.goto(`${BASE}/today`);
  const button = page.getByRole('button', { name: 'Use the camera' }).first();
  await button.waitFor();
  const exercise = await page.locator('article.exercise', { has: button }).getAttribute('data-exercise');
  const card = page.locator(`article.exercise[data-exercise="${exercise}"]`);
  return { page, context, card, button, exercise };
}

test('the coach loads from backcoach, checks the set-up truthfully and offers the recording', { timeout: 90000 }, async () => {
  const { page, context, card, button, exercise } = await atCoveredCard();
  const served = {};
  page.on('response', (r) => { served[new URL(r.url()).pathname] = r.headers()['content-type']; });
  const covered = await (await fetch(`${BASE}/motions/index.json`)).json();
  assert.ok(covered.includes(exercise), `${exercise} is not covered`);
  assert.equal(await page.getByRole('button', { name: 'Use the camera' }).count(), covered.length ? await page.locator('article.exercise').evaluateAll(
    (cards, ids) => cards.filter((c) => ids.includes(c.dataset.exercise)).length, covered) : 0, 'the camera is offered on a card the coach does not cover');

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
  assert.equal(served['/tfjs/tfjs-backend-wasm-simd.wasm'], 'application/wasm');
  assert.equal(served['/wasm/motion.wasm'], 'application/wasm');
  assert.deepEqual(context.foreignRequests, [], 'a request went to another site');
  assert.deepEqual(context.pageErrors, [], 'a script failed');
  await context.close();  // asserts that the Content-Security-Policy refused nothing
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
