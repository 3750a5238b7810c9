// Shared helpers for the browser tests: a headless Chromium driven by
// playwright-core, axe-core run inside each page, screenshots saved under
// tests/artifacts/web/, and a small client for the JSON API to set things up.
//
// run.sh starts the server and passes BACKCOACH_URL; the tests never start
// one themselves.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..');
const require = createRequire(join(ROOT, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BASE = process.env.BACKCOACH_URL || 'http://127.0.0.1:8080';
export const ARTIFACTS = process.env.BACKCOACH_ARTIFACTS || join(ROOT, 'tests', 'artifacts', 'web');
export const DEMO_PASSWORD = 'backcoach-demo';
mkdirSync(ARTIFACTS, { recursive: true });

// extraArgs: more Chromium switches (the camera coach's fake camera).
export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.BACKCOACH_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

// A browser context at a size, watching for requests to anything but the
// server (every asset must come from backcoach itself), for script errors and
// for anything the Content-Security-Policy refused. A refusal fails the test:
// checkPage() asserts there was none, and so does closing the context.
export async function openContext(browser, viewport = PHONE, options = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...options });
  const origin = new URL(BASE).origin;
  context.foreignRequests = [];
  context.pageErrors = [];
  context.cspViolations = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) context.foreignRequests.push(url);
  });
  // The page reports each securitypolicyviolation event; the console catches
  // refusals reported where no listener runs yet.
  await context.exposeBinding('__backcoachCspViolation', (_source, text) => context.cspViolations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__backcoachCspViolation(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  context.on('page', (page) => {
    page.on('pageerror', (e) => context.pageErrors.push(e.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) context.cspViolations.push(message.text());
    });
  });
  const close = context.close.bind(context);
  context.close = async (...args) => {
    await close(...args);
    assert.deepEqual(context.cspViolations, [], 'the Content-Security-Policy refused something');
  };
  return context;
}

// Screenshots are named after the test file that takes them, in order.
// BACKCOACH_SCREENSHOTS=0 takes them only of a page whose check fails: a
// full-page picture costs about a fifth of a test's time.
export const SCREENSHOTS = process.env.BACKCOACH_SCREENSHOTS !== '0';
const SCENARIO = basename(process.argv[1] || 'web').replace(/\.test\.mjs$/, '');
let shotCounter = 0;

// Checks the page as it stands: saves a screenshot, runs axe-core, and checks
// that nothing is wider than the screen. Moderate, serious or critical axe
// violations fail.
export async function checkPage(page, name) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
  await page.evaluate(() => window.scrollTo(0, 0));  // the sticky header stays at the top of the picture
  shotCounter += 1;
  const file = join(ARTIFACTS, `${SCENARIO}-${String(shotCounter).padStart(2, '0')}-${name}.png`);
  if (SCREENSHOTS) await page.screenshot({ path: file, fullPage: true });
  try {
    await checkAsItStands(page, name);
  } catch (error) {
    if (!SCREENSHOTS) await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    throw error;
  }
  return file;
}

// axe-core, the width and the page's policy, for checkPage().
async function checkAsItStands(page, name) {
  // Evaluated through the debugging protocol, which the page's policy does not
  // govern: an inline <script> with axe-core would be refused, as it should be.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = results.violations.filter((v) => v.impact === 'moderate' || v.impact === 'serious' || v.impact === 'critical');
  const describe = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.deepEqual(describe, [], `axe-core found moderate, serious or critical problems on ${name}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the screen`);
  assert.deepEqual(page.context().cspViolations ?? [], [], `the Content-Security-Policy refused something on ${name}`);
}

// checkPage() at the phone's size and then at a desktop's: two screenshots,
// two runs of axe, and the width checked at both. The page is left at the
// phone's size.
export async function checkBoth(page, name) {
  await page.setViewportSize(PHONE);
  await checkPage(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
  await checkPage(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
}

// The JSON API, for setting up what a test needs without clicking through it.
// The server under test believes X-Forwarded-For from 127.0.0.1 (run.sh
// passes --trusted-proxy), so each account these tests make through the API
// comes from an address of its own (TEST-NET-2) and the many they make do
// not reach the sign-up wait meant for one address; pages opened in the
// browser still sign up from 127.0.0.1 itself.
let nextClient = 0;
function clientAddress() {
  nextClient = (nextClient % 250) + 1;
  return `198.51.100.${nextClient}`;
}

export async function api(method, path, { token, body } = {}) {
  const headers = { 'Content-Type': 'application/json', 'X-Forwarded-For': clientAddress() };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${BASE}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => null);
  return { status: response.status, data };
}

export async function login(email, password = DEMO_PASSWORD) {
  const { status, data } = await api('POST', '/auth/login', { body: { email, password } });
  assert.equal(status, 200, `login of ${email}: ${JSON.stringify(data)}`);
  return { token: data.token, user: data.user };
}

export function uniqueEmail(name) {
  return `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@test.backcoach.example`;
}

// The local calendar date, as the app computes it.
export function isoDate(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// An intake with nothing worrying in it; `extra` overrides fields.
export function calmRequest(extra = {}) {
  return {
    age: 40, pain_duration_weeks: 20, pain_now: 4, pain_trend: 'stable', leg_symptoms: 'none', leg_symptom_sides: 'none',
    leg_numbness_or_tingling: false, leg_weakness: 'none', saddle_numbness: false, bladder_or_bowel_change: false,
    sexual_dysfunction_new: false, fever_or_chills: false, unexplained_weight_loss: false, cancer_history: false,
    trauma: 'none', osteoporosis_or_long_term_steroids: false, immunosuppressed_or_iv_drug_use: false,
    recent_infection_or_spinal_procedure: false, constant_night_pain: false, feeling_unwell: false,
    widespread_pain: false, first_episode: false, activity_level: 'light', minutes_per_day: 25, days_per_week: 5,
    equipment: ['mat'], likes: ['walking'], ...extra,
  };
}

// A person who signed up alone (or with a clinic's `invitation` code) and
// answered the intake `request` today: {email, id, token, date}.
export async function signUpWithIntake(prefix, request, { name = 'Robin', invitation, password = 'a long enough password' } = {}) {
  const email = uniqueEmail(prefix);
  const body = { email, password, display_name: name };
  if (invitation) body.invitation_code = invitation;
  const { status, data } = await api('POST', '/auth/signup', { body });
  if (status !== 201) throw new Error(`sign-up: ${status} ${JSON.stringify(data)}`);
  const date = isoDate(new Date());
  const intake = await api('POST', `/patients/${data.user.id}/intake`, { token: data.token, body: { ...request, start_date: date } });
  if (intake.status !== 201) throw new Error(`intake: ${intake.status} ${JSON.stringify(intake.data)}`);
  return { email, id: data.user.id, token: data.token, date };
}

// Signs in through the app's own form.
export async function signInUi(page, email, password = DEMO_PASSWORD) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

// The ids of a day's cards (GET /today) that the camera coach covers: those
// whose motion has camera rules.
export function coveredCards(day) {
  return [...(day.exercises || []), ...(day.bad_day_session || [])].filter((c) => c.motion && c.motion.camera).map((c) => c.id);
}
