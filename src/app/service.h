// Service: what backcoach does for its users, over the Store and the core,
// with no HTTP in sight. The API (api.h) decodes requests and calls these;
// the demo seeder calls them too, so demo data is made the way real data is.
//
// Access rules live here, once (ReachPatient): a patient reaches only their own
// data; a clinician or clinic admin only the patients of their own clinic;
// a supporter only the patients whose care team they are on, and of those
// only the scopes shared with them (care_team.h); nothing crosses clinics.
// A patient id the actor may not see gets the same NotFound as one that
// does not exist, so ids cannot be probed; a care-team member asking for
// data outside their scope gets PermissionDenied.
//
// Failures, for every member that returns a Status or Result: the store's
// error when the database fails (Unavailable when it is out of reach, and
// the caller may try again); InvalidArgument with the field's plain rule
// ("field 'pain' must be a whole number from 0 to 10") for a request body
// that breaks one, nothing stored; NotFound for an id that names nothing
// (a patient, alert, member or token); Conflict where two writers met (a
// plan changed meanwhile, a taken e-mail address). A member says where it
// differs or adds to this. Members returning plain values never fail.
//
// Values: members take typed inputs and give typed answers, plain structs
// declared per concept (service_accounts.h, service_care.h,
// service_programme.h, service_alerts.h, service_reminders.h, messaging.h,
// pages.h), which the API reads from and writes as JSON
// (api/service_json.h). A member answers JSON where the JSON document is
// itself the product, written once here for every reader: the plan and the
// day's card as rendered (Today), the intake's answer and the screen with
// the engine's own documents in them (SubmitIntake, Screen, StandingFlag),
// the progress series and what a care-team member sees of it
// (ProgressSeries, Overview), records and notices as stored (Records,
// RecordsPage, Notices), the weekly summaries, the clinician's patient
// detail, and the exports (Export: backcoach-export; the FHIR and CSV
// exports build on LoadPatientData).
//
// Thread-safety: a Service may be used from any thread at once. It holds no
// state of its own but caches (guarded) and per-patient locks that make one
// patient's plan changes take turns; everything else is in the Store.
#ifndef BACKCOACH_APP_SERVICE_H_
#define BACKCOACH_APP_SERVICE_H_

#include <array>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "activity/activity_import.h"
#include "app/access.h"
#include "app/care_team.h"
#include "app/clock.h"
#include "app/messaging.h"
#include "app/pages.h"
#include "app/service_accounts.h"
#include "app/service_activity.h"
#include "app/service_alerts.h"
#include "app/service_care.h"
#include "app/service_programme.h"
#include "app/service_reminders.h"
#include "app/versioned_cache.h"
#include "core/adjustment.h"
#include "core/alerts.h"
#include "core/content.h"
#include "core/plan.h"
#include "core/session_log.h"
#include "storage/store.h"

namespace backcoach {

using json = nlohmann::json;

// A patient's account, every record (oldest first) and the plan state (JSON
// text, empty when there is no plan yet).
struct PatientData {
  User user;
  std::vector<Record> records;
  std::string plan_state;
};

// How an actor reaches a patient, once allowed.
struct Reach {
  User patient;
  Relation relation = Relation::kSelf;
  Scopes scopes;  // what the actor may see; every scope for the patient and clinicians
};

class Service {
 public:
  Service(Store& store, const Content& content, const Clock& clock);

  // How `actor` reaches the patient `patient_id` through a route declared
  // `access` (access.h: self, care_team, clinicians or clearer). NotFound
  // "no such patient" for a missing id and one the actor may not see alike,
  // so ids cannot be probed; PermissionDenied when the actor may see the
  // patient but not do this: "only the patient can add this" (a clinician
  // on a route for the patient themself), "only the patient's clinician can
  // do this", "the patient has not shared this with you" (a supporter
  // without the route's scope), and for clearer "a clinician of your clinic
  // clears this: tell them you have been seen" (a patient of a clinic) or
  // "only a clinician of the patient's clinic can clear this" (the clinic's
  // admin). A supporter reaches the patient only while
  // on their team, read from the store on every call. Internal for an
  // access that names no patient. Every patient-data route goes through here.
  // `access_epoch` is the store's access epoch (Store::AccessEpoch) read
  // before `actor` was: when given, the patient's account may be a copy
  // kept since that epoch (the actor's own when they are the patient);
  // 0 reads it from the store.
  Result<Reach> ReachPatient(const User& actor, const std::string& patient_id, RouteAccess access,
                             std::int64_t access_epoch = 0);

