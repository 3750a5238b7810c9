// Intake: what a person tells backcoach about their back before anything is
// suggested, and the strict JSON form it arrives in.
//
// Every field is required unless marked optional, and unknown fields are
// errors: a misspelt key must never silently drop a symptom. Answers that
// contradict each other (leg sides given with no leg symptoms) are errors
// too, not guesses. The field table (IntakeFields) is what the screening
// rules in content/screening.yaml may refer to.
#ifndef BACKCOACH_CORE_INTAKE_H_
#define BACKCOACH_CORE_INTAKE_H_

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"

namespace backcoach {

enum class PainTrend { kImproving, kStable, kWorsening };
enum class LegSymptoms { kNone, kAboveKnee, kBelowKnee };
enum class LegSides { kNone, kOne, kBoth };
enum class LegWeakness { kNone, kStable, kWorsening };
enum class Trauma { kNone, kMinor, kMajor };

struct Intake {
  int age = 0;                     // years, 0-120
  double pain_duration_weeks = 0;  // >= 0
  int pain_now = 0;                // 0-10
  PainTrend pain_trend = PainTrend::kStable;
  LegSymptoms leg_symptoms = LegSymptoms::kNone;
  LegSides leg_symptom_sides = LegSides::kNone;
  bool leg_numbness_or_tingling = false;
  LegWeakness leg_weakness = LegWeakness::kNone;
  bool saddle_numbness = false;
  bool bladder_or_bowel_change = false;
  bool sexual_dysfunction_new = false;
  bool fever_or_chills = false;
  bool unexplained_weight_loss = false;
  bool cancer_history = false;
  Trauma trauma = Trauma::kNone;
  bool osteoporosis_or_long_term_steroids = false;
  bool immunosuppressed_or_iv_drug_use = false;
  bool recent_infection_or_spinal_procedure = false;
  bool constant_night_pain = false;
  bool feeling_unwell = false;
  bool widespread_pain = false;
  bool first_episode = false;
  std::optional<bool> thoracic_pain;
  std::optional<bool> morning_stiffness_over_30_min;
};

// How a field is typed, for parsing and for validating rule conditions.
enum class FieldKind { kInteger, kNumber, kBoolean, kOptionalBoolean, kChoice };

struct IntakeField {
  const char* name;
  FieldKind kind;
  double min = 0;  // numbers only
  double max = 0;
  std::vector<std::string> choices;  // kChoice only, in enum order
};

// Every intake field, in the order of the intake table.
const std::vector<IntakeField>& IntakeFields();
// The field's value as a number: choices as their index, booleans as 0/1
// (an absent optional boolean reads 0).
double IntakeFieldValue(const Intake& intake, std::size_t field_index);

// Parses the intake fields of a JSON object. Keys in `other_keys` belong to
// someone else (a plan request carries more than the intake) and are
// skipped; any other unknown key is an error.
Result<Intake> IntakeFromJson(const nlohmann::json& object,
                              const std::set<std::string>& other_keys = {});
// Parses JSON text holding one intake object.
Result<Intake> ParseIntake(const std::string& json_text);
nlohmann::json IntakeToJson(const Intake& intake);

// Applies the intake fields present in `object` (a later report of new
// symptoms) on top of `base`, checking each as IntakeFromJson does and the
// result's consistency. Keys that are not intake fields are ignored; returns
// the number of fields applied in `applied` when given.
Result<Intake> MergeIntakeFields(const Intake& base, const nlohmann::json& object,
                                 int* applied = nullptr);

// Checks the answers agree with each other.
Status CheckIntakeConsistency(const Intake& intake);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_INTAKE_H_
