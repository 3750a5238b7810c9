#include "core/intake.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/json_number.h"

namespace backcoach {

namespace {

using json = nlohmann::json;

const std::vector<std::string> kTrendChoices = {"improving", "stable", "worsening"};
const std::vector<std::string> kLegChoices = {"none", "above_knee", "below_knee"};
const std::vector<std::string> kSideChoices = {"none", "one", "both"};
const std::vector<std::string> kWeaknessChoices = {"none", "stable", "worsening"};
const std::vector<std::string> kTraumaChoices = {"none", "minor", "major"};

// Field indexes, in the order of IntakeFields().
enum Field : std::size_t {
  kAge,
  kDuration,
  kPainNow,
  kPainTrend,
  kLegSymptoms,
  kLegSides,
  kLegNumbness,
  kLegWeakness,
  kSaddle,
  kBladder,
  kSexual,
  kFever,
  kWeightLoss,
  kCancer,
  kTrauma,
  kOsteoporosis,
  kImmuno,
  kRecentInfection,
  kNightPain,
  kUnwell,
  kWidespread,
  kFirstEpisode,
  kThoracic,
  kMorningStiffness,
  kFieldCount,
};

// Works for const and non-const intakes alike.
template <typename IntakeT>
auto BoolSlot(IntakeT& in, std::size_t field) -> decltype(&in.saddle_numbness) {
  switch (field) {
    case kLegNumbness: return &in.leg_numbness_or_tingling;
    case kSaddle: return &in.saddle_numbness;
    case kBladder: return &in.bladder_or_bowel_change;
    case kSexual: return &in.sexual_dysfunction_new;
    case kFever: return &in.fever_or_chills;
    case kWeightLoss: return &in.unexplained_weight_loss;
    case kCancer: return &in.cancer_history;
    case kOsteoporosis: return &in.osteoporosis_or_long_term_steroids;
    case kImmuno: return &in.immunosuppressed_or_iv_drug_use;
    case kRecentInfection: return &in.recent_infection_or_spinal_procedure;
    case kNightPain: return &in.constant_night_pain;
    case kUnwell: return &in.feeling_unwell;
    case kWidespread: return &in.widespread_pain;
    case kFirstEpisode: return &in.first_episode;
    default: return nullptr;
  }
}

std::optional<bool>* OptionalBoolSlot(Intake& in, std::size_t field) {
  if (field == kThoracic) return &in.thoracic_pain;
  if (field == kMorningStiffness) return &in.morning_stiffness_over_30_min;
  return nullptr;
}

void SetChoice(Intake& in, std::size_t field, int index) {
  switch (field) {
    case kPainTrend: in.pain_trend = static_cast<PainTrend>(index); break;
    case kLegSymptoms: in.leg_symptoms = static_cast<LegSymptoms>(index); break;
    case kLegSides: in.leg_symptom_sides = static_cast<LegSides>(index); break;
    case kLegWeakness: in.leg_weakness = static_cast<LegWeakness>(index); break;
    case kTrauma: in.trauma = static_cast<Trauma>(index); break;
    default: break;
  }
}

void SetNumber(Intake& in, std::size_t field, double value) {
  switch (field) {
    case kAge: in.age = static_cast<int>(value); break;
    case kDuration: in.pain_duration_weeks = value; break;
    case kPainNow: in.pain_now = static_cast<int>(value); break;
    default: break;
  }
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

std::string ChoiceList(const std::vector<std::string>& choices) {
  std::string out;
  for (const auto& c : choices) out += (out.empty() ? "" : ", ") + c;
  return out;
}

Status ReadField(const IntakeField& field, std::size_t index, const json& value, Intake& out) {
  const std::string name = field.name;
  switch (field.kind) {
    case FieldKind::kBoolean:
    case FieldKind::kOptionalBoolean:
      if (!value.is_boolean()) {
        return Status::InvalidArgument("field " + Quoted(name) + " must be true or false");
      }
      if (field.kind == FieldKind::kBoolean) {
        *BoolSlot(out, index) = value.get<bool>();
      } else {
        *OptionalBoolSlot(out, index) = value.get<bool>();
      }
      return Status::Ok();
    case FieldKind::kChoice: {
      if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        for (std::size_t i = 0; i < field.choices.size(); ++i) {
          if (field.choices[i] == text) {
            SetChoice(out, index, static_cast<int>(i));
            return Status::Ok();
          }
        }
      }
      return Status::InvalidArgument("field " + Quoted(name) + " must be one of " +
                                     ChoiceList(field.choices));
    }
    case FieldKind::kInteger:
    case FieldKind::kNumber: {
      const bool whole = field.kind == FieldKind::kInteger;
      std::optional<double> v = NumberIn(value, field.min, field.max);
      if (whole) {
        auto n = WholeNumberIn(value, static_cast<long long>(field.min),
                               static_cast<long long>(field.max));
        v = n ? std::optional<double>(static_cast<double>(*n)) : std::nullopt;
      }
      if (!v) {
        std::string range = field.max >= 1e9 ? "at least " + std::to_string(int(field.min))
                                             : "from " + std::to_string(int(field.min)) + " to " +
                                                   std::to_string(int(field.max));
        return Status::InvalidArgument("field " + Quoted(name) + " must be " +
                                       (whole ? "a whole number " : "a number ") + range);
      }
      SetNumber(out, index, *v);
      return Status::Ok();
    }
  }
  return Status::Internal("unhandled field kind");
}

}  // namespace

const std::vector<IntakeField>& IntakeFields() {
  static const std::vector<IntakeField> fields = {
      {"age", FieldKind::kInteger, 0, 120, {}},
      {"pain_duration_weeks", FieldKind::kNumber, 0, 1e9, {}},
      {"pain_now", FieldKind::kInteger, 0, 10, {}},
      {"pain_trend", FieldKind::kChoice, 0, 0, kTrendChoices},
      {"leg_symptoms", FieldKind::kChoice, 0, 0, kLegChoices},
      {"leg_symptom_sides", FieldKind::kChoice, 0, 0, kSideChoices},
      {"leg_numbness_or_tingling", FieldKind::kBoolean, 0, 0, {}},
      {"leg_weakness", FieldKind::kChoice, 0, 0, kWeaknessChoices},
      {"saddle_numbness", FieldKind::kBoolean, 0, 0, {}},
      {"bladder_or_bowel_change", FieldKind::kBoolean, 0, 0, {}},
      {"sexual_dysfunction_new", FieldKind::kBoolean, 0, 0, {}},
      {"fever_or_chills", FieldKind::kBoolean, 0, 0, {}},
      {"unexplained_weight_loss", FieldKind::kBoolean, 0, 0, {}},
      {"cancer_history", FieldKind::kBoolean, 0, 0, {}},
      {"trauma", FieldKind::kChoice, 0, 0, kTraumaChoices},
      {"osteoporosis_or_long_term_steroids", FieldKind::kBoolean, 0, 0, {}},
      {"immunosuppressed_or_iv_drug_use", FieldKind::kBoolean, 0, 0, {}},
      {"recent_infection_or_spinal_procedure", FieldKind::kBoolean, 0, 0, {}},
      {"constant_night_pain", FieldKind::kBoolean, 0, 0, {}},
      {"feeling_unwell", FieldKind::kBoolean, 0, 0, {}},
      {"widespread_pain", FieldKind::kBoolean, 0, 0, {}},
      {"first_episode", FieldKind::kBoolean, 0, 0, {}},
      {"thoracic_pain", FieldKind::kOptionalBoolean, 0, 0, {}},
      {"morning_stiffness_over_30_min", FieldKind::kOptionalBoolean, 0, 0, {}},
  };
  return fields;
}

double IntakeFieldValue(const Intake& in, std::size_t field) {
  switch (field) {
    case kAge: return in.age;
    case kDuration: return in.pain_duration_weeks;
    case kPainNow: return in.pain_now;
    case kPainTrend: return static_cast<int>(in.pain_trend);
    case kLegSymptoms: return static_cast<int>(in.leg_symptoms);
    case kLegSides: return static_cast<int>(in.leg_symptom_sides);
    case kLegWeakness: return static_cast<int>(in.leg_weakness);
    case kTrauma: return static_cast<int>(in.trauma);
    case kThoracic: return in.thoracic_pain.value_or(false) ? 1 : 0;
    case kMorningStiffness: return in.morning_stiffness_over_30_min.value_or(false) ? 1 : 0;
    default: {
      const bool* slot = BoolSlot(in, field);
      return slot != nullptr && *slot ? 1 : 0;
    }
  }
}

Status CheckIntakeConsistency(const Intake& in) {
  const bool has_leg = in.leg_symptoms != LegSymptoms::kNone;
  const bool has_sides = in.leg_symptom_sides != LegSides::kNone;
  if (has_leg && !has_sides) {
    return Status::InvalidArgument(
        "leg_symptoms says a leg is affected but leg_symptom_sides is 'none': say 'one' or "
        "'both'");
  }
  if (!has_leg && has_sides) {
    return Status::InvalidArgument(
        "leg_symptom_sides names a side but leg_symptoms is 'none': say how far down the leg "
        "the symptoms go");
  }
  if (!has_leg && in.leg_numbness_or_tingling) {
    return Status::InvalidArgument(
        "leg_numbness_or_tingling is true but leg_symptoms is 'none': say how far down the leg "
        "the symptoms go");
  }
  return Status::Ok();
}

Result<Intake> IntakeFromJson(const json& object, const std::set<std::string>& other_keys) {
  if (!object.is_object()) return Status::InvalidArgument("the intake must be a JSON object");
  const auto& fields = IntakeFields();
  for (const auto& [key, value] : object.items()) {
    if (other_keys.count(key) > 0) continue;
    bool known = false;
    for (const auto& f : fields) known = known || key == f.name;
    if (!known) return Status::InvalidArgument("unknown field " + Quoted(key));
  }
  Intake intake;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const IntakeField& field = fields[i];
    auto it = object.find(field.name);
    if (it == object.end() || (field.kind == FieldKind::kOptionalBoolean && it->is_null())) {
      if (field.kind == FieldKind::kOptionalBoolean) continue;
      return Status::InvalidArgument("missing field " + Quoted(field.name));
    }
    if (Status s = ReadField(field, i, *it, intake); !s.ok()) return s;
  }
  if (Status s = CheckIntakeConsistency(intake); !s.ok()) return s;
  return intake;
}

