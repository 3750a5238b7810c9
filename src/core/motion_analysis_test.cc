#include "core/motion_analysis.h"

#include <gtest/gtest.h>

#include <random>

#include "core/motion_angle.h"
#include "testing/synthetic_motion.h"
#include "testing/test_content.h"

namespace backcoach {
namespace {

using testing::Imperfections;
using testing::SyntheticRecorder;

const std::vector<std::string> kRepExercises = {
    "glute_bridge", "single_leg_bridge", "sit_to_stand", "box_squat",           "hip_hinge",
    "bird_dog",     "bird_dog_hold",     "dead_bug",     "side_lying_leg_raise"};
const std::vector<std::string> kHoldExercises = {"forearm_plank", "side_plank", "side_plank_knees"};

const MotionDefinition& Motion(const std::string& id) {
  const MotionDefinition* m = testing::ShippedContent().motions.Find(id);
  EXPECT_NE(m, nullptr) << id;
  return *m;
}

// The keyframe that passes the repetition's reach (the top).
const Keyframe& Peak(const MotionDefinition& m) {
  const RepRule& r = *m.camera->reps;
  const double dir = r.peak >= r.rest ? 1 : -1;
  for (const auto& k : m.keyframes) {
    for (Side s : {Side::kLeft, Side::kRight}) {
      const auto a = MeasureAngle(m.camera->angle, s, AllSeen(k));
      if (a && (*a - r.reach) * dir > 0) return k;
    }
  }
  ADD_FAILURE() << m.exercise << " has no peak";
  return m.keyframes.front();
}

// The keyframe a hold is held in.
const Keyframe& HoldPose(const MotionDefinition& m) {
  for (const auto& k : m.keyframes) {
    const auto a = MeasureAngle(m.camera->angle, Side::kLeft, AllSeen(k));
    bool in = a && *a >= m.camera->hold->min && *a <= m.camera->hold->max;
    for (const auto& c : m.camera->also) {
      const auto b = MeasureAngle(c.angle, Side::kLeft, AllSeen(k));
      in = in && b && *b >= c.min && *b <= c.max;
    }
    if (in) return k;
  }
  ADD_FAILURE() << m.exercise << " has no hold pose";
  return m.keyframes.front();
}

struct Tempo {
  double up;
  double top;
  double down;
  double rest;
};

void Reps(SyntheticRecorder& rec, const MotionDefinition& m, int n, Tempo tempo) {
  for (int i = 0; i < n; ++i) {
    rec.Move(Peak(m), tempo.up);
    rec.Hold(tempo.top);
    rec.Move(m.keyframes.front(), tempo.down);
    rec.Hold(tempo.rest);
  }
}

MotionAnalysis Analyse(const MotionDefinition& m, const SyntheticRecorder& rec) {
  return AnalyseRecording(m, rec.Take());
}

TEST(MotionAnalysisTest, CountsCleanRepetitionsOfEveryExercise) {
  for (const auto& id : kRepExercises) {
    const MotionDefinition& m = Motion(id);
    SyntheticRecorder rec(m, 15);
    rec.Hold(1);
    Reps(rec, m, 6, {1.5, 1, 1.5, 0.5});
    const MotionAnalysis a = Analyse(m, rec);
    ASSERT_TRUE(a.assessed) << id << ": " << a.reason_message;
    EXPECT_EQ(a.reps, 6) << id;
    EXPECT_TRUE(a.findings.empty()) << id << ": " << a.findings.front().id;
    ASSERT_EQ(a.per_rep.size(), 6u) << id;
    const RepRule& r = *m.camera->reps;
    EXPECT_GE(a.per_rep[0].range, r.min_range) << id;
    EXPECT_LE(a.per_rep[0].range, std::fabs(r.peak - r.rest) + 15) << id;
    // Time past reach: the second at the top and part of the way up and down.
    EXPECT_GE(a.per_rep[0].hold_seconds, 1.0) << id;
    EXPECT_LE(a.per_rep[0].hold_seconds, 2.5) << id;
  }
}

TEST(MotionAnalysisTest, NoiseDropoutsAndSpikesChangeNoCount) {
  const Imperfections noisy{2.0, 0.05, 0.03, 80};
  for (const auto& id : kRepExercises) {
    const MotionDefinition& m = Motion(id);
    for (unsigned seed = 1; seed <= 4; ++seed) {
      SyntheticRecorder rec(m, 15, noisy, seed);
      rec.Hold(1);
      Reps(rec, m, 5, {1.2, 0.5, 1.2, 0.6});
      const MotionAnalysis a = Analyse(m, rec);
      ASSERT_TRUE(a.assessed) << id << ": " << a.reason_message;
      EXPECT_EQ(a.reps, 5) << id << " seed " << seed;
      EXPECT_TRUE(a.findings.empty()) << id << " seed " << seed;
    }
  }
}

TEST(MotionAnalysisTest, CountsAtEveryTempo) {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> move(0.6, 3.0), pause(0.1, 2.0);
  std::uniform_int_distribution<int> count(1, 9);
  for (const auto& id : kRepExercises) {
    const MotionDefinition& m = Motion(id);
    for (int trial = 0; trial < 4; ++trial) {
      SyntheticRecorder rec(m, trial % 2 ? 30 : 15, {1.5, 0.02, 0.01, 60}, trial + 10);
      rec.Hold(0.5);
      const int n = count(random);
      for (int i = 0; i < n; ++i) {
        Reps(rec, m, 1, {move(random), pause(random), move(random), pause(random)});
      }
      EXPECT_EQ(Analyse(m, rec).reps, n) << id << " trial " << trial;
    }
  }
}

TEST(MotionAnalysisTest, PartialRepetitionsAndJitterNeverCount) {
  for (const auto& id : kRepExercises) {
    const MotionDefinition& m = Motion(id);
    SyntheticRecorder rec(m, 15, {1.5, 0.0, 0.0, 0}, 3);
    rec.Hold(2);  // still at rest: jitter only
    for (int i = 0; i < 3; ++i) {
      Reps(rec, m, 1, {1.2, 0.3, 1.2, 0.5});
      rec.Move(Peak(m), 1.0, 0.35);  // a half-repetition
      rec.Move(m.keyframes.front(), 1.0);
    }
    // Wobbling at the top, between reach and return, is one repetition.
    rec.Move(Peak(m), 1.0);
    for (int i = 0; i < 4; ++i) {
      rec.Move(m.keyframes.front(), 0.4, 0.45);
      rec.Move(Peak(m), 0.4);
    }
    rec.Move(m.keyframes.front(), 1.0);
    // A twitch too quick to be a repetition.
    rec.Move(Peak(m), 0.15);
    rec.Move(m.keyframes.front(), 0.15);
    rec.Hold(1);
    EXPECT_EQ(Analyse(m, rec).reps, 4) << id;
  }
}

TEST(MotionAnalysisTest, StartingAtTheTopDoesNotCountTheWayDown) {
  const MotionDefinition& m = Motion("glute_bridge");
  SyntheticRecorder rec(m, 15);
  rec.StartAt(Peak(m));
  rec.Hold(1);
  rec.Move(m.keyframes.front(), 1.5);
  Reps(rec, m, 2, {1.5, 0.5, 1.5, 0.5});
  EXPECT_EQ(Analyse(m, rec).reps, 2);
}

Keyframe Shifted(const Keyframe& k, Joint joint, double dy) {
  Keyframe out = k;
  out.points[static_cast<int>(joint)].y += dy;
  out.points[static_cast<int>(joint) + 1].y += dy;  // the other side too
  return out;
}

TEST(MotionAnalysisTest, AnArchedBridgeIsFoundOncePerRepetition) {
  const MotionDefinition& m = Motion("glute_bridge");
  const Keyframe arched = Shifted(Peak(m), Joint::kLeftHip, -0.05);
  SyntheticRecorder rec(m, 15, {1.0, 0.02, 0.0, 0}, 5);
  rec.Hold(1);
  for (int i = 1; i <= 5; ++i) {
    rec.Move(i % 2 == 0 ? arched : Peak(m), 1.5);
    rec.Hold(1.5);
    rec.Move(m.keyframes.front(), 1.5);
    rec.Hold(0.5);
  }
  const MotionAnalysis a = Analyse(m, rec);
  EXPECT_EQ(a.reps, 5);
  ASSERT_EQ(a.findings.size(), 1u);
  EXPECT_EQ(a.findings[0].id, "arching");
  EXPECT_EQ(a.findings[0].message,
            "Lift only until your shoulders, hips and knees are in a line: going higher arches "
            "your back.");
  EXPECT_EQ(a.findings[0].reps, (std::vector<int>{2, 4}));
  EXPECT_EQ(a.per_rep[1].form, "arching");
  EXPECT_EQ(a.per_rep[0].form, "");
}

TEST(MotionAnalysisTest, AFormCheckWhoseJointsAreUnseenIsNotAssessed) {
  const MotionDefinition& m = Motion("sit_to_stand");
  SyntheticRecorder rec(m, 15);
  rec.Hide({BodyPart::kShoulder});
  rec.Hold(1);
  Reps(rec, m, 3, {1.5, 0.5, 1.5, 0.5});
  const MotionAnalysis a = Analyse(m, rec);
  EXPECT_EQ(a.reps, 3);
  EXPECT_TRUE(a.findings.empty());
  EXPECT_EQ(a.per_rep[0].not_assessed, (std::vector<std::string>{"not_upright"}));
}

double HoldFor(const MotionDefinition& m, double seconds, Imperfections imperfect, unsigned seed) {
  SyntheticRecorder rec(m, 15, imperfect, seed);
  rec.Hold(1);
  rec.Move(HoldPose(m), 0.2);
  rec.Hold(seconds);
  rec.Move(m.keyframes.front(), 0.2);
  rec.Hold(1.5);
  const MotionAnalysis a = Analyse(m, rec);
  EXPECT_TRUE(a.assessed) << m.exercise << ": " << a.reason_message;
  EXPECT_EQ(a.holds.size(), 1u) << m.exercise;
  EXPECT_FALSE(a.counts_reps);
  return a.holds.empty() ? 0 : a.holds[0];
}

TEST(MotionAnalysisTest, HoldsAreTimedWithinHalfASecond) {
  for (const auto& id : kHoldExercises) {
    const MotionDefinition& m = Motion(id);
    EXPECT_NEAR(HoldFor(m, 20, {}, 1), 20, 0.5) << id;
    for (unsigned seed = 1; seed <= 3; ++seed) {
      EXPECT_NEAR(HoldFor(m, 12, {2.0, 0.05, 0.03, 80}, seed), 12, 0.5) << id << " " << seed;
      EXPECT_NEAR(HoldFor(m, 5, {2.0, 0.05, 0.03, 80}, seed), 5, 0.5) << id << " " << seed;
    }
  }
}

TEST(MotionAnalysisTest, AHoldPausesWhileTheJointsAreLost) {
  for (const auto& id : kHoldExercises) {
    const MotionDefinition& m = Motion(id);
    SyntheticRecorder rec(m, 15, {1.5, 0.02, 0.0, 0}, 2);
    rec.Move(HoldPose(m), 0.2);
    rec.Hold(8);
    rec.Lose(3);
    rec.Hold(9);
    rec.Move(m.keyframes.front(), 0.2);
    rec.Hold(1);
    const MotionAnalysis a = Analyse(m, rec);
    ASSERT_EQ(a.holds.size(), 1u) << id;
    EXPECT_NEAR(a.holds[0], 17, 0.5) << id;
  }
}

TEST(MotionAnalysisTest, ABriefSagIsForgivenAndALongOneEndsTheHold) {
  const MotionDefinition& m = Motion("forearm_plank");
  const Keyframe sag = Shifted(HoldPose(m), Joint::kLeftHip, 0.07);
  SyntheticRecorder brief(m, 15);
  brief.Move(HoldPose(m), 0.2);
  brief.Hold(8);
  brief.Move(sag, 0.2);
  brief.Hold(0.4);
  brief.Move(HoldPose(m), 0.2);
  brief.Hold(8);
  brief.Move(m.keyframes.front(), 0.2);
  const MotionAnalysis one = Analyse(m, brief);
  ASSERT_EQ(one.holds.size(), 1u);
  EXPECT_NEAR(one.holds[0], 17, 0.5);
  ASSERT_EQ(one.findings.size(), 1u);
  EXPECT_EQ(one.findings[0].id, "hip_sag");

  SyntheticRecorder long_sag(m, 15);
  long_sag.Move(HoldPose(m), 0.2);
  long_sag.Hold(8);
  long_sag.Move(sag, 0.2);
  long_sag.Hold(4);
  long_sag.Move(HoldPose(m), 0.2);
  long_sag.Hold(6);
  long_sag.Move(m.keyframes.front(), 0.2);
  const MotionAnalysis two = Analyse(m, long_sag);
  ASSERT_EQ(two.holds.size(), 2u);
  EXPECT_NEAR(two.holds[0], 8, 0.5);
  EXPECT_NEAR(two.holds[1], 6, 0.5);
}

TEST(MotionAnalysisTest, LyingFlatIsNotAPlank) {
  const MotionDefinition& m = Motion("forearm_plank");
  SyntheticRecorder rec(m, 15, {1.5, 0, 0, 0}, 4);
  rec.Hold(10);
  EXPECT_TRUE(Analyse(m, rec).holds.empty());
}

TEST(MotionAnalysisTest, SaysWhyItCannotAssess) {
  const MotionDefinition& bridge = Motion("glute_bridge");
  SyntheticRecorder empty(bridge, 15);
  empty.Lose(5);
  MotionAnalysis a = Analyse(bridge, empty);
  EXPECT_FALSE(a.assessed);
  EXPECT_EQ(a.reason, NotAssessed::kNoPerson);
  EXPECT_EQ(a.reason_message, "No one was seen in the picture.");

  SyntheticRecorder two(bridge, 15);
  two.SetPeople(2);
  Reps(two, bridge, 2, {1, 1, 1, 1});
  a = Analyse(bridge, two);
  EXPECT_EQ(a.reason, NotAssessed::kSeveralPeople);
  EXPECT_EQ(a.reason_message,
            "More than one person was in the picture; the coach follows one person at a time.");
  EXPECT_EQ(a.reps, 0);

  const MotionDefinition& sit = Motion("sit_to_stand");
  SyntheticRecorder upper_body(sit, 15);
  upper_body.Hide({BodyPart::kKnee, BodyPart::kAnkle});
  Reps(upper_body, sit, 2, {1, 1, 1, 1});
  a = Analyse(sit, upper_body);
  EXPECT_EQ(a.reason, NotAssessed::kJointsNotSeen);
  EXPECT_EQ(a.reason_message,
            "Your hip, knee and ankle were not seen clearly enough: keep your whole body in the "
            "picture, in good light.");

  const MotionAnalysis cat = AnalyseRecording(Motion("cat_camel"), empty.Take());
  EXPECT_EQ(cat.reason, NotAssessed::kNotCovered);
  EXPECT_EQ(cat.reason_message,
            "The camera coach does not cover this exercise. " + Motion("cat_camel").camera_note);
  EXPECT_EQ(NotCoveredMessage(nullptr),
            "The camera coach does not cover this exercise: follow the figure and the words.");
}

TEST(MotionAnalysisTest, AFrontViewOfASideExerciseIsTheWrongView) {
  MotionDefinition front = Motion("glute_bridge");
  // Spread the right side from the left as a camera in front would see it.
  for (auto& k : front.keyframes) {
    for (int j = 2; j < kJointCount; j += 2) k.points[j].y -= 0.15;
  }
  SyntheticRecorder rec(front, 15);
  Reps(rec, front, 2, {1, 1, 1, 1});
  const MotionAnalysis a = AnalyseRecording(Motion("glute_bridge"), rec.Take());
  EXPECT_EQ(a.reason, NotAssessed::kWrongView);
  EXPECT_EQ(a.reason_message,
            "The camera sees you from the front; for this exercise put it at your side.");
}

TEST(MotionAnalysisTest, LiveResultsGrowFrameByFrame) {
  const MotionDefinition& m = Motion("box_squat");
  SyntheticRecorder rec(m, 15);
  Reps(rec, m, 3, {1, 0.5, 1, 0.5});
  MotionAnalyzer live(m, SyntheticRecorder::kWidth, SyntheticRecorder::kHeight);
  int seen = 0;
  for (const auto& f : rec.Take().frames) {
    live.Add(f);
    const int now = live.Result().reps;
    EXPECT_GE(now, seen);
    seen = now;
  }
  EXPECT_EQ(seen, 3);
}

// The figure beside the camera shows the phase to do next: it follows where
// the analysis last saw the person.
TEST(MotionAnalysisTest, SaysWhichPhaseComesNext) {
  const MotionDefinition& m = Motion("glute_bridge");
  const auto phase = [&](const SyntheticRecorder& rec) {
    const MotionAnalysis a = Analyse(m, rec);
    EXPECT_TRUE(a.assessed) << a.reason_message;
    return a.next_phase ? a.next_phase_name + "@" + std::to_string(*a.next_phase) : "none";
  };
  double hold = 0;
  for (const auto& p : m.phases) {
    if (p.name == "hold") hold = p.seconds;
  }
  ASSERT_GT(hold, 0);
  SyntheticRecorder rec(m, 15);
  rec.Hold(1);
  EXPECT_EQ(phase(rec), "lift@0");
  rec.Move(Peak(m), 1);
  rec.Hold(0.3);
  EXPECT_EQ(phase(rec), "hold@1");
  rec.Hold(hold + 0.5);
  EXPECT_EQ(phase(rec), "lower@2");
  rec.Move(m.keyframes.front(), 1);
  rec.Hold(0.5);
  EXPECT_EQ(phase(rec), "lift@0");

  const MotionDefinition& plank = Motion("forearm_plank");
  const auto plank_phase = [&](const SyntheticRecorder& r) {
    const MotionAnalysis a = Analyse(plank, r);
    return a.next_phase ? a.next_phase_name : "none";
  };
  SyntheticRecorder lying(plank, 15);
  lying.Hold(1);
  EXPECT_EQ(plank_phase(lying), "lift");
  lying.Move(HoldPose(plank), 1);
  lying.Hold(3);
  EXPECT_EQ(plank_phase(lying), "hold");

  SyntheticRecorder nobody(m, 15);
  nobody.Lose(2);
  EXPECT_FALSE(Analyse(m, nobody).next_phase.has_value());
}

}  // namespace
}  // namespace backcoach
