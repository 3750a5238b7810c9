// backcoach's web app: the routes, and what happens on every navigation.
// Each page is a module under pages/ exporting an async function that renders
// into the page's <main>; this file decides who may open which page.
import './styles.css';
import { setSignedOutHandler } from './lib/api.js';
import { h, add } from './lib/dom.js';
import { flush } from './lib/outbox.js';
import { focusHeading, match, navigate, route, startRouter } from './lib/router.js';
import { currentUser, forget, isAdmin, isPatient, isStaff, isSupporter, restore } from './lib/session.js';
import { errorBox } from './ui/feedback.js';
import { renderShell } from './ui/layout.js';
import { emergencyPage } from './ui/emergency.js';
import { welcomePage, loginPage, signupPage, confirmSignupPage, resetPasswordPage } from './pages/auth.js';
import { intakePage } from './pages/intake.js';
import { resultPage } from './pages/result.js';
import { todayPage } from './pages/today.js';
import { checkinPage } from './pages/checkin.js';
import { progressPage } from './pages/progress.js';
import { lessonsPage, lessonPage } from './pages/lessons.js';
import { accountPage } from './pages/account.js';
import { clinicListPage } from './pages/clinic_list.js';
import { clinicPatientPage } from './pages/clinic_patient.js';
import { invitePage } from './pages/invite.js';
import { careTeamPage } from './pages/care_team.js';
import { messagesPage, messageThreadPage } from './pages/messages.js';
import { supportingPage, supportedPage } from './pages/supporting.js';
import { adminStaffPage } from './pages/admin_staff.js';
import { adminAccountsPage } from './pages/admin_accounts.js';
import { adminAuditPage } from './pages/admin_audit.js';
import { adminClinicPage } from './pages/admin_clinic.js';

// who: 'guest' (signed out only), 'any', 'signed-in', 'patient', 'staff', 'admin', 'supporter'.
route('/', homeRedirect, { who: 'any' });
route('/welcome', welcomePage, { who: 'guest' });
route('/login', loginPage, { who: 'guest' });
route('/signup', signupPage, { who: 'guest' });
route('/confirm-signup', confirmSignupPage, { who: 'any' });
route('/reset-password', resetPasswordPage, { who: 'any' });
route('/emergency', emergencyPage, { who: 'any' });
route('/intake', intakePage, { who: 'patient' });
route('/result', resultPage, { who: 'patient' });
route('/today', todayPage, { who: 'patient' });
route('/checkin', checkinPage, { who: 'patient' });
route('/progress', progressPage, { who: 'patient' });
route('/lessons', lessonsPage, { who: 'patient' });
route('/lessons/:id', lessonPage, { who: 'patient' });
route('/account', accountPage, { who: 'signed-in' });
route('/clinic', clinicListPage, { who: 'staff', wide: true });
route('/clinic/patients/:id', clinicPatientPage, { who: 'staff', wide: true });
route('/clinic/invite', invitePage, { who: 'staff' });
route('/care-team', careTeamPage, { who: 'patient' });
route('/messages', messagesPage, { who: 'patient' });
route('/messages/:member', messageThreadPage, { who: 'patient' });
route('/supporting', supportingPage, { who: 'supporter' });
route('/supporting/:id', supportedPage, { who: 'supporter' });
route('/admin/staff', adminStaffPage, { who: 'admin', wide: true });
route('/admin/accounts', adminAccountsPage, { who: 'admin', wide: true });
route('/admin/audit', adminAuditPage, { who: 'admin', wide: true });
route('/admin/clinic', adminClinicPage, { who: 'admin' });

function homeFor() {
  if (isStaff()) return '/clinic';
  if (isPatient()) return '/today';  // the Today page sends a person without an intake to it
  if (isSupporter()) return '/supporting';
  return '/welcome';
}

async function homeRedirect() { navigate(homeFor(), { replace: true }); }

function notFoundPage(main) {
  add(main, h('h1', 'We could not find this page'),
    h('p', 'The link may be out of date. ', h('a', { href: '/' }, 'Go to your start page'), '.'));
}

// A page that could not be shown: still a page, with a heading that says
// what happened. "Try again" only where trying again can help (no
// connection, a failure on the server's side), never for something that
// does not exist or is not this person's to see.
function failedPage(main, e) {
  if (e && e.status === 404) {
    main.replaceChildren();
    notFoundPage(main);
    return;
  }
  if (e && e.status === 403) {
    main.replaceChildren();
    add(main, h('h1', 'This page is not open to you'), errorBox(e),
      h('p', h('a', { href: '/' }, 'Go to your start page'), '.'));
    return;
  }
  if (!main.querySelector('h1')) {
    add(main, h('h1', e && e.offline ? 'You seem to be offline' : 'This page could not be shown'));
  }
  add(main, errorBox(e, () => render()));
}

// Which page a person in this state may see at `path`; a redirect otherwise.
function allowed(found) {
  const who = found ? found.route.who : 'any';
  const user = currentUser();
  if (who === 'guest' && user) return homeFor();
  if ((who === 'signed-in' || who === 'patient' || who === 'staff' || who === 'admin' || who === 'supporter') && !user) {
    return '/login?next=' + encodeURIComponent(location.pathname + location.search);
  }
  if (who === 'patient' && !isPatient()) return homeFor();
  if (who === 'staff' && !isStaff()) return homeFor();
  if (who === 'supporter' && !isSupporter()) return homeFor();
  if (who === 'admin' && !isAdmin()) return homeFor();
  return null;
}

let restored = false;

async function render() {
  const root = document.getElementById('app');
  if (!restored) {
    try {
      await restore();
      restored = true;
    } catch (e) {
      // The server could not be reached: say so, and offer to try again.
      const main = renderShell(root, location.pathname);
      add(main, h('h1', 'backcoach cannot be reached'), errorBox(e, () => render()));
      focusHeading(main);
      return;
    }
  }
  const found = match(location.pathname);
  const redirect = allowed(found);
  if (redirect) {
    navigate(redirect, { replace: true });
    return;
  }
  const main = renderShell(root, location.pathname, { wide: found && found.route.wide });
  const page = found ? found.route.page : notFoundPage;
  try {
    await page(main, found ? found.params : {}, Object.fromEntries(new URLSearchParams(location.search)));
  } catch (e) {
    if (main.isConnected) failedPage(main, e);
  }
  if (!main.isConnected) return;  // a newer navigation took over
  const heading = main.querySelector('h1');
  document.title = heading ? `${heading.textContent} · backcoach` : 'backcoach';
  // A fresh load starts at the top of the page (skip link, emergency button);
  // after a navigation, the focus goes to the new page's heading.
  if (navigated) focusHeading(main);
  navigated = true;
}

let navigated = false;

setSignedOutHandler(() => {
  forget();
  if (!location.pathname.startsWith('/login')) navigate('/login?expired=1', { replace: true });
});

// Logs kept while offline go out as soon as the connection returns.
window.addEventListener('online', () => { if (isPatient()) flush(currentUser().id); });

startRouter(render);
