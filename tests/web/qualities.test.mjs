// Qualities every page keeps: the first load's size as it travels, assets
// only from backcoach, the Content-Security-Policy, keyboard use, reduced
// motion, text that scales, and the emergency card for someone not signed in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { BASE, DESKTOP, PHONE, checkPage, launch, openContext } from './lib.mjs';

const BUDGET_BYTES = 100 * 1000;  // JS + CSS of a first visit, as sent compressed
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// One GET with node:http, which (unlike fetch) leaves the body as it came:
// the status, the headers and the number of bytes sent.
function wire(path, headers = {}) {
  return new Promise((resolve, reject) => {
    request(`${BASE}${path}`, { headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => { bytes += chunk.length; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, bytes }));
    }).on('error', reject).end();
  });
}

// The chunks a script imports statically, which load with it; those it
// imports on demand (import("./coach-X.js"), the camera coach) do not.
async function withStaticImports(scripts) {
  const all = [...scripts];
  for (let i = 0; i < all.length; i += 1) {
    const text = await (await fetch(`${BASE}${all[i]}`)).text();
    for (const [, chunk] of text.matchAll(/(?:\bfrom|\bimport)\s*"\.\/([^"]+\.js)"/g)) {
      const path = all[i].replace(/[^/]+$/, chunk);
      if (!all.includes(path)) all.push(path);
    }
  }
  return all;
}

test('the first load is under 100 KB of JS and CSS as sent compressed, all served by backcoach', async () => {
  const html = await (await fetch(`${BASE}/`)).text();
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  for (const a of assets) assert.ok(a.startsWith('/') && !a.startsWith('//'), `${a} is not served by backcoach`);
  const listed = assets.filter((a) => /\.(js|css)$/.test(a));
  const code = [...await withStaticImports(listed.filter((a) => a.endsWith('.js'))), ...listed.filter((a) => a.endsWith('.css'))];
  const app = await (await fetch(`${BASE}${listed.find((a) => a.endsWith('.js'))}`)).text();
  assert.match(app, /import\("\.\/coach-[^"]+\.js"\)/, 'the camera coach is not a chunk loaded on demand');
  for (const a of code) assert.doesNotMatch(a, /\/coach-/, 'the camera coach is part of the first load');
  // The coach takes each exercise's motion from its card: the build writes no
  // definitions of its own, and nothing asks for them.
  const chunk = await (await fetch(`${BASE}/assets/${app.match(/import\("\.\/(coach-[^"]+\.js)"\)/)[1]}`)).text();
  for (const text of [app, chunk]) assert.doesNotMatch(text, /\/motions\//, 'the app still asks for /motions/');
  assert.doesNotMatch((await fetch(`${BASE}/motions/index.json`)).headers.get('content-type') || '', /json/, 'the build still writes motions/');
  assert.ok(code.some((a) => a.endsWith('.js')) && code.some((a) => a.endsWith('.css')));
  let total = 0;
  for (const a of code) {
    const response = await wire(a, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(response.status, 200, a);
    assert.match(response.headers['content-type'], a.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
    assert.match(response.headers['cache-control'], /immutable/);
    assert.equal(response.headers['content-encoding'], 'br', `${a} is not sent compressed`);
    assert.match(response.headers.vary, /Accept-Encoding/);
    const gzip = await wire(a, { 'Accept-Encoding': 'br;q=0, gzip' });
    assert.equal(gzip.headers['content-encoding'], 'gzip', a);
    const plain = await wire(a);
    assert.equal(plain.headers['content-encoding'], undefined, a);
    assert.ok(response.bytes < plain.bytes, `${a}: ${response.bytes} bytes compressed, ${plain.bytes} plain`);
    total += response.bytes;
  }
  console.log(`first load: ${total} bytes of JS+CSS as sent with brotli (budget ${BUDGET_BYTES})`);
  assert.ok(total < BUDGET_BYTES, `${total} bytes is over the budget`);
});

test('the pages run under a strict Content-Security-Policy, and a refusal would be seen', async () => {
  const response = await fetch(`${BASE}/welcome`);
  const policy = response.headers.get('content-security-policy') ?? '';
  const directives = policy.split(';').map((d) => d.trim());
  for (const d of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "base-uri 'self'", "object-src 'none'",
    "frame-ancestors 'none'", "form-action 'self'"]) {
    assert.ok(directives.includes(d), `the policy "${policy}" lacks ${d}`);
  }
  // WebAssembly may be compiled (the camera coach); JavaScript may not be evaluated.
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'|\*/);
  const html = await response.text();
  for (const script of html.match(/<script\b[^>]*>/g)) assert.match(script, /\ssrc="\//, `${script} is inline`);
  assert.doesNotMatch(html, /<style|\son[a-z]+=|\sstyle=/i, 'index.html holds inline style or event attributes');

  // A control: an inline script added to a page is refused, and the tests see the refusal.
  const context = await openContext(browser, PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE}/welcome`);
  await page.getByRole('heading', { name: 'Welcome to backcoach' }).waitFor();
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineScriptRan = true;';
    document.body.append(script);
  });
  for (let i = 0; i < 50 && context.cspViolations.length === 0; i += 1) await page.waitForTimeout(20);
  assert.equal(await page.evaluate(() => window.inlineScriptRan), undefined, 'the inline script ran');
  assert.match(context.cspViolations.join('\n'), /script-src/);
  context.cspViolations.length = 0;  // this one was on purpose
  await context.close();
});

test('the keyboard reaches the skip link and the emergency card first', async () => {
  const context = await openContext(browser, PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE}/welcome`);
  await page.getByRole('heading', { name: 'Welcome to backcoach' }).waitFor();
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the main content');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Emergency help/);
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'When to get emergency help' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Close');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Emergency help/,
    'closing the card gives the focus back to the button that opened it');
  // The skip link moves the focus to the main region.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await context.close();
});

test('anyone can open the emergency card, signed in or not', async () => {
  const context = await openContext(browser, PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE}/emergency`);
  await page.getByRole('heading', { level: 1, name: 'When to get emergency help' }).waitFor();
  assert.match(await page.locator('main').innerText(), /emergency department/);
  await checkPage(page, 'emergency-signed-out');
  await context.close();
});

test('movement stops for someone who asked for reduced motion', async () => {
  const durations = {};
  for (const reducedMotion of ['no-preference', 'reduce']) {
    const context = await openContext(browser, PHONE, { reducedMotion });
    const page = await context.newPage();
    await page.goto(`${BASE}/welcome`);
    await page.getByRole('heading', { name: 'Welcome to backcoach' }).waitFor();
    durations[reducedMotion] = await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<div class="progress-track"><span id="probe"></span></div>');
      return getComputedStyle(document.getElementById('probe')).transitionDuration;
    });
    await context.close();
  }
  assert.notEqual(durations['no-preference'], '0s');
  assert.equal(durations.reduce, '0s');
});

test('text scales: at twice the size the pages still fit, on a phone and a desktop', async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    const context = await openContext(browser, viewport);
    const page = await context.newPage();
    for (const path of ['/welcome', '/signup', '/emergency']) {
      await page.goto(`${BASE}${path}`);
      await page.locator('h1').waitFor();
      await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} at ${viewport.width}px with large text is ${overflow}px too wide`);
    }
    await context.close();
  }
});
