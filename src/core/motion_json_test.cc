#include "core/motion_json.h"

#include <gtest/gtest.h>

#include "testing/synthetic_motion.h"
#include "testing/test_content.h"

namespace backcoach {
namespace {

TEST(MotionJsonTest, EveryShippedDefinitionSurvivesTheTrip) {
  for (const auto& m : testing::ShippedContent().motions.motions()) {
    const std::string json = MotionDefinitionToJson(m);
    auto back = ParseMotionDefinitionJson(json);
    ASSERT_TRUE(back.ok()) << m.exercise << ": " << back.status().message();
    EXPECT_EQ(MotionDefinitionToJson(*back), json) << m.exercise;
  }
}

TEST(MotionJsonTest, TheTripKeepsTheAnalysisTheSame) {
  const MotionDefinition& m = *testing::ShippedContent().motions.Find("hip_hinge");
  auto back = ParseMotionDefinitionJson(MotionDefinitionToJson(m));
  ASSERT_TRUE(back.ok());
  testing::SyntheticRecorder rec(m, 15, {2, 0.05, 0.02, 80}, 9);
  for (int i = 0; i < 4; ++i) {
    rec.Move(m.keyframes[1], 1.5);
    rec.Move(m.keyframes[0], 1.5);
  }
  EXPECT_EQ(MotionAnalysisToJson(AnalyseRecording(*back, rec.Take())),
            MotionAnalysisToJson(AnalyseRecording(m, rec.Take())));
  EXPECT_EQ(AnalyseRecording(*back, rec.Take()).reps, 4);
}

TEST(MotionJsonTest, ABrokenDefinitionNamesTheField) {
  const MotionDefinition& m = *testing::ShippedContent().motions.Find("glute_bridge");
  std::string json = MotionDefinitionToJson(m);
  json.replace(json.find("\"rest\":130"), 10, "\"rest\":\"x\"");
  EXPECT_EQ(ParseMotionDefinitionJson(json).status().message(),
            "motion definition: field 'camera.reps.rest' must be a number");
  EXPECT_EQ(ParseMotionDefinitionJson("[]").status().message(),
            "motion definition: must be an object");
  EXPECT_EQ(ParseMotionDefinitionJson("{").status().message(),
            "motion definition: invalid JSON at character 2: expected a quoted key");
}

TEST(MotionJsonTest, TheAnalysisSaysWhatItFound) {
  MotionAnalysis a;
  a.exercise = "glute_bridge";
  a.assessed = true;
  a.counts_reps = true;
  a.reps = 1;
  a.holds = {2.96};
  a.per_rep.push_back({1, 0.5, 4.25, 41.04, 2.96, "arching", {}});
  a.findings.push_back({"arching", "Lower a little.", {1}});
  a.next_phase = 2;
  a.next_phase_name = "lower";
  EXPECT_EQ(MotionAnalysisToJson(a),
            "{\"exercise\":\"glute_bridge\",\"assessed\":true,\"reason\":null,"
            "\"reason_message\":null,\"reps\":1,\"holds\":[3],"
            "\"per_rep\":[{\"rep\":1,\"start\":0.5,\"end\":4.25,\"range\":41,\"hold_seconds\":3,"
            "\"form\":\"arching\",\"not_assessed\":[]}],\"findings\":[{\"id\":\"arching\","
            "\"message\":\"Lower a little.\",\"reps\":[1]}],"
            "\"next_phase\":{\"index\":2,\"name\":\"lower\"}}");
  MotionAnalysis none;
  none.exercise = "cat_camel";
  none.reason = NotAssessed::kNotCovered;
  none.reason_message = "Not covered.";
  EXPECT_EQ(MotionAnalysisToJson(none),
            "{\"exercise\":\"cat_camel\",\"assessed\":false,\"reason\":\"not_covered\","
            "\"reason_message\":\"Not covered.\",\"reps\":0,\"holds\":[],\"per_rep\":[],"
            "\"findings\":[],\"next_phase\":null}");
  // A hold exercise: no repetitions, counted as 0.
  MotionAnalysis plank;
  plank.exercise = "forearm_plank";
  plank.assessed = true;
  plank.reps = 4;
  EXPECT_NE(MotionAnalysisToJson(plank).find("\"reason\":null,\"reason_message\":null,\"reps\":0,"
                                             "\"holds\":[],\"per_rep\":[],\"findings\":[]"),
            std::string::npos);
}

}  // namespace
}  // namespace backcoach