  // The care team (service_care.h, service_care.cc). A patient invites a
  // supporter with a one-time code (7 days), sharing `share.scopes` beyond
  // the default; the supporter signs up with it, or joins with it when
  // signed in.
  Result<SupporterInvitation> InviteSupporter(const User& patient, const ShareInput& share);
  Result<User> SignUpSupporter(const std::string& email, const std::string& password,
                               const std::string& display_name, const std::string& code);
  // Joins the care team of the code's patient (Joined).
  // InvalidArgument "the supporter code is not valid or has been used" for
  // a code unknown, used or expired; Conflict for a supporter already on
  // the team.
  Result<Joined> JoinCareTeam(const User& supporter, const std::string& code);
  // The patient's clinic and supporters (a supporter whose account is gone
  // is left out).
  Result<CareTeamView> CareTeam(const User& patient);
  // Shares `share.scopes` with a member beyond the default; NotFound "no
  // such member of your care team" for anyone not on the team.
  Result<MemberScopes> SetScopes(const User& patient, const std::string& member_id,
                                 const ShareInput& share);
  Status RemoveMember(const User& patient, const std::string& member_id);
  // The patients `supporter` supports (those whose account is still there).
  Result<std::vector<SupportedPatient>> Supported(const User& supporter);
  // What a care-team member sees of the patient's progress: cut to scope.
  Result<json> Overview(const Reach& reach);

  // Messages between the patient and each member of their team
  // (service_messaging.cc; the values are in messaging.h). `reach` is how
  // the caller reached the patient (a messages route: Access::kCareTeam,
  // Scope::kMessages).
  //
  // SendMessage: the patient names the member (`draft.to`: a supporter on
  // their team, or a clinician or admin of their clinic; InvalidArgument
  // "field 'to' must be a member of your care team" otherwise), a member
  // writes in their own thread; InvalidArgument for a text CheckMessageText
  // refuses. A message in a thread with the clinic refreshes the patient's
  // row of the clinician's list (unanswered messages raise it).
  Result<Message> SendMessage(const User& author, const Reach& reach, const MessageDraft& draft);
  // The messages the reader may see, oldest first: the patient's every
  // thread (or only the one with `with`, when not empty), a member's own.
  Result<std::vector<Message>> Messages(const User& reader, const Reach& reach,
                                        const std::string& with = "");
  // One page of those: the `limit` newest older than `after` (nullopt: the
  // newest), oldest first, and where the next, older page continues.
  Result<MessagePage> MessagesPage(const User& reader, const Reach& reach, const std::string& with,
                                   int limit, const std::optional<RecordKey>& after);
  // The reader's threads with the patient and their unread counts: for the
  // patient every thread they have or may start (SortThreads), for a
  // member their own.
  Result<Threads> ThreadsOf(const User& reader, const Reach& reach);
  // Marks a thread read by the reader: the patient's with `with`
  // (InvalidArgument "field 'with' must name the member whose messages you
  // read" when empty), a member's own (`with` is not read). Answers the
  // threads afterwards, as ThreadsOf.
  Result<Threads> MarkRead(const User& reader, const Reach& reach, const std::string& with);
  // The patient's lead clinician, with the clinic's clinicians to choose
  // from; SetLeadClinician sets it (a clinician of the patient's clinic,
  // InvalidArgument "field 'clinician_id' must be a clinician of the
  // patient's clinic" otherwise) or, with "", removes it.
  Result<std::pair<LeadClinician, std::vector<User>>> LeadClinicianOf(const User& patient);
  Result<LeadClinician> SetLeadClinician(const User& patient, const std::string& clinician_id);

