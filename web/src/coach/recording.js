// The coach's recording in the backcoach-pose format (docs/motion.md): a
// header line, then one line per frame with the joints the model found.
// Only keypoints: the picture itself is never kept.
export function recordingHeader(width, height) {
  return { format: 'backcoach-pose', version: 1, width, height, keypoints: 'coco17' };
}

const round = (v, places) => Number(v.toFixed(places));

export function recordingLine(frame) {
  const points = {};
  for (const [name, [x, y, score]] of Object.entries(frame.points)) points[name] = [round(x, 1), round(y, 1), round(score, 2)];
  return { t: round(frame.t, 3), people: frame.people, points };
}

export function recordingText(width, height, frames) {
  return [recordingHeader(width, height), ...frames.map(recordingLine)].map((o) => JSON.stringify(o)).join('\n') + '\n';
}
