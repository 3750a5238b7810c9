// The alert rules over simulated histories: each condition fires when its
// history says so, not a day earlier, and once per period.
#include "core/alerts.h"

#include <gtest/gtest.h>

#include "testing/test_content.h"

namespace backcoach {
namespace {

const Date kMonday = Date::FromCivil(2026, 11, 23);

const AlertRules& Rules() { return testing::ShippedContent().alerts; }

std::vector<std::string> Fired(const AlertHistory& h) {
  std::vector<std::string> ids;
  for (const auto& f : EvaluateAlerts(Rules(), h)) ids.push_back(f.rule->id);
  return ids;
}

const AlertFinding* Find(const std::vector<AlertFinding>& found, const std::string& id) {
  for (const auto& f : found) {
    if (f.rule->id == id) return &f;
  }
  return nullptr;
}

// A history that started two weeks before `today`, with a session every day
// at `first_week_pain` in the first week and `second_week_pain` after.
AlertHistory TwoWeeks(Date today, double first_week_pain, double second_week_pain) {
  AlertHistory h;
  h.today = today;
  h.started = today.Plus(-13);
  for (int i = 13; i >= 0; --i) {
    h.sessions.push_back({today.Plus(-i), i >= 7 ? first_week_pain : second_week_pain});
  }
  return h;
}

TEST(AlertsTest, SteadyHistoryRaisesNothing) {
  EXPECT_TRUE(Fired(TwoWeeks(kMonday, 4, 4)).empty());
}

TEST(AlertsTest, RedFlagAnswerAlertsWithTheFlagAndTheDay) {
  AlertHistory h = TwoWeeks(kMonday, 4, 4);
  h.red_flags = {"new trouble passing urine", "numbness in both legs"};
  h.red_flag_reported = kMonday;
  const auto found = EvaluateAlerts(Rules(), h);
  const AlertFinding* f = Find(found, "red_flag");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->period, "2026-11-23");
  EXPECT_EQ(f->reason,
            "A red-flag answer on 2026-11-23: new trouble passing urine; numbness in both legs. "
            "The person was shown the screen's advice.");
  EXPECT_EQ(f->rule->attention, 100);
}

TEST(AlertsTest, FlareUpAlertsOncePerFlare) {
  AlertHistory h = TwoWeeks(kMonday, 4, 4);
  h.flare_since = kMonday.Plus(-2);
  const auto today = EvaluateAlerts(Rules(), h);
  ASSERT_NE(Find(today, "flare_up"), nullptr);
  h.today = kMonday.Plus(3);
  const auto later = EvaluateAlerts(Rules(), h);
  // The same flare-up: the same period, so the store keeps one alert.
  EXPECT_EQ(Find(later, "flare_up")->period, Find(today, "flare_up")->period);
}

TEST(AlertsTest, FlareUpNotImprovingAfterTwoWeeks) {
  AlertHistory h = TwoWeeks(kMonday, 5, 5);
  h.flare_since = kMonday.Plus(-13);
  EXPECT_EQ(Find(EvaluateAlerts(Rules(), h), "flare_not_improving"), nullptr);
  h.flare_since = kMonday.Plus(-14);
  const auto found = EvaluateAlerts(Rules(), h);
  const AlertFinding* f = Find(found, "flare_not_improving");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->reason,
            "Still on the flare-up protocol after 14 days (since 2026-11-09): time for a review.");
}

TEST(AlertsTest, PainWorseByTheMeaningfulChange) {
  EXPECT_EQ(Fired(TwoWeeks(kMonday, 3, 4.9)), std::vector<std::string>{});
  const auto found = EvaluateAlerts(Rules(), TwoWeeks(kMonday, 3, 5));
  const AlertFinding* f = Find(found, "pain_worse");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->reason, "Pain during sessions is 2 points worse than the week before.");
  EXPECT_EQ(f->period, "week of 2026-11-23");
  EXPECT_EQ(f->rule->kind, AlertKind::kConcern);
}

TEST(AlertsTest, PainBetterIsGoodNews) {
  const auto found = EvaluateAlerts(Rules(), TwoWeeks(kMonday.Plus(2), 6, 3.5));
  const AlertFinding* f = Find(found, "pain_better");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->rule->kind, AlertKind::kGoodNews);
  EXPECT_EQ(f->reason, "Pain during sessions is 2.5 points better than the week before.");
  // The period is the week, whatever day in it the rule is evaluated.
  EXPECT_EQ(f->period, "week of 2026-11-23");
  EXPECT_EQ(Find(found, "pain_worse"), nullptr);
}

