// The camera coach's frame rate in headless Chromium: MoveNet Lightning on
// TensorFlow.js's WebAssembly backend and the motion analysis, fed by the
// fake camera playing a clip of opencv-doc's messi5.jpg. Not a test (it
// only measures); docs/performance.md reports its figures.
//
//   BACKCOACH_URL=http://127.0.0.1:PORT node tests/web/coach_fps.mjs [SECONDS]
//
// against a `backcoach serve` of the built app (tests/web/run.sh starts one
// the same way). Prints the time to the first frame and frames a second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, openContext, signInUi } from './lib.mjs';
import { MESSI, launchWithFakeCamera, personWithCoveredCard, stillClip } from './camera.mjs';

const seconds = Number(process.argv[2] || 20);
const tmp = mkdtempSync(join(tmpdir(), 'backcoach-fps-'));
const browser = await launchWithFakeCamera(stillClip(MESSI, tmp));
try {
  const { email } = await personWithCoveredCard('fps', 'a long enough password');
  const context = await openContext(browser, { width: 1280, height: 900 });
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  await signInUi(page, email, 'a long enough password');
  await page.goto(`${BASE}/today`);
  await page.getByRole('button', { name: 'Use the camera' }).first().click();
  const panel = page.locator('.coach');
  const pressed = Date.now();
  await panel.getByRole('button', { name: 'Start the camera' }).click();
  await page.waitForFunction(() => Number(document.querySelector('.coach')?.dataset.frames || 0) >= 1);
  const firstFrame = (Date.now() - pressed) / 1000;
  const frames0 = Number(await panel.getAttribute('data-frames'));
  const t0 = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const frames = Number(await panel.getAttribute('data-frames')) - frames0;
  const fps = frames / ((Date.now() - t0) / 1000);
  console.log(`first frame ${firstFrame.toFixed(1)} s after "Start the camera"; ${frames} frames in ${seconds} s: ${fps.toFixed(1)} frames a second (${(1000 / fps).toFixed(0)} ms a frame)`);
  await context.close();
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
