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

// "Tuesday 24 November"
export function longDate(text) {
  return parseDate(text).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
}

// "24 Nov"
export function shortDate(text) {
  return parseDate(text).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

// Seconds since the epoch (as the API sends times) to "24 Nov 2026".
export function fromEpoch(seconds) {
  return new Date(seconds * 1000).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}
