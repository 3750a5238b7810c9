// ScreeningRules: the red-flag rule table, as data.
//
// content/screening.yaml holds the clinician-readable rule table (section 7
// of the clinical brief): each rule has an id (E1, S3, W7...), the tier it
// raises, a condition over the intake's answers, a plain-language message,
// an optional caution for the programme, lessons that fit, and its source.
// Conditions are small boolean trees:
//
//   when: {saddle_numbness: true}                       # equals
//   when: {leg_symptom_sides: both, any: [...]}         # keys are ANDed
//   when: {age: {at_least: 70}, trauma: minor}          # thresholds
//   when: {pain_trend: [stable, worsening]}             # one of
//   when: {not: {leg_weakness: none}}
//
// Fields are the intake's (see intake.h) plus the derived `phase`. Every
// field name and value is checked when the file is loaded.
#ifndef BACKCOACH_CORE_SCREENING_RULES_H_
#define BACKCOACH_CORE_SCREENING_RULES_H_

#include <array>
#include <map>
#include <string>
#include <vector>

#include "core/intake.h"
#include "core/status.h"

namespace backcoach {

// Most urgent last, so that a larger value is more urgent.
enum class Tier { kSelfCare, kRoutineReview, kWithinDays, kSameDay, kEmergency };
constexpr int kTierCount = 5;
const char* TierName(Tier t);  // "self_care", ..., "emergency"

enum class Phase { kAcute, kSubacute, kChronic };
const char* PhaseName(Phase p);

enum class Presentation { kLocalized, kRadicular, kWidespread };
const char* PresentationName(Presentation p);

struct Condition {
  enum class Op { kAll, kAny, kNot, kEquals, kOneOf, kAtLeast, kBelow };
  Op op = Op::kAll;
  std::size_t field = 0;       // index into IntakeFields(), or kPhaseField
  std::vector<double> values;  // the value(s) compared with
  std::vector<Condition> children;

  bool Matches(const Intake& intake, Phase phase) const;
};
// The derived field `phase`, usable in conditions after the intake's fields.
std::size_t PhaseFieldIndex();

struct ScreeningRule {
  std::string id;  // "E1"
  Tier tier = Tier::kSelfCare;
  std::string title;  // short, for lists: "Numbness in the saddle area"
  Condition when;
  std::string message;                 // what to do and how soon, ending with the emergency signs
  std::string caution;                 // for the programme; empty when none
  std::vector<std::string> education;  // lesson ids
  bool blocks_programme = false;       // stops the programme whatever the tier
  std::string source;
};

struct TierAdvice {
  std::string headline;   // "Go to an emergency department now"
  std::string programme;  // what happens to the exercise programme
};

class ScreeningRules {
 public:
  static Result<ScreeningRules> Parse(const std::string& yaml_text, const std::string& file_name);

  const std::vector<ScreeningRule>& rules() const { return rules_; }
  const TierAdvice& advice(Tier t) const { return advice_[static_cast<int>(t)]; }
  // The signs that always mean "emergency department now", said at the end
  // of every flag's message and on the permanent emergency card.
  const std::string& emergency_signs() const { return emergency_signs_; }

  double subacute_from_weeks() const { return subacute_from_weeks_; }
  double chronic_from_weeks() const { return chronic_from_weeks_; }
  const std::string& phase_source() const { return phase_source_; }
  Phase PhaseFor(double pain_duration_weeks) const;

  // Lessons for everyone, and for each phase and presentation.
  const std::vector<std::string>& education_always() const { return education_always_; }
  const std::vector<std::string>& education_for(const std::string& phase_or_presentation) const;

  // Every lesson id the rules name, for cross-checking against education.
  std::vector<std::string> ReferencedLessons() const;

 private:
  std::vector<ScreeningRule> rules_;
  std::array<TierAdvice, kTierCount> advice_;
  std::string emergency_signs_;
  double subacute_from_weeks_ = 4;
  double chronic_from_weeks_ = 12;
  std::string phase_source_;
  std::vector<std::string> education_always_;
  std::map<std::string, std::vector<std::string>> education_by_situation_;
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_SCREENING_RULES_H_
