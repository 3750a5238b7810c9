// The programme: what a patient sends the Service as they go (an intake, a
// session's log, the next morning's check-in, a pain rating, a
// questionnaire's answers), what a clinician sends about them (a plan
// adjustment, a note), and clearing a red flag or a finding; and the small
// answers to them (QuestionnaireScored, RecordAdded, PlanChanged, Cleared). Plain values: the API
// decodes and encodes them (api/service_json.h), the demo and the command
// line build them directly. The Service's members that take
// them are in service.h (SubmitIntake, LogSession, CheckIn, AddPain,
// AddQuestionnaire, Adjust, AddNote, Clear); service_programme.cc and
// service_clearing.cc hold their code.
//
// Plain values: safe from any thread as any value is; the functions here
// never fail but where they say so.
#ifndef BACKCOACH_APP_SERVICE_PROGRAMME_H_
#define BACKCOACH_APP_SERVICE_PROGRAMME_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/plan.h"
#include "core/status.h"
#include "storage/store.h"

namespace backcoach {

// The answers to "have you been seen?" after a red-flag result:
// "seen_cleared", "seen_not_cleared", "not_yet".
const std::vector<std::string>& SeenAnswers();

// An intake. `answers` is the request the engine reads (PlanRequestFromJson:
// the intake's answers and the plan's choices; start_date, when absent, is
// the day it arrives), clinical data kept as the engine's JSON. `seen` is
// the person's answer to "have you been seen?" (SeenAnswers), required
// after a red-flag result that stands; "" when not given.
struct IntakeInput {
  nlohmann::json answers = nlohmann::json::object();
  std::string seen;
};

// The next morning's check-in after a session.
struct CheckInInput {
  Date date;                  // the session's day
  int pain_next_morning = 0;  // 0 to 10
};

// A pain rating on its own, with an optional note (at most kMaxPainNote bytes).
struct PainInput {
  Date date;     // the day it is about
  int pain = 0;  // 0 to 10
  std::string note;
};
inline constexpr std::size_t kMaxPainNote = 2000;

// A questionnaire's answers: item id to number, as given (a value that is
// not a finite number is NaN, refused by the questionnaire with its own
// message); nullopt when the body held no object of answers.
struct QuestionnaireInput {
  std::optional<std::map<std::string, double>> answers;
};

// A clinician's note on the patient's record: 1 to kMaxNoteText bytes.
struct NoteInput {
  std::string text;
};
inline constexpr std::size_t kMaxNoteText = 5000;

// A clearance: from the patient, their answer to "have you been seen?"
// (`seen`, SeenAnswers; required from them, not read from a clinician);
// `rules`, the engine findings to clear (all when empty).
struct ClearInput {
  std::string seen;
  std::vector<std::string> rules;
};

// One row of a clinic's list of patients: the summary the list sorts by,
// whether its attention is urgent, and the caller's unread messages from
// the patient.
struct PatientRow {
  PatientSummary summary;
  bool urgent = false;
  int unread = 0;
};

// A page of a clinic's list of patients, those needing attention first,
// how many the search finds in all (counted at most every few seconds), and
// the key of the page's last patient when another page follows (nullopt on
// the last page): the next page continues after it (Store::ListPatients).
struct PatientList {
  int total = 0;
  int limit = 0;
  std::vector<PatientRow> patients;
  std::optional<PatientKey> next;
};

// A page of the clinic's list as it is sent (Service::PatientPage): the
// body, how many patients it shows, and until when its total is current.
struct PatientPageText {
  std::string body;
  int patients = 0;
  Timestamp total_until = 0;
};

// A questionnaire's answers scored and kept: the record's id, the
// questionnaire, its score, band and words, and the answers as checked.
struct QuestionnaireScored {
  std::string id;
  std::string questionnaire;
  double score = 0;
  std::string band;
  std::string interpretation;
  std::map<std::string, double> answers;
};
// Checked answers as their record keeps them and the API answers them: a
// whole number as one (3, never 3.0), any other as it is.
nlohmann::json QuestionnaireAnswersJson(const std::map<std::string, double>& answers);

// A record just kept (a pain rating, a clinician's note): its id.
struct RecordAdded {
  std::string id;
};

// A change of the plan just saved (a session log, a check-in, a clinician's
// adjustment): the plan's status afterwards, the engine's decisions with
// their reasons (core/plan_json.h writes them), and after a session log the
// plan's words for the person, most important first.
struct PlanChanged {
  PlanStatus status = PlanStatus::kNoPlan;
  std::vector<Reason> decisions;
  std::vector<std::string> messages;
};

// What a clearance did. Cleared (`cleared`): `how` ("clinician", or
// "self_report" from a person without a clinic) and the engine's decisions
// (none when only an intake's red flag stood). Not cleared (a person who
// has not been seen and cleared): their answer `seen` and the advice of
// what stands, given again ({headline, programme, flags}: the screen's own
// words and flags, kept as the screen wrote them).
struct Cleared {
  bool cleared = false;
  std::string how;
  std::vector<Reason> decisions;
  std::string seen;
  nlohmann::json advice;
};

// InvalidArgument with the plain message the patient reads when `seen` is
// not one of SeenAnswers on a clearance; Ok otherwise.
Status CheckSeenToClear(const std::string& seen);

}  // namespace backcoach

#endif  // BACKCOACH_APP_SERVICE_PROGRAMME_H_
