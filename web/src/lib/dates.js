// Dates as the person lives them: the local calendar day, written YYYY-MM-DD
// as the API expects. The app sends its own "today" to the server because the
// person's day, not the server's, decides which session is due.

function pad(n) { return String(n).padStart(2, '0'); }

export function isoDate(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function today() { return isoDate(new Date()); }

export function parseDate(text) {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(y, m - 1, d);
}

export function addDays(text, days) {
  const d = parseDate(text);
  d.setDate(d.getDate() + days);
  return isoDate(d);
}

export function daysBetween(from, to) {
  return Math.round((parseDate(to) - parseDate(from)) / 86400000);
}

// Dates are written in the person's own language and order (Intl, with the
// browser's locale), never as the API's YYYY-MM-DD.
function format(date, options) {
  return new Intl.DateTimeFormat(undefined, options).format(date);
}

// "Tuesday 24 November"
export function longDate(text) {
  return format(parseDate(text), { weekday: 'long', day: 'numeric', month: 'long' });
}

// "24 Nov"
export function shortDate(text) {
  return format(parseDate(text), { day: 'numeric', month: 'short' });
}

// "24 November", or "24 November 2025" for a day of another year.
export function plainDate(text) {
  const d = parseDate(text);
  const options = { day: 'numeric', month: 'long' };
  if (d.getFullYear() !== new Date().getFullYear()) options.year = 'numeric';
  return format(d, options);
}

// Seconds since the epoch (as the API sends times) to "24 Nov 2026".
export function fromEpoch(seconds) {
  return format(new Date(seconds * 1000), { day: 'numeric', month: 'short', year: 'numeric' });
}

// The engine's reasons and the clinic list's lines carry dates as YYYY-MM-DD
// and red flags under their rule's code ("red flag E2: Possible cauda
// equina"); a person reads the date in their own form and the flag by its
// title. Only the API's own sentences go through this, never a person's text.
const ISO_DAY = /\b(\d{4}-\d{2}-\d{2})\b/g;
const RULE_CODE = /\b(red flag) [A-Z]{1,3}\d{1,3}: /gi;

// The engine's sentences may also name a category or a setting by its API
// name ("Relaxed belly breathing (mind_body, level 1)"): a person reads words.
const API_NAME = /\b[a-z]+(?:_[a-z0-9]+)+\b/g;
const API_WORDS = { mind_body: 'mind and body', above_knee: 'above the knee', below_knee: 'below the knee' };

export function plainText(text) {
  if (typeof text !== 'string') return text;
  return text.replace(RULE_CODE, '$1: ').replace(API_NAME, (name) => API_WORDS[name] || name.replace(/_/g, ' ')).replace(ISO_DAY, (iso) => {
    const d = parseDate(iso);
    return Number.isNaN(d.getTime()) ? iso : plainDate(iso);
  });
}
