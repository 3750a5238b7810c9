// The motion analysis of the core (src/core/motion_analysis.h), compiled to
// WebAssembly (web/wasm/motion.wasm, src/wasm/motion_wasm.cc) and fed the
// pose frame by frame. The coach never measures angles, counts or judges
// form itself: every count, hold, finding and "cannot assess" comes from here.
export const JOINTS = ['nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder',
  'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist', 'left_hip',
  'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle'];

// Loads the module (a module with no imports). Throws when it cannot be had.
export async function loadAnalysis(url = '/wasm/motion.wasm') {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the motion analysis could not be loaded (${response.status})`);
  const { instance } = await WebAssembly.instantiateStreaming(response, {});
  const m = instance.exports;
  m._initialize();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const answer = () => JSON.parse(decoder.decode(new Uint8Array(m.memory.buffer, m.bc_result_ptr(), m.bc_result_len())));
  const points = m.bc_alloc(JOINTS.length * 3 * 4);

  // One live analysis of `definition` (the JSON text of `backcoach motion
  // --definition`) for a picture of width x height pixels.
  function start(definition, width, height) {
    const bytes = encoder.encode(definition);
    const text = m.bc_alloc(bytes.length);
    new Uint8Array(m.memory.buffer, text, bytes.length).set(bytes);
    const handle = m.bc_coach_new(text, bytes.length, width, height);
    m.bc_free(text);
    if (!handle) throw new Error(answer().error);
    return {
      // frame: {t, people, points: {joint: [x, y, score]}} as in a recording.
      add(frame) {
        const floats = new Float32Array(m.memory.buffer, points, JOINTS.length * 3);
        JOINTS.forEach((name, i) => floats.set(frame.points[name] || [0, 0, 0], 3 * i));
        m.bc_coach_frame(handle, frame.t, frame.people, points);
      },
      result() {
        m.bc_coach_result(handle);
        return answer();
      },
      free() { m.bc_coach_free(handle); },
    };
  }

  // The analysis of `frames` alone: the set-up check asks it of the last
  // two seconds.
  function analyse(definition, width, height, frames) {
    const coach = start(definition, width, height);
    try {
      for (const f of frames) coach.add(f);
      return coach.result();
    } finally {
      coach.free();
    }
  }

  return { start, analyse };
}
