#include "core/plan_state_text.h"

#include <map>
#include <utility>

#include "core/json_writer.h"
#include "core/plan_json.h"

namespace backcoach {

namespace {

void AppendDate(std::string& out, const Date& date) { AppendJsonString(out, date.ToString()); }

void AppendOptionalDate(std::string& out, const std::optional<Date>& date) {
  if (date) {
    AppendDate(out, *date);
  } else {
    out += "null";
  }
}

void AppendStrings(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, list[i]);
  }
  out += ']';
}

// Writes `items` as a JSON array, each by `append(out, item)`.
template <typename T, typename Append>
void AppendArray(std::string& out, const std::vector<T>& items, Append append) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    append(out, items[i]);
  }
  out += ']';
}

void AppendLoad(std::string& out, const std::vector<LoadTag>& load) {
  AppendArray(out, load, [](std::string& o, LoadTag t) { AppendJsonString(o, LoadTagName(t)); });
}

// DoseToJson.
void AppendDose(std::string& out, const Dose& d) {
  JsonObjectText o(out);
  AppendJsonInt(o.Field("hold_seconds"), d.hold_seconds);
  AppendJsonInt(o.Field("minutes"), d.minutes);
  AppendJsonBool(o.Field("per_side"), d.per_side);
  AppendJsonInt(o.Field("reps"), d.reps);
  AppendJsonInt(o.Field("sets"), d.sets);
  o.Close();
}

// PrescriptionToJson.
void AppendPrescription(std::string& out, const Prescription& p) {
  JsonObjectText o(out);
  AppendJsonBool(o.Field("awaiting_morning"), p.awaiting_morning);
  AppendJsonString(o.Field("category"), CategoryName(p.category));
  if (p.days_per_week > 0) AppendJsonInt(o.Field("days_per_week"), p.days_per_week);
  AppendDose(o.Field("dose"), p.dose);
  if (!p.dose_by.empty()) {
    JsonObjectText set(o.Field("dose_set"));
    AppendJsonString(set.Field("by"), p.dose_by);
    AppendDose(set.Field("dose"), p.dose_set);
    set.Close();
  }
  AppendJsonInt(o.Field("green_streak"), p.green_streak);
  AppendJsonString(o.Field("id"), p.id);
  AppendJsonInt(o.Field("level"), p.level);
  AppendLoad(o.Field("load"), p.load);
  AppendJsonInt(o.Field("minutes_at_week_start"), p.minutes_at_week_start);
  AppendJsonString(o.Field("name"), p.name);
  AppendJsonBool(o.Field("paused"), p.paused);
  AppendJsonString(o.Field("pin_reason"), p.pin_reason);
  AppendJsonBool(o.Field("pinned"), p.pinned);
  AppendJsonInt(o.Field("red_streak"), p.red_streak);
  AppendJsonBool(o.Field("sharp_last_time"), p.sharp_last_time);
  AppendJsonBool(o.Field("stopped"), p.stopped);
  o.Close();
}

// DayToJson: each exercise as the state prescribes it, else as the
// catalogue has it, and left out when it is in neither.
void AppendDay(std::string& out, const SessionDay& day, const PlanState& s,
               const Content& content) {
  JsonObjectText o(out);
  AppendJsonInt(o.Field("aerobic_minutes"), day.aerobic_minutes);
  AppendDate(o.Field("date"), day.date);
  std::string& exercises = o.Field("exercises");
  exercises += '[';
  bool first = true;
  for (const auto& id : day.exercises) {
    const Prescription* p = s.Find(id);
    const Exercise* e = content.catalogue.Find(id);
    if (p == nullptr && e == nullptr) continue;
    if (!first) out += ',';
    first = false;
    const Category category = p != nullptr ? p->category : e->category;
    const bool timed = category == Category::kAerobic || category == Category::kIntervals;
    JsonObjectText x(out);
    AppendJsonString(x.Field("category"), CategoryName(category));
    if (!timed) AppendDose(x.Field("dose"), p != nullptr ? p->dose : e->dose);
    AppendJsonString(x.Field("id"), id);
    AppendJsonInt(x.Field("level"), p != nullptr ? p->level : e->level);
    AppendLoad(x.Field("load"), p != nullptr ? p->load : e->load);
    if (timed) AppendJsonInt(x.Field("minutes"), day.aerobic_minutes);
    AppendJsonString(x.Field("name"), p != nullptr ? p->name : e->name);
    x.Close();
  }
  out += ']';
  AppendJsonString(o.Field("kind"), day.kind);
  AppendJsonInt(o.Field("minutes"), day.minutes);
  o.Close();
}

// ReasonToJson.
void AppendReason(std::string& out, const Reason& r) {
  JsonObjectText o(out);
  AppendJsonString(o.Field("decision"), r.decision);
  AppendJsonString(o.Field("reason"), r.reason);
  AppendJsonString(o.Field("rule"), r.rule);
  AppendJsonString(o.Field("source"), r.source);
  AppendJsonString(o.Field("subject"), r.subject);
  o.Close();
}

