// Screening: red flags first. Decides, from an intake, whether a person may
// start the programme and, if not, whom to see and how urgently.
//
// Every rule in the table (ScreeningRules) is tried; every rule that fires
// is reported, and the triage is the most urgent tier any of them reaches.
// Phase and presentation are derived here too, because the plan needs them.
// Pure and deterministic; safe to call from many threads.
#ifndef BACKCOACH_CORE_SCREENING_H_
#define BACKCOACH_CORE_SCREENING_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/intake.h"
#include "core/screening_rules.h"

namespace backcoach {

struct ScreenResult {
  Tier triage = Tier::kSelfCare;
  Phase phase = Phase::kAcute;
  Presentation presentation = Presentation::kLocalized;
  bool can_start_programme = true;
  // A rule that stops any programme fired (under 18, for one): not even the
  // walking-only plan of a within-days result is offered.
  bool programme_blocked = false;
  // The rules that fired, in table order; they point into the ScreeningRules
  // the result came from, which must outlive it.
  std::vector<const ScreeningRule*> flags;

  bool Fired(const std::string& rule_id) const;
  // Cautions for the programme from the rules that fired, without repeats.
  std::vector<std::string> Cautions() const;
};

// Screens one intake. REQUIRES: the intake passed CheckIntakeConsistency.
ScreenResult Screen(const Intake& intake, const ScreeningRules& rules);

// How the presentation is read from the answers: radicular when symptoms go
// below the knee, or there is numbness, tingling or weakness in a leg;
// otherwise widespread when pain is in several body regions; else localized.
Presentation PresentationFor(const Intake& intake);

// Lesson ids that fit this result: always-lessons, the phase's and the
// presentation's, then each fired rule's, without repeats.
std::vector<std::string> LessonsFor(const ScreenResult& result, const ScreeningRules& rules);

// What happens to the exercise programme, in plain words: the tier's
// advice, or the caution of a rule that blocks the programme on its own.
std::string ProgrammeText(const ScreenResult& result, const ScreeningRules& rules);

// The --json form: triage, phase, presentation, can_start_programme, headline,
// programme, flags (id, tier, title, message, source), cautions, education.
nlohmann::json ScreenResultToJson(const ScreenResult& result, const ScreeningRules& rules);

// The readable form for a person, most urgent first.
std::string ScreenResultToText(const ScreenResult& result, const ScreeningRules& rules);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_SCREENING_H_
