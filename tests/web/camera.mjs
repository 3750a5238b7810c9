// What the camera coach's browser test and its two measuring scripts
// (tests/web/coach_fps.mjs, tests/motion/photo_recording.mjs) share: a still
// photograph made into a clip for Chromium's fake camera, a browser that
// plays it and reaches nothing but 127.0.0.1, and a person whose plan has an
// exercise the coach covers today.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { api, calmRequest, coveredCards, isoDate, launch, uniqueEmail } from './lib.mjs';

export const MESSI = '/usr/share/doc/opencv-doc/examples/data/messi5.jpg';
export const BASKETBALL = '/usr/share/doc/opencv-doc/examples/data/basketball1.png';

// Writes DIR/clip.y4m: four seconds of PHOTO at 15 frames a second, 640x480
// (scaled to fit, centred).
export function stillClip(photo, dir) {
  const clip = join(dir, 'clip.y4m');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-loop', '1', '-i', photo, '-t', '4', '-r', '15',
    '-vf', 'scale=640:480:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=640:480:(ow-iw)/2:(oh-ih)/2,format=yuv420p', clip]);
  return clip;
}

// Writes DIR/two.y4m: the left player of opencv-doc's basketball1.png (the
// one facing the camera) twice, side by side, as stillClip does: two people
// in view, each face plain to see.
export function twoPeopleClip(dir) {
  const clip = join(dir, 'two.y4m');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-loop', '1', '-i', BASKETBALL, '-t', '4', '-r', '15',
    '-vf', 'crop=180:480:20:0,split[a][b];[a][b]hstack,scale=640:480:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=640:480:(ow-iw)/2:(oh-ih)/2,format=yuv420p', clip]);
  return clip;
}

export function launchWithFakeCamera(clip) {
  return launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${clip}`, '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1']);
}

// A new person with a plan whose day today has a card the coach covers:
// {email, id, token, day}. The plan's days alternate their exercises, so a
// plan that started today or one or two days ago has one.
export async function personWithCoveredCard(name, password) {
  for (let daysAgo = 0; daysAgo < 3; daysAgo += 1) {
    const email = uniqueEmail(name);
    const signup = await api('POST', '/auth/signup', { body: { email, password, display_name: 'Sam' } });
    assert.equal(signup.status, 201, JSON.stringify(signup.data));
    const start = new Date();
    start.setDate(start.getDate() - daysAgo);
    const { id } = signup.data.user;
    const intake = await api('POST', `/patients/${id}/intake`,
      { token: signup.data.token, body: { ...calmRequest(), days_per_week: 7, start_date: isoDate(start) } });
    assert.equal(intake.status, 201, JSON.stringify(intake.data));
    const today = await api('GET', `/patients/${id}/today?date=${isoDate(new Date())}`, { token: signup.data.token });
    if (coveredCards(today.data).length) return { email, id, token: signup.data.token, day: today.data };
  }
  assert.fail('no plan with an exercise the coach covers today');
}