  // Accounts (service_accounts.h, service_accounts.cc).
  Result<User> SignUp(const std::string& email, const std::string& password,
                      const std::string& display_name, const std::string& invitation_code);
  // A sign-up in two steps, for when the address must be confirmed first:
  // PrepareSignUp checks every field and code and hashes the password (the
  // answer holds no password, only its hash); CompleteSignUp creates the
  // account from its record, claiming the code. With no `supporter_code`, a
  // patient's account (in the clinic of `invitation_code`, if any).
  Result<PendingSignUp> PrepareSignUp(const std::string& email, const std::string& password,
                                      const std::string& display_name,
                                      const std::string& invitation_code,
                                      const std::string& supporter_code);
  Result<User> CompleteSignUp(const json& pending);
  // A one-time token (returned; only its hash is kept) of `kind` kReset
  // for `user_id`, or kSignup for `pending`, valid for `lifetime` seconds.
  Result<std::string> CreateToken(TokenKind kind, const std::string& user_id, const json& pending,
                                  Timestamp lifetime);
  // Uses a token of `kind` up: InvalidArgument "the link is not valid or has
  // expired; ask for a new one" for one that is unknown, used, expired or of
  // another kind. The token's user must still be enabled.
  Result<AccountToken> TakeToken(TokenKind kind, const std::string& token);
  // A new password for `user` (checked against the policy), ending every
  // session of theirs but `keep_session` (a token hash, "" for none).
  Status SetPassword(const User& user, const std::string& password,
                     const std::string& keep_session);
  // Resets the password with a "reset" token, ending every session.
  Result<User> ResetPassword(const std::string& token, const std::string& password);
  // The password policy for `email` and `role` (password.h).
  Status CheckPassword(const std::string& password, const std::string& email, Role role) const;
  Result<Clinic> CreateClinic(const std::string& name);
  Result<User> CreateStaff(const std::string& clinic_id, Role role, const std::string& email,
                           const std::string& password, const std::string& display_name);
  // A clinic invitation code (the code returned; only its hash is stored).
  Result<Invitation> Invite(const User& clinician);
  // A patient without a clinic joins the clinic of an invitation code
  // (service_accounts.cc), which is used up (once, across servers); the
  // clinic's clinicians see them in their list from then on. Answers the
  // clinic. InvalidArgument "the invitation code is not valid or has been
  // used", or "the invitation code has expired; ask your clinic for a new
  // one"; Conflict "your account is already with a clinic" for a patient
  // who has one.
  Result<Clinic> JoinClinic(const User& patient, const std::string& code);
  // Whether `admin` may manage `user`'s account: one of their clinic, or a
  // supporter of one of its patients (NotFound "no such user" otherwise,
  // as for an id that does not exist).
  Result<User> ManagedBy(const User& admin, const std::string& user_id);
  Status SetDisabled(const User& admin, const std::string& user_id, bool disabled);
  // Disables or enables an account (ending its sessions), for the operator.
  Status SetDisabled(User user, bool disabled);

