// Records what MoveNet Lightning, as the camera coach runs it, sees in a
// Debian-packaged photograph: the photo becomes a still clip for Chromium's
// fake camera, the coach runs on the first card it covers, and the recording
// it offers for download is kept, cut to FRAMES frames. The recordings in
// tests/motion/data/ were made so, once; tests/cli/motion.sh analyses them
// with `backcoach motion`, so the analysis meets the model's real output
// (its scores, the joints it drops) and not only synthetic figures.
//
//   BACKCOACH_URL=http://127.0.0.1:PORT node tests/motion/photo_recording.mjs PHOTO OUT.jsonl [FRAMES]
//
// against a `backcoach serve --demo` of the built app (as tests/web/run.sh
// starts it). Needs ffmpeg and Debian's chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, api, calmRequest, coveredCards, isoDate, launch, openContext, signInUi, uniqueEmail } from '../web/lib.mjs';

const [photo, out, frames = '30'] = process.argv.slice(2);
if (!photo || !out) {
  console.error('usage: node tests/motion/photo_recording.mjs PHOTO OUT.jsonl [FRAMES]');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'backcoach-photo-'));
const clip = join(tmp, 'clip.y4m');
execFileSync('ffmpeg', ['-loglevel', 'error', '-loop', '1', '-i', photo, '-t', '4', '-r', '15',
  '-vf', 'scale=640:-2,pad=640:480:0:(oh-ih)/2,format=yuv420p', clip]);
const browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${clip}`, '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1']);
try {
  let email = null;
  for (let daysAgo = 0; daysAgo < 3 && !email; daysAgo += 1) {
    const candidate = uniqueEmail('photo');
    const signup = await api('POST', '/auth/signup', { body: { email: candidate, password: 'a long enough password', display_name: 'P' } });
    const start = new Date();
    start.setDate(start.getDate() - daysAgo);
    const { id } = signup.data.user;
    await api('POST', `/patients/${id}/intake`, { token: signup.data.token, body: { ...calmRequest(), days_per_week: 7, start_date: isoDate(start) } });
    const today = await api('GET', `/patients/${id}/today?date=${isoDate(new Date())}`, { token: signup.data.token });
    if (coveredCards(today.data).length) email = candidate;
  }
  const context = await openContext(browser, { width: 1280, height: 900 });
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  await signInUi(page, email, 'a long enough password');
  await page.goto(`${BASE}/today`);
  await page.getByRole('button', { name: 'Use the camera' }).first().click();
  const panel = page.locator('.coach');
  await panel.getByRole('button', { name: 'Start the camera' }).click();
  await page.waitForFunction((n) => Number(document.querySelector('.coach')?.dataset.frames || 0) >= n, Number(frames));
  await panel.getByRole('button', { name: 'Finish the set' }).click();
  const downloading = page.waitForEvent('download');
  await panel.getByRole('link', { name: 'Download the recording (keypoints only)' }).click();
  const file = join(tmp, 'recording.jsonl');
  await (await downloading).saveAs(file);
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(0, Number(frames) + 1);
  writeFileSync(out, lines.join('\n') + '\n');
  console.log(`${out}: ${lines.length - 1} frames`);
  await context.close();
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
