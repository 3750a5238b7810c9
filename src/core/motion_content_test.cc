#include "core/motion_content.h"

#include <gtest/gtest.h>

#include "cli/content_files.h"
#include "core/motion_angle.h"
#include "testing/test_content.h"

namespace backcoach {
namespace {

// The shipped content with one text of motions.yaml replaced.
Status LoadWithMotionChange(const std::string& from, const std::string& to) {
  auto read = cli::ReadContentFiles(std::string(BACKCOACH_SOURCE_DIR) + "/content");
  EXPECT_TRUE(read.ok());
  std::vector<ContentFile> files = std::move(read).value();
  for (auto& f : files) {
    if (f.path != kMotionsFile) continue;
    const auto at = f.text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) f.text.replace(at, from.size(), to);
  }
  return LoadContent(files).status();
}

TEST(MotionContentTest, EveryExerciseMovesOrSaysWhyNot) {
  const Content& content = testing::ShippedContent();
  for (const auto& e : content.catalogue.exercises()) {
    const bool moves = content.motions.Find(e.id) != nullptr;
    EXPECT_NE(moves, content.motions.not_animated().count(e.id) > 0) << e.id;
  }
  EXPECT_EQ(content.motions.not_animated().size(), 3u);
  EXPECT_EQ(content.motions.not_animated().count("body_scan"), 1u);
}

TEST(MotionContentTest, TheCameraCoachCoversTheExercisesItShould) {
  const Content& content = testing::ShippedContent();
  for (const char* id :
       {"glute_bridge", "single_leg_bridge", "sit_to_stand", "box_squat", "hip_hinge", "bird_dog",
        "bird_dog_hold", "dead_bug", "side_lying_leg_raise"}) {
    const MotionDefinition* m = content.motions.Find(id);
    ASSERT_NE(m, nullptr) << id;
    ASSERT_TRUE(m->camera.has_value()) << id;
    EXPECT_TRUE(m->camera->reps.has_value()) << id;
    EXPECT_FALSE(m->camera->form.empty()) << id;
  }
  for (const char* id : {"side_plank_knees", "side_plank", "forearm_plank"}) {
    const MotionDefinition* m = content.motions.Find(id);
    ASSERT_NE(m, nullptr) << id;
    ASSERT_TRUE(m->camera.has_value()) << id;
    EXPECT_TRUE(m->camera->hold.has_value()) << id;
    EXPECT_EQ(m->camera->form.front().id, "hip_sag") << id;
  }
  const MotionDefinition* cat_camel = content.motions.Find("cat_camel");
  ASSERT_NE(cat_camel, nullptr);
  EXPECT_FALSE(cat_camel->camera.has_value());
  EXPECT_NE(cat_camel->camera_note.find("spine"), std::string::npos);
}

TEST(MotionContentTest, PhasesTakeTheirHoldFromTheDose) {
  const Content& content = testing::ShippedContent();
  const MotionDefinition* bridge = content.motions.Find("glute_bridge");
  ASSERT_NE(bridge, nullptr);
  ASSERT_EQ(bridge->phases.size(), 4u);
  EXPECT_EQ(bridge->phases[1].name, "hold");
  EXPECT_TRUE(bridge->phases[1].dose_hold);
  EXPECT_EQ(bridge->phases[1].seconds, content.catalogue.Find("glute_bridge")->dose.hold_seconds);
  EXPECT_TRUE(content.motions.Find("walking")->cycle);
}

TEST(MotionContentTest, SignedAnglesReadAnArchAsMoreThanStraight) {
  const Content& content = testing::ShippedContent();
  const MotionDefinition* bridge = content.motions.Find("glute_bridge");
  ASSERT_NE(bridge, nullptr);
  const auto top =
      MeasureAngle(bridge->camera->angle, Side::kLeft, AllSeen(*bridge->FindKeyframe("top")));
  ASSERT_TRUE(top.has_value());
  EXPECT_NEAR(*top, 172, 0.5);
  // Lift the hips well above the shoulder-knee line: an arch.
  Keyframe arched = *bridge->FindKeyframe("top");
  arched.points[static_cast<int>(Joint::kLeftHip)].y -= 0.08;
  const auto arch = MeasureAngle(bridge->camera->angle, Side::kLeft, AllSeen(arched));
  ASSERT_TRUE(arch.has_value());
  EXPECT_GT(*arch, 185);
}

TEST(MotionContentTest, AnExerciseWithoutMotionIsAnError) {
  EXPECT_EQ(LoadWithMotionChange("  - exercise: body_scan\n", "  - exercise: swimming\n").message(),
            "motions.yaml: not_animated 3: field 'exercise': 'swimming' is listed twice");
}

TEST(MotionContentTest, AnUnknownJointIsAnError) {
  EXPECT_EQ(
      LoadWithMotionChange("angle: {joints: [shoulder, hip, knee], side: best, flexed: down}",
                           "angle: {joints: [shoulder, hips, knee], side: best, flexed: down}")
          .message(),
      "motions.yaml: motion 'glute_bridge': camera: angle: field 'joints': item 'hips' must "
      "be one of nose, eye, ear, shoulder, elbow, wrist, hip, knee, ankle");
}

TEST(MotionContentTest, RepThresholdsMustBeInOrder) {
  EXPECT_EQ(LoadWithMotionChange("reps: {rest: 130, peak: 172, reach: 160, return: 142",
                                 "reps: {rest: 130, peak: 172, reach: 140, return: 142")
                .message(),
            "motions.yaml: motion 'glute_bridge': camera: reps: field 'return': must lie between "
            "rest and reach");
}

TEST(MotionContentTest, KeyframesMustAgreeWithTheThresholds) {
  EXPECT_EQ(LoadWithMotionChange("reps: {rest: 130, peak: 172, reach: 160, return: 142",
                                 "reps: {rest: 110, peak: 185, reach: 178, return: 142")
                .message(),
            "motions.yaml: motion 'glute_bridge': camera: no keyframe passes reach (178)");
}

TEST(MotionContentTest, APhaseMustNameAKeyframe) {
  EXPECT_EQ(LoadWithMotionChange("- {name: lift, to: top, seconds: 2}",
                                 "- {name: lift, to: summit, seconds: 2}")
                .message(),
            "motions.yaml: motion 'glute_bridge': phase 1: field 'to': there is no keyframe "
            "'summit'");
}

TEST(MotionContentTest, AHoldPhaseNeedsAHoldInTheDose) {
  EXPECT_EQ(LoadWithMotionChange("- {name: sit back, to: squat, seconds: 2}",
                                 "- {name: sit back, to: squat, seconds: hold}")
                .message(),
            "motions.yaml: motion 'box_squat': phase 1: field 'seconds': is 'hold' but the "
            "exercise's dose has no hold");
}

TEST(MotionContentTest, AMissingJointIsAnError) {
  EXPECT_EQ(
      LoadWithMotionChange("      bottom:\n        {nose: [", "      bottom:\n        {nosy: [")
          .message(),
      "motions.yaml: motion 'glute_bridge': keyframes: 'bottom': field 'nose': is missing");
}

}  // namespace
}  // namespace backcoach