TEST(AlertsTest, PainChangeNeedsBothWeeks) {
  AlertHistory h;
  h.today = kMonday;
  h.started = kMonday.Plus(-3);
  h.sessions = {{kMonday.Plus(-1), 9}, {kMonday, 9}};
  EXPECT_TRUE(Fired(h).empty());
}

TEST(AlertsTest, InactiveAfterSevenDaysWithoutASession) {
  AlertHistory h;
  h.started = kMonday.Plus(-30);
  h.sessions = {{kMonday.Plus(-20), 3}, {kMonday.Plus(-6), 3}};
  h.today = kMonday;
  EXPECT_TRUE(Fired(h).empty());
  h.today = kMonday.Plus(1);
  const auto found = EvaluateAlerts(Rules(), h);
  const AlertFinding* f = Find(found, "inactive");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->reason, "No session logged for 7 days (last on 2026-11-17).");
  // A later day of the same quiet spell is the same alert.
  h.today = kMonday.Plus(5);
  EXPECT_EQ(Find(EvaluateAlerts(Rules(), h), "inactive")->period, f->period);
}

TEST(AlertsTest, LogOfAnEarlierDayIsNotInactivity) {
  AlertHistory h;
  h.started = kMonday.Plus(-30);
  h.sessions = {{kMonday.Plus(-10), 3}};  // logged today, about a session ten days ago
  h.today = kMonday;
  h.on_new_record = true;
  EXPECT_TRUE(Fired(h).empty());
  h.on_new_record = false;  // the daily run, later, sees the quiet spell
  EXPECT_EQ(Fired(h), std::vector<std::string>{"inactive"});
}

TEST(AlertsTest, InactiveCountsFromTheStartWhenNothingWasLogged) {
  AlertHistory h;
  h.started = kMonday;
  h.today = kMonday.Plus(7);
  EXPECT_EQ(Fired(h), std::vector<std::string>{"inactive"});
  h.started.reset();  // no plan (a red flag stopped it): nothing to be inactive from
  EXPECT_TRUE(Fired(h).empty());
}

TEST(AlertsTest, GoalRiseByTheQuestionnairesMcid) {
  AlertHistory h = TwoWeeks(kMonday, 4, 4);
  AlertHistory::Scores psfs{"psfs", 2, true, {{kMonday.Plus(-13), 3}, {kMonday, 4.5}}};
  h.scores = {psfs};
  EXPECT_EQ(Find(EvaluateAlerts(Rules(), h), "goal_rise"), nullptr);
  h.scores[0].points.push_back({kMonday.Plus(1), 5});
  const auto found = EvaluateAlerts(Rules(), h);
  const AlertFinding* f = Find(found, "goal_rise");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->rule->kind, AlertKind::kGoodNews);
  EXPECT_EQ(f->period, "2026-11-24");
  EXPECT_EQ(f->reason,
            "The person's own goals (PSFS) are up 2 points since 2026-11-10: a meaningful "
            "improvement.");
}

TEST(AlertsTest, FallingGoalScoreIsNotGoodNews) {
  AlertHistory h = TwoWeeks(kMonday, 4, 4);
  h.scores = {{"psfs", 2, true, {{kMonday.Plus(-13), 7}, {kMonday, 3}}}};
  EXPECT_EQ(Find(EvaluateAlerts(Rules(), h), "goal_rise"), nullptr);
}

// Ahmed's week two: a red flag in a session log, after a worsening week.
TEST(AlertsTest, SeveralRulesFireTogetherInTheRulesOrder) {
  AlertHistory h = TwoWeeks(kMonday, 3, 6);
  h.red_flags = {"both legs tingling"};
  h.red_flag_reported = kMonday;
  EXPECT_EQ(Fired(h), (std::vector<std::string>{"red_flag", "pain_worse"}));
}

TEST(AlertRulesTest, ShippedRulesEachHaveAReasonAndASource) {
  ASSERT_FALSE(Rules().rules().empty());
  for (const auto& rule : Rules().rules()) {
    EXPECT_FALSE(rule.reason.empty()) << rule.id;
    EXPECT_FALSE(rule.source.empty()) << rule.id;
  }
}

