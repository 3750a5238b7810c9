// Pose estimation in the browser: MoveNet Lightning through @vladmandic/human
// on TensorFlow.js's WebAssembly backend, every file served by backcoach
// itself (models/, tfjs/). The body model finds one person; beside it the
// face detector alone (BlazeFace, no mesh, iris or description) counts the
// faces in view, so that a second person is noticed: MoveNet Lightning
// follows only the most prominent one. Hands, objects, gestures and
// segmentation are off. The picture stays in this page.
import { Human } from '@vladmandic/human';

// A face counts as a person from this score of the face detector on.
const FACE_MIN_SCORE = 0.6;
// The faces are counted at most this often (seconds); the frames between
// carry the last count. A second person who stays is noticed all the same,
// at a fraction of the face detector's cost on every frame.
const FACE_EVERY = 0.5;

const CONFIG = {
  backend: 'wasm',
  wasmPath: '/tfjs/',
  wasmPlatformFetch: false,
  modelBasePath: '/models/',
  debug: false,
  async: true,
  warmup: 'none',
  cacheSensitivity: 0,  // a still picture is analysed again, not answered from a cache
  filter: { enabled: true, flip: false },
  // Only the detector, at most four faces, each surely a face (the count
  // is what matters, not the face).
  face: {
    enabled: true,
    detector: { modelPath: 'blazeface.json', rotation: false, maxDetected: 4, minConfidence: FACE_MIN_SCORE, iouThreshold: 0.1, return: false },
    mesh: { enabled: false },
    attention: { enabled: false },
    iris: { enabled: false },
    emotion: { enabled: false },
    description: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
  body: { enabled: true, modelPath: 'movenet-lightning.json', maxDetected: 1, minConfidence: 0.2 },
};

// "leftShoulder" -> "left_shoulder".
const jointName = (part) => part.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export async function loadPose() {
  const human = new Human(CONFIG);
  await human.load();
  let faces = 0;
  let facesAt = -Infinity;
  return {
    backend: () => human.tf.getBackend(),
    // The pose in `video` at time t: {t, people, points: {joint: [x, y, score]}}.
    // `people`: the bodies found (0 or 1) or, when more, the faces counted.
    async detect(video, t) {
      const count = t - facesAt >= FACE_EVERY || t < facesAt;
      const result = await human.detect(video, { face: { enabled: count } });
      if (count) {
        faces = (result.face || []).filter((f) => f.score >= FACE_MIN_SCORE).length;
        facesAt = t;
      }
      const bodies = result.body || [];
      const points = {};
      if (bodies.length) {
        for (const k of bodies[0].keypoints) {
          if (k.score > 0) points[jointName(k.part)] = [k.position[0], k.position[1], k.score];
        }
      }
      // No body and one face (or none): no one to follow, as before.
      const people = bodies.length || faces >= 2 ? Math.max(bodies.length, faces) : 0;
      return { t, people, points };
    },
  };
}
