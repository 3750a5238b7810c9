#include "app/progress_report.h"

#include <map>

namespace backcoach {

namespace {

json Parsed(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

int DayOf(const json& date) {
  auto parsed = Date::Parse(date.is_string() ? date.get<std::string>() : "");
  return parsed.ok() ? parsed->days() : 0;
}

ReportSeries Series(std::string label, const json& points, const char* key) {
  ReportSeries s{std::move(label), {}};
  for (const auto& p : points) {
    if (p.contains(key) && p[key].is_number())
      s.points.push_back({DayOf(p["date"]), p[key].get<double>()});
  }
  return s;
}

void AddScreen(ReportData& r, const json& screen) {
  if (!screen.is_object()) return;
  r.triage = screen.value("triage", "");
  r.headline = screen.value("headline", "");
  for (const auto& f : screen.value("flags", json::array())) {
    r.flags.push_back(f.value("title", "") + ": " + f.value("message", ""));
  }
  for (const auto& c : screen.value("cautions", json::array())) {
    if (c.is_string()) r.cautions.push_back(c.get<std::string>());
  }
}

void AddSeries(ReportData& r, const json& progress) {
  r.pain_during = Series("during sessions", progress["pain_during"], "pain");
  r.pain_morning = Series("next morning", progress["pain_next_morning"], "pain");
  r.pain_diary = Series("diary", progress["pain_diary"], "pain");
  r.meaningful_change = progress.value("meaningful_change_points", 2.0);
  const json scores = progress.value("questionnaires", json::object());
  if (scores.contains("peg"))
    r.scores.push_back(Series("PEG (lower is better)", scores["peg"], "score"));
  if (scores.contains("psfs"))
    r.scores.push_back(Series("PSFS (higher is better)", scores["psfs"], "score"));
  for (const auto& w : progress["weeks"]) {
    ReportWeek week{DayOf(w["week_of"]), w.value("active_minutes", 0), w.value("sessions", 0),
                    w.value("adherence", 0.0), std::nullopt};
    if (w.contains("daily_steps") && w["daily_steps"].is_number())
      week.daily_steps = w["daily_steps"].get<long long>();
    r.weeks.push_back(week);
  }
}

// One line per exercise chain, named by the exercise it has now.
void AddLevels(ReportData& r, const json& levels) {
  std::map<std::string, std::size_t> index;
  for (const auto& entry : levels) {
    const int day = DayOf(entry["date"]);
    for (const auto& e : entry.value("exercises", json::array())) {
      const std::string chain = e.value("chain", e.value("id", ""));
      auto [it, added] = index.try_emplace(chain, r.levels.size());
      if (added) r.levels.push_back({"", {}});
      ReportSeries& s = r.levels[it->second];
      s.label = e.value("name", chain);
      s.points.push_back({day, e.value("level", 0) * 1.0});
    }
  }
}

// The engine's decisions other than "hold", and the clinicians' adjustments.
void AddChanges(ReportData& r, const std::vector<Record>& records) {
  for (const auto& rec : records) {
    const json payload = Parsed(rec.payload);
    if (rec.kind == RecordKind::kAdjustment) {
      const json a = payload.value("adjustment", json::object());
      r.changes.push_back(
          {rec.date, a.value("action", "") + " " + a.value("exercise_id", "") + " (clinician)",
           a.value("reason", "")});
      continue;
    }
    if (rec.kind != RecordKind::kSessionLog && rec.kind != RecordKind::kCheckin) continue;
    for (const auto& d : payload.value("decisions", json::array())) {
      const std::string decision = d.value("decision", "");
      if (decision.empty() || decision == "hold") continue;
      r.changes.push_back(
          {rec.date, decision + " " + d.value("subject", ""), d.value("reason", "")});
    }
  }
}

void AddPlan(ReportData& r, const std::string& state) {
  if (state.empty()) return;
  const json plan = Parsed(state);
  r.plan_status = plan.value("status", "");
  if (plan.contains("request") && plan["request"].contains("pain_now") &&
      plan["request"]["pain_now"].is_number()) {
    r.pain_baseline = plan["request"]["pain_now"].get<double>();
  }
  if (const json goal = plan.value("step_goal", json()); goal.is_object()) {
    r.step_goal = goal.value("daily_steps", 0LL);
    r.step_goal_reason = goal.value("reason", json::object()).value("reason", "");
  }
  for (const auto& e : plan.value("exercises", json::array())) {
    const json d = e.value("dose", json::object());
    r.plan.push_back({e.value("name", ""), e.value("category", ""), e.value("level", 0),
                      DoseText(d.value("sets", 0), d.value("reps", 0), d.value("hold_seconds", 0),
                               d.value("minutes", 0), d.value("per_side", false)),
                      e.value("paused", false)});
  }
}

}  // namespace

std::string DoseText(int sets, int reps, int hold_seconds, int minutes, bool per_side) {
  std::string text = minutes > 0 ? std::to_string(minutes) + " minutes"
                                 : std::to_string(sets) + " x " + std::to_string(reps);
  if (minutes <= 0 && hold_seconds > 0) text += ", hold " + std::to_string(hold_seconds) + " s";
  if (per_side) text += " each side";
  return text;
}

Result<ReportData> GatherReport(Service& service, const std::string& patient_id) {
  auto data = service.LoadPatientData(patient_id);
  if (!data.ok()) return data.status();
  auto progress = service.ProgressSeries(patient_id);
  if (!progress.ok()) return progress.status();
  ReportData r;
  r.patient_name = data->user.display_name;
  r.patient_id = data->user.id;
  r.generated_on = service.clock().Today().ToString();
  for (const auto& rec : data->records) {
    if (rec.kind == RecordKind::kSteps)
      continue;  // imported history may reach back years before the programme
    if (r.first_day.empty()) r.first_day = rec.date;
    r.last_day = rec.date;
  }
  auto screen = service.Screen(patient_id);
  if (screen.ok()) AddScreen(r, *screen);
  AddSeries(r, *progress);
  AddLevels(r, (*progress)["levels"]);
  AddChanges(r, data->records);
  AddPlan(r, data->plan_state);
  return r;
}

}  // namespace backcoach
