// Messages to the person: errors with a way forward, notices, loading states.
import { h, mount } from '../lib/dom.js';

// An error in plain words, with a retry button when there is something to retry.
// role=alert makes screen readers read it as soon as it appears.
export function errorBox(error, retry) {
  const message = (error && error.message) || 'Something went wrong. Please try again.';
  return h('div', { class: 'notice error', role: 'alert' },
    h('p', message),
    error && error.code === 'unauthenticated' && !retry
      ? h('p', h('a', { href: '/login' }, 'Go to sign in'))
      : null,
    retry ? h('p', h('button', { type: 'button', class: 'button secondary', onclick: retry }, 'Try again')) : null);
}

export function notice(kind, ...children) {
  return h('div', { class: ['notice', kind] }, children);
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

// The one sentence on what backcoach is and is not, shown where a person starts.
export function careNotice() {
  return h('aside', { class: 'notice care', 'aria-label': 'About backcoach' },
    h('p', h('strong', 'backcoach supports the care you get from your clinician; it does not replace it. '),
      'It cannot examine you. If something feels wrong, or you are worried, talk to your doctor or physiotherapist.'));
}

// Shows a failed action's error in `slot` (an element kept for it) and returns it.
export function showError(slot, error, retry) {
  mount(slot, errorBox(error, retry));
  return slot;
}

// Looks like an e-mail address: something, one @, a domain with a dot.
export function looksLikeEmail(text) {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim());
}

// Shows each problem beside its field: problems maps a field's name (as in
// `fields`) to a message, or is empty. The focus goes to the first field with
// a problem. Returns whether there was any.
export function fieldErrors(fields, problems) {
  let first = null;
  for (const [name, wrapper] of Object.entries(fields)) {
    const message = problems[name] || '';
    wrapper.setError(message);
    if (message && !first) first = wrapper;
  }
  if (first) first.input.focus();
  return Boolean(first);
}

// A failed request: beside its field when the server's message is about one
// of `fields`, otherwise in `slot` as a box.
export function showFormError(slot, fields, error, retry) {
  const wrapper = error && error.field && fields[error.field];
  if (wrapper) {
    mount(slot);
    fieldErrors(fields, { [error.field]: error.message });
    return slot;
  }
  return showError(slot, error, retry);
}
