#!/usr/bin/env python3
"""Writes a synthetic backcoach-pose recording (JSON Lines) of an exercise.

The figure moves between the first two keyframes of a motion definition (the
JSON of `backcoach motion --definition`): rest, then the top, REPS times, with
noise on every joint. Used by the command-line and WebAssembly checks, which
compare what the analysis counts with REPS.

  make_recording.py DEFINITION.json REPS [--noise PX] [--seed N] [--hide knee,ankle]
"""
import argparse
import json
import math
import random

JOINTS = ["nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
          "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip",
          "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"]
WIDTH, HEIGHT, FPS = 640, 480, 15


def main():
    p = argparse.ArgumentParser()
    p.add_argument("definition")
    p.add_argument("reps", type=int)
    p.add_argument("--noise", type=float, default=1.5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--hide", default="")
    a = p.parse_args()
    random.seed(a.seed)
    motion = json.load(open(a.definition))
    rest, top = motion["keyframes"][0]["points"], motion["keyframes"][1]["points"]
    hidden = {j for j in JOINTS for part in a.hide.split(",") if part and j.endswith(part)}
    print(json.dumps({"format": "backcoach-pose", "version": 1, "width": WIDTH,
                      "height": HEIGHT, "keypoints": "coco17"}, separators=(",", ":")))
    frames = []

    def still(pose, seconds):
        frames.extend([pose] * int(seconds * FPS))

    def move(a_pose, b_pose, seconds):
        n = int(seconds * FPS)
        for i in range(1, n + 1):
            s = 0.5 - 0.5 * math.cos(math.pi * i / n)
            frames.append([[pa[0] + (pb[0] - pa[0]) * s, pa[1] + (pb[1] - pa[1]) * s]
                           for pa, pb in zip(a_pose, b_pose)])

    still(rest, 1)
    for _ in range(a.reps):
        move(rest, top, 1.5)
        still(top, 1)
        move(top, rest, 1.5)
        still(rest, 0.5)
    for i, pose in enumerate(frames):
        points = {}
        for name, (x, y) in zip(JOINTS, pose):
            if name in hidden:
                continue
            points[name] = [round((WIDTH - HEIGHT) / 2 + x * HEIGHT + random.gauss(0, a.noise), 1),
                            round(y * HEIGHT + random.gauss(0, a.noise), 1), 0.8]
        print(json.dumps({"t": round(i / FPS, 3), "points": points}, separators=(",", ":")))


if __name__ == "__main__":
    main()
