#include "core/first_plan_rules.h"

#include <gtest/gtest.h>

#include "cli/content_files.h"
#include "core/content.h"

namespace backcoach {
namespace {

// The shipped content with one text replaced in engine.yaml.
Status LoadWithEngineChange(const std::string& from, const std::string& to) {
  auto read = cli::ReadContentFiles(std::string(BACKCOACH_SOURCE_DIR) + "/content");
  EXPECT_TRUE(read.ok());
  std::vector<ContentFile> files = std::move(read).value();
  for (auto& f : files) {
    if (f.path != kEngineFile) continue;
    const auto at = f.text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) f.text.replace(at, from.size(), to);
  }
  return LoadContent(files).status();
}

TEST(FirstPlanRulesTest, ShippedRulesLoadAndNameChains) {
  auto content = cli::LoadContentDir(std::string(BACKCOACH_SOURCE_DIR) + "/content");
  ASSERT_TRUE(content.ok()) << content.status().message();
  const FirstPlanRules& f = content->engine.first_plan;
  EXPECT_FALSE(f.rules.empty());
  for (const auto& rule : f.rules) EXPECT_EQ(rule.favour.size(), rule.favour_roots.size());
  // Every favoured exercise is matched by the first exercise of its chain.
  for (const auto& root : f.warm_up_roots) {
    const Exercise* e = content->catalogue.Find(root);
    ASSERT_NE(e, nullptr) << root;
    EXPECT_TRUE(e->easier.empty()) << root;
  }
}

TEST(FirstPlanRulesTest, AnUnknownExerciseIsAnError) {
  const Status s = LoadWithEngineChange("favour: [sciatic_nerve_slider, single_knee_to_chest]",
                                        "favour: [sciatic_nerve_slider, plank_jacks]");
  EXPECT_EQ(s.message(),
            "engine.yaml: first_plan: selection: rule 'radicular': field 'favour': names "
            "'plank_jacks', which is not an exercise");
}

TEST(FirstPlanRulesTest, AWarmUpMustBeMobility) {
  const Status s = LoadWithEngineChange("warm_up: [cat_camel,", "warm_up: [glute_bridge,");
  EXPECT_EQ(s.message(),
            "engine.yaml: first_plan: selection: field 'warm_up': names 'glute_bridge', which is "
            "not a mobility exercise");
}

TEST(FirstPlanRulesTest, AnUnknownLessonIsAnError) {
  const Status s = LoadWithEngineChange("lessons: [soreness_vs_pain]", "lessons: [soreness]");
  EXPECT_EQ(s.message(),
            "engine.yaml: first_plan: field 'lessons': names 'soreness', which is not a lesson");
}

TEST(FirstPlanRulesTest, AConditionOutsideItsValuesIsAnError) {
  const Status s = LoadWithEngineChange("when: {fear: [high]}", "when: {fear: [terrified]}");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("engine.yaml: first_plan: selection: rule ", 0), 0u) << s.message();
  EXPECT_NE(s.message().find("field 'fear'"), std::string::npos) << s.message();
}

TEST(FirstPlanRulesTest, ARuleIdUsedTwiceIsAnError) {
  const Status s = LoadWithEngineChange("- id: widespread\n", "- id: radicular\n");
  EXPECT_EQ(s.message(),
            "engine.yaml: first_plan: selection: rule 'radicular': field 'id': is used by an "
            "earlier rule");
}

}  // namespace
}  // namespace backcoach
