// Who is signed in. The session itself is the server's HttpOnly cookie; the
// app keeps only the user and the CSRF token the server hands out with it.
import { get, post, setCsrfToken } from './api.js';

let user = null;

export function currentUser() { return user; }
export function isPatient() { return user && user.role === 'patient'; }
export function isStaff() { return user && (user.role === 'clinician' || user.role === 'admin'); }
export function isSupporter() { return user && user.role === 'supporter'; }

function adopt(reply) {
  user = reply.user;
  setCsrfToken(reply.csrf_token);
  return user;
}

// Asks the server whether the cookie still holds a session. Null when not signed in.
export async function restore() {
  try {
    return adopt(await get('/me'));
  } catch (e) {
    if (e.status === 401) {
      forget();
      return null;
    }
    throw e;
  }
}

export async function signIn(email, password) {
  return adopt(await post('/auth/login', { email, password }));
}

export async function signUp(fields) {
  return adopt(await post('/auth/signup', fields));
}

export async function signOut() {
  try { await post('/auth/logout'); } finally { forget(); }
}

export function forget() {
  user = null;
  setCsrfToken('');
}
