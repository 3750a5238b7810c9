#include "core/pain_change.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace backcoach {
namespace {

Questionnaire Nrs() {
  std::ifstream in(std::string(BACKCOACH_SOURCE_DIR) + "/content/questionnaires/nrs.yaml");
  std::stringstream text;
  text << in.rdbuf();
  auto q = Questionnaire::Parse(text.str(), "nrs.yaml");
  EXPECT_TRUE(q.ok()) << q.status().message();
  return *q;
}

const Date kStart = Date::FromCivil(2026, 11, 2);

// One rating a day from kStart, as listed.
std::vector<PainRating> Daily(const std::vector<double>& pains) {
  std::vector<PainRating> out;
  for (std::size_t i = 0; i < pains.size(); ++i) {
    out.push_back({kStart.Plus(static_cast<int>(i)), pains[i]});
  }
  return out;
}

TEST(PainChangeTest, OneGoodDayAfterABadOneIsNoChangeToSpeakOf) {
  // 6 then 3: three points down, but over two days and no baseline.
  EXPECT_FALSE(ComparePain(Daily({6, 3}), Nrs()).has_value());
  // Thirteen days are still fewer than two weeks.
  EXPECT_FALSE(ComparePain(Daily({6, 6, 6, 6, 6, 6, 6, 5, 4, 3, 3, 3, 3, 3}), Nrs()).has_value());
  EXPECT_FALSE(ComparePain({}, Nrs()).has_value());
}

TEST(PainChangeTest, TheLatestWeekAgainstTheFirstByTwoPointsOrThirtyPercent) {
  // Fifteen days: the first week averages 6, the last week 4.
  auto change = ComparePain(Daily({6, 6, 6, 6, 6, 6, 6, 5, 4, 4, 4, 4, 4, 4, 4}), Nrs());
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->baseline_from, kStart);
  EXPECT_EQ(change->baseline_to, kStart.Plus(6));
  EXPECT_EQ(change->recent_from, kStart.Plus(8));
  EXPECT_EQ(change->recent_to, kStart.Plus(14));
  EXPECT_DOUBLE_EQ(change->baseline, 6);
  EXPECT_DOUBLE_EQ(change->recent, 4);
  EXPECT_EQ(change->verdict.outcome, ChangeOutcome::kImproved);
  // 3 to 2 is 33%: meaningful though one point.
  change = ComparePain(Daily({3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2}), Nrs());
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->verdict.outcome, ChangeOutcome::kImproved);
}

TEST(PainChangeTest, ALastGoodDayDoesNotMakeAWeekBetter) {
  // A week of 6, another of 6, and a 2 on the last day: the last week
  // averages 5.43, less than 2 points and 30% below 6.
  auto change = ComparePain(Daily({6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 2}), Nrs());
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->verdict.outcome, ChangeOutcome::kNoMeaningfulChange);
}

TEST(PainChangeTest, RatingsComeInAnyOrderAndOnAnyDays) {
  std::vector<PainRating> ratings = {
      {kStart.Plus(20), 2}, {kStart, 7}, {kStart.Plus(3), 5}, {kStart.Plus(16), 4}};
  auto change = ComparePain(ratings, Nrs());
  ASSERT_TRUE(change.has_value());
  EXPECT_DOUBLE_EQ(change->baseline, 6);
  EXPECT_DOUBLE_EQ(change->recent, 3);
  EXPECT_EQ(change->verdict.outcome, ChangeOutcome::kImproved);
}

}  // namespace
}  // namespace backcoach
