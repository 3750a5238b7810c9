// A short tone and a buzz when a timer changes phase (hold, rest, done), for
// a person holding a pose who should not have to watch the screen. Off until
// the person turns it on; the choice is kept on this device. The tone is made
// by the browser (Web Audio), so nothing is downloaded; vibration happens only
// where the device supports it.

const KEY = 'backcoach.timer-cues';
let audio = null;

export function cuesOn() {
  try { return localStorage.getItem(KEY) === 'on'; } catch { return false; }
}

export function setCues(on) {
  try {
    if (on) localStorage.setItem(KEY, 'on');
    else localStorage.removeItem(KEY);
  } catch { /* storage full or refused: the setting lasts for this page only */ }
  if (on) wake();
}

export function canVibrate() { return typeof navigator.vibrate === 'function'; }

// Browsers let a page make sound only after a tap: the timer's start button
// calls this, so later tones, which come from the clock, can play.
export function wake() {
  if (!cuesOn()) return;
  try {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context) audio = new Context();
    if (audio && audio.state === 'suspended') audio.resume();
  } catch { audio = null; }
}

function tone(frequency, seconds) {
  if (!audio) return;
  const start = audio.currentTime;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.3, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
  osc.connect(gain).connect(audio.destination);
  osc.start(start);
  osc.stop(start + seconds + 0.05);
}

// kind: 'hold' (start holding), 'rest', or 'done' (the timer has finished).
export function cue(kind) {
  if (!cuesOn()) return;
  wake();
  try {
    if (kind === 'done') { tone(660, 0.25); setTimeout(() => tone(880, 0.35), 300); }
    else tone(kind === 'hold' ? 880 : 520, 0.25);
  } catch { /* no sound on this device */ }
  if (canVibrate()) navigator.vibrate(kind === 'done' ? [200, 100, 200] : 200);
}
