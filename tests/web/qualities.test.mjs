// Qualities every page keeps: the first load's size, assets only from
// backcoach, keyboard use, reduced motion, text that scales, and the emergency
// card for someone not signed in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { BASE, DESKTOP, PHONE, checkPage, launch, openContext } from './lib.mjs';

const BUDGET_BYTES = 100 * 1000;  // compressed JS + CSS of a first visit
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the first load is under 100 KB of compressed JS and CSS, all served by backcoach', async () => {
  const html = await (await fetch(`${BASE}/`)).text();
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  for (const a of assets) assert.ok(a.startsWith('/') && !a.startsWith('//'), `${a} is not served by backcoach`);
  const code = assets.filter((a) => /\.(js|css)$/.test(a));
  assert.ok(code.some((a) => a.endsWith('.js')) && code.some((a) => a.endsWith('.css')));
  let total = 0;
  for (const a of code) {
    const response = await fetch(`${BASE}${a}`);
    assert.equal(response.status, 200, a);
    assert.match(response.headers.get('content-type'), a.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
    assert.match(response.headers.get('cache-control'), /immutable/);
    total += gzipSync(Buffer.from(await response.arrayBuffer()), { level: 9 }).length;
  }
  console.log(`first load: ${total} bytes of compressed JS+CSS (budget ${BUDGET_BYTES})`);
  assert.ok(total < BUDGET_BYTES, `${total} bytes is over the budget`);
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
