// Simple line drawings of the starting position of an exercise, one per
// position in the catalogue (content/exercises.yaml `position`). They show
// how to set up, not the movement itself; the steps say that in words.
import { s } from '../lib/dom.js';

// Each figure: a head [cx, cy] and limbs as polylines in a 120x60 box.
const FIGURES = {
  lying_on_back: { head: [18, 38], lines: [[[24, 40], [66, 40], [82, 24], [98, 44]], [[40, 40], [52, 34]]], floor: true },
  lying_face_down: { head: [18, 38], lines: [[[24, 42], [100, 44]], [[30, 42], [22, 50]]], floor: true },
  lying_on_side: { head: [20, 34], lines: [[[26, 38], [66, 40], [84, 30], [100, 44]], [[34, 38], [30, 28]]], floor: true },
  hands_and_knees: { head: [26, 18], lines: [[[32, 22], [78, 24]], [[36, 23], [36, 46]], [[78, 24], [78, 46], [104, 46]]], floor: true },
  kneeling: { head: [60, 10], lines: [[[60, 16], [60, 36], [60, 46], [86, 46]], [[60, 22], [70, 32]]], floor: true },
  sitting: { head: [52, 8], lines: [[[52, 14], [52, 34], [76, 34], [76, 50]], [[52, 20], [64, 28]], [[40, 36], [86, 36]], [[44, 36], [44, 50]]], floor: true },
  standing: { head: [60, 8], lines: [[[60, 14], [60, 32], [54, 50]], [[60, 32], [66, 50]], [[60, 18], [52, 30]], [[60, 18], [68, 30]]], floor: true },
  in_water: { head: [60, 14], lines: [[[60, 20], [60, 38], [54, 52]], [[60, 38], [66, 52]], [[60, 24], [48, 32]], [[60, 24], [72, 32]]], water: true },
  on_machine: { head: [50, 8], lines: [[[50, 14], [56, 32], [74, 38], [70, 50]], [[52, 20], [76, 20]], [[56, 32], [56, 50]], [[80, 16], [76, 50]]], floor: true },
};

const NAMES = {
  lying_on_back: 'lying on your back', lying_face_down: 'lying face down', lying_on_side: 'lying on your side',
  hands_and_knees: 'on your hands and knees', kneeling: 'kneeling', sitting: 'sitting', standing: 'standing',
  in_water: 'in water', on_machine: 'on a machine',
};

export function positionName(position) { return NAMES[position] || position.replace(/_/g, ' '); }

export function illustration(position, category) {
  const fig = FIGURES[position] || FIGURES.standing;
  const stroke = { stroke: 'currentColor', 'stroke-width': 3, fill: 'none', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' };
  return s('svg', { class: ['illustration', `cat-${category}`], viewBox: '0 0 120 60', role: 'img', 'aria-label': `Starting position: ${positionName(position)}`, focusable: 'false' },
    fig.water ? s('path', { d: 'M4 34 q8 -4 16 0 t16 0 t16 0 t16 0 t16 0 t16 0 t16 0', class: 'water', fill: 'none', 'stroke-width': 2 }) : null,
    fig.floor ? s('line', { x1: 4, y1: 52, x2: 116, y2: 52, class: 'floor', 'stroke-width': 2 }) : null,
    s('circle', { cx: fig.head[0], cy: fig.head[1], r: 5, ...stroke }),
    fig.lines.map((pts) => s('polyline', { points: pts.map((p) => p.join(',')).join(' '), ...stroke })));
}
