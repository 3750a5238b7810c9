// Care team: who besides the patient may see which of their data.
//
// A patient's team is the clinicians and admins of their clinic, who see
// everything clinical, and the supporters the patient invited (a coach, a
// friend, family), who see only what the patient shares with them:
//
//   scope       what it shows                                who has it
//   adherence   sessions done per week, the weekly streak    every member
//   messages    the member's own thread with the patient      every member
//   progress    active minutes, exercise levels over time     supporters, if shared
//   symptoms    pain during sessions, next morning, diary     supporters, if shared
//   clinical    screen results, red-flag answers, plan,       the patient and clinicians
//               logs, questionnaires, notes, alerts, export   only; never a supporter
//
// Membership and scopes are read from the store on every request (no
// cache), so a removal or a narrower scope holds from the very next one.
// The one check that applies them is Service::ReachPatient (service.h); this file
// holds the vocabulary and the filter of data by scope.
//
// Pure functions over plain values: safe from any thread.
#ifndef BACKCOACH_APP_CARE_TEAM_H_
#define BACKCOACH_APP_CARE_TEAM_H_

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/store.h"

namespace backcoach {

enum class Scope { kAdherence, kMessages, kProgress, kSymptoms, kClinical };

const char* ScopeName(Scope scope);  // "adherence", ...; never fails
using Scopes = std::set<Scope>;

// What every supporter sees, whatever else is shared.
const Scopes& DefaultSupporterScopes();

// The scopes a patient may share with a supporter, beyond the default.
const std::vector<Scope>& ShareableScopes();  // progress, symptoms

// A supporter's scopes as stored (CareMember.scopes: "progress,symptoms"),
// always with the default ones. Never fails: a name that is not a
// shareable scope is ignored.
Scopes ScopesFromStored(const std::string& stored);
// The extra scopes a patient shares, from a JSON array of names in a
// request body ("scopes": ["progress"]). InvalidArgument naming the field
// for anything else, "clinical" included.
Result<std::string> StoredScopesFromJson(const nlohmann::json& names);
// The scopes as a JSON array of names. Never fails.
nlohmann::json ScopesJson(const Scopes& scopes);

// How the caller stands to the patient.
enum class Relation { kSelf, kClinician, kSupporter };

// What each scope grants a supporter, field by field (docs/care-team.md):
// every field below is named, so a field added to the source later reaches
// a supporter only when it is added here.
//
// The patient's progress series (Service::ProgressSeries) cut to `scopes`:
// weeks keep week_of, sessions and adherence; their active minutes and the
// exercise levels need "progress"; the pain series, the pain change and the
// meaningful change need "symptoms"; questionnaires, imported steps and
// anything else are left out unless "clinical" is among the scopes. Never
// fails.
nlohmann::json FilterProgress(const nlohmann::json& progress, const Scopes& scopes);

// A weekly summary (Service::WeeklySummary) cut to `scopes`: sessions and
// the streak always; minutes, level changes (date, exercise, change) and
// the next week's exercises with "progress"; the pain trend with
// "symptoms"; the reason for each level change and the flare-up line of the
// focus with both, as they speak of pain. Never fails.
nlohmann::json FilterSummary(const nlohmann::json& summary, const Scopes& scopes);

// The next week's focus while on the flare-up protocol (a symptom).
inline constexpr char kFlareUpFocus[] =
    "The flare-up plan: short, gentle sessions until things settle.";

// A supporter invitation code: the patient's id and a secret, "ID-SECRET".
struct SupporterCode {
  std::string patient_id;
  std::string secret;
};
// InvalidArgument "the supporter code is not valid or has been used" for a
// code not of that shape (or longer than 200 characters).
Result<SupporterCode> ParseSupporterCode(const std::string& code);

}  // namespace backcoach

#endif  // BACKCOACH_APP_CARE_TEAM_H_
