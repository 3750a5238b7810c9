// The frame around every page: a skip link, the header with the emergency
// button (on every page, signed in or not), the navigation for the person's
// role, the main region, and a live region for announcements.
import { get } from '../lib/api.js';
import { bidi, h, mount } from '../lib/dom.js';
import { currentUser, isAdmin, isPatient, isStaff, isSupporter } from '../lib/session.js';
import { openEmergencyDialog } from './emergency.js';

const PATIENT_NAV = [['/today', 'Today'], ['/progress', 'Progress'], ['/messages', 'Messages'], ['/care-team', 'Team'], ['/lessons', 'Lessons'], ['/account', 'Account']];
const SUPPORTER_NAV = [['/supporting', 'People you support'], ['/account', 'Account']];
const STAFF_NAV = [['/clinic', 'Patients'], ['/clinic/invite', 'Invite'], ['/account', 'Account']];
const ADMIN_NAV = [['/clinic', 'Patients'], ['/admin/staff', 'Staff'], ['/admin/accounts', 'Accounts'], ['/admin/audit', 'Audit log'], ['/admin/clinic', 'Clinic'], ['/account', 'Account']];

function nav(path) {
  const items = isPatient() ? PATIENT_NAV : isAdmin() ? ADMIN_NAV : isStaff() ? STAFF_NAV : isSupporter() ? SUPPORTER_NAV : [];
  if (items.length === 0) return null;
  return h('nav', { class: 'site-nav', 'aria-label': 'Main' },
    h('ul', items.map(([href, label]) => {
      const current = path === href || (href !== '/clinic' && path.startsWith(href + '/')) ||
        (href === '/clinic' && path.startsWith('/clinic/patients'));
      return h('li', h('a', { href, 'aria-current': current ? 'page' : null }, label,
        href === '/messages' ? [' ', h('span', { class: 'nav-count', 'data-unread': '', hidden: true })] : null));
    })));
}

// The number of new messages beside "Messages" in the patient's navigation.
function showUnread(count) {
  const badge = document.querySelector('[data-unread]');
  if (!badge) return;
  badge.hidden = !count;
  mount(badge, count ? `${count} new` : null);
}

document.addEventListener('backcoach:unread', (e) => showUnread(e.detail));

async function loadUnread(user) {
  try {
    const threads = await get(`/patients/${encodeURIComponent(user.id)}/threads`);
    showUnread(threads.unread);
  } catch {
    // Offline or refused: the count is left out, the page still works.
  }
}

// Builds the frame and returns the (empty) main element the page renders into.
export function renderShell(root, path, { wide = false } = {}) {
  const user = currentUser();
  const main = h('main', { id: 'main', class: ['page', wide && 'wide'] });
  mount(root, 
    h('a', { class: 'skip-link', href: '#main' }, 'Skip to the main content'),
    h('header', { class: 'site-header' },
      h('div', { class: 'header-row' },
        h('a', { class: 'brand', href: '/' }, h('img', { src: '/icon.svg', alt: '', width: 28, height: 28 }), 'backcoach'),
        h('button', { type: 'button', class: 'emergency-button', onclick: openEmergencyDialog, 'aria-haspopup': 'dialog' },
          h('span', { 'aria-hidden': 'true' }, '⚠ '), 'Emergency help')),
      nav(path)),
    main,
    h('footer', { class: 'site-footer' },
      h('p', 'backcoach supports clinical care; it does not replace your clinician.'),
      user ? h('p', 'Signed in as ', bidi(user.display_name), '.') : null),
    h('div', { id: 'announcer', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' }));
  if (user && isPatient()) loadUnread(user);
  // The skip link moves focus, not only the scroll position.
  root.querySelector('.skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    main.setAttribute('tabindex', '-1');
    main.focus();
  });
  return main;
}
