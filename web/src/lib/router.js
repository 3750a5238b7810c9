// A small client-side router over the History API. The server answers every
// path that is not a file or /api/ with index.html, so links are real paths
// (/today, /clinic/patients/ID) that can be bookmarked and reloaded.
//
// After each navigation the new page's heading takes the focus, so a screen
// reader announces where the person is, and keyboard users start at the top.

const routes = [];
let renderPage = () => {};

// pattern: '/clinic/patients/:id'; page(params, query) renders into the main region.
export function route(pattern, page, options = {}) {
  const names = [];
  const regex = new RegExp('^' + pattern.replace(/:(\w+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  }) + '/?$');
  routes.push({ pattern, regex, names, page, ...options });
}

export function match(path) {
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (!m) continue;
    const params = {};
    r.names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
    return { route: r, params };
  }
  return null;
}

export function currentQuery() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

export function navigate(url, { replace = false } = {}) {
  if (url === location.pathname + location.search) {
    renderPage();
    return;
  }
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.scrollTo(0, 0);
  renderPage();
}

// Starts the router: `render` is called with the current location on every change.
export function startRouter(render) {
  renderPage = render;
  window.addEventListener('popstate', () => renderPage());
  // Same-origin links navigate in place; a modifier key keeps the browser's own behaviour.
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href]');
    if (!link || link.target || link.hasAttribute('download')) return;
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  renderPage();
}

// Moves the focus to the page's main heading (without scrolling the page twice).
export function focusHeading(root) {
  const heading = root.querySelector('h1');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
}