Result<Intake> MergeIntakeFields(const Intake& base, const json& object, int* applied) {
  Intake merged = base;
  int count = 0;
  const auto& fields = IntakeFields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    auto it = object.find(fields[i].name);
    if (it == object.end() || it->is_null()) continue;
    if (Status s = ReadField(fields[i], i, *it, merged); !s.ok()) return s;
    ++count;
  }
  if (Status s = CheckIntakeConsistency(merged); !s.ok()) return s;
  if (applied != nullptr) *applied = count;
  return merged;
}

Result<Intake> ParseIntake(const std::string& json_text) {
  json object = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return Status::InvalidArgument("the intake is not valid JSON");
  return IntakeFromJson(object);
}

json IntakeToJson(const Intake& in) {
  json out = json::object();
  const auto& fields = IntakeFields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const IntakeField& f = fields[i];
    const double v = IntakeFieldValue(in, i);
    switch (f.kind) {
      case FieldKind::kInteger: out[f.name] = static_cast<int>(v); break;
      case FieldKind::kNumber: out[f.name] = v; break;
      case FieldKind::kBoolean: out[f.name] = v != 0; break;
      case FieldKind::kChoice: out[f.name] = f.choices[static_cast<std::size_t>(v)]; break;
      case FieldKind::kOptionalBoolean: {
        const auto& opt = i == kThoracic ? in.thoracic_pain : in.morning_stiffness_over_30_min;
        if (opt.has_value()) out[f.name] = *opt;
        break;
      }
    }
  }
  return out;
}

}  // namespace backcoach
