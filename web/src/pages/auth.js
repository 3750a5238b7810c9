// Welcome, sign-in and sign-up. Sign-up works with a clinic's invitation code
// or on one's own (unless the server was started --invite-only, in which case
// it says so and the message is shown as it comes).
import { h, add, mount } from '../lib/dom.js';
import { navigate } from '../lib/router.js';
import { post } from '../lib/api.js';
import { confirmSignUp, signIn, signUp, isStaff, isSupporter } from '../lib/session.js';
import { button, field } from '../ui/controls.js';
import { careNotice, fieldErrors, looksLikeEmail, notice, showError, showFormError } from '../ui/feedback.js';

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

// What is wrong with an e-mail address as typed, in plain words; null when nothing.
function emailProblem(text) {
  if (!text.trim()) return 'Please enter your email address.';
  if (!looksLikeEmail(text)) return 'This does not look like an email address. Please check it: it should look like name@example.com.';
  return null;
}

function passwordProblem(text) {
  return text.length < 10 ? 'Please choose a password of at least 10 characters.' : null;
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
    mount(errors);
    if (fieldErrors({ email, password }, {
      email: !email.input.value.trim() ? 'Please enter your email.' : null,
      password: !password.input.value ? 'Please enter your password.' : null,
    })) return;
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
    h('p', h('a', { href: '/reset-password' }, 'Forgotten your password?')),
    h('p', 'New to backcoach? ', h('a', { href: '/signup' }, 'Create an account'), '.'));
}

// When the server confirms addresses by e-mail, a sign-up ends here until
// the link in the e-mail is opened.
function checkYourEmail(main, message) {
  main.replaceChildren();
  add(main, h('h1', 'Check your e-mail'),
    notice('info', h('p', { role: 'status' }, message)),
    h('p', 'Nothing arrived? Look in your spam folder, or ', h('a', { href: '/signup' }, 'try again'), '.'));
  main.querySelector('h1').focus?.();
}

function tokenFromHash() {
  return new URLSearchParams(location.hash.slice(1)).get('token') || '';
}

// The link in a sign-up e-mail: /confirm-signup#token=...
export async function confirmSignupPage(main) {
  add(main, h('h1', 'Finishing your sign-up'));
  const slot = h('div');
  add(main, slot);
  try {
    const user = await confirmSignUp(tokenFromHash());
    history.replaceState(null, '', location.pathname);
    navigate(user.role === 'supporter' ? '/supporting' : '/intake', { replace: true });
  } catch (e) {
    showError(slot, e);
    add(main, h('p', h('a', { href: '/signup' }, 'Sign up again'), '.'));
  }
}

// /reset-password: ask for a link by e-mail; with #token=..., choose the new password.
export async function resetPasswordPage(main) {
  const token = tokenFromHash();
  const errors = h('div');
  if (!token) {
    const email = field({ label: 'Email', type: 'email', name: 'email', autocomplete: 'username', required: true });
    const submit = button('Send me a link', null, { type: 'submit' });
    const form = h('form', { class: 'stack', novalidate: true }, email, errors, submit);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      mount(errors);
      if (fieldErrors({ email }, { email: emailProblem(email.input.value) })) return;
      submit.disabled = true;
      try {
        const reply = await post('/auth/reset', { email: email.input.value.trim() });
        form.replaceWith(notice('info', h('p', { role: 'status' }, reply.message)));
      } catch (e) {
        showError(errors, e);
        submit.disabled = false;
      }
    });
    add(main, h('h1', 'Forgotten your password?'),
      h('p', 'We can send a link to choose a new one to the address you signed up with. If your clinic gave you backcoach, its staff can also give you such a link.'),
      form, h('p', h('a', { href: '/login' }, 'Back to sign in'), '.'));
    return;
  }
  const password = field({
    label: 'New password', type: 'password', name: 'password', autocomplete: 'new-password', required: true,
    hint: 'At least 10 characters (12 for clinic staff). A short sentence you can remember works well.',
  });
  const submit = button('Save my new password', null, { type: 'submit' });
  const form = h('form', { class: 'stack', novalidate: true }, password, errors, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await post('/auth/reset/confirm', { token, password: password.input.value });
      history.replaceState(null, '', location.pathname);
      form.replaceWith(notice('success', h('p', { role: 'status' }, 'Your password has been changed, and every device that was signed in has been signed out.'),
        h('p', h('a', { href: '/login' }, 'Sign in with your new password'), '.')));
    } catch (e) {
      showFormError(errors, { password }, e);
      submit.disabled = false;
      password.input.focus();
    }
  });
  add(main, h('h1', 'Choose a new password'), form);
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
  const fields = { display_name: name, email, password, supporter_code: code };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    mount(errors);
    if (fieldErrors(fields, {
      display_name: !name.input.value.trim() ? 'Please tell us your name.' : null,
      email: emailProblem(email.input.value),
      password: passwordProblem(password.input.value),
    })) return;
    submit.disabled = true;
    try {
      const done = await signUp({
        display_name: name.input.value.trim(), email: email.input.value.trim(), password: password.input.value,
        supporter_code: code.input.value.trim(),
      });
      if (done.pending) checkYourEmail(main, done.pending);
      else navigate('/supporting', { replace: true });
    } catch (e) {
      showFormError(errors, fields, e);
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
    hint: 'At least 10 characters. A short sentence you can remember works well; not your email, nor a common password.',
  });
  const code = field({
    label: 'Invitation code from your clinic (if you have one)', name: 'invitation_code', value: query.code || '',
    autocomplete: 'off', hint: 'No code? Leave this empty: you can use backcoach on your own.',
  });
  const errors = h('div');
  const submit = button('Create my account', null, { type: 'submit' });
  const form = h('form', { class: 'stack', novalidate: true }, name, email, password, code, errors, submit);
  const fields = { display_name: name, email, password, invitation_code: code };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    mount(errors);
    if (fieldErrors(fields, {
      display_name: !name.input.value.trim() ? 'Please tell us what to call you.' : null,
      email: emailProblem(email.input.value),
      password: passwordProblem(password.input.value),
    })) return;
    submit.disabled = true;
    try {
      const fields = {
        display_name: name.input.value.trim(), email: email.input.value.trim(), password: password.input.value,
      };
      if (code.input.value.trim()) fields.invitation_code = code.input.value.trim();
      const done = await signUp(fields);
      if (done.pending) checkYourEmail(main, done.pending);
      else navigate('/intake', { replace: true });
    } catch (e) {
      showFormError(errors, fields, e);
      submit.disabled = false;
    }
  });
  add(main, h('h1', 'Create your account'), careNotice(), form,
    h('p', 'Already have an account? ', h('a', { href: '/login' }, 'Sign in'), '.'));
}
