// The camera coach counting, end to end: Chromium's fake camera plays
// opencv-doc's basketball1.png moved through an exercise by
// tests/motion/warp_clip.mjs (15 frames a second, looped by the browser), and
// MoveNet Lightning in the page, with the core's analysis as WebAssembly,
// counts it on screen: the repetitions of a side-lying leg raise (the player
// lying on his side, the top leg raised and lowered), and the seconds of a
// side plank on the knees (the player tilted up from the floor, still). What
// the page measured is what `backcoach motion` says of the recording it
// offers, and no request leaves 127.0.0.1. In headless Chromium without a GPU
// the model reads 3 to 15 frames a second, so the waits are long but bounded.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, api, calmRequest, login, openContext, signInUi, signUpWithIntake } from './lib.mjs';
import { launchWithFakeCamera } from './camera.mjs';
import { BASKETBALL, warpedClip } from '../motion/warp_clip.mjs';

const PASSWORD = 'a long enough password';
const program = process.env.BACKCOACH_BIN || join(process.cwd(), 'build', 'backcoach');
const tmp = mkdtempSync(join(tmpdir(), 'backcoach-count-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// Plays `clip` as the camera to the coach of `exercise` on the person's
// Today page, waits until the count on screen passes `shown` (a test of its
// text), finishes the set and returns what the screen said, the summary's
// lines and `backcoach motion`'s analysis of the recording the page offers.
async function coachSet(clip, person, exercise, shown) {
  const browser = await launchWithFakeCamera(clip);
  try {
    const context = await openContext(browser, { width: 1280, height: 900 });
    const page = await context.newPage();
    page.setDefaultTimeout(30000);
    await signInUi(page, person.email, PASSWORD);
    await page.goto(`${BASE}/today`);
    const card = page.locator(`article.exercise[data-exercise="${exercise}"]`);
    await card.getByRole('button', { name: 'Use the camera' }).click();
    const panel = card.locator('.coach');
    await panel.getByRole('button', { name: 'Start the camera' }).click();
    const count = panel.locator('.coach-count');
    await page.waitForFunction(([el, source]) => new RegExp(source).test(el.textContent), [await count.elementHandle(), shown.source],
      { timeout: 150000, polling: 250 });
    const said = (await count.textContent()).trim();
    console.log(`coach: ${exercise}: "${said}" after ${await panel.getAttribute('data-frames')} frames, ${await panel.getAttribute('data-fps')} frames a second`);

    await panel.getByRole('button', { name: 'Finish the set' }).click();
    const summary = await panel.locator('.coach-summary li').allTextContents();
    const downloading = page.waitForEvent('download');
    await panel.getByRole('link', { name: 'Download the recording (keypoints only)' }).click();
    const file = join(tmp, `${exercise}.jsonl`);
    await (await downloading).saveAs(file);
    const native = JSON.parse(execFileSync(program, ['motion', '--json', '--exercise', exercise, file], { encoding: 'utf8' }));
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    assert.ok(lines.length > 10, 'the recording is nearly empty');
    const times = lines.slice(1).map((l) => JSON.parse(l).t);
    const longestGap = Math.max(...times.slice(1).map((t, i) => t - times[i]));
    assert.deepEqual(context.foreignRequests, [], 'a request went to another site');
    assert.deepEqual(context.pageErrors, [], 'a script failed');
    await context.close();  // asserts that the Content-Security-Policy refused nothing
    return { said, summary, native, longestGap };
  } finally {
    await browser.close();
  }
}

test('the coach counts the repetitions of a photograph moved through a side-lying leg raise', { timeout: 240000 }, async () => {
  assert.ok(existsSync(BASKETBALL), `no ${BASKETBALL} (apt-get install opencv-doc)`);
  // A patient of the demo clinic whose physiotherapist added the exercise.
  const lee = await login('lee@demo.backcoach.example');
  const invitation = await api('POST', '/clinic/invitations', { token: lee.token });
  assert.equal(invitation.status, 201, JSON.stringify(invitation.data));
  const person = await signUpWithIntake('count', calmRequest({ minutes_per_day: 60, days_per_week: 7 }),
    { invitation: invitation.data.code, password: PASSWORD });
  const added = await api('POST', `/patients/${person.id}/adjustments`,
    { token: lee.token, body: { exercise_id: 'side_lying_leg_raise', action: 'add', reason: 'For your hips.' } });
  assert.equal(added.status, 201, JSON.stringify(added.data));

  const clip = warpedClip('leg_raise', join(tmp, 'leg_raise.y4m'));
  const { said, summary, native } = await coachSet(clip, person, 'side_lying_leg_raise', /^[1-9]\d* of \d+ repetitions$/);
  const onScreen = Number(said.split(' ')[0]);
  assert.ok(onScreen >= 1, said);
  // The set's summary is the core's analysis of the same keypoints.
  assert.equal(native.assessed, true, JSON.stringify(native));
  assert.ok(native.reps >= onScreen, `the screen said ${said}, the recording has ${native.reps}`);
  assert.match(summary[0], new RegExp(`^${native.reps} of \\d+ repetitions$`));
  assert.ok(native.per_rep.every((r) => r.range >= 15), JSON.stringify(native.per_rep));
});

test('the coach times the hold of a photograph tilted into a side plank', { timeout: 240000 }, async () => {
  // An active person's plan has the side plank on the knees every day.
  const person = await signUpWithIntake('hold', calmRequest({ activity_level: 'active', days_per_week: 7 }), { password: PASSWORD });
  const clip = warpedClip('side_plank', join(tmp, 'side_plank.y4m'));
  const { said, summary, native, longestGap } = await coachSet(clip, person, 'side_plank_knees', /^Holding: ([3-9]|\d\d+) seconds/);
  assert.equal(native.assessed, true, JSON.stringify(native));
  assert.equal(native.holds.length, 1, JSON.stringify(native));
  assert.ok(native.holds[0] >= Number(said.match(/\d+/)[0]), `the screen said ${said}, the recording has ${native.holds[0]} s`);
  // The page analysed the keypoints before the recording rounded them (to
  // tenths of a pixel, thousandths of a second): the frame where the hold
  // starts and the one where it ends may each fall on the other side of the
  // tolerance, so the two may differ by up to a frame at each end (on a
  // busy machine the page sees fewer frames a second, and they are longer).
  const held = Number(summary[0].match(/^Holds: ([\d.]+) s$/)[1]);
  const allowed = Math.max(0.2, 2 * longestGap);
  assert.ok(Math.abs(held - native.holds[0]) <= allowed + 1e-9,
    `the summary said ${summary[0]}, the recording has ${native.holds[0]} s (frames up to ${longestGap.toFixed(3)} s apart)`);
});
