// Welcome, sign-in and sign-up. Sign-up works with a clinic's invitation code
// or on one's own (unless the server was started --invite-only, in which case
// it says so and the message is shown as it comes).
import { h, add } from '../lib/dom.js';
import { navigate } from '../lib/router.js';
import { signIn, signUp, isStaff, isSupporter } from '../lib/session.js';
import { button, field } from '../ui/controls.js';
import { careNotice, notice, showError } from '../ui/feedback.js';

export async function welcomePage(main, _params, query) {
  add(main, 
    query.erased ? notice('success', h('p', { role: 'status' }, 'Your account and all your data have been erased. Look after yourself.')) : null,
    h('h1', 'Welcome to backcoach'),
    h('p', { class: 'lead' }, 'Getting back to moving with low back pain, one safe step at a time.'),
    careNotice(),
    h('ul', { class: 'plain-list' },
      h('li', 'A few short questions first, to check that exercise is right for you now.'),
      h('li', 'Then a plan made for you, with each exercise explained.'),
      h('li', 'Tell us how each session felt, and the plan adjusts: up when things go well, down when they hurt.')),
    h('div', { class: 'actions' },
      h('a', { class: 'button primary', href: '/signup' }, 'Create an account'),
      h('a', { class: 'button secondary', href: '/login' }, 'Sign in')));
}

function safeNext(query) {
  const next = query.next || '';
  // Only paths of this app: never another site.
  return next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export async function loginPage(main, _params, query) {
  const email = field({ label: 'Email', type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = field({ label: 'Password', type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const errors = h('div');
  const submit = button('Sign in', null, { type: 'submit' });
  const form = h('form', { class: 'stack', novalidate: true }, email, password, errors, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!email.input.value || !password.input.value) {
      showError(errors, { message: 'Please enter your email and your password.' });
      return;
    }
    submit.disabled = true;
    try {
      await signIn(email.input.value.trim(), password.input.value);
      navigate(safeNext(query) || (isStaff() ? '/clinic' : isSupporter() ? '/supporting' : '/today'), { replace: true });
    } catch (e) {
      showError(errors, e);
      submit.disabled = false;
      password.input.focus();
    }
  });
  add(main, 
    h('h1', 'Sign in'),
    query.expired ? notice('info', h('p', 'You were signed out, which happens after a while for your privacy. Please sign in again.')) : null,
    form,
    h('p', 'New to backcoach? ', h('a', { href: '/signup' }, 'Create an account'), '.'));
}

// A supporter invited by a patient signs up with the patient's code.
async function supporterSignup(main, query) {
  const name = field({ label: 'Your name, as the person you support knows you', name: 'display_name', autocomplete: 'name', required: true, maxlength: 100 });
  const email = field({ label: 'Email', type: 'email', name: 'email', autocomplete: 'email', required: true });
  const password = field({
    label: 'Choose a password', type: 'password', name: 'password', autocomplete: 'new-password', required: true,
    hint: 'At least 10 characters. A short sentence you can remember works well.',
  });
  const code = field({ label: 'Supporter code', name: 'supporter_code', value: query.supporter, autocomplete: 'off' });
  const errors = h('div');
  const submit = button('Join as a supporter', null, { type: 'submit' });
  const form = h('form', { class: 'stack', novalidate: true }, name, email, password, code, errors, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!name.input.value.trim() || !email.input.value.includes('@') || password.input.value.length < 10) {
      showError(errors, { message: 'Please fill in your name, your email and a password of at least 10 characters.' });
      return;
    }
    submit.disabled = true;
    try {
      await signUp({
        display_name: name.input.value.trim(), email: email.input.value.trim(), password: password.input.value,
        supporter_code: code.input.value.trim(),
      });
      navigate('/supporting', { replace: true });
    } catch (e) {
      showError(errors, e);
      submit.disabled = false;
    }
  });
  add(main, h('h1', 'Join as a supporter'),
    h('p', { class: 'lead' }, 'Someone you know has asked you to support them while they exercise for their back.'),
    h('p', 'You will see how many sessions they do and their weekly streak, and you can send them encouragement. You see more only if they choose to share it, and they can change that at any time.'),
    form,
    h('p', 'Already have an account? ', h('a', { href: '/login' }, 'Sign in'), '.'));
}

export async function signupPage(main, _params, query) {
  if (query.supporter) {
    await supporterSignup(main, query);
    return;
  }
  const name = field({ label: 'Your first name, or what you like to be called', name: 'display_name', autocomplete: 'given-name', required: true, maxlength: 100 });
  const email = field({ label: 'Email', type: 'email', name: 'email', autocomplete: 'email', required: true });
  const password = field({
    label: 'Choose a password', type: 'password', name: 'password', autocomplete: 'new-password', required: true,
    hint: 'At least 10 characters. A short sentence you can remember works well.',
  });
  const code = field({
    label: 'Invitation code from your clinic (if you have one)', name: 'invitation_code', value: query.code || '',
    autocomplete: 'off', hint: 'No code? Leave this empty: you can use backcoach on your own.',
  });
  const errors = h('div');
  const submit = button('Create my account', null, { type: 'submit' });
  const form = h('form', { class: 'stack', novalidate: true }, name, email, password, code, errors, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = !name.input.value.trim() ? 'Please tell us what to call you.'
      : !email.input.value.includes('@') ? 'Please enter your email address.'
        : password.input.value.length < 10 ? 'Please choose a password of at least 10 characters.' : null;
    if (problem) {
      showError(errors, { message: problem });
      return;
    }
    submit.disabled = true;
    try {
      const fields = {
        display_name: name.input.value.trim(), email: email.input.value.trim(), password: password.input.value,
      };
      if (code.input.value.trim()) fields.invitation_code = code.input.value.trim();
      await signUp(fields);
      navigate('/intake', { replace: true });
    } catch (e) {
      showError(errors, e);
      submit.disabled = false;
    }
  });
  add(main, h('h1', 'Create your account'), careNotice(), form,
    h('p', 'Already have an account? ', h('a', { href: '/login' }, 'Sign in'), '.'));
}
