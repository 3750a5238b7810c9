// The camera coach: loaded only when a person asks for it on an exercise
// card that it covers. It explains first and starts nothing until asked;
// then it checks the set-up (one person, the right view, the needed joints
// seen for two seconds), counts repetitions and times holds on screen and,
// if wanted, aloud, and gives one plain correction at a time. Every count,
// hold and correction comes from the core's motion analysis in WebAssembly
// (analysis.js); the picture is analysed in this page and never leaves it.
// After the set it offers to add the measurements to the day's log and to
// download the recording of keypoints (docs/motion.md).
import { h, mount, announce } from '../lib/dom.js';
import { upload } from '../lib/api.js';
import { coachEntry } from '../lib/coach_measurements.js';
import { currentUser } from '../lib/session.js';
import { motionFigure } from '../ui/motion_figure.js';
import { loadAnalysis } from './analysis.js';
import { loadPose } from './pose.js';
import { recordingText } from './recording.js';

const SETUP_SECONDS = 2;
const REPEAT_CORRECTION_SECONDS = 8;  // the same correction is not said again sooner

function speaker(enabled) {
  const can = typeof window.speechSynthesis !== 'undefined' && typeof window.SpeechSynthesisUtterance !== 'undefined';
  return {
    can,
    say(text) {
      if (!can || !enabled()) return;
      try {
        window.speechSynthesis.cancel();
        window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
      } catch { /* no voice on this device: the screen says it */ }
    },
  };
}

function placement(view) {
  return view === 'front'
    ? 'Put the phone or computer in front of you, about two to three metres away, with your whole body in the picture.'
    : 'Put the phone or computer at your side, about two to three metres away and at hip height, with your whole body in the picture.';
}

const CAMERA_PROBLEMS = {
  NotAllowedError: 'The camera was not allowed.',
  NotFoundError: 'No camera was found on this device.',
  NotReadableError: 'The camera is in use by another app.',
};

