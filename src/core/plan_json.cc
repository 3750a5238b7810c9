#include "core/plan_json.h"

#include <nlohmann/json.hpp>

#include "core/plan_request.h"

namespace backcoach {

namespace {

using json = nlohmann::json;

json DoseToJson(const Dose& d) {
  return {{"sets", d.sets},
          {"reps", d.reps},
          {"hold_seconds", d.hold_seconds},
          {"minutes", d.minutes},
          {"per_side", d.per_side}};
}

Dose DoseFromJson(const json& j) {
  Dose d;
  d.sets = j.at("sets").get<int>();
  d.reps = j.at("reps").get<int>();
  d.hold_seconds = j.at("hold_seconds").get<int>();
  d.minutes = j.at("minutes").get<int>();
  d.per_side = j.at("per_side").get<bool>();
  if (d.sets < 0 || d.reps < 0 || d.hold_seconds < 0 || d.minutes < 0) {
    throw std::invalid_argument("a dose holds a negative number");
  }
  return d;
}

json LoadToJson(const std::vector<LoadTag>& load) {
  json out = json::array();
  for (LoadTag t : load) out.push_back(LoadTagName(t));
  return out;
}

json PrescriptionToJson(const Prescription& p) {
  json out = {{"id", p.id},
              {"name", p.name},
              {"category", CategoryName(p.category)},
              {"level", p.level},
              {"load", LoadToJson(p.load)},
              {"dose", DoseToJson(p.dose)},
              {"pinned", p.pinned},
              {"pin_reason", p.pin_reason},
              {"paused", p.paused},
              {"stopped", p.stopped},
              {"green_streak", p.green_streak},
              {"red_streak", p.red_streak},
              {"sharp_last_time", p.sharp_last_time},
              {"awaiting_morning", p.awaiting_morning},
              {"minutes_at_week_start", p.minutes_at_week_start}};
  // A clinician's own days and dose, only when set: older states read the same.
  if (p.days_per_week > 0) out["days_per_week"] = p.days_per_week;
  if (!p.dose_by.empty()) out["dose_set"] = {{"by", p.dose_by}, {"dose", DoseToJson(p.dose_set)}};
  return out;
}

Prescription PrescriptionFromJson(const json& j, const Content& content) {
  const std::string id = j.at("id").get<std::string>();
  const Exercise* e = content.catalogue.Find(id);
  if (e == nullptr) throw std::invalid_argument("exercise '" + id + "' is not in the catalogue");
  Prescription p;
  p.id = id;
  p.name = e->name;
  p.category = e->category;
  p.level = e->level;
  p.load = e->load;
  p.dose = DoseFromJson(j.at("dose"));
  p.pinned = j.value("pinned", false);
  p.pin_reason = j.value("pin_reason", "");
  p.paused = j.value("paused", false);
  p.stopped = j.value("stopped", false);
  p.green_streak = j.value("green_streak", 0);
  p.red_streak = j.value("red_streak", 0);
  p.sharp_last_time = j.value("sharp_last_time", false);
  p.awaiting_morning = j.value("awaiting_morning", false);
  p.minutes_at_week_start = j.value("minutes_at_week_start", 0);
  p.days_per_week = j.value("days_per_week", 0);
  if (p.days_per_week < 0 || p.days_per_week > 7) {
    throw std::invalid_argument("days_per_week must be from 0 to 7");
  }
  if (j.contains("dose_set")) {
    p.dose_by = j.at("dose_set").at("by").get<std::string>();
    p.dose_set = DoseFromJson(j.at("dose_set").at("dose"));
  }
  return p;
}

json DayToJson(const SessionDay& day, const PlanState& s, const Content& content) {
  json exercises = json::array();
  for (const auto& id : day.exercises) {
    const Prescription* p = s.Find(id);
    const Exercise* e = content.catalogue.Find(id);
    if (p == nullptr && e == nullptr) continue;
    const Category category = p != nullptr ? p->category : e->category;
    json x = {{"id", id},
              {"name", p != nullptr ? p->name : e->name},
              {"category", CategoryName(category)},
              {"level", p != nullptr ? p->level : e->level},
              {"load", LoadToJson(p != nullptr ? p->load : e->load)}};
    if (category == Category::kAerobic || category == Category::kIntervals) {
      x["minutes"] = day.aerobic_minutes;
    } else {
      x["dose"] = DoseToJson(p != nullptr ? p->dose : e->dose);
    }
    exercises.push_back(x);
  }
  return {{"date", day.date.ToString()},
          {"kind", day.kind},
          {"minutes", day.minutes},
          {"aerobic_minutes", day.aerobic_minutes},
          {"exercises", exercises}};
}

SessionDay DayFromJson(const json& j) {
  SessionDay day;
  auto date = Date::Parse(j.at("date").get<std::string>());
  if (!date.ok()) throw std::invalid_argument(date.status().message());
  day.date = *date;
  day.kind = j.at("kind").get<std::string>();
  day.minutes = j.at("minutes").get<int>();
  day.aerobic_minutes = j.at("aerobic_minutes").get<int>();
  for (const auto& x : j.at("exercises")) day.exercises.push_back(x.at("id").get<std::string>());
  return day;
}

Reason ReasonFromJson(const json& j) {
  return {j.at("subject").get<std::string>(), j.at("decision").get<std::string>(),
          j.at("reason").get<std::string>(), j.at("rule").get<std::string>(),
          j.at("source").get<std::string>()};
}

// A step goal is absent (null) until steps are imported; plans stored
// before step goals existed have no key at all.
std::optional<StepGoal> StepGoalFromJson(const json& j) {
  if (!j.contains("step_goal") || j.at("step_goal").is_null()) return std::nullopt;
  const json& g = j.at("step_goal");
  auto set_on = Date::Parse(g.at("set_on").get<std::string>());
  if (!set_on.ok()) throw std::invalid_argument("step_goal: " + set_on.status().message());
  StepGoal goal{g.at("daily_steps").get<long long>(), g.at("baseline").get<long long>(),
                g.at("days_counted").get<int>(), *set_on, ReasonFromJson(g.at("reason"))};
  if (goal.daily_steps <= 0 || goal.baseline < 0 || goal.days_counted < 0) {
    throw std::invalid_argument("step_goal: steps and days must not be negative");
  }
  return goal;
}

std::optional<Date> OptionalDate(const json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  auto date = Date::Parse(j.at(key).get<std::string>());
  if (!date.ok()) throw std::invalid_argument(date.status().message());
  return *date;
}

template <typename Enum>
Enum EnumFromName(const std::string& name, const char* (*to_name)(Enum), int count,
                  const char* what) {
  for (int i = 0; i < count; ++i) {
    if (name == to_name(static_cast<Enum>(i))) return static_cast<Enum>(i);
  }
  throw std::invalid_argument(std::string("unknown ") + what + " '" + name + "'");
}

Date DateOrThrow(const json& j) {
  auto date = Date::Parse(j.get<std::string>());
  if (!date.ok()) throw std::invalid_argument(date.status().message());
  return *date;
}

json FindingsToJson(const PlanState& s) {
  json open = json::array();
  for (const auto& f : s.open_findings) {
    open.push_back({{"rule", f.rule_id},
                    {"tier", TierName(f.tier)},
                    {"since", f.since.ToString()},
                    {"title", f.title}});
  }
  return open;
}

json ClearancesToJson(const PlanState& s) {
  json out = json::array();
  for (const auto& c : s.clearances) {
    out.push_back(
        {{"rules", c.rule_ids}, {"date", c.date.ToString()}, {"by", c.by}, {"how", c.how}});
  }
  return out;
}

json OptionalDateJson(const std::optional<Date>& d) {
  return d ? json(d->ToString()) : json(nullptr);
}

PlanState FromJsonOrThrow(const json& j, const Content& content) {
  if (j.value("format", "") != "backcoach-plan") {
    throw std::invalid_argument("this is not a backcoach plan (no \"format\": \"backcoach-plan\")");
  }
  if (j.at("version").get<int>() != kPlanFormatVersion) {
    throw std::invalid_argument("plan version " + std::to_string(j.at("version").get<int>()) +
                                " is not supported");
  }
  PlanState s;
  auto request = PlanRequestFromJson(j.at("request"));
  if (!request.ok()) throw std::invalid_argument("request: " + request.status().message());
  s.request = *request;
  s.status =
      EnumFromName<PlanStatus>(j.at("status").get<std::string>(), PlanStatusName, 5, "status");
  const json& screen = j.at("screen");
  s.triage =
      EnumFromName<Tier>(screen.at("triage").get<std::string>(), TierName, kTierCount, "triage");
  s.phase = EnumFromName<Phase>(screen.at("phase").get<std::string>(), PhaseName, 3, "phase");
  s.presentation = EnumFromName<Presentation>(screen.at("presentation").get<std::string>(),
                                              PresentationName, 3, "presentation");
  s.flags = screen.at("flags").get<std::vector<std::string>>();
  s.cautions = screen.at("cautions").get<std::vector<std::string>>();
  s.messages = j.at("messages").get<std::vector<std::string>>();
  s.graded_activity = j.at("graded_activity").get<bool>();
  s.week = j.at("week").get<int>();
  for (const auto& x : j.at("exercises")) s.exercises.push_back(PrescriptionFromJson(x, content));
  const json& aerobic = j.at("aerobic");
  s.aerobic = {aerobic.at("exercise").get<std::string>(), aerobic.at("minutes_per_bout").get<int>(),
               aerobic.at("bouts_per_day").get<int>(), aerobic.at("days_per_week").get<int>()};
  s.intervals_offered = j.value("intervals_offered", false);
  for (const auto& x : j.at("schedule")) s.schedule.push_back(DayFromJson(x));
  for (const auto& x : j.at("progression_schedule")) {
    s.progression_schedule.push_back({x.at("week").get<int>(),
                                      x.at("aerobic_minutes_per_bout").get<int>(),
                                      x.at("focus").get<std::string>()});
  }
  s.lessons = j.at("lessons").get<std::vector<std::string>>();
  for (const auto& x : j.at("rationale")) s.rationale.push_back(ReasonFromJson(x));
  for (const auto& x : j.at("decisions")) s.decisions.push_back(ReasonFromJson(x));
  s.baseline_pain = j.at("baseline_pain").get<double>();
  s.last_log = OptionalDate(j, "last_log");
  s.flare_since = OptionalDate(j, "flare_since");
  s.flare_until = OptionalDate(j, "flare_until");
  s.step_goal = StepGoalFromJson(j);
  for (const auto& x : j.value("open_findings", json::array())) {
    s.open_findings.push_back(
        {x.at("rule").get<std::string>(),
         EnumFromName<Tier>(x.at("tier").get<std::string>(), TierName, kTierCount, "tier"),
         DateOrThrow(x.at("since")), x.value("title", "")});
  }
  for (const auto& x : j.value("clearances", json::array())) {
    s.clearances.push_back({x.at("rules").get<std::vector<std::string>>(),
                            DateOrThrow(x.at("date")), x.at("by").get<std::string>(),
                            x.at("how").get<std::string>()});
  }
  for (const auto& x : j.value("held_exercises", json::array())) {
    s.held_exercises.push_back(PrescriptionFromJson(x, content));
  }
  s.aerobic_base_sessions = j.value("aerobic_base_sessions", 0);
  for (const auto& x : j.at("recent_days")) {
    auto date = Date::Parse(x.at("date").get<std::string>());
    if (!date.ok()) throw std::invalid_argument(date.status().message());
    s.recent_days.push_back({*date, x.at("red").get<bool>(), x.at("average_pain").get<double>(),
                             x.at("next_morning").get<int>()});
  }
  return s;
}

}  // namespace

json ReasonToJson(const Reason& r) {
  return {{"subject", r.subject},
          {"decision", r.decision},
          {"reason", r.reason},
          {"rule", r.rule},
          {"source", r.source}};
}

json ReasonsToJson(const std::vector<Reason>& reasons) {
  json out = json::array();
  for (const auto& r : reasons) out.push_back(ReasonToJson(r));
  return out;
}

json StepGoalToJson(const std::optional<StepGoal>& goal) {
  if (!goal) return nullptr;
  return {{"daily_steps", goal->daily_steps},
          {"baseline", goal->baseline},
          {"days_counted", goal->days_counted},
          {"set_on", goal->set_on.ToString()},
          {"reason", ReasonToJson(goal->reason)}};
}

json PlanStateToJson(const PlanState& s, const Content& content) {
  json exercises = json::array();
  for (const auto& p : s.exercises) exercises.push_back(PrescriptionToJson(p));
  json schedule = json::array();
  for (const auto& day : s.schedule) schedule.push_back(DayToJson(day, s, content));
  json weeks = json::array();
  for (const auto& w : s.progression_schedule) {
    weeks.push_back({{"week", w.week},
                     {"aerobic_minutes_per_bout", w.aerobic_minutes_per_bout},
                     {"focus", w.focus}});
  }
  json rationale = json::array();
  for (const auto& r : s.rationale) rationale.push_back(ReasonToJson(r));
  json decisions = json::array();
  for (const auto& r : s.decisions) decisions.push_back(ReasonToJson(r));
  json held = json::array();
  for (const auto& p : s.held_exercises) held.push_back(PrescriptionToJson(p));
  json days = json::array();
  for (const auto& d : s.recent_days) {
    days.push_back({{"date", d.date.ToString()},
                    {"red", d.red},
                    {"average_pain", d.average_pain},
                    {"next_morning", d.next_morning}});
  }
  return {{"format", "backcoach-plan"},
          {"version", kPlanFormatVersion},
          {"status", PlanStatusName(s.status)},
          {"messages", s.messages},
          {"screen",
           {{"triage", TierName(s.triage)},
            {"phase", PhaseName(s.phase)},
            {"presentation", PresentationName(s.presentation)},
            {"flags", s.flags},
            {"cautions", s.cautions}}},
          {"request", PlanRequestToJson(s.request)},
          {"graded_activity", s.graded_activity},
          {"week", s.week},
          {"exercises", exercises},
          {"aerobic",
           {{"exercise", s.aerobic.exercise_id},
            {"minutes_per_bout", s.aerobic.minutes_per_bout},
            {"bouts_per_day", s.aerobic.bouts_per_day},
            {"days_per_week", s.aerobic.days_per_week}}},
          {"intervals_offered", s.intervals_offered},
          {"schedule", schedule},
          {"progression_schedule", weeks},
          {"lessons", s.lessons},
          {"rationale", rationale},
          {"decisions", decisions},
          {"baseline_pain", s.baseline_pain},
          {"last_log", OptionalDateJson(s.last_log)},
          {"flare_since", OptionalDateJson(s.flare_since)},
          {"flare_until", OptionalDateJson(s.flare_until)},
          {"recent_days", days},
          {"step_goal", StepGoalToJson(s.step_goal)},
          {"open_findings", FindingsToJson(s)},
          {"clearances", ClearancesToJson(s)},
          {"held_exercises", held},
          {"aerobic_base_sessions", s.aerobic_base_sessions}};
}

Result<PlanState> PlanStateFromJson(const json& j, const Content& content) {
  try {
    return FromJsonOrThrow(j, content);
  } catch (const std::exception& e) {
    // nlohmann reports type and key errors by exception; they end here.
    return Status::InvalidArgument(std::string("the plan state is not valid: ") + e.what());
  }
}

Result<PlanState> ParsePlanState(const std::string& json_text, const Content& content) {
  json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("the plan state is not valid JSON");
  return PlanStateFromJson(j, content);
}

std::string PlanStateToText(const PlanState& s, const Content& content) {
  std::string out;
  for (const auto& m : s.messages) out += m + "\n";
  if (!s.messages.empty()) out += "\n";
  out += std::string("Plan: ") + PlanStatusName(s.status) + " (screen: " + TierName(s.triage) +
         ", " + PhaseName(s.phase) + ", " + PresentationName(s.presentation) + ")\n";
  if (!s.decisions.empty()) {
    out += "\nWhat changed and why:\n";
    for (const auto& d : s.decisions) {
      // A clinician's change is already one sentence naming the exercise.
      if (d.rule == "clinician.adjustment") {
        out += "  - " + d.reason + " [" + d.rule + "]\n";
      } else {
        out += "  - " + d.subject + ": " + d.decision + ". " + d.reason + " [" + d.rule + "]\n";
      }
    }
  }
  if (!s.schedule.empty()) out += "\nThe coming week:\n";
  for (const auto& day : s.schedule) {
    out += "  " + day.date.ToString() + "  " + day.kind;
    if (day.minutes > 0) out += " (" + std::to_string(day.minutes) + " min)";
    std::string names;
    for (const auto& id : day.exercises) {
      const Exercise* e = content.catalogue.Find(id);
      names += (names.empty() ? ": " : ", ") + (e != nullptr ? e->name : id);
    }
    out += names + "\n";
  }
  if (!s.aerobic.exercise_id.empty()) {
    out += "\nAerobic target: " + std::to_string(s.aerobic.minutes_per_bout) + " minutes x " +
           std::to_string(s.aerobic.bouts_per_day) + " a day, " +
           std::to_string(s.aerobic.days_per_week) + " days a week\n";
  }
  if (!s.rationale.empty() && s.decisions.empty()) {
    out += "\nWhy the plan looks like this:\n";
    for (const auto& r : s.rationale) {
      if (r.decision == "excluded") continue;
      out += "  - " + r.reason + " [" + r.rule + "; " + r.source + "]\n";
    }
  }
  if (!s.lessons.empty()) {
    out += "\nLessons to read:";
    for (const auto& id : s.lessons) {
      const Lesson* l = content.education.Find(id);
      out += "\n  - " + (l != nullptr ? l->title : id);
    }
    out += "\n";
  }
  out += "\nbackcoach supports your care; it does not replace a clinician.\n";
  return out;
}

}  // namespace backcoach