  // A patient's programme (service_programme.h, service_programme.cc).
  // After a red-flag result that stands (see
  // StandingFlag) the intake must carry `seen` (SeenAnswers; InvalidArgument
  // with a plain message otherwise), kept as the person's own report. New
  // answers without a red flag then leave the earlier result standing (the
  // answer says `held` and gives the earlier screen; the plan is unchanged)
  // unless that clears it (a person without a clinic, seen and cleared);
  // either way the care team is alerted that the answers changed.
  // The intake's answers are read as PlanRequestFromJson reads them
  // (InvalidArgument naming the field).
  Result<json> SubmitIntake(const User& patient, const IntakeInput& intake);
  Result<PlanRecord> Plan(const std::string& patient_id);
  // Today's session, encoded. Rendered once per plan version and day, then
  // served from memory until the plan changes.
  Result<std::shared_ptr<const std::string>> Today(const std::string& patient_id, Date day);
  // The API checks the values of the next four as it reads them from a
  // body (api/service_json.h); a direct caller passes checked values.
  // LogSession answers the plan's status, decisions and messages.
  Result<PlanChanged> LogSession(const User& patient, const SessionLog& log);
  // The check-in changes the plan: Conflict "there is no plan yet:
  // complete the intake first" without one, or when it changed meanwhile
  // more often than it was retried; the engine's error for a day with no
  // session logged.
  Result<PlanChanged> CheckIn(const User& patient, const CheckInInput& check_in);
  Result<RecordAdded> AddPain(const User& patient, const PainInput& pain);
  // Scores and keeps a questionnaire's answers. NotFound "no such
  // questionnaire"; InvalidArgument "field 'answers' must be an object of
  // item id to number" without answers, or the questionnaire's own message
  // for an answer it refuses.
  Result<QuestionnaireScored> AddQuestionnaire(const User& patient,
                                               const std::string& questionnaire_id,
                                               const QuestionnaireInput& input);
  // The `limit` newest records of a kind, oldest first, as {records}.
  Result<json> Records(const std::string& patient_id, RecordKind kind, int limit);
  // One page of a patient's records of a kind (app/pages.h): the `limit`
  // records older than `after` (the newest when nullopt), oldest first.
  Result<JsonPage<RecordKey>> RecordsPage(const std::string& patient_id, RecordKind kind, int limit,
                                          const std::optional<RecordKey>& after);
  Result<json> ProgressSeries(const std::string& patient_id);

  // Steps and active minutes read from a file (activity/activity_import.h),
  // stored as one "steps" record per day {steps, active_minutes, source},
  // in one transaction. A day already stored with the same numbers is left
  // alone; a day with new numbers gets a new record, and the newest record
  // of a day is the one that counts. Answers what the import did
  // (service_activity.h), the walking goal reviewed from the days now stored
  // with it; the store's error when the days or the plan cannot be written.
  Result<ActivityImported> ImportActivity(const User& patient, const ActivityImport& import);
  // The patient's imported days: date -> {steps, active_minutes, source},
  // the newest record of each day.
  Result<std::map<std::string, json>> DailyActivity(const std::string& patient_id);
  // The screen that stands: the latest intake's, or, when new answers came
  // while an earlier red flag was not yet cleared, that earlier one (with
  // `held_since`); `cleared` says who cleared it, when it was. When answers
  // in a session log have re-screened the plan since the intake (a red flag
  // or a finding during the programme), it is that re-screen, with
  // `rescreened_on` (the day of those answers) and `intake_screen` (the
  // intake's triage and headline, no longer current).
  Result<json> Screen(const std::string& patient_id);

  // Clearing (service_clearing.cc): one model for a red-flag result of an
  // intake (emergency, same_day, within_days) and the findings the engine
  // opens during the programme. A clinician of the patient's clinic clears;
  // a person without a clinic clears by saying they have been seen and
  // cleared (their own report, kept as a "seen_report" record); "seen, not
  // cleared" and "not yet" are kept too, and answered with the advice again.
  //
  // What stands uncleared for the patient: {intake_id, screen, findings,
  // headline, red} (the red screen of the latest intake, if any, the open
  // findings of the plan, the advice of the most urgent, and whether any is
  // emergency, same_day or within_days), or null when nothing does.
  Result<json> StandingFlag(const std::string& patient_id);
  // Clears for `actor` (reach through Access::kClearer): ClearInput (`seen`
  // is checked from the patient: CheckSeenToClear), and says what it did.
  // Conflict "there is no finding to clear" when nothing stands.
  Result<Cleared> Clear(const User& actor, const Reach& reach, const ClearInput& clear);

