#include "core/partial_screen.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

namespace backcoach {

namespace {

using json = nlohmann::json;
using Values = std::vector<std::optional<double>>;

// An intake of defaults holding `value` for `name`, with the leg answers
// made to agree with it: a field is checked on its own, as IntakeFromJson
// checks it, before the answers that go with it have come.
json Probe(const std::string& name, const json& value) {
  json probe = IntakeToJson(Intake{});
  probe[name] = value;
  const bool leg_named = (name == "leg_symptom_sides" && value != "none") ||
                         (name == "leg_numbness_or_tingling" && value == true);
  if (leg_named) probe["leg_symptoms"] = "above_knee";
  if ((name == "leg_symptoms" && value != "none") || leg_named) {
    if (name != "leg_symptom_sides") probe["leg_symptom_sides"] = "one";
  }
  return probe;
}

// Whether the answers decide the condition: true, false, or not yet.
std::optional<bool> Decide(const Condition& c, const Values& v, std::optional<double> phase) {
  using Op = Condition::Op;
  if (c.op == Op::kAll || c.op == Op::kAny) {
    // One child deciding the whole decides it.
    const bool decisive = c.op == Op::kAny;
    bool unknown = false;
    for (const auto& child : c.children) {
      const std::optional<bool> m = Decide(child, v, phase);
      if (!m) {
        unknown = true;
      } else if (*m == decisive) {
        return decisive;
      }
    }
    if (unknown) return std::nullopt;
    return !decisive;
  }
  if (c.op == Op::kNot) {
    const std::optional<bool> m = Decide(c.children.front(), v, phase);
    if (!m) return std::nullopt;
    return !*m;
  }
  const std::optional<double> value =
      c.field == PhaseFieldIndex() ? phase : (c.field < v.size() ? v[c.field] : std::nullopt);
  if (!value) return std::nullopt;
  switch (c.op) {
    case Op::kEquals: return *value == c.values.front();
    case Op::kOneOf: return std::find(c.values.begin(), c.values.end(), *value) != c.values.end();
    case Op::kAtLeast: return *value >= c.values.front();
    case Op::kBelow: return *value < c.values.front();
    default: return false;
  }
}

}  // namespace

Result<PartialAnswers> ReadPartialAnswers(const json& object) {
  if (!object.is_object()) return Status::InvalidArgument("the answers must be a JSON object");
  const auto& fields = IntakeFields();
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    const bool known = std::any_of(fields.begin(), fields.end(),
                                   [&](const IntakeField& f) { return key == f.name; });
    if (!known) return Status::InvalidArgument("unknown field '" + key + "'");
  }
  PartialAnswers out;
  out.values.resize(fields.size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    auto it = object.find(fields[i].name);
    if (it == object.end() || it->is_null()) continue;
    auto one = IntakeFromJson(Probe(fields[i].name, *it));
    if (!one.ok()) return one.status();
    out.values[i] = IntakeFieldValue(*one, i);
  }
  if (auto whole = IntakeFromJson(object); whole.ok()) out.whole = *whole;
  return out;
}

ScreenResult ScreenAnswered(const PartialAnswers& answers, const ScreeningRules& rules) {
  if (answers.whole) return Screen(*answers.whole, rules);
  ScreenResult result;
  std::optional<double> phase;
  const auto& fields = IntakeFields();
  for (std::size_t i = 0; i < fields.size() && i < answers.values.size(); ++i) {
    if (std::string(fields[i].name) == "pain_duration_weeks" && answers.values[i]) {
      result.phase = rules.PhaseFor(*answers.values[i]);
      phase = static_cast<double>(result.phase);
    }
  }
  for (const auto& rule : rules.rules()) {
    if (Decide(rule.when, answers.values, phase) != true) continue;
    result.flags.push_back(&rule);
    result.triage = std::max(result.triage, rule.tier);
    result.programme_blocked = result.programme_blocked || rule.blocks_programme;
  }
  result.can_start_programme = !result.programme_blocked && result.triage <= Tier::kRoutineReview;
  return result;
}

}  // namespace backcoach
