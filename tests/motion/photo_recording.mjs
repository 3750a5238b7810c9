// Records what MoveNet Lightning, as the camera coach runs it, sees in a
// Debian-packaged photograph: the photo becomes a still clip for Chromium's
// fake camera, the coach runs on the first card it covers, and the recording
// it offers for download is kept, cut to FRAMES frames. The recordings in
// tests/motion/data/ were made so, once; tests/cli/motion.sh analyses them
// with `backcoach motion`, so the analysis meets the model's real output
// (its scores, the joints it drops) and not only synthetic figures. PHOTO may
// also be a clip (.y4m) played as it is, such as a photograph moved through
// an exercise by tests/motion/warp_clip.mjs.
//
//   BACKCOACH_URL=http://127.0.0.1:PORT node tests/motion/photo_recording.mjs PHOTO|CLIP.y4m OUT.jsonl [FRAMES]
//
// against a `backcoach serve --demo` of the built app (as tests/web/run.sh
// starts it). Needs ffmpeg and Debian's chromium.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, openContext, signInUi } from '../web/lib.mjs';
import { launchWithFakeCamera, personWithCoveredCard, stillClip } from '../web/camera.mjs';

const [photo, out, frames = '30'] = process.argv.slice(2);
if (!photo || !out) {
  console.error('usage: node tests/motion/photo_recording.mjs PHOTO|CLIP.y4m OUT.jsonl [FRAMES]');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'backcoach-photo-'));
const browser = await launchWithFakeCamera(photo.endsWith('.y4m') ? photo : stillClip(photo, tmp));
try {
  const { email } = await personWithCoveredCard('photo', 'a long enough password');
  const context = await openContext(browser, { width: 1280, height: 900 });
  const page = await context.newPage();
  page.setDefaultTimeout(180000);
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
