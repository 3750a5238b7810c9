// Session logs and check-ins entered without a connection are kept on this
// device (localStorage) and sent, in the order they were made, when the
// connection returns. The engine needs logs in date order, so sending stops
// at the first one that cannot go yet and resumes from it next time.
//
// A log the server refuses (not a network failure, e.g. the plan changed)
// is kept aside with the server's reason so the person can see it; nothing
// they entered is thrown away silently.
import { post } from './api.js';

const listeners = new Set();
let flushing = null;

function key(userId) { return `backcoach.outbox.${userId}`; }

function load(userId) {
  try {
    const data = JSON.parse(localStorage.getItem(key(userId)) || '{}');
    return { pending: data.pending || [], refused: data.refused || [] };
  } catch {
    return { pending: [], refused: [] };
  }
}

function save(userId, box) {
  if (box.pending.length === 0 && box.refused.length === 0) localStorage.removeItem(key(userId));
  else localStorage.setItem(key(userId), JSON.stringify(box));
  for (const fn of listeners) fn(box);
}

export function outbox(userId) { return load(userId); }

export function onOutboxChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// Keeps `body` for POST `path` (e.g. '/patients/ID/sessions'); `label` says what it is.
export function keep(userId, path, body, label) {
  const box = load(userId);
  box.pending.push({ path, body, label, kept_at: new Date().toISOString() });
  save(userId, box);
}

export function discardRefused(userId, index) {
  const box = load(userId);
  box.refused.splice(index, 1);
  save(userId, box);
}

// Sends what is pending. Resolves to the replies of what was sent.
export function flush(userId) {
  if (!userId) return Promise.resolve([]);
  if (flushing) return flushing;
  flushing = (async () => {
    const replies = [];
    let box = load(userId);
    while (box.pending.length > 0) {
      const item = box.pending[0];
      let refusal = null;
      try {
        replies.push({ item, reply: await post(item.path, item.body) });
      } catch (e) {
        if (e.offline || e.status === 401 || e.status >= 500) break;  // try again later
        refusal = e.message;
      }
      box = load(userId);
      box.pending.shift();
      if (refusal) box.refused.push({ ...item, reason: refusal });
      save(userId, box);
    }
    return replies;
  })().finally(() => { flushing = null; });
  return flushing;
}