  // Alerts (service_alerts.h, service_alerts.cc): the rules of content/alerts.yaml applied to
  // the patient's history. Raised on every plan change and by the daily
  // run; each (rule, period) once, however many servers evaluate it.
  // Answers how many were new. Open alerts add to the clinician's list.
  // `on_new_record`: a record has just arrived (rules about inactivity wait).
  Result<int> RaiseAlerts(const User& patient, const PlanState& state, bool on_new_record);
  // The daily run's: from the stored plan; 0 without one.
  Result<int> RaiseAlerts(const User& patient);
  // The patient's alerts, newest first, at most `limit`.
  // A page of alerts, newest first (app/pages.h): the patient's, or those
  // of the clinician's clinic whose patient is still of the clinic, each
  // with patient_name (open_only: those not resolved).
  Result<JsonPage<AlertKey>> Alerts(const std::string& patient_id, int limit,
                                    const std::optional<AlertKey>& after = std::nullopt);
  Result<JsonPage<AlertKey>> ClinicAlerts(const User& clinician, bool open_only, int limit,
                                          const std::optional<AlertKey>& after = std::nullopt);
  // A clinician's change to an alert (AlertChange; the API checks its
  // note). Answers what was kept; NotFound "no such alert" for an id that
  // names no alert of this patient.
  Result<AlertStateSet> SetAlertState(const User& clinician, const User& patient,
                                      const std::string& alert_id, const AlertChange& change);

  // Reminders and summaries (service_reminders.h; service_reminders.cc,
  // service_summary.cc).
  // The patient's preferences: those of their newest "preferences" record,
  // or the defaults (no reminders) when they have set none.
  Result<Preferences> PreferencesOf(const std::string& patient_id);
  // Keeps `preferences` (reminder times sorted, each once; `since` is
  // today) and answers them as kept. The API checks them as it reads them
  // from a body.
  Result<Preferences> SetPreferences(const User& patient, Preferences preferences);
  // The in-app list: reminders, nudges and weekly summaries, newest first.
  // A page of the in-app notices, newest first (app/pages.h).
  Result<JsonPage<RecordKey>> Notices(const std::string& patient_id, int limit = 60,
                                      const std::optional<RecordKey>& after = std::nullopt);
  Status AddNotice(const std::string& patient_id, const json& notice);
  // Weekly summaries as the caller may see them (cut to a supporter's scope).
  Result<json> Summaries(const Reach& reach);
  // A private calendar feed: a new secret URL path (the old one stops
  // working), revoked on demand; CalendarFor answers NotFound "no such
  // calendar" for any token that is not the current one.
  Result<CalendarLink> CreateCalendar(const User& patient);
  Status RevokeCalendar(const User& patient);
  Result<std::string> CalendarFor(const std::string& patient_id, std::string token);
  // The reminder's words for `day` (local): a kind nudge when yesterday
  // passed without a session. Never about symptoms.
  Result<std::string> ReminderText(const std::string& patient_id, Date day);
  // The week from `week_of` (a Monday): sessions, minutes, the pain trend,
  // level changes and why, and the next week's focus.
  Result<json> WeeklySummary(const std::string& patient_id, Date week_of);

  // The clinician's side.
  // A page of the clinician's clinic's patients whose name has `search`
  // (PatientList), those after `after` (nullopt: from the first);
  // InvalidArgument "limit must be from 1 to 200".
  Result<PatientList> ListPatients(const User& clinician, const std::string& search, int limit,
                                   const std::optional<PatientKey>& after = std::nullopt);
  // The same page as `write` puts it into words, kept by caller, search,
  // limit and cursor for as long as the clinic's list version stays
  // (Store::ListVersion) and its total is as current as ListPatients'
  // would be: a list that has not changed is neither read nor written
  // again. Nothing is kept with a store that keeps no version. Errors as
  // ListPatients.
  using PatientPageWriter = std::function<std::string(const PatientList&)>;
  // Seconds a count of the list's patients is used for, when the list has
  // changed since it was made (ListPatients' total).
  static constexpr Timestamp kFreshCount = 5;
  Result<std::shared_ptr<const PatientPageText>> PatientPage(const User& clinician,
                                                             const std::string& search, int limit,
                                                             const std::optional<PatientKey>& after,
                                                             const PatientPageWriter& write);
  Result<json> PatientDetail(const std::string& patient_id);
  // A clinician's change to the plan (core/adjustment.h, read from a body
  // by AdjustmentFromJson), and a note (NoteInput, checked by the API).
  // Adjust: NotFound for a patient that does not exist, the engine's error
  // for a change it refuses, Conflict as for CheckIn.
  Result<PlanChanged> Adjust(const User& clinician, const std::string& patient_id,
                             Adjustment adjustment);
  Result<RecordAdded> AddNote(const User& clinician, const std::string& patient_id,
                              const NoteInput& note);

