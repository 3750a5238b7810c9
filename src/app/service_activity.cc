// The activity half of Service: imported daily steps and active minutes.
#include "app/service_activity.h"

#include <algorithm>

#include "app/service.h"
#include "core/plan_json.h"
#include "core/step_goal.h"

namespace backcoach {

namespace {

json DayJson(const DayActivity& day) {
  return {{"steps", day.steps}, {"active_minutes", day.active_minutes}, {"source", day.source}};
}

DailySteps StepsByDay(const std::map<std::string, json>& activity) {
  DailySteps days;
  for (const auto& [date, data] : activity) {
    auto day = Date::Parse(date);
    if (day.ok()) days[*day] = data.value("steps", 0LL);
  }
  return days;
}

bool SameGoal(const std::optional<StepGoal>& a, const std::optional<StepGoal>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->daily_steps == b->daily_steps && a->baseline == b->baseline &&
                a->set_on == b->set_on && a->reason.reason == b->reason.reason);
}

}  // namespace

std::map<std::string, json> LatestActivity(const std::vector<Record>& records) {
  std::map<std::string, std::pair<std::pair<long long, Timestamp>, json>> newest;
  for (const auto& r : records) {
    if (r.kind != RecordKind::kSteps) continue;
    json data = json::parse(r.payload, nullptr, false);
    if (!data.is_object()) continue;
    const std::pair<long long, Timestamp> order{data.value("import", 0LL), r.created_at};
    auto it = newest.find(r.date);
    if (it == newest.end() || it->second.first <= order) newest[r.date] = {order, std::move(data)};
  }
  std::map<std::string, json> days;
  for (auto& [date, entry] : newest) days[date] = std::move(entry.second);
  return days;
}

Result<std::map<std::string, json>> Service::DailyActivity(const std::string& patient_id) {
  auto records = store_.AllRecords(patient_id, RecordKind::kSteps);
  if (!records.ok()) return records.status();
  return LatestActivity(*records);
}

Result<ActivityImported> Service::ImportActivity(const User& patient,
                                                 const ActivityImport& import) {
  auto stored = DailyActivity(patient.id);
  if (!stored.ok()) return stored.status();
  long long number = 0;  // this import's: after every import stored before it
  for (const auto& [date, data] : *stored) number = std::max(number, data.value("import", 0LL));
  ++number;
  std::vector<Record> records;
  for (const auto& [date, day] : import.days) {
    json payload = DayJson(day);
    auto it = stored->find(date.ToString());
    if (it != stored->end()) {
      json before = it->second;
      before.erase("import");
      if (before == payload) continue;
    }
    payload["import"] = number;
    records.push_back(Record{"", patient.id, RecordKind::kSteps, date.ToString(), patient.id,
                             payload.dump(), clock_.Now()});
  }
  if (!records.empty()) {
    if (Status s = store_.AddRecords(records); !s.ok()) return s;
  }
  const auto count = static_cast<long long>(records.size());
  auto goal = UpdateStepGoal(patient);
  if (!goal.ok()) return goal.status();
  const auto days = static_cast<long long>(import.days.size());
  return ActivityImported{import.format,
                          import.rows,
                          days,
                          count,
                          days - count,
                          import.skipped,
                          import.problems,
                          import.days.empty() ? "" : import.days.begin()->first.ToString(),
                          import.days.empty() ? "" : import.days.rbegin()->first.ToString(),
                          *std::move(goal)};
}

Result<std::optional<StepGoal>> Service::UpdateStepGoal(const User& patient) {
  auto activity = DailyActivity(patient.id);
  if (!activity.ok()) return activity.status();
  const DailySteps days = StepsByDay(*activity);
  // Days imported before the intake are kept; the goal waits for a plan.
  // (A plan is never removed but with the account, so none now is none
  // within the loop too.)
  auto version = store_.PlanVersion(patient.id);
  if (!version.ok() && version.status().code() == StatusCode::kNotFound) {
    return std::optional<StepGoal>();
  }
  std::lock_guard<std::mutex> turn(PlanLock(patient.id));
  for (int attempt = 0; attempt < kWriteRetries; ++attempt) {
    auto loaded = CurrentPlan(patient.id);
    if (!loaded.ok()) return loaded.status();
    const auto reviewed =
        ReviewStepGoal(*loaded->first, days, clock_.Today(), content_.engine.step_goal);
    if (SameGoal(reviewed, loaded->first->step_goal)) return reviewed;
    auto next = std::make_shared<PlanState>(*loaded->first);
    next->step_goal = reviewed;
    Record record{"",
                  patient.id,
                  RecordKind::kStepGoal,
                  clock_.Today().ToString(),
                  patient.id,
                  json{{"step_goal", StepGoalToJson(reviewed)}}.dump(),
                  clock_.Now()};
    Status saved = SavePlan(patient, std::move(next), loaded->second, std::move(record));
    if (saved.ok()) return reviewed;
    if (saved.code() != StatusCode::kConflict) return saved;
  }
  return Status::Conflict("the plan changed while saving the step goal; please try again");
}

}  // namespace backcoach
