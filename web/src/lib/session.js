// Who is signed in. The session itself is the server's HttpOnly cookie; the
// app keeps only the user and the CSRF token the server hands out with it.
import { get, post, setCsrfToken } from './api.js';

let user = null;

export function currentUser() { return user; }
export function isPatient() { return user && user.role === 'patient'; }
export function isStaff() { return user && (user.role === 'clinician' || user.role === 'admin'); }
export function isSupporter() { return user && user.role === 'supporter'; }
export function isAdmin() { return user && user.role === 'admin'; }
// Whether this person changes plans, writes notes and handles alerts: a
// clinician, or a clinic admin who is also a clinician. Other admins read.
export function mayTreat() { return Boolean(user && (user.role === 'clinician' || (user.role === 'admin' && user.also_clinician))); }

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

// Resolves to the user, or, when the server confirms addresses by e-mail,
// to { pending: message } (no account yet: the link in the e-mail makes it).
export async function signUp(fields) {
  const reply = await post('/auth/signup', fields);
  if (reply.confirmation_sent) return { pending: reply.message };
  return adopt(reply);
}

export async function confirmSignUp(token) {
  return adopt(await post('/auth/signup/confirm', { token }));
}

export async function changePassword(current, next) {
  return post('/auth/password', { current_password: current, new_password: next });
}

export async function signOutEverywhere() {
  try { await post('/auth/logout-everywhere'); } finally { forget(); }
}

export async function signOut() {
  try { await post('/auth/logout'); } finally { forget(); }
}

export function forget() {
  user = null;
  setCsrfToken('');
}