// A valid `list` section, for the files below that test the rules.
const char kList[] = R"(
list:
  red_flag: {attention: 1000, source: s}
  recent_red_flag: {days: 3, attention: 10, source: s}
  flare_up: {attention: 50, source: s}
  painful_session: {days: 3, attention: 10, source: s}
  pain_worse: {points: 2, attention: 30, source: s}
  inactive: {attention: 20, source: s}
  unanswered_message: {attention: 15, source: s})";

Result<AlertRules> ParseWithList(const std::string& rules) {
  return AlertRules::Parse(rules + kList, "alerts.yaml");
}

TEST(AlertRulesTest, MissingNumberIsNamedWithFileRuleAndField) {
  auto rules = ParseWithList(R"(rules:
  - {id: quiet, kind: concern, when: inactive, attention: 5, reason: r, source: s})");
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().message(), "alerts.yaml: rule 'quiet': field 'days': is missing");
}

TEST(AlertRulesTest, UnknownConditionIsRefused) {
  auto rules = ParseWithList(R"(rules:
  - {id: x, kind: concern, when: sneezing, attention: 5, reason: r, source: s})");
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(rules.status().message().find("alerts.yaml: rule 'x': field 'when'"), std::string::npos)
      << rules.status().message();
}

TEST(AlertRulesTest, NumberARuleDoesNotUseIsRefused) {
  auto rules = ParseWithList(R"(rules:
  - {id: f, kind: concern, when: flare_up, days: 3, attention: 5, reason: r, source: s})");
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(rules.status().message().find("'days'"), std::string::npos) << rules.status().message();
}

TEST(AlertRulesTest, DuplicateIdIsRefused) {
  auto rules = ParseWithList(R"(rules:
  - {id: f, kind: concern, when: flare_up, attention: 5, reason: r, source: s}
  - {id: f, kind: concern, when: flare_up, attention: 5, reason: r, source: s})");
  EXPECT_EQ(rules.status().message(), "alerts.yaml: rule 'f': field 'id': is used by another rule");
}

TEST(AlertRulesTest, TheListIsRequiredAndEachWeightNamed) {
  auto missing = AlertRules::Parse(R"(rules:
  - {id: f, kind: concern, when: flare_up, attention: 5, reason: r, source: s})",
                                   "alerts.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "alerts.yaml: field 'list': is missing");

  std::string text = std::string(
                         "rules:\n  - {id: f, kind: concern, when: flare_up, attention: 5, reason: "
                         "r, source: s}") +
                     kList;
  text.replace(text.find("days: 3, attention: 10, source: s}\n  flare_up"), 8, "");
  auto no_days = AlertRules::Parse(text, "alerts.yaml");
  ASSERT_FALSE(no_days.ok());
  EXPECT_EQ(no_days.status().message(),
            "alerts.yaml: list 'recent_red_flag': field 'days': is missing");
}

TEST(AlertRulesTest, ARedFlagWeightThatOthersCouldReachIsRefused) {
  // 50 + 3 x 10 + 30 + 20 + 15 from the list and 200 from the rule: 345 at
  // most without a red flag, so 345 is refused and 346 taken.
  const std::string rule =
      "rules:\n  - {id: f, kind: concern, when: flare_up, attention: 200, reason: r, source: s}";
  std::string text = rule + kList;
  text.replace(text.find("attention: 1000"), 15, "attention: 345");
  auto refused = AlertRules::Parse(text, "alerts.yaml");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "alerts.yaml: list 'red_flag': field 'attention': must be more than 345, the most a "
            "patient without a red flag can add up, so that red flags come first");
  text.replace(text.find("attention: 345"), 14, "attention: 346");
  auto taken = AlertRules::Parse(text, "alerts.yaml");
  ASSERT_TRUE(taken.ok()) << taken.status().message();
  EXPECT_EQ(taken->MostWithoutRedFlag(), 345);
  EXPECT_EQ(taken->list().unanswered_message.attention, 15);
  EXPECT_EQ(taken->list().painful_session.days, 3);
  EXPECT_EQ(taken->list().pain_worse.points, 2);
}

}  // namespace
}  // namespace backcoach
