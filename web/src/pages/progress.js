// Progress: the weekly streak, the charts, and the short check-ins that feed
// them (a pain diary entry, the PEG and the PSFS every week or two).
import { get, post, upload } from '../lib/api.js';
import { bidi, h, add, mount } from '../lib/dom.js';
import { today } from '../lib/dates.js';
import { navigate } from '../lib/router.js';
import { currentUser } from '../lib/session.js';
import { button, scale } from '../ui/controls.js';
import { notice, showError } from '../ui/feedback.js';
import { adherenceChart, levelsChart, minutesChart, painChart, scoreChart, stepsChart, streakCard } from '../ui/progress_charts.js';

// The most the server takes in one upload.
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

// The file gzip-compressed by the browser, as it is read (an Apple Health
// export shrinks to a tenth or less); the server reads either form. Browsers
// without CompressionStream send the file as it is.
async function compressed(file) {
  if (typeof CompressionStream !== 'function') return file;
  return new Response(file.stream().pipeThrough(new CompressionStream('gzip'))).blob();
}

// Steps from a phone or watch: a CSV file, or Apple Health's export.xml.
function stepsImport() {
  const slot = h('div');
  const input = h('input', { type: 'file', id: 'steps-file', accept: '.csv,.xml,text/csv,text/xml,application/xml' });
  const send = button('Import steps', async () => {
    const file = input.files && input.files[0];
    if (!file) {
      showError(slot, { message: 'Please choose a file first.' });
      return;
    }
    send.disabled = true;
    const preparing = h('p', { role: 'status' }, 'Preparing your file…');
    mount(slot, preparing);
    try {
      const body = await compressed(file);
      if (body.size > MAX_UPLOAD_BYTES) {
        send.disabled = false;
        showError(slot, { message: 'This file is too large to send from here, even compressed. Your clinic can import it for you.' });
        return;
      }
      preparing.textContent = 'Sending your file…';
      const type = body === file ? (file.name.endsWith('.xml') ? 'application/xml' : 'text/csv') : 'application/gzip';
      const r = await upload(`/patients/${currentUser().id}/steps`, body, type);
      const skipped = r.skipped ? ` ${r.skipped} rows could not be read and were left out${r.problems.length ? ` (first: line ${r.problems[0].line}, ${r.problems[0].message})` : ''}.` : '';
      const goal = r.step_goal ? ` Your step goal: ${r.step_goal.daily_steps.toLocaleString()} steps a day.` : '';
      navigate(`/progress?imported=${encodeURIComponent(`Imported ${r.days} days (${r.stored} new or changed).${skipped}${goal}`)}`, { replace: true });
    } catch (e) {
      send.disabled = false;
      showError(slot, e);
    }
  }, { kind: 'secondary' });
  return h('section', { class: 'card stack', 'aria-labelledby': 'steps-title' },
    h('h3', { id: 'steps-title' }, 'Import steps from your phone or watch'),
    h('p', 'A CSV file with a date and a steps column, or the export.xml of Apple Health (Health app, your picture, Export All Health Data). Your browser compresses the file before sending it, so even an export of several hundred MB usually fits.'),
    h('label', { for: 'steps-file' }, 'File with your steps'), input, send, slot);
}

// A questionnaire as a form: one 0-10 scale per item. `itemsFor` may rename repeated items.
function questionnaireForm(q, { title, intro, items, onDone }) {
  const answers = {};
  const errors = h('div');
  const form = h('form', { class: 'card stack', novalidate: true },
    h('h3', title), intro ? h('p', intro) : null,
    items.map((it) => scale({ name: `${q.id}-${it.id}`, legend: it.text, minLabel: it.min_label, maxLabel: it.max_label, onChange: (v) => { answers[it.id] = v; } })),
    errors, button('Save', null, { type: 'submit' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (Object.keys(answers).length === 0) {
      showError(errors, { message: 'Please tap a number for at least one question.' });
      return;
    }
    try {
      const result = await post(`/patients/${currentUser().id}/questionnaires/${q.id}`, { answers });
      onDone(result);
    } catch (e) {
      showError(errors, e);
    }
  });
  return form;
}

function checkIns(questionnaires, plan) {
  const byId = Object.fromEntries((questionnaires || []).map((q) => [q.id, q]));
  const done = () => navigate('/progress?saved=1', { replace: true });
  const out = [];
  const diaryErrors = h('div');
  out.push(h('div', { class: 'card stack' }, h('h3', 'How is your back today?'),
    scale({ name: 'diary', legend: 'Your back pain right now', minLabel: 'no pain', maxLabel: 'worst imaginable',
      onChange: async (v) => {
        try { await post(`/patients/${currentUser().id}/pain`, { date: today(), pain: v }); done(); } catch (e) { showError(diaryErrors, e); }
      } }), diaryErrors));
  if (byId.peg) {
    out.push(questionnaireForm(byId.peg, { title: 'Your week: pain and daily life (PEG)', intro: byId.peg.instructions, items: byId.peg.items, onDone: done }));
  }
  if (byId.psfs) {
    const item = byId.psfs.items[0];
    const goals = ((plan && plan.request && plan.request.goals) || []).filter(Boolean);
    const names = goals.length ? goals.slice(0, 3) : ['An activity your back makes hard'];
    out.push(questionnaireForm(byId.psfs, {
      title: 'Your goals: how well can you do them today? (PSFS)',
      intro: goals.length ? 'These are the goals you gave us.' : 'You gave no goals, so think of one activity your back makes hard.',
      items: names.map((g, i) => ({ id: `${item.id}_${i + 1}`, text: [goals.length ? bidi(g) : g, `: ${item.text.toLowerCase()}`], min_label: item.min_label, max_label: item.max_label })),
      onDone: done,
    }));
  }
  return out;
}

export async function progressPage(main, _params, query) {
  const id = currentUser().id;
  const [progress, plan, questionnaires] = await Promise.all([
    get(`/patients/${id}/progress`),
    get(`/patients/${id}/plan`).catch(() => null),
    get('/questionnaires').catch(() => ({ questionnaires: [] })),
  ]);
  const startPain = plan && plan.request ? plan.request.pain_now : undefined;
  add(main, 
    h('h1', 'Your progress'),
    query.saved ? notice('success', h('p', { role: 'status' }, 'Saved. Thank you.')) : null,
    query.imported ? notice('success', h('p', { role: 'status' }, query.imported)) : null,
    streakCard(progress, today()),
    h('section', { class: 'charts', 'aria-labelledby': 'charts-title' },
      h('h2', { id: 'charts-title' }, 'How things are going'),
      painChart(progress, startPain),
      scoreChart(progress, 'peg', 'Pain and daily life (PEG)', 'Lower is better; a drop of 2 points is a change worth noticing.'),
      scoreChart(progress, 'psfs', 'Your goals (PSFS)', 'Higher is better; a rise of 2 points is a real improvement.'),
      minutesChart(progress),
      stepsChart(progress),
      adherenceChart(progress),
      levelsChart(progress)),
    h('section', { 'aria-labelledby': 'checkins-title' },
      h('h2', { id: 'checkins-title' }, 'Quick check-ins'),
      h('p', 'Every week or two is plenty. They help you and your clinician see the change.'),
      checkIns(questionnaires.questionnaires, plan),
      stepsImport()),
    h('p', 'Want a copy to show your doctor? ', h('a', { href: `/api/v1/patients/${id}/report.pdf`, download: 'backcoach-report.pdf' }, 'Download your progress report (PDF)'),
      ' or ', h('a', { href: '/account' }, 'all your data'), '.'));
}
