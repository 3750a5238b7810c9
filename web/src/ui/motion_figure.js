// An exercise drawn moving: a stick figure from the motion definition on the
// exercise card (docs/motion.md). The 17 joints of each keyframe are joined
// by the bones of the skeleton; the figure moves from keyframe to keyframe
// along the phases, each over its seconds (the card's own dose hold for a
// `dose_hold` phase), and starts again at the end. Under
// prefers-reduced-motion nothing moves: the figure stands still in the key
// position. It moves only while on screen.
import { s } from '../lib/dom.js';

// COCO joints: 0 nose, 1-4 eyes and ears, 5-6 shoulders, 7-8 elbows,
// 9-10 wrists, 11-12 hips, 13-14 knees, 15-16 ankles; even numbers from 6
// are the right side, drawn nearer (the figure faces right).
const LEFT = [[5, 7], [7, 9], [5, 11], [11, 13], [13, 15]];
const RIGHT = [[6, 8], [8, 10], [6, 12], [12, 14], [14, 16]];
const MIDDLE = [[5, 6], [11, 12]];

const ease = (t) => (t < 0.5 ? 2 * t * t : 1 - 2 * (1 - t) * (1 - t));
const words = (name) => name.replace(/_/g, ' ');

// Each phase with its seconds from the dose: [{to: points, seconds, name}].
function timeline(motion, dose) {
  const frames = Object.fromEntries(motion.keyframes.map((k) => [k.name, k.points]));
  return motion.phases.map((p) => ({
    name: p.name,
    to: frames[p.to],
    seconds: Math.max(0.2, p.dose_hold && dose && dose.hold_seconds > 0 ? dose.hold_seconds : p.seconds),
  }));
}

// The position the exercise is about: the one held, else the first moved to.
function keyPosition(motion) {
  const held = motion.phases.find((p) => p.dose_hold) || motion.phases[0];
  const k = motion.keyframes.find((f) => f.name === held.to) || motion.keyframes[0];
  return k.points;
}

// "Glute bridge, seen from the side: lift, hold for 3 seconds, lower, rest."
export function motionLabel(name, motion, dose, still) {
  const steps = timeline(motion, dose).map((p, i) =>
    (motion.phases[i].dose_hold ? `${words(p.name)} for ${p.seconds} seconds` : words(p.name)));
  const how = still ? ' Shown still, in the key position.' : motion.cycle ? ' Repeating.' : '';
  return `${name}, seen from the ${motion.view}: ${steps.join(', ')}.${how}`;
}

function bones(points, pairs) {
  return pairs.map(([a, b]) => `M${points[a][0] * 100} ${points[a][1] * 100}L${points[b][0] * 100} ${points[b][1] * 100}`).join('');
}

// The figure's box: every keyframe, with room for the head and the floor.
function box(motion) {
  let [x0, y0, x1, y1] = [1, 1, 0, 0];
  for (const k of motion.keyframes) {
    for (const [x, y] of k.points) {
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  const m = 8;
  return [x0 * 100 - m, y0 * 100 - m, (x1 - x0) * 100 + 2 * m, (y1 - y0) * 100 + 2 * m];
}

// The figure; `svg.showPhase(index)` makes it show one phase only (the camera
// coach's "next" beside the person): the move of phase `index` to its
// keyframe, again and again, or with null the starting position, still.
export function motionFigure({ name, motion, dose }) {
  const phases = timeline(motion, dose);
  let focus;  // undefined: every phase in turn; null: the start; else one phase
  const [bx, by, bw, bh] = box(motion);
  const floorY = by + bh - 6;
  const far = s('path', { class: 'far' });
  const near = s('path', { class: 'near' });
  const head = s('circle', { r: 4 });
  const svg = s('svg', { class: 'motion-figure', viewBox: `${bx} ${by} ${bw} ${bh}`, role: 'img', focusable: 'false' },
    s('line', { class: 'floor', x1: bx, y1: floorY, x2: bx + bw, y2: floorY }),
    far, near, head);
  const draw = (points) => {
    far.setAttribute('d', bones(points, LEFT));
    near.setAttribute('d', bones(points, RIGHT) + bones(points, MIDDLE));
    // The head sits around the ears and the nose.
    head.setAttribute('cx', ((points[3][0] + points[4][0] + points[0][0]) / 3) * 100);
    head.setAttribute('cy', ((points[3][1] + points[4][1] + points[0][1]) / 3) * 100);
  };
  const total = () => (focus === undefined ? phases.reduce((sum, p) => sum + p.seconds, 0)
    : focus === null ? 1 : phases[focus].seconds + 1);
  // Where phase i starts from: the keyframe of the phase before it.
  const startOf = (i) => (i > 0 ? phases[i - 1].to : motion.keyframes[0].points);
  // The pose `t` seconds into the loop: between the last phase's keyframe
  // and this phase's, eased (one phase: moved, then a second still at its end).
  const pose = (t) => {
    if (focus === null) return motion.keyframes[0].points;
    let from = focus === undefined ? motion.keyframes[0].points : startOf(focus);
    for (const p of focus === undefined ? phases : [phases[focus]]) {
      if (t <= p.seconds) {
        const f = ease(t / p.seconds);
        return from.map(([x, y], j) => [x + (p.to[j][0] - x) * f, y + (p.to[j][1] - y) * f]);
      }
      t -= p.seconds;
      from = p.to;
    }
    return from;
  };
  let frame = 0;
  let start = 0;
  let visible = true;
  const query = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;
  const still = () => Boolean(query && query.matches);
  // Still, a single phase shows where it ends.
  const rest = () => (focus === undefined ? keyPosition(motion) : focus === null ? motion.keyframes[0].points : phases[focus].to);
  const label = () => svg.setAttribute('aria-label', focus === undefined ? motionLabel(name, motion, dose, still())
    : `${name}, seen from the ${motion.view}: ${focus === null ? 'the starting position' : `next, ${words(phases[focus].name)}`}.${still() ? ' Shown still.' : ''}`);
  const tick = (now) => {
    frame = 0;
    if (!svg.isConnected || still() || !visible) return;
    if (!start) start = now;
    draw(pose(((now - start) / 1000) % total()));
    frame = requestAnimationFrame(tick);
  };
  const run = () => {
    label();
    cancelAnimationFrame(frame);
    frame = 0;
    if (still()) draw(rest());
    else frame = requestAnimationFrame(tick);
  };
  svg.showPhase = (index) => {
    const next = index === null || index === undefined ? null : Math.max(0, Math.min(phases.length - 1, index));
    if (next === focus) return;
    focus = next;
    start = 0;
    if (svg.isConnected && visible) run();
    else {
      label();
      draw(still() ? rest() : pose(0));
    }
  };
  draw(motion.keyframes[0].points);
  label();
  // Started once on the page; stopped off screen, and at a change of the
  // wish for less motion.
  if (window.IntersectionObserver) {
    new IntersectionObserver((entries) => {
      visible = entries[entries.length - 1].isIntersecting;
      if (visible && !frame) run();
    }).observe(svg);
  } else {
    queueMicrotask(run);
  }
  if (query && query.addEventListener) query.addEventListener('change', run);
  if (still()) draw(rest());
  return svg;
}
