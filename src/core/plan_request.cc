#include "core/plan_request.h"

#include <nlohmann/json.hpp>

#include "core/json_number.h"

namespace backcoach {

namespace {

using json = nlohmann::json;

const std::set<std::string> kContextKeys = {
    "activity_level", "minutes_per_day", "days_per_week",    "equipment", "likes",
    "dislikes",       "goals",           "fear_of_movement", "start_date"};

Status Invalid(const std::string& field, const std::string& problem) {
  return Status::InvalidArgument("field '" + field + "' " + problem);
}

Result<int> ReadInt(const json& o, const std::string& key, int min, int max) {
  return ReadWholeNumber(o, key, min, max);
}

// A list of non-empty strings; absent is an empty list when optional.
Result<std::vector<std::string>> ReadList(const json& o, const std::string& key, bool required) {
  auto it = o.find(key);
  if (it == o.end()) {
    if (required) return Status::InvalidArgument("missing field '" + key + "'");
    return std::vector<std::string>{};
  }
  if (!it->is_array()) return Invalid(key, "must be a list of words");
  std::vector<std::string> out;
  for (const auto& item : *it) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
      return Invalid(key, "must be a list of words");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

template <typename Enum>
Result<Enum> ReadChoice(const json& o, const std::string& key,
                        const std::vector<std::string>& names) {
  auto it = o.find(key);
  if (it == o.end()) return Status::InvalidArgument("missing field '" + key + "'");
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (it->is_string() && it->get_ref<const std::string&>() == names[i]) {
      return static_cast<Enum>(i);
    }
  }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return Invalid(key, "must be one of " + list);
}

const std::vector<std::string> kActivity = {"inactive", "light", "active"};
const std::vector<std::string> kFear = {"low", "moderate", "high"};

}  // namespace

Result<PlanRequest> PlanRequestFromJson(const json& o) {
  auto intake = IntakeFromJson(o, kContextKeys);
  if (!intake.ok()) return intake.status();
  PlanRequest r;
  r.intake = *intake;
  auto activity = ReadChoice<ActivityLevel>(o, "activity_level", kActivity);
  if (!activity.ok()) return activity.status();
  r.activity_level = *activity;
  auto minutes = ReadInt(o, "minutes_per_day", 10, 120);
  if (!minutes.ok()) return minutes.status();
  r.minutes_per_day = *minutes;
  auto days = ReadInt(o, "days_per_week", 2, 7);
  if (!days.ok()) return days.status();
  r.days_per_week = *days;
  for (auto [key, target, required] :
       {std::tuple{"equipment", &r.equipment, true}, std::tuple{"likes", &r.likes, true},
        std::tuple{"dislikes", &r.dislikes, false}, std::tuple{"goals", &r.goals, false}}) {
    auto list = ReadList(o, key, required);
    if (!list.ok()) return list.status();
    *target = *list;
  }
  if (o.contains("fear_of_movement") && !o["fear_of_movement"].is_null()) {
    auto fear = ReadChoice<FearLevel>(o, "fear_of_movement", kFear);
    if (!fear.ok()) return fear.status();
    r.fear_of_movement = *fear;
  }
  auto it = o.find("start_date");
  if (it == o.end()) return Status::InvalidArgument("missing field 'start_date'");
  if (!it->is_string()) return Invalid("start_date", "must be a date of the form YYYY-MM-DD");
  auto date = Date::Parse(it->get<std::string>());
  if (!date.ok()) return date.status().WithContext("field 'start_date'");
  r.start_date = *date;
  return r;
}

Result<PlanRequest> ParsePlanRequest(const std::string& json_text) {
  json o = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (o.is_discarded()) return Status::InvalidArgument("the plan request is not valid JSON");
  if (!o.is_object()) return Status::InvalidArgument("the plan request must be a JSON object");
  return PlanRequestFromJson(o);
}

json PlanRequestToJson(const PlanRequest& r) {
  json o = IntakeToJson(r.intake);
  o["activity_level"] = ActivityLevelName(r.activity_level);
  o["minutes_per_day"] = r.minutes_per_day;
  o["days_per_week"] = r.days_per_week;
  o["equipment"] = r.equipment;
  o["likes"] = r.likes;
  o["dislikes"] = r.dislikes;
  o["goals"] = r.goals;
  if (r.fear_of_movement) o["fear_of_movement"] = FearLevelName(*r.fear_of_movement);
  o["start_date"] = r.start_date.ToString();
  return o;
}

}  // namespace backcoach
