#include "core/adjustment_json.h"

#include <string>
#include <tuple>

#include "core/json_number.h"
#include "core/json_text.h"

namespace backcoach {

namespace {

using nlohmann::json;

constexpr const char* kKeys[] = {"exercise_id", "action",       "reason", "level",
                                 "to",          "sets",         "reps",   "hold_seconds",
                                 "minutes",     "days_per_week"};

}  // namespace

Result<Adjustment> AdjustmentFromJson(const json& j, const ClinicianDoseRules& rules,
                                      std::initializer_list<const char*> extra, bool strict) {
  if (!j.is_object()) return Status::InvalidArgument("the adjustment must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (!strict) break;
    bool known = false;
    for (const char* k : kKeys) known = known || key == k;
    for (const char* k : extra) known = known || key == k;
    if (!known) return Status::InvalidArgument("unknown field '" + key + "'");
  }
  Adjustment a;
  for (auto [key, target, required] :
       {std::tuple{"exercise_id", &a.exercise_id, true}, std::tuple{"action", &a.action, true},
        std::tuple{"reason", &a.reason, false}, std::tuple{"to", &a.to, false}}) {
    auto value = ReadTextField(j, key, required);
    if (!value.ok()) return value.status();
    *target = *value;
  }
  if (a.reason.size() > 1000) return Status::InvalidArgument("field 'reason' is too long");
  if (j.contains("level")) {
    auto level = ReadWholeNumber(j, "level", Catalogue::kMinLevel, Catalogue::kMaxLevel);
    if (!level.ok()) return level.status();
    a.level = *level;
  }
  for (auto [key, target, bounds] :
       {std::tuple{"sets", &a.dose.sets, rules.sets}, std::tuple{"reps", &a.dose.reps, rules.reps},
        std::tuple{"hold_seconds", &a.dose.hold_seconds, rules.hold_seconds},
        std::tuple{"minutes", &a.dose.minutes, rules.minutes},
        std::tuple{"days_per_week", &a.dose.days_per_week, rules.days_per_week}}) {
    if (!j.contains(key) || j[key].is_null()) continue;
    auto value = ReadWholeNumber(j, key, bounds.min, bounds.max);
    if (!value.ok()) return value.status();
    *target = *value;
  }
  if (!a.dose.empty() && a.action != "dose" && a.action != "add") {
    return Status::InvalidArgument("dose fields go with the action 'dose' or 'add'");
  }
  return a;
}

json AdjustmentToJson(const Adjustment& a) {
  json out = {{"exercise_id", a.exercise_id}, {"action", a.action}, {"reason", a.reason}};
  if (a.action == "level") {
    if (a.to.empty()) {
      out["level"] = a.level;
    } else {
      out["to"] = a.to;
    }
  }
  for (auto [key, value] :
       {std::pair{"sets", a.dose.sets}, std::pair{"reps", a.dose.reps},
        std::pair{"hold_seconds", a.dose.hold_seconds}, std::pair{"minutes", a.dose.minutes},
        std::pair{"days_per_week", a.dose.days_per_week}}) {
    if (value) out[key] = *value;
  }
  return out;
}

}  // namespace backcoach
