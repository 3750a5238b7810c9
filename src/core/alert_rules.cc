#include "core/alert_rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "core/yaml_reader.h"

namespace backcoach {

namespace {

const std::vector<std::string> kConditions = {"red_flag",    "flare_up", "pain_worse",
                                              "pain_better", "inactive", "flare_not_improving",
                                              "goal_rise"};
const std::vector<std::string> kKinds = {"concern", "good_news"};

bool NeedsPoints(AlertCondition c) {
  return c == AlertCondition::kPainWorse || c == AlertCondition::kPainBetter;
}

bool NeedsDays(AlertCondition c) {
  return c == AlertCondition::kInactive || c == AlertCondition::kFlareNotImproving;
}

Result<AlertRule> ReadRule(const YAML::Node& node, const std::string& where) {
  MapReader r(node, where);
  AlertRule rule;
  rule.id = r.String("id");
  const std::string kind = r.Enum("kind", kKinds);
  const std::string when = r.Enum("when", kConditions);
  rule.attention = r.Int("attention", 0, 200);
  rule.reason = r.String("reason");
  rule.source = r.String("source");
  if (!r.ok()) return r.Finish();
  rule.kind = kind == "good_news" ? AlertKind::kGoodNews : AlertKind::kConcern;
  rule.when = static_cast<AlertCondition>(std::find(kConditions.begin(), kConditions.end(), when) -
                                          kConditions.begin());
  if (NeedsPoints(rule.when)) rule.points = r.Int("points", 1, 10);
  if (NeedsDays(rule.when)) rule.days = r.Int("days", 1, 90);
  if (rule.when == AlertCondition::kGoalRise) rule.questionnaire = r.String("questionnaire");
  if (Status s = r.Finish(); !s.ok()) return s;
  return rule;
}

Result<ListWeight> ReadWeight(MapReader& list, const std::string& key, bool days, bool points,
                              const std::string& where) {
  MapReader r(list.Child(key, true), where + ": list '" + key + "'");
  if (!list.ok()) return list.Finish();
  ListWeight weight;
  weight.attention = r.Int("attention", 0, 100000);
  if (days) weight.days = r.Int("days", 1, 90);
  if (points) weight.points = r.Int("points", 1, 10);
  weight.source = r.String("source");
  if (Status s = r.Finish(); !s.ok()) return s;
  return weight;
}

Result<ListRules> ReadList(const YAML::Node& node, const std::string& file_name) {
  MapReader r(node, file_name + ": list");
  ListRules list;
  struct Field {
    const char* key;
    ListWeight* weight;
    bool days, points;
  };
  const Field fields[] = {{"red_flag", &list.red_flag, false, false},
                          {"recent_red_flag", &list.recent_red_flag, true, false},
                          {"flare_up", &list.flare_up, false, false},
                          {"painful_session", &list.painful_session, true, false},
                          {"pain_worse", &list.pain_worse, false, true},
                          {"inactive", &list.inactive, false, false},
                          {"unanswered_message", &list.unanswered_message, false, false}};
  for (const auto& f : fields) {
    auto weight = ReadWeight(r, f.key, f.days, f.points, file_name);
    if (!weight.ok()) return weight.status();
    *f.weight = std::move(weight).value();
  }
  if (Status s = r.Finish(); !s.ok()) return s;
  return list;
}

}  // namespace

const char* AlertKindName(AlertKind kind) {
  return kind == AlertKind::kGoodNews ? "good_news" : "concern";
}

Result<AlertRules> AlertRules::Parse(const std::string& yaml_text, const std::string& file_name) {
  auto doc = ParseYaml(yaml_text, file_name);
  if (!doc.ok()) return doc.status();
  MapReader top(*doc, file_name);
  YAML::Node list = top.Child("rules", true);
  YAML::Node weights = top.Child("list", true);
  if (Status s = top.Finish(); !s.ok()) return s;
  if (!list.IsSequence() || list.size() == 0) {
    return Status::InvalidArgument(file_name + ": field 'rules': must be a non-empty list");
  }
  AlertRules out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string id = list[i]["id"] && list[i]["id"].IsScalar() ? list[i]["id"].Scalar() : "";
    // Appended piece by piece: GCC 12 misreports `"#" + std::to_string(...)`
    // (a literal prepended to a temporary) as an overlapping copy.
    std::string where = file_name + ": rule ";
    if (id.empty()) {
      where += '#';
      where += std::to_string(i + 1);
    } else {
      where += '\'';
      where += id;
      where += '\'';
    }
    auto rule = ReadRule(list[i], where);
    if (!rule.ok()) return rule.status();
    if (!ids.insert(rule->id).second) {
      return Status::InvalidArgument(where + ": field 'id': is used by another rule");
    }
    out.rules_.push_back(std::move(rule).value());
  }
  auto list_rules = ReadList(weights, file_name);
  if (!list_rules.ok()) return list_rules.status();
  out.list_ = std::move(list_rules).value();
  // Inactivity weighs on the list from the day the inactive alert would be
  // raised: one number of days, kept with the alert rule.
  for (const auto& rule : out.rules_) {
    if (rule.when == AlertCondition::kInactive) out.list_.inactive.days = rule.days;
  }
  // The list must never put a red flag below a patient without one.
  if (out.list_.red_flag.attention <= out.MostWithoutRedFlag()) {
    return Status::InvalidArgument(
        file_name + ": list 'red_flag': field 'attention': must be more than " +
        std::to_string(out.MostWithoutRedFlag()) +
        ", the most a patient without a red flag can add up, so that red flags come first");
  }
  return out;
}

int AlertRules::MostWithoutRedFlag() const {
  int most =
      list_.flare_up.attention + list_.painful_session.attention * list_.painful_session.days +
      list_.pain_worse.attention + list_.inactive.attention + list_.unanswered_message.attention;
  for (const auto& rule : rules_) {
    if (rule.kind == AlertKind::kConcern) most += rule.attention;
  }
  return most;
}

const AlertRule* AlertRules::Find(const std::string& id) const {
  for (const auto& rule : rules_) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace backcoach