// StepGoalToJson.
void AppendStepGoal(std::string& out, const std::optional<StepGoal>& goal) {
  if (!goal) {
    out += "null";
    return;
  }
  JsonObjectText o(out);
  AppendJsonInt(o.Field("baseline"), goal->baseline);
  AppendJsonInt(o.Field("daily_steps"), goal->daily_steps);
  AppendJsonInt(o.Field("days_counted"), goal->days_counted);
  AppendReason(o.Field("reason"), goal->reason);
  AppendDate(o.Field("set_on"), goal->set_on);
  o.Close();
}

// What a field of the request holds: one of the intake's fields, or one
// of the request's own.
enum class RequestPart {
  kIntake,
  kActivityLevel,
  kMinutesPerDay,
  kDaysPerWeek,
  kEquipment,
  kLikes,
  kDislikes,
  kGoals,
  kFearOfMovement,
  kStartDate,
};

struct RequestField {
  std::string key;  // the key as written, with its quotes and colon
  RequestPart part = RequestPart::kIntake;
  std::size_t intake_field = 0;  // IntakeFields() index, for kIntake
};

// The request's fields in the order dump() writes them: PlanRequestToJson
// starts from IntakeToJson and sets its own keys over it, into one object
// whose keys are sorted. Worked out once.
const std::vector<RequestField>& RequestFields() {
  static const std::vector<RequestField> fields = [] {
    std::map<std::string, std::pair<RequestPart, std::size_t>> by_key;
    const auto& intake = IntakeFields();
    for (std::size_t i = 0; i < intake.size(); ++i) {
      by_key[intake[i].name] = {RequestPart::kIntake, i};
    }
    for (auto [key, part] :
         {std::pair{"activity_level", RequestPart::kActivityLevel},
          std::pair{"minutes_per_day", RequestPart::kMinutesPerDay},
          std::pair{"days_per_week", RequestPart::kDaysPerWeek},
          std::pair{"equipment", RequestPart::kEquipment}, std::pair{"likes", RequestPart::kLikes},
          std::pair{"dislikes", RequestPart::kDislikes}, std::pair{"goals", RequestPart::kGoals},
          std::pair{"fear_of_movement", RequestPart::kFearOfMovement},
          std::pair{"start_date", RequestPart::kStartDate}}) {
      by_key[key] = {part, 0};
    }
    std::vector<RequestField> out;
    for (const auto& [key, what] : by_key) {
      RequestField field;
      AppendJsonString(field.key, key);
      field.key += ':';
      field.part = what.first;
      field.intake_field = what.second;
      out.push_back(std::move(field));
    }
    return out;
  }();
  return fields;
}

// One intake field as IntakeToJson writes it; false when it writes none
// (an optional answer not given).
bool AppendIntakeField(std::string& out, const std::string& key, const Intake& in,
                       std::size_t index) {
  const IntakeField& f = IntakeFields()[index];
  const double v = IntakeFieldValue(in, index);
  switch (f.kind) {
    case FieldKind::kInteger:
      out += key;
      AppendJsonInt(out, static_cast<int>(v));
      return true;
    case FieldKind::kNumber:
      out += key;
      AppendJsonDouble(out, v);
      return true;
    case FieldKind::kBoolean:
      out += key;
      AppendJsonBool(out, v != 0);
      return true;
    case FieldKind::kChoice:
      out += key;
      AppendJsonString(out, f.choices[static_cast<std::size_t>(v)]);
      return true;
    case FieldKind::kOptionalBoolean: {
      const auto& answer = std::string_view(f.name) == "thoracic_pain"
                               ? in.thoracic_pain
                               : in.morning_stiffness_over_30_min;
      if (!answer.has_value()) return false;
      out += key;
      AppendJsonBool(out, *answer);
      return true;
    }
  }
  return false;
}

}  // namespace

void AppendPlanRequestText(std::string& out, const PlanRequest& r) {
  out += '{';
  bool first = true;
  for (const RequestField& field : RequestFields()) {
    // Where this field would start, so that one written as absent can be
    // taken back with its comma.
    const std::size_t start = out.size();
    if (!first) out += ',';
    bool written = true;
    switch (field.part) {
      case RequestPart::kIntake:
        written = AppendIntakeField(out, field.key, r.intake, field.intake_field);
        break;
      case RequestPart::kActivityLevel:
        out += field.key;
        AppendJsonString(out, ActivityLevelName(r.activity_level));
        break;
      case RequestPart::kMinutesPerDay:
        out += field.key;
        AppendJsonInt(out, r.minutes_per_day);
        break;
      case RequestPart::kDaysPerWeek:
        out += field.key;
        AppendJsonInt(out, r.days_per_week);
        break;
      case RequestPart::kEquipment:
        out += field.key;
        AppendStrings(out, r.equipment);
        break;
      case RequestPart::kLikes:
        out += field.key;
        AppendStrings(out, r.likes);
        break;
      case RequestPart::kDislikes:
        out += field.key;
        AppendStrings(out, r.dislikes);
        break;
      case RequestPart::kGoals:
        out += field.key;
        AppendStrings(out, r.goals);
        break;
      case RequestPart::kFearOfMovement:
        written = r.fear_of_movement.has_value();
        if (written) {
          out += field.key;
          AppendJsonString(out, FearLevelName(*r.fear_of_movement));
        }
        break;
      case RequestPart::kStartDate:
        out += field.key;
        AppendDate(out, r.start_date);
        break;
    }
    if (written) {
      first = false;
    } else {
      out.resize(start);
    }
  }
  out += '}';
}

