// The charts of a person's progress (GET /patients/{id}/progress), shared by
// the person's Progress page and the clinician's patient page.
import { h, s } from '../lib/dom.js';
import { shortDate, daysBetween } from '../lib/dates.js';
import { barChart, lineChart } from './charts.js';
import { categoryName } from './exercise_card.js';

const round1 = (v) => Math.round(v * 10) / 10;

function lastOf(points) { return points.length ? points[points.length - 1].value : null; }

export function painChart(progress, startPain, { who = 'your' } = {}) {
  const mcid = progress.meaningful_change_points;
  const toPoints = (list) => (list || []).map((p) => ({ date: p.date, value: p.pain }));
  const during = toPoints(progress.pain_during);
  const morning = toPoints(progress.pain_next_morning);
  const diary = toPoints(progress.pain_diary);
  const refs = [];
  if (typeof startPain === 'number' && startPain - mcid >= 0) {
    refs.push({ value: startPain - mcid, label: `${mcid} points below the start`,
      legend: `Meaningful change: ${mcid} points below the starting pain of ${startPain}` });
  }
  const latest = lastOf(during.length ? during : diary);
  // The server judges a change (GET .../progress, pain_change): the latest
  // week's average against the first week's, once there are two weeks of
  // ratings. One low rating is never called an improvement here.
  const change = progress.pain_change;
  let summary = 'No pain ratings yet.';
  if (latest !== null) {
    summary = `Pain during sessions: latest ${round1(latest)} out of 10` + (typeof startPain === 'number' ? `, from ${startPain} at the start.` : '.');
    if (change && change.verdict === 'improved') {
      summary += ` The last week's average, ${round1(change.recent)}, is ${round1(change.baseline - change.recent)} points below the first week's, ${round1(change.baseline)}: a real improvement.`;
    } else if (change) {
      summary += ` A drop of ${mcid} points or 30% from the first week's average (${round1(change.baseline)}) is a change that matters.`;
    } else {
      summary += ` After two weeks of ratings, the latest week is compared with the first: a drop of ${mcid} points or 30% is a change that matters.`;
    }
  }
  return lineChart({
    title: who === 'your' ? 'Your pain' : 'Pain', summary, format: round1, refs,
    series: [
      { name: 'During sessions (average)', cls: 's1', points: during },
      { name: 'Next morning', cls: 's2', points: morning, dashed: true },
      { name: 'Pain diary', cls: 's3', points: diary },
    ].filter((x) => x.points.length),
  });
}

export function scoreChart(progress, id, title, betterText) {
  const points = ((progress.questionnaires || {})[id] || []).map((p) => ({ date: p.date, value: p.score }));
  const summary = points.length
    ? `Latest ${points[points.length - 1].value}${points.length > 1 ? `, first ${points[0].value}` : ''}. ${betterText}`
    : `No answers yet. ${betterText}`;
  return lineChart({ title, summary, series: [{ name: title, cls: 's1', points }] });
}

export function minutesChart(progress) {
  const bars = (progress.weeks || []).map((w) => ({ label: `Week of ${shortDate(w.week_of)}`, short: shortDate(w.week_of), value: w.active_minutes }));
  const last = bars.length ? bars[bars.length - 1].value : 0;
  return barChart({ title: 'Active minutes each week', unit: 'minutes', bars,
    summary: bars.length ? `Latest week: ${last} minutes.` : 'Nothing logged yet.' });
}

// Imported steps (docs/import.md): the average day of each week that has any.
export function stepsChart(progress) {
  const bars = (progress.weeks || []).filter((w) => w.daily_steps !== null && w.daily_steps !== undefined)
    .map((w) => ({ label: `Week of ${shortDate(w.week_of)}`, short: shortDate(w.week_of), value: w.daily_steps }));
  const last = bars.length ? bars[bars.length - 1].value : 0;
  return barChart({ title: 'Steps on an average day, each week', unit: 'steps', bars,
    summary: bars.length ? `Latest week: ${last.toLocaleString()} steps a day.` : 'No steps imported yet. You can import them from your phone below.' });
}

export function adherenceChart(progress) {
  const bars = (progress.weeks || []).map((w) => ({ label: `Week of ${shortDate(w.week_of)}`, short: shortDate(w.week_of), value: Math.round(w.adherence * 100) }));
  const average = bars.length ? Math.round(bars.reduce((a, b) => a + b.value, 0) / bars.length) : 0;
  return barChart({ title: 'Sessions done, of those planned', unit: '%', max: 100, format: (v) => `${v}%`, bars,
    summary: bars.length ? `On average ${average}% of the planned sessions each week.` : 'Nothing logged yet.' });
}

