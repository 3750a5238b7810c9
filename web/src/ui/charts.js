// Hand-made SVG charts: a line chart over dates and a bar chart. Each is a
// figure with a caption, a one-sentence summary for screen readers (the SVG
// is an image named by it), and the numbers as a table behind a disclosure,
// so nothing is only visual.
import { h, s, uid } from '../lib/dom.js';
import { parseDate, shortDate } from '../lib/dates.js';

const W = 360;
const H = 200;
const PAD = { left: 30, right: 10, top: 12, bottom: 28 };

// A round number at or above v, so axis ticks read 0, 250, 500 rather than 0, 218, 435.
function niceCeil(v) {
  const p = 10 ** Math.floor(Math.log10(Math.max(v, 1)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function dayNumber(date) { return Math.round(parseDate(date).getTime() / 86400000); }

function table(caption, head, rows) {
  return h('details', { class: 'chart-table' }, h('summary', 'Show the numbers'),
    h('table', h('caption', { class: 'visually-hidden' }, caption),
      h('thead', h('tr', head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', rows.map((r) => h('tr', r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', c))))))));
}

function figure(title, summary, svg, legend, tableEl) {
  const titleId = uid('chart');
  svg.setAttribute('aria-labelledby', titleId);
  svg.prepend(s('title', { id: titleId }, `${title}. ${summary}`));
  return h('figure', { class: 'chart' },
    h('figcaption', h('strong', title), h('span', { class: 'chart-summary' }, summary)),
    svg, legend, tableEl);
}

function yAxis(y, min, max, ticks) {
  return ticks.map((v) => [
    s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
    s('text', { x: PAD.left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, String(v)),
  ]);
}

// series: [{name, cls, points: [{date, value}], dashed, step}]; refs: [{value, label}]
export function lineChart({ title, summary, series, min = 0, max = 10, ticks = [0, 2, 4, 6, 8, 10], refs = [], format = (v) => String(v) }) {
  const all = series.flatMap((x) => x.points);
  if (all.length === 0) return h('p', { class: 'empty' }, `${title}: nothing to show yet.`);
  const days = all.map((p) => dayNumber(p.date));
  const d0 = Math.min(...days);
  const d1 = Math.max(...days, d0 + 1);
  const x = (date) => PAD.left + ((dayNumber(date) - d0) / (d1 - d0)) * (W - PAD.left - PAD.right);
  const y = (v) => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
  const first = all.reduce((a, b) => (a.date < b.date ? a : b)).date;
  const last = all.reduce((a, b) => (a.date > b.date ? a : b)).date;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart-svg', preserveAspectRatio: 'xMidYMid meet' },
    yAxis(y, min, max, ticks),
    refs.map((r) => [
      s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(r.value), y2: y(r.value), class: 'ref' }),
      s('text', { x: W - PAD.right, y: y(r.value) - 4, class: 'ref-label', 'text-anchor': 'end' }, r.label),
    ]),
    series.map((ser) => {
      const pts = [...ser.points].sort((a, b) => (a.date < b.date ? -1 : 1));
      // Series that share values (two kinds of exercise at the same level) are
      // drawn a hair apart so neither hides the other.
      const yy = (v) => y(v) + (ser.nudge || 0);
      let d = '';
      pts.forEach((p, i) => {
        if (i === 0) d += `M${x(p.date)},${yy(p.value)}`;
        else if (ser.step) d += `H${x(p.date)}V${yy(p.value)}`;
        else d += `L${x(p.date)},${yy(p.value)}`;
      });
      return s('g', { class: ['series', ser.cls] },
        s('path', { d, fill: 'none', class: ser.dashed ? 'dashed' : null }),
        pts.length <= 40 && !ser.step ? pts.map((p) => s('circle', { cx: x(p.date), cy: yy(p.value), r: 2.5 })) : null);
    }),
    s('text', { x: PAD.left, y: H - 8, class: 'tick' }, shortDate(first)),
    s('text', { x: W - PAD.right, y: H - 8, class: 'tick', 'text-anchor': 'end' }, shortDate(last)));
  const legend = series.length > 1 || refs.length
    ? h('ul', { class: 'legend' },
      series.map((ser) => h('li', h('span', { class: ['swatch', ser.cls, ser.dashed && 'dashed'], 'aria-hidden': 'true' }), ser.name)),
      refs.map((r) => h('li', h('span', { class: 'swatch ref', 'aria-hidden': 'true' }), r.legend || r.label)))
    : null;
  const dates = [...new Set(all.map((p) => p.date))].sort();
  const rows = dates.map((date) => [shortDate(date), ...series.map((ser) => {
    const p = ser.points.find((q) => q.date === date);
    return p ? format(p.value) : '–';
  })]);
  return figure(title, summary, svg, legend, table(title, ['Date', ...series.map((x) => x.name)], rows));
}

// bars: [{label, value}]
export function barChart({ title, summary, bars, max, format = (v) => String(v), unit = '' }) {
  if (bars.length === 0) return h('p', { class: 'empty' }, `${title}: nothing to show yet.`);
  const top = max || niceCeil(Math.max(1, ...bars.map((b) => b.value)));
  const y = (v) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const slot = (W - PAD.left - PAD.right) / bars.length;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart-svg' },
    yAxis(y, 0, top, [0, top / 2, top]),
    bars.map((b, i) => s('rect', {
      x: PAD.left + i * slot + slot * 0.15, width: slot * 0.7, y: y(b.value), height: Math.max(0, y(0) - y(b.value)), class: 'bar', rx: 2,
    })),
    // Every k-th label, so they never overlap on a narrow screen.
    bars.map((b, i) => (i % Math.ceil(bars.length / 6) === 0
      ? s('text', { x: PAD.left + i * slot + slot / 2, y: H - 8, class: 'tick', 'text-anchor': 'middle' }, b.short || b.label)
      : null)));
  return figure(title, summary, svg, null, table(title, ['Week', `${title}${unit ? ` (${unit})` : ''}`], bars.map((b) => [b.label, format(b.value)])));
}
