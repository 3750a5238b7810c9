// Service: what backcoach does for its users, over the Store and the core,
// with no HTTP in sight. The API (api.h) decodes requests and calls these;
// the demo seeder calls them too, so demo data is made the way real data is.
//
// Access rules live here, once: a patient reaches only their own data; a
// clinician or clinic admin only the patients of their own clinic; nothing
// crosses clinics. A patient id the actor may not see gets the same
// NotFound as one that does not exist, so ids cannot be probed.
#ifndef BACKCOACH_SERVER_SERVICE_H_
#define BACKCOACH_SERVER_SERVICE_H_

#include <nlohmann/json.hpp>
#include <array>
#include <map>
#include <mutex>
#include <string>

#include "activity/activity_import.h"
#include "core/content.h"
#include "core/plan.h"
#include "server/clock.h"
#include "server/versioned_cache.h"
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

// How an actor wants to reach a patient's data.
enum class Access {
  kRead,             // the patient, or a clinician/admin of their clinic
  kPatientWrite,     // the patient only (logs, intake, diary)
  kClinicianWrite,   // a clinician or admin of their clinic (notes, plan changes)
};

class Service {
 public:
  Service(Store& store, const Content& content, const Clock& clock);

  // The patient `patient_id` if `actor` may reach them in this way.
  // NotFound for missing and foreign alike; PermissionDenied when the actor
  // is allowed to see the patient but not to do this (a clinician logging
  // a session for them, say).
  Result<User> PatientFor(const User& actor, const std::string& patient_id, Access access);

  // Accounts.
  Result<User> SignUp(const std::string& email, const std::string& password,
                      const std::string& display_name, const std::string& invitation_code);
  Result<Clinic> CreateClinic(const std::string& name);
  Result<User> CreateStaff(const std::string& clinic_id, Role role, const std::string& email,
                           const std::string& password, const std::string& display_name);
  Result<Invitation> Invite(const User& clinician);
  Status SetDisabled(const User& admin, const std::string& user_id, bool disabled);
  Result<json> ListStaff(const User& admin);

  // A patient's programme.
  Result<json> SubmitIntake(const User& patient, const json& body);
  Result<PlanRecord> Plan(const std::string& patient_id);
  // Today's session, encoded. Rendered once per plan version and day, then
  // served from memory until the plan changes.
  Result<std::shared_ptr<const std::string>> Today(const std::string& patient_id, Date day);
  Result<json> LogSession(const User& patient, const json& body);
  Result<json> CheckIn(const User& patient, const json& body);
  Result<json> AddPain(const User& patient, const json& body);
  Result<json> AddQuestionnaire(const User& patient, const std::string& questionnaire_id,
                                const json& body);
  Result<json> Records(const std::string& patient_id, const std::string& kind, int limit);
  Result<json> ProgressSeries(const std::string& patient_id);

  // Steps and active minutes read from a file (activity/activity_import.h),
  // stored as one "steps" record per day {steps, active_minutes, source},
  // in one transaction. A day already stored with the same numbers is left
  // alone; a day with new numbers gets a new record, and the newest record
  // of a day is the one that counts. Answers {format, rows, days, stored,
  // unchanged, skipped, problems: [{line, message}], first_day, last_day}.
  Result<json> ImportActivity(const User& patient, const ActivityImport& import);
  // The patient's imported days: date -> {steps, active_minutes, source},
  // the newest record of each day.
  Result<std::map<std::string, json>> DailyActivity(const std::string& patient_id);
  Result<json> Screen(const std::string& patient_id);

  // The clinician's side.
  Result<json> ListPatients(const User& clinician, const std::string& search, int offset,
                            int limit);
  Result<json> PatientDetail(const std::string& patient_id);
  Result<json> Adjust(const User& clinician, const std::string& patient_id, const json& body);
  Result<json> AddNote(const User& clinician, const std::string& patient_id, const json& body);

  // Privacy rights.
  Result<json> Export(const std::string& patient_id);
  // Everything kept about the patient, as stored: for the exports
  // (fhir_export.h, csv_export.h) and the progress report.
  Result<PatientData> LoadPatientData(const std::string& patient_id);
  Status Erase(const std::string& patient_id);

  const Content& content() const { return content_; }
  Store& store() { return store_; }
  const Clock& clock() const { return clock_; }

 private:
  // Stores the record that changed the plan, the new plan (if it is still at
  // `expected_version`: Conflict otherwise) and the patient's refreshed
  // summary, all or nothing.
  Status SavePlan(const User& patient, const PlanState& state, std::int64_t expected_version,
                  Record record);
  // What the clinician's list shows for this patient, from their plan.
  PatientSummary SummaryOf(const User& patient, const PlanState* state) const;
  Status RefreshSummary(const User& patient, const PlanState* state);
  // The current plan and its version; parsed once per version.
  Result<std::pair<std::shared_ptr<const PlanState>, std::int64_t>> CurrentPlan(
      const std::string& patient_id);
  Result<std::pair<PlanState, std::int64_t>> LoadPlan(const std::string& patient_id);

  Result<json> RenderToday(const PlanState& state, Date day);

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
  Result<int> CountPatients(const PatientQuery& query);
  struct Count {
    Timestamp at = 0;
    int total = 0;
  };
  std::mutex counts_mu_;
  std::map<std::string, Count> counts_;  // guarded by counts_mu_
  // Parsed plan states and rendered "today" answers, by plan version.
  VersionedCache<PlanState> plans_{4096};
  VersionedCache<std::string> today_{4096};
};

// The imported activity that counts, by day: of a day's "steps" records the
// one of the latest import (payload field "import", a number that grows with
// each import of the patient's; then created_at), parsed. Records of other
// kinds are ignored.
std::map<std::string, json> LatestActivity(const std::vector<Record>& records);

// Reads a JSON body; InvalidArgument "the request body is not valid JSON".
Result<json> ParseBody(const std::string& text);

}  // namespace backcoach

#endif  // BACKCOACH_SERVER_SERVICE_H_
