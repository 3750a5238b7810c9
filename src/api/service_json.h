// The Service's typed inputs read from request bodies, and its typed
// answers written as JSON, concept by concept (app/service_programme.h,
// service_care.h, service_alerts.h, service_reminders.h). Each reader
// checks the body as the route always has, with the same messages: a
// field of the wrong JSON type throws nlohmann's type_error, which the API
// answers as "a field of the request body has the wrong type" (api.cc).
// Each writer ("...Json") gives the answer's fields as the routes have
// always answered them, and never fails.
//
// Pure functions: safe from any thread.
#ifndef BACKCOACH_API_SERVICE_JSON_H_
#define BACKCOACH_API_SERVICE_JSON_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "app/service.h"
#include "core/date.h"
#include "core/status.h"

namespace backcoach {

// The programme.
// {seen?, ...the intake's answers}: `seen` is taken out of the answers ("" when
// it is not text).
IntakeInput IntakeInputFromJson(const nlohmann::json& body);
// {date, pain_next_morning}: InvalidArgument "field 'date' must be the
// session's date, YYYY-MM-DD", or the date's or the number's problem.
Result<CheckInInput> CheckInFromJson(const nlohmann::json& body);
// {date? (default `today`), pain, note?}.
Result<PainInput> PainFromJson(const nlohmann::json& body, Date today);
// {answers: {item: number}}; never fails (the Service refuses a missing
// object, after it has found the questionnaire).
QuestionnaireInput QuestionnaireFromJson(const nlohmann::json& body);
// {text}: InvalidArgument "field 'text' must be 1 to 5000 characters".
Result<NoteInput> NoteFromJson(const nlohmann::json& body);
// {seen, rules?}: from the patient themself (`self`) `seen` is checked
// first (CheckSeenToClear); then InvalidArgument "rules must be a list of
// ids" for anything but a list of strings.
Result<ClearInput> ClearFromJson(const nlohmann::json& body, bool self);
// A questionnaire's answer: {id, questionnaire, score, band,
// interpretation, answers} (QuestionnaireAnswersJson).
nlohmann::json QuestionnaireScoredJson(const QuestionnaireScored& scored);
// A pain rating's or a note's answer: {id}.
nlohmann::json RecordAddedJson(const RecordAdded& added);
// A check-in's answer: {status, decisions: [...]} (core/plan_json.h's
// reasons).
nlohmann::json CheckInAnswerJson(const PlanChanged& changed);
// A session log's answer: {status, messages, decisions: [...]}.
nlohmann::json SessionLoggedJson(const PlanChanged& changed);
// An import of steps: {format, rows, days, stored, unchanged, skipped,
// problems: [{line, message}], first_day, last_day, step_goal} (step_goal
// as core/plan_json.h writes it; null for none).
nlohmann::json ActivityImportedJson(const ActivityImported& imported);
// A clinician's adjustment's answer: {decisions: [...]}.
nlohmann::json AdjustmentAnswerJson(const PlanChanged& changed);
// A clearance's answer: {cleared: true, how, decisions: [...]}, or
// {cleared: false, seen, advice}.
nlohmann::json ClearedJson(const Cleared& cleared);

// The care team.
// {scopes}: the names shared beyond the default (StoredScopesFromJson); a
// body without them shares none.
Result<ShareInput> ShareFromJson(const nlohmann::json& body);
// {code, expires_at, scopes: [names]}.
nlohmann::json SupporterInvitationJson(const SupporterInvitation& invitation);
// {patient: {id, display_name}, scopes: [names]}.
nlohmann::json JoinedJson(const Joined& joined);
// {id, scopes: [names]}. (The care team itself: CareTeamJson, service_care.h.)
nlohmann::json MemberScopesJson(const MemberScopes& member);

// Alerts.
// {state: new|seen|resolved, note}: InvalidArgument "field 'state' must be
// one of new, seen, resolved", "field 'note' is too long", or "field 'note'
// is required to resolve an alert: say what was done".
Result<AlertChange> AlertChangeFromJson(const nlohmann::json& body);
// {id, state (by name), note}. (An alert itself: AlertJson, service_alerts.h.)
nlohmann::json AlertStateSetJson(const AlertStateSet& set);

// Reminders.
// {reminder_times: ["07:30"], utc_offset_minutes, email_reminders,
// email_summary}: InvalidArgument "Up to 4 reminder times, each like
// 08:30.", or the offset's problem.
Result<Preferences> PreferencesFromJson(const nlohmann::json& body);
// {reminder_times, utc_offset_minutes, email_reminders, email_summary,
// since (YYYY-MM-DD)}.
nlohmann::json PreferencesJson(const Preferences& preferences);
// {path}.
nlohmann::json CalendarLinkJson(const CalendarLink& link);

// The clinic's list: {total, limit, next_cursor, patients: [{id, name,
// attention, urgent, reasons, triage, status, last_activity, last_pain,
// unanswered_since (null for none), unread}]}; next_cursor is the cursor
// given ("" is written as null: the last page).
nlohmann::json PatientListJson(const PatientList& list, const std::string& next_cursor);

// The patients a supporter supports: {patients: [{id, display_name, scopes}]}.
nlohmann::json SupportedJson(const std::vector<SupportedPatient>& patients);

}  // namespace backcoach

#endif  // BACKCOACH_API_SERVICE_JSON_H_