  // Privacy rights. The export is everything kept about the patient (the
  // first form: for the patient, and for `backcoach export`): the account,
  // every record, the plan, the alerts and, for the patient, their care
  // team. For anyone else it is cut as every other route cuts it: messages
  // only of the reader's own thread (ReaderMaySee), and no care team.
  Result<json> Export(const std::string& patient_id);
  Result<json> Export(const Reach& reach, const User& reader);
  // Everything kept about the patient, as stored: for the exports
  // (fhir_export.h, csv_export.h) and the progress report.
  Result<PatientData> LoadPatientData(const std::string& patient_id);
  Status Erase(const std::string& patient_id);

  const Content& content() const { return content_; }
  Store& store() { return store_; }
  const Clock& clock() const { return clock_; }

 private:
  // How many times a write that found the plan's version changed under it
  // (Conflict: another request saved first) is tried before the Conflict
  // is returned.
  static constexpr int kWriteRetries = 3;
  // A new account after checking its fields; Conflict for a taken email.
  Result<User> CreateAccount(const std::string& email, const std::string& password,
                             const std::string& display_name, Role role,
                             const std::string& clinic_id);
  // The same with the password already checked and hashed.
  Result<User> StoreAccount(const std::string& email, const std::string& password_hash,
                            const std::string& display_name, Role role,
                            const std::string& clinic_id);
  // An unexpired, unused invitation of the patient the code names, found by
  // the secret's hash; the claim that makes it single-use comes later.
  struct SupporterInvite {
    std::string patient_id;
    std::string code_hash;
    std::string scopes;
  };
  Result<SupporterInvite> FindInvite(const std::string& code);
  // Claims the invitation (once, across servers) and adds the supporter.
  Status UseInvite(const SupporterInvite& invite, const User& supporter);
  AlertHistory HistoryOf(const std::string& patient_id, const PlanState& state, bool on_new_record);
  // A supporter on the patient's team, or a clinician of their clinic.
  bool IsTeamMember(const User& patient, const std::string& member_id);
  // The patient's row of the clinician's list worked out again from their
  // current plan (none yet: from the account alone).
  Status RefreshSummaryNow(const User& patient);

  // Stores the record that changed the plan, the new plan (if it is still at
  // `expected_version`: Conflict otherwise) and the patient's refreshed
  // summary, all or nothing.
  // The state is shared with the cache of parsed plans once stored, not
  // copied: a plan's state is tens of kilobytes of objects.
  Status SavePlan(const User& patient, std::shared_ptr<const PlanState> state,
                  std::int64_t expected_version, Record record);
  // Keeps a new intake whose answers leave an earlier red flag standing
  // (`standing`), without changing the plan; the answer shows that flag.
  Result<json> HoldIntake(const User& patient, Record record, const json& standing,
                          const std::string& seen);
  // Keeps the person's answer to "have you been seen?" as their own report.
  Status AddSeenReport(const User& patient, const std::string& seen, const json& standing);
  // Keeps a clearance of `standing` (its intake's red flag) as a record.
  Record ClearanceRecord(const User& patient, const User& by, const std::string& how,
                         const json& standing, const json& decisions) const;
  // Tells the care team that the answers went from a red flag to none.
  Status AlertAnswersChanged(const User& patient, const json& standing, const std::string& seen);
  // What the clinician's list shows for this patient, from their plan.
  PatientSummary SummaryOf(const User& patient, const PlanState* state) const;
  Status RefreshSummary(const User& patient, const PlanState* state);
  // The current plan and its version; parsed once per version, and shared
  // (read-only) by everyone who reads that version.
  Result<std::pair<std::shared_ptr<const PlanState>, std::int64_t>> CurrentPlan(
      const std::string& patient_id);

