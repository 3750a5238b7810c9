// Moves a Debian-packaged photograph of a standing person through an
// exercise by warping it, and writes the frames as a clip for Chromium's fake
// camera (y4m, 640x480, 15 frames a second, grey). The person is the one on
// the left of opencv-doc's basketball1.png, seen from the front; the joints
// the warp turns about are where MoveNet Lightning found them in that photo
// (tests/motion/data/basketball1.jsonl, the median of its frames).
//
//   leg_raise:  the photo turned to lie on its side, head to the left, and
//               the top leg (the person's left) turned about its hip up to
//               RAISE degrees and back: a side-lying leg raise seen from the
//               front. One cycle: rest REST s, raise 1.5 s, top 1 s, lower
//               1.5 s.
//   side_plank: the photo turned so the body slopes up from the feet to the
//               head at SLOPE degrees from the floor, still: a side plank.
//
// The rest of the picture goes with the body (the room turns too); what the
// raised leg uncovers is filled with the wall beside it. ffmpeg only decodes
// the photograph; the frames are written here.
//
//   node tests/motion/warp_clip.mjs leg_raise|side_plank OUT.y4m [CYCLES]
//
// tests/web/coach_count.test.mjs plays these clips to the coach. The
// recordings tests/motion/data/basketball1_leg_raise.jsonl (the frames of its
// first 25 seconds) and basketball1_side_plank.jsonl were made from them,
// once, by tests/motion/photo_recording.mjs:
//
//   node tests/motion/warp_clip.mjs leg_raise /tmp/leg.y4m
//   BACKCOACH_URL=... node tests/motion/photo_recording.mjs /tmp/leg.y4m leg.jsonl 320
import { execFileSync } from 'node:child_process';
import { openSync, closeSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASKETBALL = '/usr/share/doc/opencv-doc/examples/data/basketball1.png';
const HERE = dirname(fileURLToPath(import.meta.url));
const W = 640;
const H = 480;
const FPS = 15;
const RAISE = 30;  // degrees the leg turns at the top
const REST = 4;  // seconds the leg lies still between raises
const SLOPE = 14;  // degrees from the floor of a side plank's body
const BACKGROUND = 128;

// The photograph as 640x480 grey bytes (scaled to fit, padded).
function decode(photo) {
  return execFileSync('ffmpeg', ['-loglevel', 'error', '-i', photo, '-vf',
    `scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2`,
    '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: W * H * 2 });
}

// Where the model saw each joint in the still photograph: the median over the
// recording's frames.
function joints(recording) {
  const frames = readFileSync(recording, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
  const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const out = {};
  for (const name of Object.keys(frames[0].points)) {
    const seen = frames.map((f) => f.points[name]).filter(Boolean);
    out[name] = [median(seen.map((p) => p[0])), median(seen.map((p) => p[1]))];
  }
  return out;
}

function sample(img, x, y) {
  if (x < 0 || y < 0 || x > W - 1 || y > H - 1) return BACKGROUND;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(x0 + 1, W - 1);
  const y1 = Math.min(y0 + 1, H - 1);
  const fx = x - x0;
  const fy = y - y0;
  const top = img[y0 * W + x0] * (1 - fx) + img[y0 * W + x1] * fx;
  const bottom = img[y1 * W + x0] * (1 - fx) + img[y1 * W + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}

// One frame: the upright photo turned so that "up" in it points `tilt`
// degrees above the floor, to the left (0: lying, head to the left), scaled
// by `scale` about the body's middle, with the top leg turned `leg` degrees
// about its hip. Returns the grey bytes.
function frame(img, body, { tilt, scale, leg, centre }) {
  const out = Buffer.alloc(W * H);
  const [hx, hy] = body.left_hip;
  const split = (body.left_hip[0] + body.right_hip[0]) / 2;  // between the legs
  const legEnd = body.left_ankle[0] + 45;  // the foot's far edge and a margin
  const inLeg = (x, y) => y > hy - 10 && x > split && x < legEnd;
  // Output = centre + scale * R * (upright - mid), R turning "up" (0, -1) to
  // (-cos(tilt), -sin(tilt)) on screen.
  const a = ((tilt - 90) * Math.PI) / 180;  // rotation angle, radians
  const ca = Math.cos(a);
  const sa = Math.sin(a);
  const [mx, my] = body.mid;
  const l = (leg * Math.PI) / 180;
  const cl = Math.cos(l);
  const sl = Math.sin(l);
  for (let Y = 0; Y < H; Y += 1) {
    for (let X = 0; X < W; X += 1) {
      // Back to the upright photo (inverse rotation and scale).
      const dx = (X - centre[0]) / scale;
      const dy = (Y - centre[1]) / scale;
      const x = mx + ca * dx + sa * dy;
      const y = my - sa * dx + ca * dy;
      // The raised leg: turned outwards (to the photo's right) about the hip.
      const lx = hx + cl * (x - hx) - sl * (y - hy);
      const ly = hy + sl * (x - hx) + cl * (y - hy);
      let v;
      if (leg && inLeg(lx, ly)) v = sample(img, lx, ly);
      else if (leg && inLeg(x, y)) v = sample(img, x + (legEnd - split), y);  // the wall beside
      else if (x > 250) v = BACKGROUND;  // the other player stays out of the picture
      else v = sample(img, x, y);
      out[Y * W + X] = Math.round(v);
    }
  }
  return out;
}

// The leg's angle at each frame of one cycle.
function legCycle() {
  const angles = [];
  const still = (deg, seconds) => { for (let i = 0; i < seconds * FPS; i += 1) angles.push(deg); };
  const move = (from, to, seconds) => {
    const n = seconds * FPS;
    for (let i = 1; i <= n; i += 1) angles.push(from + (to - from) * (0.5 - 0.5 * Math.cos((Math.PI * i) / n)));
  };
  still(0, REST);
  move(0, RAISE, 1.5);
  still(RAISE, 1);
  move(RAISE, 0, 1.5);
  return angles;
}

// Writes the clip of `motion` ('leg_raise' or 'side_plank') to OUT and
// returns OUT.
export function warpedClip(motion, out, { cycles = 1, photo = BASKETBALL } = {}) {
  const img = decode(photo);
  const body = joints(join(HERE, 'data', 'basketball1.jsonl'));
  body.mid = [(body.left_hip[0] + body.right_hip[0]) / 2, (body.nose[1] + body.left_ankle[1]) / 2];
  let poses;
  if (motion === 'leg_raise') {
    const one = legCycle().map((leg) => ({ tilt: 0, scale: 1.25, leg, centre: [320, 290] }));
    poses = Array.from({ length: cycles }, () => one).flat();
  } else if (motion === 'side_plank') {
    poses = Array(4 * FPS).fill({ tilt: SLOPE, scale: 1.25, leg: 0, centre: [320, 270] });
  } else {
    throw new Error(`unknown motion '${motion}'`);
  }
  const fd = openSync(out, 'w');
  try {
    writeSync(fd, `YUV4MPEG2 W${W} H${H} F${FPS}:1 Ip A1:1 C420jpeg\n`);
    const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
    for (const pose of poses) {
      writeSync(fd, 'FRAME\n');
      writeSync(fd, frame(img, body, pose));
      writeSync(fd, chroma);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [motion, out, cycles = '1'] = process.argv.slice(2);
  if (!motion || !out) {
    console.error('usage: node tests/motion/warp_clip.mjs leg_raise|side_plank OUT.y4m [CYCLES]');
    process.exit(2);
  }
  warpedClip(motion, out, { cycles: Number(cycles) });
  console.log(out);
}
