// Two people in view: Chromium's fake camera plays opencv-doc's
// basketball1.png with its left player twice, side by side. MoveNet
// Lightning follows one of them; the face detector counts two faces, so the
// frames carry "people": 2 and the set-up check says, as the core's analysis
// does of the same recording, that it cannot assess with more than one
// person in the picture.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, checkPage, openContext, signInUi } from './lib.mjs';
import { BASKETBALL, launchWithFakeCamera, personWithCoveredCard, twoPeopleClip } from './camera.mjs';

const PASSWORD = 'a long enough password';
const program = process.env.BACKCOACH_BIN || join(process.cwd(), 'build', 'backcoach');
const tmp = mkdtempSync(join(tmpdir(), 'backcoach-people-'));
let browser;

before(async () => {
  assert.ok(existsSync(BASKETBALL), `no ${BASKETBALL} (apt-get install opencv-doc)`);
  browser = await launchWithFakeCamera(twoPeopleClip(tmp));
});
after(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('with two people in the picture the coach says it follows one person at a time', { timeout: 120000 }, async () => {
  const person = await personWithCoveredCard('people', PASSWORD);
  const context = await openContext(browser, { width: 390, height: 844 });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const served = {};
  page.on('response', (r) => { served[new URL(r.url()).pathname] = r.headers()['content-type']; });
  await signInUi(page, person.email, PASSWORD);
  await page.goto(`${BASE}/today`);
  const button = page.getByRole('button', { name: 'Use the camera' }).first();
  await button.click();
  const card = page.locator('article.exercise', { has: page.locator('.coach') });
  const exercise = await card.getAttribute('data-exercise');
  const panel = card.locator('.coach');
  await panel.getByRole('button', { name: 'Start the camera' }).click();

  const message = 'More than one person was in the picture; the coach follows one person at a time.';
  await panel.locator('.coach-status').filter({ hasText: message }).waitFor({ timeout: 90000 });
  assert.equal(await panel.getAttribute('data-setup'), 'several_people');
  assert.equal(await panel.getAttribute('data-state'), 'setup', 'the coach counted with two people in view');
  await checkPage(page, 'coach-two-people');

  await panel.getByRole('button', { name: 'Finish the set' }).click();
  const downloading = page.waitForEvent('download');
  await panel.getByRole('link', { name: 'Download the recording (keypoints only)' }).click();
  const file = join(tmp, 'two.jsonl');
  await (await downloading).saveAs(file);
  const frames = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
  assert.ok(frames.length >= 5, `${frames.length} frames recorded`);
  const two = frames.filter((f) => f.people === 2).length;
  console.log(`two people: ${exercise}, ${two} of ${frames.length} frames counted 2 people`);
  assert.ok(two >= 0.8 * frames.length, `only ${two} of ${frames.length} frames counted two people`);
  assert.ok(frames.every((f) => Object.keys(f.points).length >= 5), 'the model lost the person it follows');

  // The core says the same of the recording.
  const native = JSON.parse(execFileSync(program, ['motion', '--json', '--exercise', exercise, file], { encoding: 'utf8' }));
  assert.equal(native.assessed, false);
  assert.equal(native.reason, 'several_people');
  assert.equal(native.reason_message, message);

  // The face detector came from backcoach, with its types.
  assert.equal(served['/models/blazeface.json'], 'application/json');
  assert.equal(served['/models/blazeface.bin'], 'application/octet-stream');
  assert.deepEqual(context.foreignRequests, [], 'a request went to another site');
  assert.deepEqual(context.pageErrors, [], 'a script failed');
  await context.close();
});