// One row per exercise (per chain of easier and harder variants): where it
// started, where it is now, and a small step line of its level over time.
function exerciseLadder(entries) {
  const chains = new Map();
  for (const entry of entries) {
    for (const e of entry.exercises || []) {
      if (!chains.has(e.chain)) chains.set(e.chain, []);
      chains.get(e.chain).push({ date: entry.date, ...e });
    }
  }
  const top = Math.max(3, ...[...chains.values()].flat().map((e) => e.level));
  const rows = [...chains.values()].map((steps) => {
    const first = steps[0];
    const now = steps[steps.length - 1];
    const moved = first.id !== now.id || first.level !== now.level;
    const text = moved
      ? `level ${first.level}${first.id !== now.id ? ` (${first.name})` : ''} to level ${now.level}`
      : `level ${now.level}, steady`;
    return h('li', { class: 'ladder-row' },
      h('span', { class: 'ladder-name' }, now.name, now.paused ? ' (paused)' : ''),
      h('span', { class: 'ladder-text' }, text),
      sparkline(steps, top));
  });
  const moved = [...chains.values()].filter((s) => s[0].level !== s[s.length - 1].level).length;
  return h('figure', { class: 'chart' },
    h('figcaption', h('strong', 'Level of each exercise'),
      h('span', { class: 'chart-summary' }, moved ? `${moved} of ${chains.size} exercises have changed level since the start.` : 'All exercises are at their starting level so far.')),
    h('ul', { class: 'ladder' }, rows));
}

function sparkline(steps, top) {
  const W2 = 120;
  const H2 = 24;
  if (steps.length < 2) return s('svg', { class: 'spark', viewBox: `0 0 ${W2} ${H2}`, 'aria-hidden': 'true' });
  const d0 = dayNumberOf(steps[0].date);
  const d1 = Math.max(dayNumberOf(steps[steps.length - 1].date), d0 + 1);
  const x = (date) => 2 + ((dayNumberOf(date) - d0) / (d1 - d0)) * (W2 - 4);
  const y = (v) => H2 - 3 - ((v - 1) / Math.max(1, top - 1)) * (H2 - 6);
  let d = `M${x(steps[0].date)},${y(steps[0].level)}`;
  for (const p of steps.slice(1)) d += `H${x(p.date)}V${y(p.level)}`;
  return s('svg', { class: 'spark', viewBox: `0 0 ${W2} ${H2}`, 'aria-hidden': 'true', focusable: 'false' },
    s('path', { d, fill: 'none' }));
}

function dayNumberOf(date) { return Math.round(new Date(`${date}T12:00:00`).getTime() / 86400000); }

export function levelsChart(progress) {
  const entries = progress.levels || [];
  if (entries.some((e) => e.exercises && e.exercises.length)) {
    return exerciseLadder(entries.filter((e) => e.exercises && e.exercises.length));
  }
  const kinds = [...new Set(entries.flatMap((e) => Object.keys(e.levels || {})))].sort();
  const series = kinds.map((k, i) => ({
    name: categoryName(k).replace(/^./, (c) => c.toUpperCase()), cls: `s${(i % 5) + 1}`, step: true,
    nudge: (i - (kinds.length - 1) / 2) * 3,
    points: entries.filter((e) => e.levels && e.levels[k] !== undefined).map((e) => ({ date: e.date, value: e.levels[k] })),
  }));
  const top = Math.max(3, ...entries.flatMap((e) => Object.values(e.levels || {})));
  const latest = entries.length ? entries[entries.length - 1].levels : {};
  const summary = kinds.length ? `Now: ${kinds.map((k) => `${categoryName(k)} level ${latest[k] ?? '–'}`).join(', ')}.` : 'No sessions yet.';
  return lineChart({ title: 'Level of each kind of exercise', summary, series, min: 0, max: top,
    ticks: Array.from({ length: top + 1 }, (_, i) => i) });
}

// Weeks in a row with at least one session. Tolerant on purpose: one missed
// week does not break it, and the current week counts as kept until it ends.
export function weeklyStreak(progress, todayDate) {
  const weeks = (progress.weeks || []).filter((w) => w.sessions > 0).map((w) => w.week_of).sort();
  if (weeks.length === 0) return 0;
  if (daysBetween(weeks[weeks.length - 1], todayDate) > 20) return 0;
  let streak = 1;
  for (let i = weeks.length - 1; i > 0; i -= 1) {
    if (daysBetween(weeks[i - 1], weeks[i]) > 14) break;
    streak += 1;
  }
  return streak;
}

export function streakCard(progress, todayDate) {
  const n = weeklyStreak(progress, todayDate);
  return h('section', { class: 'card streak', 'aria-labelledby': 'streak-title' },
    h('h2', { id: 'streak-title' }, 'Weeks on the go'),
    h('p', { class: 'big-number' }, n === 1 ? '1 week' : `${n} weeks`),
    h('p', n > 0 ? 'You have kept moving, week after week. That is what helps backs most.' : 'Your first week starts with your first session.'),
    h('p', { class: 'hint' }, 'Rest days, a missed week and flare-up days never break this. Listening to your back is part of the plan.'));
}
