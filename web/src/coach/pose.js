// Pose estimation in the browser: MoveNet Lightning through @vladmandic/human
// on TensorFlow.js's WebAssembly backend, every file served by backcoach
// itself (models/, tfjs/). Only the body model runs; face, hands, objects,
// gestures and segmentation are off. The picture stays in this page.
import { Human } from '@vladmandic/human';

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
  face: { enabled: false },
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
  return {
    backend: () => human.tf.getBackend(),
    // The pose in `video` at time t: {t, people, points: {joint: [x, y, score]}}.
    async detect(video, t) {
      const result = await human.detect(video);
      const bodies = result.body || [];
      const points = {};
      if (bodies.length) {
        for (const k of bodies[0].keypoints) {
          if (k.score > 0) points[jointName(k.part)] = [k.position[0], k.position[1], k.score];
        }
      }
      return { t, people: bodies.length, points };
    },
  };
}
