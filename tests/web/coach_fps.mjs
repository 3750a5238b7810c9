// The camera coach's frame rate in headless Chromium: MoveNet Lightning on
// TensorFlow.js's WebAssembly backend and the motion analysis, fed by the
// fake camera playing a clip of opencv-doc's messi5.jpg. Not a test (it
// only measures); docs/performance.md reports its figures.
//
//   BACKCOACH_URL=http://127.0.0.1:PORT node tests/web/coach_fps.mjs [SECONDS]
//
// against a `backcoach serve` of the built app (tests/web/run.sh starts one
// the same way). Prints the time to the first frame and frames a second.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, api, calmRequest, coveredCards, isoDate, launch, openContext, signInUi, uniqueEmail } from './lib.mjs';

const seconds = Number(process.argv[2] || 20);
const tmp = mkdtempSync(join(tmpdir(), 'backcoach-fps-'));
const clip = join(tmp, 'clip.y4m');
execFileSync('ffmpeg', ['-loglevel', 'error', '-loop', '1', '-i', '/usr/share/doc/opencv-doc/examples/data/messi5.jpg',
  '-t', '4', '-r', '15', '-vf', 'scale=640:-2,pad=640:480:0:(oh-ih)/2,format=yuv420p', clip]);
const browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${clip}`, '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1']);
try {
  let email = null;
  for (let daysAgo = 0; daysAgo < 3 && !email; daysAgo += 1) {
    const candidate = uniqueEmail('fps');
    const signup = await api('POST', '/auth/signup', { body: { email: candidate, password: 'a long enough password', display_name: 'F' } });
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