void AppendPlanStateText(std::string& out, const PlanState& s, const Content& content) {
  JsonObjectText o(out);
  {
    JsonObjectText a(o.Field("aerobic"));
    AppendJsonInt(a.Field("bouts_per_day"), s.aerobic.bouts_per_day);
    AppendJsonInt(a.Field("days_per_week"), s.aerobic.days_per_week);
    AppendJsonString(a.Field("exercise"), s.aerobic.exercise_id);
    AppendJsonInt(a.Field("minutes_per_bout"), s.aerobic.minutes_per_bout);
    a.Close();
  }
  AppendJsonInt(o.Field("aerobic_base_sessions"), s.aerobic_base_sessions);
  AppendJsonDouble(o.Field("baseline_pain"), s.baseline_pain);
  AppendArray(o.Field("clearances"), s.clearances, [](std::string& out, const Clearance& c) {
    JsonObjectText x(out);
    AppendJsonString(x.Field("by"), c.by);
    AppendDate(x.Field("date"), c.date);
    AppendJsonString(x.Field("how"), c.how);
    AppendStrings(x.Field("rules"), c.rule_ids);
    x.Close();
  });
  AppendArray(o.Field("decisions"), s.decisions, AppendReason);
  AppendArray(o.Field("exercises"), s.exercises, AppendPrescription);
  AppendOptionalDate(o.Field("flare_since"), s.flare_since);
  AppendOptionalDate(o.Field("flare_until"), s.flare_until);
  AppendJsonString(o.Field("format"), "backcoach-plan");
  AppendJsonBool(o.Field("graded_activity"), s.graded_activity);
  AppendArray(o.Field("held_exercises"), s.held_exercises, AppendPrescription);
  AppendJsonBool(o.Field("intervals_offered"), s.intervals_offered);
  AppendOptionalDate(o.Field("last_log"), s.last_log);
  AppendStrings(o.Field("lessons"), s.lessons);
  AppendStrings(o.Field("messages"), s.messages);
  AppendArray(o.Field("open_findings"), s.open_findings, [](std::string& out, const Finding& f) {
    JsonObjectText x(out);
    AppendJsonString(x.Field("rule"), f.rule_id);
    AppendDate(x.Field("since"), f.since);
    AppendJsonString(x.Field("tier"), TierName(f.tier));
    AppendJsonString(x.Field("title"), f.title);
    x.Close();
  });
  AppendArray(o.Field("progression_schedule"), s.progression_schedule,
              [](std::string& out, const WeekTarget& w) {
                JsonObjectText x(out);
                AppendJsonInt(x.Field("aerobic_minutes_per_bout"), w.aerobic_minutes_per_bout);
                AppendJsonString(x.Field("focus"), w.focus);
                AppendJsonInt(x.Field("week"), w.week);
                x.Close();
              });
  AppendArray(o.Field("rationale"), s.rationale, AppendReason);
  AppendArray(o.Field("recent_days"), s.recent_days, [](std::string& out, const DayRecord& d) {
    JsonObjectText x(out);
    AppendJsonDouble(x.Field("average_pain"), d.average_pain);
    AppendDate(x.Field("date"), d.date);
    AppendJsonInt(x.Field("next_morning"), d.next_morning);
    AppendJsonBool(x.Field("red"), d.red);
    x.Close();
  });
  AppendPlanRequestText(o.Field("request"), s.request);
  AppendArray(o.Field("schedule"), s.schedule,
              [&](std::string& out, const SessionDay& day) { AppendDay(out, day, s, content); });
  {
    JsonObjectText x(o.Field("screen"));
    AppendStrings(x.Field("cautions"), s.cautions);
    AppendStrings(x.Field("flags"), s.flags);
    AppendJsonString(x.Field("phase"), PhaseName(s.phase));
    AppendJsonString(x.Field("presentation"), PresentationName(s.presentation));
    AppendJsonString(x.Field("triage"), TierName(s.triage));
    x.Close();
  }
  AppendJsonString(o.Field("status"), PlanStatusName(s.status));
  AppendStepGoal(o.Field("step_goal"), s.step_goal);
  AppendJsonInt(o.Field("version"), kPlanFormatVersion);
  AppendJsonInt(o.Field("week"), s.week);
  o.Close();
}

std::string PlanStateText(const PlanState& state, const Content& content) {
  std::string out;
  // A state is 8 to 14 KB of text mid-programme: one allocation for most.
  out.reserve(16 * 1024);
  AppendPlanStateText(out, state, content);
  return out;
}

}  // namespace backcoach
