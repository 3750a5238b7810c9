#include "api/service_json.h"

#include <limits>
#include <string>

#include "app/care_team.h"
#include "app/ical.h"
#include "core/json_number.h"
#include "core/plan_json.h"

namespace backcoach {

using json = nlohmann::json;

namespace {

// A text field, or "" when it is missing or not text.
std::string TextOrEmpty(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
}

}  // namespace

IntakeInput IntakeInputFromJson(const json& body) {
  IntakeInput intake{body, ""};
  if (intake.answers.is_object() && intake.answers.contains("seen")) {
    const json& answer = intake.answers["seen"];
    intake.seen = answer.is_string() ? answer.get<std::string>() : "";
    intake.answers.erase("seen");
  }
  return intake;
}

Result<CheckInInput> CheckInFromJson(const json& body) {
  if (!body.contains("date") || !body["date"].is_string()) {
    return Status::InvalidArgument("field 'date' must be the session's date, YYYY-MM-DD");
  }
  auto date = Date::Parse(body["date"].get<std::string>());
  if (!date.ok()) return date.status().WithContext("field 'date'");
  auto pain = ReadWholeNumber(body, "pain_next_morning", 0, 10);
  if (!pain.ok()) return Status::InvalidArgument(WholeNumberProblem("pain_next_morning", 0, 10));
  return CheckInInput{*date, *pain};
}

Result<PainInput> PainFromJson(const json& body, Date today) {
  auto date = Date::Parse(body.value("date", today.ToString()));
  if (!date.ok()) return date.status().WithContext("field 'date'");
  auto pain = ReadWholeNumber(body, "pain", 0, 10);
  if (!pain.ok()) return Status::InvalidArgument(WholeNumberProblem("pain", 0, 10));
  std::string note = TextOrEmpty(body, "note");
  if (note.size() > kMaxPainNote) return Status::InvalidArgument("field 'note' is too long");
  return PainInput{*date, *pain, std::move(note)};
}

QuestionnaireInput QuestionnaireFromJson(const json& body) {
  if (!body.contains("answers") || !body["answers"].is_object()) return {};
  std::map<std::string, double> answers;
  for (const auto& [key, value] : body["answers"].items()) {
    // Anything but a finite number is NaN, which the questionnaire refuses
    // with its own message ("must be a number").
    auto number =
        NumberIn(value, -std::numeric_limits<double>::max(), std::numeric_limits<double>::max());
    answers[key] = number ? *number : std::numeric_limits<double>::quiet_NaN();
  }
  return QuestionnaireInput{std::move(answers)};
}

Result<NoteInput> NoteFromJson(const json& body) {
  if (!body.contains("text") || !body["text"].is_string() ||
      body["text"].get<std::string>().empty() ||
      body["text"].get<std::string>().size() > kMaxNoteText) {
    return Status::InvalidArgument("field 'text' must be 1 to 5000 characters");
  }
  return NoteInput{body["text"].get<std::string>()};
}

Result<ClearInput> ClearFromJson(const json& body, bool self) {
  ClearInput clear;
  if (self) {
    clear.seen = TextOrEmpty(body, "seen");
    if (Status s = CheckSeenToClear(clear.seen); !s.ok()) return s;
  }
  if (body.contains("rules")) {
    if (!body["rules"].is_array()) return Status::InvalidArgument("rules must be a list of ids");
    for (const auto& r : body["rules"]) {
      if (!r.is_string()) return Status::InvalidArgument("rules must be a list of ids");
      clear.rules.push_back(r.get<std::string>());
    }
  }
  return clear;
}

json QuestionnaireScoredJson(const QuestionnaireScored& q) {
  return json{{"id", q.id},
              {"questionnaire", q.questionnaire},
              {"score", q.score},
              {"band", q.band},
              {"interpretation", q.interpretation},
              {"answers", QuestionnaireAnswersJson(q.answers)}};
}

json RecordAddedJson(const RecordAdded& added) { return json{{"id", added.id}}; }

json CheckInAnswerJson(const PlanChanged& changed) {
  return json{{"status", PlanStatusName(changed.status)},
              {"decisions", ReasonsToJson(changed.decisions)}};
}

json SessionLoggedJson(const PlanChanged& changed) {
  return json{{"status", PlanStatusName(changed.status)},
              {"messages", changed.messages},
              {"decisions", ReasonsToJson(changed.decisions)}};
}

json ActivityImportedJson(const ActivityImported& imported) {
  json problems = json::array();
  for (const auto& p : imported.problems) {
    problems.push_back({{"line", p.line}, {"message", p.message}});
  }
  return json{{"format", imported.format},
              {"rows", imported.rows},
              {"days", imported.days},
              {"stored", imported.stored},
              {"unchanged", imported.unchanged},
              {"skipped", imported.skipped},
              {"problems", problems},
              {"first_day", imported.first_day},
              {"last_day", imported.last_day},
              {"step_goal", StepGoalToJson(imported.step_goal)}};
}

json AdjustmentAnswerJson(const PlanChanged& changed) {
  return json{{"decisions", ReasonsToJson(changed.decisions)}};
}

json ClearedJson(const Cleared& c) {
  if (!c.cleared) return json{{"cleared", false}, {"seen", c.seen}, {"advice", c.advice}};
  return json{{"cleared", true}, {"how", c.how}, {"decisions", ReasonsToJson(c.decisions)}};
}

Result<ShareInput> ShareFromJson(const json& body) {
  auto scopes = StoredScopesFromJson(body.contains("scopes") ? body["scopes"] : json(nullptr));
  if (!scopes.ok()) return scopes.status();
  return ShareInput{*scopes};
}

json SupporterInvitationJson(const SupporterInvitation& invitation) {
  return json{{"code", invitation.code},
              {"expires_at", invitation.expires_at},
              {"scopes", ScopesJson(invitation.scopes)}};
}

json JoinedJson(const Joined& joined) {
  return json{{"patient", {{"id", joined.patient_id}, {"display_name", joined.display_name}}},
              {"scopes", ScopesJson(joined.scopes)}};
}

json MemberScopesJson(const MemberScopes& member) {
  return json{{"id", member.id}, {"scopes", ScopesJson(member.scopes)}};
}

Result<AlertChange> AlertChangeFromJson(const json& body) {
  auto state = AlertStateFromName(body.value("state", ""));
  if (!state.ok()) {
    return Status::InvalidArgument("field 'state' must be one of new, seen, resolved");
  }
  std::string note = TextOrEmpty(body, "note");
  if (note.size() > kMaxAlertNote) return Status::InvalidArgument("field 'note' is too long");
  if (*state == AlertState::kResolved && note.empty()) {
    return Status::InvalidArgument(
        "field 'note' is required to resolve an alert: say what was done");
  }
  return AlertChange{*state, std::move(note)};
}

json AlertStateSetJson(const AlertStateSet& set) {
  return json{{"id", set.id}, {"state", AlertStateName(set.state)}, {"note", set.note}};
}

Result<Preferences> PreferencesFromJson(const json& body) {
  Preferences p;
  const json times = body.value("reminder_times", json::array());
  if (!times.is_array() || times.size() > kMaxReminderTimes) {
    return Status::InvalidArgument("Up to 4 reminder times, each like 08:30.");
  }
  for (const auto& t : times) {
    if (!t.is_string() || MinutesOfDay(t.get<std::string>()) < 0) {
      return Status::InvalidArgument("Up to 4 reminder times, each like 08:30.");
    }
    p.reminder_times.push_back(t.get<std::string>());
  }
  auto offset = ReadWholeNumber(body, "utc_offset_minutes", -kMaxUtcOffsetMinutes,
                                kMaxUtcOffsetMinutes, /*fallback=*/0);
  if (!offset.ok()) return offset.status();
  p.utc_offset_minutes = *offset;
  p.email_reminders = body.value("email_reminders", false);
  p.email_summary = body.value("email_summary", false);
  return p;
}

json PreferencesJson(const Preferences& p) {
  return json{{"reminder_times", p.reminder_times},
              {"utc_offset_minutes", p.utc_offset_minutes},
              {"email_reminders", p.email_reminders},
              {"email_summary", p.email_summary},
              {"since", p.since.ToString()}};
}

json CalendarLinkJson(const CalendarLink& link) { return json{{"path", link.path}}; }

json PatientListJson(const PatientList& list, const std::string& next_cursor) {
  json patients = json::array();
  for (const auto& row : list.patients) {
    const PatientSummary& p = row.summary;
    json reasons = json::parse(p.reasons, nullptr, /*allow_exceptions=*/false);
    if (!reasons.is_array()) reasons = json::array();
    patients.push_back(
        {{"id", p.patient_id},
         {"name", p.display_name},
         {"attention", p.attention},
         {"urgent", row.urgent},
         {"reasons", reasons},
         {"triage", p.triage},
         {"status", p.status},
         {"last_activity", p.last_activity},
         {"last_pain", p.last_pain},
         {"unanswered_since", p.unanswered_since != 0 ? json(p.unanswered_since) : json(nullptr)},
         {"unread", row.unread}});
  }
  return json{{"total", list.total},
              {"limit", list.limit},
              {"next_cursor", next_cursor.empty() ? json(nullptr) : json(next_cursor)},
              {"patients", patients}};
}

json SupportedJson(const std::vector<SupportedPatient>& patients) {
  json out = json::array();
  for (const auto& p : patients) {
    out.push_back(
        {{"id", p.id}, {"display_name", p.display_name}, {"scopes", ScopesJson(p.scopes)}});
  }
  return json{{"patients", out}};
}

}  // namespace backcoach