  Result<json> RenderToday(const PlanState& state, Date day);
  // The account `id` as ReachPatient sees it (see there for the epoch).
  Result<User> AccountAt(const User& actor, const std::string& id, std::int64_t access_epoch);
  // The exercise's motion definition, or null.
  const json& MotionOf(const std::string& exercise) const;
  // Reviews the patient's step goal (core/step_goal.h) from their imported
  // days; a new goal is saved with the plan. Answers the goal, or null
  // without a plan or without enough days.
  Result<std::optional<StepGoal>> UpdateStepGoal(const User& patient);

  Store& store_;
  const Content& content_;
  const Clock& clock_;
  // One patient's plan changes take turns within this process (a double tap
  // on "done" must not fail); several processes still meet the store's
  // version check, and retry.
  std::mutex& PlanLock(const std::string& patient_id);
  std::array<std::mutex, 4096> plan_locks_;  // many, so that unrelated patients rarely share one
  // How many patients a clinic's list has (by clinic and search), counted
  // at most every few seconds: counting walks every row of a large clinic,
  // and a page count a moment old is fine while the rows shown are current.
  // A count made at the list's `version` (when the store keeps one) stays
  // exact while the version does.
  struct Count {
    Timestamp at = 0;
    int total = 0;
    std::optional<std::int64_t> version;  // the list's version it was counted at
  };
  Result<Count> CountPatients(const PatientQuery& query, std::optional<std::int64_t> version);
  // ListPatients with the list's version already read (nullopt: none kept);
  // `total_until` is when the page's total may be out of date (kForever when
  // it was counted at `version`).
  static constexpr Timestamp kForever = std::numeric_limits<Timestamp>::max();
  Result<PatientList> ListPatientsAt(const User& clinician, const std::string& search, int limit,
                                     const std::optional<PatientKey>& after,
                                     std::optional<std::int64_t> version, Timestamp& total_until);
  std::mutex counts_mu_;
  std::map<std::string, Count> counts_;  // guarded by counts_mu_
  // Each exercise's motion definition (content/motions.yaml, as
  // motion_json.h writes it), made once at construction for the exercise
  // cards; an exercise without one is absent.
  std::map<std::string, json> motions_;
  // Parsed plan states and rendered "today" answers, by plan version.
  VersionedCache<PlanState> plans_{4096};
  VersionedCache<std::string> today_{4096};
  // Pages of clinics' lists as the API writes them, by the list's version.
  // A page of 200 patients is about 104 KB: at most about 27 MB, however
  // many searches and cursors a caller sends.
  VersionedCache<PatientPageText> patient_pages_{256};
  // Patients' accounts by id, versioned by the store's access epoch.
  VersionedCache<User> accounts_{16384};
  // Alerts known to be stored (patient, rule, period; the version is
  // always 0): raised here, or refused as raised before. Alerts are never
  // deleted but with their patient, so a known one is not offered to the
  // store again: each session log would otherwise queue a write for every
  // alert that still holds. A red flag is looked up in the store instead.
  VersionedCache<bool> raised_alerts_{16384};
};

// The imported activity that counts, by day: of a day's "steps" records the
// one of the latest import (payload field "import", a number that grows with
// each import of the patient's; then created_at), parsed. Records of other
// kinds are ignored.
std::map<std::string, json> LatestActivity(const std::vector<Record>& records);

// Whether `reader`, who reaches the patient as `reach`, may see `record`:
// the patient sees all of their records; anyone else a message only in
// their own thread with the patient (a member reads no one else's), and
// every other record as far as the route let them reach it.
bool ReaderMaySee(const Record& record, const User& reader, const Reach& reach);

// Reads a JSON body; InvalidArgument "the request body is not valid JSON".
Result<json> ParseBody(const std::string& text);

}  // namespace backcoach

#endif  // BACKCOACH_APP_SERVICE_H_