// Opens the coach in `slot` for `card` (the API's exercise card, whose
// `motion` is the definition the analysis reads). `onAdd(coach)` receives the
// set's measurements in the session log's shape when the person adds them to
// the day's log; without it the coach does not offer that.
export function openCoach(slot, card, { onClose = () => {}, onAdd = null } = {}) {
  const dose = card.dose || {};
  // The phase held for the dose's seconds lasts the person's own hold (the
  // definition carries the catalogue's): the analysis says when it is done.
  const definition = JSON.stringify({
    ...card.motion,
    phases: card.motion.phases.map((p) => (p.dose_hold && dose.hold_seconds > 0 ? { ...p, seconds: dose.hold_seconds } : p)),
  });
  const prescribed = dose.reps > 0 ? dose.reps : null;
  let speak = false;
  const voice = speaker(() => speak);
  const panel = h('section', { class: 'coach', 'aria-label': `Camera coach for ${card.name}`, 'data-state': 'intro' });
  const status = h('p', { class: 'coach-status', role: 'status' });
  const close = (why) => { stop(); onClose(why); };
  let stopped = false;
  let stream = null;
  let stop = () => {
    stopped = true;
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
  };
  const setState = (state) => { panel.dataset.state = state; };

  // 1. What it does and what it keeps, before anything starts.
  function intro(view) {
    const speakBox = h('input', { type: 'checkbox', id: `coach-speak-${card.id}`, onchange: () => { speak = speakBox.checked; } });
    mount(panel,
      h('h4', 'Camera coach'),
      h('p', 'The coach watches you through this device’s camera, counts your repetitions, times your holds and suggests one correction at a time.'),
      h('p', h('strong', 'The picture never leaves this device. '),
        'It is analysed here, in the browser; nothing is filmed or sent. Only the counts, hold times and form notes are kept, and only if you choose to add them to your log afterwards.'),
      h('p', placement(view)),
      voice.can ? h('div', { class: 'choice single' }, speakBox, h('label', { for: speakBox.id }, 'Say the counts and corrections aloud')) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button primary', onclick: () => { begin(); } }, 'Start the camera'),
        h('button', { type: 'button', class: 'button link', onclick: () => close('cancelled') }, 'Not now')));
  }

  function failed(text) {
    setState('unavailable');
    stop();
    mount(panel, h('h4', 'Camera coach'), h('p', { role: 'alert' }, `${text} The timer on this card still works without it.`),
      h('button', { type: 'button', class: 'button link', onclick: () => close('failed') }, 'Close the coach'));
  }

  // 2. Loads the analysis and the model, and starts the camera.
  async function begin() {
    setState('loading');
    status.textContent = 'Loading the coach…';
    mount(panel, h('h4', 'Camera coach'), status);
    let analysis, pose;
    try {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw Object.assign(new Error(), { name: 'NotFoundError' });
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
    } catch (e) {
      failed(CAMERA_PROBLEMS[e.name] || 'The camera could not be started.');
      return;
    }
    try {
      [analysis, pose] = await Promise.all([loadAnalysis(), loadPose()]);
    } catch (e) {
      failed(`The coach could not be loaded: ${e.message}.`);
      return;
    }
    if (stopped) return;
    const video = h('video', { class: 'coach-video', muted: true, playsinline: true, 'aria-label': 'What the camera sees' });
    video.muted = true;
    video.srcObject = stream;
    await video.play().catch(() => {});
    run(card.motion, analysis, pose, video);
  }

  // 3. The set-up check, then the set.
  function run(motion, analysis, pose, video) {
    const width = video.videoWidth || 640;
    const height = video.videoHeight || 480;
    const counts = motion.camera && motion.camera.reps;
    const count = h('p', { class: 'coach-count', 'aria-live': 'polite' });
    const correction = h('p', { class: 'coach-correction', 'aria-live': 'polite' });
    const finish = h('button', { type: 'button', class: 'button primary', onclick: () => done() }, 'Finish the set');
    const stopButton = h('button', { type: 'button', class: 'button link', onclick: () => close('stopped') }, 'Stop the camera');
    // Beside the person: the exercise's figure doing what comes next, as the
    // analysis says (its `next_phase`), with the phase in words.
    const figure = motionFigure({ name: card.name, motion, dose });
    const next = h('p', { class: 'coach-next' });
    let shown = null;
    const showNext = (phase) => {
      shown = phase ? phase.index : null;
      figure.showPhase(phase ? phase.index : null);
      panel.dataset.phase = phase ? phase.name : 'start';
      next.textContent = phase ? `Next: ${phase.name.replace(/_/g, ' ')}` : 'First: the starting position';
    };
    showNext(null);
    mount(panel, h('h4', 'Camera coach'),
      h('div', { class: 'coach-stage' }, video, h('figure', { class: 'coach-figure' }, figure, h('figcaption', next))),
      status, count, correction, h('div', { class: 'actions' }, finish, stopButton));
    setState('setup');
    status.textContent = 'Checking the set-up: get into the starting position.';
    const frames = [];
    let live = null;  // the set's analysis, once the set-up is right
    let result = null;
    let started = 0;
    let lastReps = 0;
    let lastHoldSpoken = 0;
    let lastCorrection = { text: '', at: -Infinity };
    let lastSetup = '';
    const t0 = performance.now();
    let processed = 0;

    function setup(frame) {
      const windowFrames = frames.filter((f) => f.t >= frame.t - SETUP_SECONDS);
      const check = analysis.analyse(definition, width, height, windowFrames);
      const long = frame.t - windowFrames[0].t >= SETUP_SECONDS - 0.2 && frame.t >= SETUP_SECONDS;
      const text = check.assessed ? (long ? '' : 'Hold still in the starting position…') : check.reason_message;
      panel.dataset.setup = check.assessed ? 'ok' : check.reason;
      if (text && text !== lastSetup) {
        lastSetup = text;
        status.textContent = text;
        voice.say(text);
      }
      if (check.assessed && long) {
        live = analysis.start(definition, width, height);
        started = frame.t;
        setState('counting');
        status.textContent = counts ? 'Ready: start your repetitions.' : 'Ready: get into the hold.';
        voice.say(counts ? 'Ready. Start when you are.' : 'Ready. Hold when you are.');
        announce(status.textContent);
      }
    }

    function coach(frame) {
      live.add(frame);
      result = live.result();
      if (!result.assessed) {
        status.textContent = result.reason_message;
        return;
      }
      status.textContent = '';
      if (result.next_phase && result.next_phase.index !== shown) showNext(result.next_phase);
      if (counts) {
        count.textContent = `${result.reps}${prescribed ? ` of ${prescribed}` : ''} repetitions`;
        if (result.reps > lastReps) {
          lastReps = result.reps;
          voice.say(String(result.reps));
        }
      } else {
        const held = result.holds.length ? result.holds[result.holds.length - 1] : 0;
        count.textContent = `Holding: ${Math.floor(held)} seconds${dose.hold_seconds ? ` of ${dose.hold_seconds}` : ''}`;
        const five = Math.floor(held / 5) * 5;
        if (five > lastHoldSpoken) {
          lastHoldSpoken = five;
          voice.say(`${five} seconds`);
        }
      }
      // One correction at a time: the latest repetition's finding.
      const last = result.per_rep.length ? result.per_rep[result.per_rep.length - 1] : null;
      const finding = last && last.form ? result.findings.find((f) => f.id === last.form) : null;
      if (finding && (finding.message !== lastCorrection.text || frame.t - lastCorrection.at > REPEAT_CORRECTION_SECONDS)) {
        lastCorrection = { text: finding.message, at: frame.t };
        correction.textContent = finding.message;
        voice.say(finding.message);
      } else if (last && !last.form && lastCorrection.text) {
        correction.textContent = '';
        lastCorrection = { text: '', at: frame.t };
      }
    }

    async function loop() {
      while (!stopped) {
        if (!panel.isConnected) {  // the page moved on: the camera goes off with it
          stop();
          return;
        }
        const t = (performance.now() - t0) / 1000;
        let frame;
        try {
          frame = await pose.detect(video, t);
        } catch (e) {
          failed(`The pose could not be read: ${e.message}.`);
          return;
        }
        if (stopped) return;
        frames.push(frame);
        processed += 1;
        panel.dataset.fps = (processed / ((performance.now() - t0) / 1000)).toFixed(1);
        panel.dataset.frames = String(processed);
        if (live) coach({ ...frame, t: frame.t - started });
        else setup(frame);
        await new Promise((resolve) => setTimeout(resolve, 0));  // let the page breathe
      }
    }
    loop();

    // 4. After the set: what was measured, and what to do with it.
    function done() {
      stop();
      setState('done');
      const set = live ? frames.filter((f) => f.t >= started).map((f) => ({ ...f, t: f.t - started })) : [];
      const measured = live && result && result.assessed;
      const m = measured ? coachEntry(result, dose, Boolean(counts)) : null;
      const saved = h('p', { role: 'status' });
      const recorded = set.length ? set : frames;
      const file = new Blob([recordingText(width, height, recorded)], { type: 'application/x-ndjson' });
      const link = h('a', { class: 'button secondary', href: URL.createObjectURL(file), download: `${card.id}-pose.jsonl` }, 'Download the recording (keypoints only)');
      const summary = !measured ? h('p', 'Nothing was measured: the set-up was not right yet.')
        : h('ul', { class: 'coach-summary' },
          counts ? h('li', `${result.reps}${prescribed ? ` of ${prescribed}` : ''} repetitions`) : null,
          result.holds.length ? h('li', `${counts ? 'Time at the top' : 'Holds'}: ${result.holds.map((s) => `${s} s`).join(', ')}`) : null,
          result.findings.length ? result.findings.map((f) => h('li', `${f.message} (repetition ${f.reps.join(', ')})`)) : h('li', 'No form notes.'));
      const add = m && onAdd ? h('button', { type: 'button', class: 'button primary', onclick: () => {
        add.disabled = true;
        onAdd(m);
        saved.textContent = 'Added to today’s log: it is sent when you save your session.';
      } }, 'Add these to today’s log') : null;
      mount(panel, h('h4', 'Camera coach: the set'), summary,
        h('div', { class: 'actions' }, add, link,
          h('button', { type: 'button', class: 'button link', onclick: () => close('done') }, 'Close the coach')), saved,
        recorded.length ? shareControl(file) : null);
    }
  }

  // Sharing the recording with the clinician: only a patient of a clinic,
  // only if they tick the box and then send it (nothing is sent otherwise).
  function shareControl(file) {
    const me = currentUser();
    if (!me || me.role !== 'patient' || !me.clinic_id) return null;
    const id = `coach-share-${card.id}`;
    const said = h('p', { role: 'status' });
    const send = h('button', { type: 'button', class: 'button secondary', hidden: true, onclick: async () => {
      send.disabled = true;
      said.textContent = 'Sending the recording…';
      try {
        await upload(`/patients/${encodeURIComponent(me.id)}/recordings?exercise=${encodeURIComponent(card.id)}`, file, 'application/x-ndjson');
        box.disabled = true;
        send.hidden = true;
        said.textContent = 'Sent. Your clinician can now open it. You can withdraw it from your account page.';
      } catch (e) {
        send.disabled = false;
        said.textContent = `It was not sent. ${e.message}`;
      }
    } }, 'Send it to my clinician');
    const box = h('input', { type: 'checkbox', id, 'aria-describedby': `${id}-about`, onchange: () => { send.hidden = !box.checked; } });
    return h('div', { class: 'coach-share' },
      h('div', { class: 'choice single' }, box, h('label', { for: id }, 'Share this recording with my clinician')),
      h('p', { class: 'hint', id: `${id}-about` },
        'Off unless you choose it. The recording holds only the positions of your joints during this set, no picture. If you send it, it is kept with your record, and your clinic’s clinicians can open it until you withdraw it (on your account page); erasing your account erases it.'),
      send, said);
  }

  mount(slot, panel);
  intro(card.motion.view);
  return { panel, stop: () => stop() };
}
