// Talks to backcoach's JSON API (docs/api.md). Every failure becomes an
// ApiError with a message written for the person using the app, and the
// server's own words kept in `detail` for where they help.

let csrfToken = '';
let onSignedOut = () => {};

export function setCsrfToken(token) { csrfToken = token || ''; }
// Called when the server says the session has ended (401), so the app can go to the sign-in page.
export function setSignedOutHandler(fn) { onSignedOut = fn; }

export class ApiError extends Error {
  constructor(status, code, message, detail, field) {
    super(message);
    this.status = status;   // HTTP status, 0 when the server could not be reached
    this.code = code;       // the API's error code, or 'offline'
    this.detail = detail;   // the server's message, as sent
    this.field = field;     // the request field the message is about, when it names one
  }
  get offline() { return this.status === 0; }
}

function capitalise(text) {
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(t) ? t : t + '.';
}

// The server's messages about one field of a form, in the words the form
// uses and without the field's API name, so they can sit beside the field:
// [pattern of the server's message, field, plain words (or null: the
// server's own words, which are plain already)].
const FIELD_MESSAGES = [
  [/^display_name\b/, 'display_name', 'Please give a name of 1 to 100 characters.'],
  [/^email is not a valid address/, 'email', 'This does not look like an email address. Please check it: it should look like name@example.com.'],
  [/account with this email already exists/, 'email', 'There is already an account with this email. Sign in instead, or use another address.'],
  [/^the password\b/, 'password', null],
  [/invitation code is not valid/, 'invitation_code', 'This code does not work: it may have been used, or it has expired. Check it with your clinic, or leave it empty.'],
  [/^field 'reminder_times'/, 'reminder_times', 'Up to 4 reminder times, like 08:30.'],
  [/^Up to \d+ reminder times/, 'reminder_times', null],
  [/^field 'text' must be 1 to (\d+) characters/, 'text', 'Please write between 1 and $1 characters.'],
  [/^the emergency number may have only/, 'emergency_number', 'Use only digits and +, 2 to 15 of them, like 112 or 999; or leave it empty.'],
  [/^the clinic's name must be/, 'name', 'Please give a name of 1 to 100 characters.'],
  [/invitation code has expired/, 'code', 'This code has expired. Ask your clinic for a new one.'],
];

// { field, message } for a server message about a field; null otherwise.
export function fieldProblem(detail) {
  if (!detail) return null;
  for (const [pattern, field, words] of FIELD_MESSAGES) {
    const m = pattern.exec(detail);
    if (m) return { field, message: words ? words.replace(/\$(\d)/g, (_, i) => m[i]) : capitalise(detail) };
  }
  // Any other "field 'x' must be ..." still never shows the API's name for it.
  const named = /^field '(\w+)' must be ([\s\S]*)$/.exec(detail);
  if (named) return { field: named[1], message: capitalise(`this must be ${named[2]}`) };
  const required = /^fields? '(\w+)'.* required$/.exec(detail);
  if (required) return { field: required[1], message: 'Please fill this in.' };
  return null;
}

// Plain words for each kind of failure: what happened and what to do next.
function plainMessage(status, code, detail) {
  switch (code) {
    case 'offline':
      return 'We could not reach backcoach. Check your internet connection and try again.';
    case 'unauthenticated':
      return detail && /password|email/i.test(detail)
        ? 'That email and password do not match an account. Please check them and try again.'
        : 'You have been signed out, which happens after a while for your privacy. Please sign in again.';
    case 'too_many_attempts':
      // The server says how long to wait ("please try again in 4 seconds").
      return detail ? capitalise(detail) : 'There have been too many attempts. Please wait a minute and try again.';
    case 'forbidden':
      if (detail && /csrf/i.test(detail)) return 'This page needs refreshing. Please reload it and try again.';
      return detail ? capitalise(detail) : 'This is not available to your account.';
    case 'not_found':
      return 'We could not find that page. It may have been removed, or the link may be wrong.';
    case 'invalid_argument':
    case 'conflict':
    case 'bad_request': {
      const problem = fieldProblem(detail);
      if (problem) return problem.message;
      return detail ? capitalise(detail) : 'Something in the form needs changing. Please check it and try again.';
    }
    case 'unavailable':
      return 'backcoach is busy or being updated. Please try again in a minute.';
    default:
      return 'Something went wrong on our side. Nothing you did caused it; please try again in a minute.';
  }
}

// Calls the API. `body` is sent as JSON, or as it is when it is a File or
// Blob (an upload, with `type` as its media type). Resolves to the parsed reply.
export async function api(method, path, body, type) {
  const headers = { Accept: 'application/json' };
  const raw = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = raw ? type || 'application/octet-stream' : 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch('/api/v1' + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined || raw ? body : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'offline', plainMessage(0, 'offline'), String(e));
  }
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  if (response.ok) return data;
  const code = (data && data.error && data.error.code) || (response.status >= 500 ? 'internal' : 'bad_request');
  const detail = data && data.error && data.error.message;
  const problem = response.status < 500 ? fieldProblem(detail) : null;
  const error = new ApiError(response.status, code, plainMessage(response.status, code, detail), detail, problem && problem.field);
  if (response.status === 401 && !path.startsWith('/auth/') && path !== '/me') onSignedOut();
  return Promise.reject(error);
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const del = (path) => api('DELETE', path);
export const upload = (path, file, type) => api('POST', path, file, type);
