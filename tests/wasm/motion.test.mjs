// The WebAssembly build of the motion analysis gives the native answer.
//
//   node motion.test.mjs MODULE.wasm DEFINITION.json RECORDING.jsonl NATIVE.json REPS
//
// Instantiates the module with no imports at all, analyses the recording
// whole (bc_analyse) and frame by frame (the live coach's bc_coach_*), and
// checks both against the native program's JSON and the known repetitions.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const [wasmPath, defPath, recPath, nativePath, reps] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const m = instance.exports;
m._initialize();

const encoder = new TextEncoder();
const decoder = new TextDecoder();
function put(text) {
  const bytes = encoder.encode(text);
  const ptr = m.bc_alloc(bytes.length);
  new Uint8Array(m.memory.buffer, ptr, bytes.length).set(bytes);
  return [ptr, bytes.length];
}
function answer() {
  return decoder.decode(new Uint8Array(m.memory.buffer, m.bc_result_ptr(), m.bc_result_len()));
}

const definition = readFileSync(defPath, 'utf8');
const recording = readFileSync(recPath, 'utf8');
const native = readFileSync(nativePath, 'utf8').trim();

const [dp, dl] = put(definition);
const [rp, rl] = put(recording);
assert.equal(m.bc_analyse(dp, dl, rp, rl), 0, answer());
const whole = answer();
assert.equal(whole, native, 'the WebAssembly analysis differs from the native one');
assert.equal(JSON.parse(whole).reps, Number(reps));

// Live, frame by frame, as the coach in the browser feeds it.
const lines = recording.trim().split('\n').map((l) => JSON.parse(l));
const header = lines.shift();
const joints = ['nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder',
  'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist', 'left_hip',
  'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle'];
const buffer = m.bc_alloc(51 * 4);
// Five runs; the best of them is the figure reported (the machine is shared).
let perFrame = Infinity;
for (let run = 0; run < 5; ++run) {
  const coach = m.bc_coach_new(dp, dl, header.width, header.height);
  assert.ok(coach > 0, answer());
  const started = performance.now();
  for (const frame of lines) {
    const points = new Float32Array(m.memory.buffer, buffer, 51);
    joints.forEach((name, i) => points.set(frame.points[name] ?? [0, 0, 0], 3 * i));
    const people = frame.people ?? (Object.keys(frame.points).length ? 1 : 0);
    assert.equal(m.bc_coach_frame(coach, frame.t, people, buffer), 0);
  }
  perFrame = Math.min(perFrame, (performance.now() - started) * 1000 / lines.length);
  assert.equal(m.bc_coach_result(coach), 0);
  assert.equal(JSON.parse(answer()).reps, Number(reps));
  m.bc_coach_free(coach);
}

// A broken definition is an answer, not a crash.
const [bp, bl] = put('{"exercise": 1}');
assert.equal(m.bc_analyse(bp, bl, rp, rl), 1);
assert.equal(answer(), '{"error":"motion definition: field \'exercise\' must be text"}');

console.log(`wasm motion: ${reps} repetitions as natively; ${perFrame.toFixed(1)} µs a frame live`);
