// The words of reminders and the weekly summary, from the stored history.
#include <cmath>
#include <set>

#include "app/service.h"

namespace backcoach {

namespace {

constexpr const char* kReminder =
    "Time for today's exercises. Go at your own pace; on a bad day the short session is enough.";
constexpr const char* kNudge =
    "Yesterday went by without a session, and that is fine. A few easy minutes today keep your "
    "week going.";

struct Week {
  int sessions = 0;
  int minutes = 0;
  double pain_sum = 0;
  int pain_days = 0;
  json level_changes = json::array();
};

double SessionPain(const json& log) {
  double sum = 0;
  int done = 0;
  for (const auto& e : log.value("exercises", json::array())) {
    if (!e.value("done", true)) continue;
    sum += e.value("pain_during", 0);
    ++done;
  }
  return done > 0 ? sum / done : log.value("pain_after", 0);
}

// A change names its exercise as people know it: the stored decision's
// subject is the exercise's id, which means nothing in an e-mail.
std::string ExerciseName(const Catalogue& catalogue, const std::string& id) {
  const Exercise* e = catalogue.Find(id);
  return e != nullptr ? e->name : id;
}

void AddLog(Week& week, const Record& r, const json& data, const Catalogue& catalogue) {
  ++week.sessions;
  week.minutes += data.value("active_minutes", 0);
  week.pain_sum += SessionPain(data.value("log", json::object()));
  ++week.pain_days;
  static const std::set<std::string> kChanges = {"progress", "regress", "replace"};
  for (const auto& d : data.value("decisions", json::array())) {
    if (!kChanges.count(d.value("decision", ""))) continue;
    week.level_changes.push_back({{"date", r.date},
                                  {"exercise", ExerciseName(catalogue, d.value("subject", ""))},
                                  {"change", d.value("decision", "")},
                                  {"why", d.value("reason", "")}});
  }
}

// Weeks in a row with a session, up to `week_of`; a single missed week does
// not break it (as the app's streak card counts).
int StreakWeeks(const std::set<int>& active_weeks, int week_of) {
  int streak = 0, gap = 0;
  for (int w = week_of; w >= 0 && gap < 2; w -= 7) {
    if (active_weeks.count(w)) {
      ++streak;
      gap = 0;
    } else {
      ++gap;
    }
  }
  return streak;
}

}  // namespace

Result<std::string> Service::ReminderText(const std::string& patient_id, Date day) {
  auto logs = store_.ListRecords(patient_id, RecordKind::kSessionLog, 1);
  if (!logs.ok()) return logs.status();
  if (logs->empty()) return std::string(kReminder);
  auto last = Date::Parse(logs->back().date);
  if (last.ok() && day.DaysSince(*last) >= 2) return std::string(kNudge);
  return std::string(kReminder);
}

Result<json> Service::WeeklySummary(const std::string& patient_id, Date week_of) {
  auto logs = store_.ListRecords(patient_id, RecordKind::kSessionLog, 2000);
  if (!logs.ok()) return logs.status();
  Week week, before;
  std::set<int> active_weeks;
  for (const auto& r : *logs) {
    auto date = Date::Parse(r.date);
    json data = json::parse(r.payload, nullptr, false);
    if (!date.ok() || data.is_discarded()) continue;
    active_weeks.insert(date->Plus(-date->Weekday()).days());
    const int offset = date->DaysSince(week_of);
    if (offset >= 0 && offset < 7) AddLog(week, r, data, content_.catalogue);
    if (offset >= -7 && offset < 0) AddLog(before, r, data, content_.catalogue);
  }
  json out = {{"type", "weekly_summary"},
              {"week_of", week_of.ToString()},
              {"sessions", week.sessions},
              {"active_minutes", week.minutes},
              {"streak_weeks", StreakWeeks(active_weeks, week_of.days())},
              {"level_changes", week.level_changes}};
  json trend = nullptr;
  if (week.pain_days > 0 && before.pain_days > 0) {
    const double now = week.pain_sum / week.pain_days, then = before.pain_sum / before.pain_days;
    const auto nrs = content_.questionnaires.find("nrs");
    const double mcid = nrs == content_.questionnaires.end() ? 2 : nrs->second.mcid().points;
    trend = {{"this_week", std::round(now * 10) / 10},
             {"week_before", std::round(then * 10) / 10},
             {"meaningful", std::abs(now - then) >= mcid}};
  }
  out["pain_trend"] = trend;
  json focus = json::array();
  auto plan = CurrentPlan(patient_id);
  if (plan.ok()) {
    const PlanState& s = *plan->first;
    if (s.status == PlanStatus::kFlareUp) {
      focus.push_back(kFlareUpFocus);
    }
    for (const auto& p : s.exercises) focus.push_back(p.name);
  }
  out["next_focus"] = focus;
  return out;
}

}  // namespace backcoach
