#include "core/screening_rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "core/yaml_reader.h"

namespace backcoach {

namespace {

const std::vector<std::string> kTierNames = {"self_care", "routine_review", "within_days",
                                             "same_day", "emergency"};
const std::vector<std::string> kPhaseNames = {"acute", "subacute", "chronic"};
const std::vector<std::string> kPresentationNames = {"localized", "radicular", "widespread"};

// The field table conditions may use: the intake's, then `phase`.
const IntakeField& ConditionField(std::size_t index) {
  static const IntakeField phase{"phase", FieldKind::kChoice, 0, 0, kPhaseNames};
  return index < IntakeFields().size() ? IntakeFields()[index] : phase;
}

std::optional<std::size_t> FindConditionField(const std::string& name) {
  for (std::size_t i = 0; i <= IntakeFields().size(); ++i) {
    if (name == ConditionField(i).name) return i;
  }
  return std::nullopt;
}

// Converts one YAML scalar into the numeric form IntakeFieldValue uses.
Result<double> ConditionValue(const IntakeField& field, const YAML::Node& node) {
  const std::string where = "value for '" + std::string(field.name) + "'";
  if (!node.IsScalar()) return Status::InvalidArgument(where + " must be a single value");
  const std::string text = node.Scalar();
  switch (field.kind) {
    case FieldKind::kBoolean:
    case FieldKind::kOptionalBoolean:
      if (text == "true") return 1.0;
      if (text == "false") return 0.0;
      return Status::InvalidArgument(where + " must be true or false, got '" + text + "'");
    case FieldKind::kChoice:
      for (std::size_t i = 0; i < field.choices.size(); ++i) {
        if (field.choices[i] == text) return static_cast<double>(i);
      }
      return Status::InvalidArgument(where + " must be one of its choices, got '" + text + "'");
    case FieldKind::kInteger:
    case FieldKind::kNumber: {
      double v = 0;
      if (!YAML::convert<double>::decode(node, v)) {
        return Status::InvalidArgument(where + " must be a number, got '" + text + "'");
      }
      return v;
    }
  }
  return Status::Internal("unhandled field kind");
}

Result<Condition> ParseCondition(const YAML::Node& node);

Result<Condition> ParseChildren(Condition::Op op, const YAML::Node& node, const std::string& key) {
  if (!node.IsSequence() || node.size() == 0) {
    return Status::InvalidArgument("'" + key + "' must be a non-empty list of conditions");
  }
  Condition c;
  c.op = op;
  for (const auto& child : node) {
    auto parsed = ParseCondition(child);
    if (!parsed.ok()) return parsed.status();
    c.children.push_back(std::move(parsed).value());
  }
  return c;
}

Result<Condition> ParseComparison(std::size_t field_index, const YAML::Node& node) {
  const IntakeField& field = ConditionField(field_index);
  // The name as a std::string up front: GCC 12 at -O3 reports a false
  // -Wrestrict for "'" + std::string(field.name) (an insert at the front of a
  // temporary), which -Werror would turn into a failed build.
  const std::string name = field.name;
  Condition c;
  c.field = field_index;
  if (node.IsSequence()) {
    c.op = Condition::Op::kOneOf;
    for (const auto& item : node) {
      auto v = ConditionValue(field, item);
      if (!v.ok()) return v.status();
      c.values.push_back(*v);
    }
    return c;
  }
  if (node.IsMap()) {
    if (node.size() != 1) {
      return Status::InvalidArgument("threshold for '" + name +
                                     "' must be one of at_least or below");
    }
    const std::string op = node.begin()->first.Scalar();
    if (op != "at_least" && op != "below") {
      return Status::InvalidArgument("unknown comparison '" + op + "' for '" + name +
                                     "' (use at_least or below)");
    }
    if (field.kind != FieldKind::kInteger && field.kind != FieldKind::kNumber) {
      return Status::InvalidArgument("'" + name + "' is not a number and takes no threshold");
    }
    auto v = ConditionValue(field, node.begin()->second);
    if (!v.ok()) return v.status();
    c.op = op == "at_least" ? Condition::Op::kAtLeast : Condition::Op::kBelow;
    c.values.push_back(*v);
    return c;
  }
  auto v = ConditionValue(field, node);
  if (!v.ok()) return v.status();
  c.op = Condition::Op::kEquals;
  c.values.push_back(*v);
  return c;
}

Result<Condition> ParseCondition(const YAML::Node& node) {
  if (!node.IsMap() || node.size() == 0) {
    return Status::InvalidArgument("a condition must be a non-empty mapping");
  }
  Condition all;
  all.op = Condition::Op::kAll;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    Result<Condition> part = Status::Internal("unparsed");
    if (key == "any") {
      part = ParseChildren(Condition::Op::kAny, kv.second, key);
    } else if (key == "all") {
      part = ParseChildren(Condition::Op::kAll, kv.second, key);
    } else if (key == "not") {
      auto inner = ParseCondition(kv.second);
      if (!inner.ok()) return inner.status();
      Condition negation;
      negation.op = Condition::Op::kNot;
      negation.children.push_back(std::move(inner).value());
      part = std::move(negation);
    } else if (auto field = FindConditionField(key)) {
      part = ParseComparison(*field, kv.second);
    } else {
      return Status::InvalidArgument("unknown intake field '" + key + "'");
    }
    if (!part.ok()) return part.status();
    all.children.push_back(std::move(part).value());
  }
  if (all.children.size() == 1) return all.children.front();
  return all;
}

Result<ScreeningRule> ParseRule(const YAML::Node& node, const std::string& where,
                                const std::string& emergency_signs) {
  // Name the rule in every error once its id is known.
  const bool has_id = node.IsMap() && node["id"] && node["id"].IsScalar();
  MapReader named(node, has_id ? where + " '" + node["id"].Scalar() + "'" : where);
  ScreeningRule rule;
  rule.id = named.String("id");
  rule.tier = static_cast<Tier>(
      std::find(kTierNames.begin(), kTierNames.end(), named.Enum("tier", kTierNames)) -
      kTierNames.begin());
  rule.title = named.String("title");
  YAML::Node when = named.Child("when", true);
  if (named.ok()) {
    auto condition = ParseCondition(when);
    if (condition.ok()) {
      rule.when = std::move(condition).value();
    } else {
      named.Fail("when", condition.status().message());
    }
  }
  rule.message = named.String("message") + " " + emergency_signs;
  rule.caution = named.OptionalString("caution").value_or("");
  rule.education = named.StringList("education", false);
  rule.blocks_programme = named.OptionalBool("blocks_programme", false);
  rule.source = named.String("source");
  if (rule.blocks_programme && rule.caution.empty()) {
    named.Fail("caution", "is required when blocks_programme is true");
  }
  if (Status s = named.Finish(); !s.ok()) return s;
  return rule;
}

Status ParseRules(const YAML::Node& list, const std::string& file_name,
                  const std::string& emergency_signs, std::vector<ScreeningRule>& out) {
  if (!list.IsSequence() || list.size() == 0) {
    return Status::InvalidArgument(file_name + ": 'rules' must be a non-empty list");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto rule = ParseRule(list[i], file_name + ": rule", emergency_signs);
    if (!rule.ok()) return rule.status();
    if (!seen.insert(rule->id).second) {
      return Status::InvalidArgument(file_name + ": rule '" + rule->id + "' is defined twice");
    }
    out.push_back(std::move(rule).value());
  }
  return Status::Ok();
}

}  // namespace

const char* TierName(Tier t) { return kTierNames[static_cast<int>(t)].c_str(); }
const char* PhaseName(Phase p) { return kPhaseNames[static_cast<int>(p)].c_str(); }
const char* PresentationName(Presentation p) {
  return kPresentationNames[static_cast<int>(p)].c_str();
}

std::size_t PhaseFieldIndex() { return IntakeFields().size(); }

bool Condition::Matches(const Intake& intake, Phase phase) const {
  switch (op) {
    case Op::kAll:
      return std::all_of(children.begin(), children.end(),
                         [&](const Condition& c) { return c.Matches(intake, phase); });
    case Op::kAny:
      return std::any_of(children.begin(), children.end(),
                         [&](const Condition& c) { return c.Matches(intake, phase); });
    case Op::kNot: return !children.front().Matches(intake, phase);
    default: break;
  }
  const double value =
      field == PhaseFieldIndex() ? static_cast<double>(phase) : IntakeFieldValue(intake, field);
  switch (op) {
    case Op::kEquals: return value == values.front();
    case Op::kOneOf: return std::find(values.begin(), values.end(), value) != values.end();
    case Op::kAtLeast: return value >= values.front();
    case Op::kBelow: return value < values.front();
    default: return false;
  }
}

Phase ScreeningRules::PhaseFor(double weeks) const {
  if (weeks >= chronic_from_weeks_) return Phase::kChronic;
  if (weeks >= subacute_from_weeks_) return Phase::kSubacute;
  return Phase::kAcute;
}

const std::vector<std::string>& ScreeningRules::education_for(const std::string& key) const {
  static const std::vector<std::string> kNone;
  auto it = education_by_situation_.find(key);
  return it == education_by_situation_.end() ? kNone : it->second;
}

std::vector<std::string> ScreeningRules::ReferencedLessons() const {
  std::vector<std::string> out = education_always_;
  for (const auto& [key, ids] : education_by_situation_)
    out.insert(out.end(), ids.begin(), ids.end());
  for (const auto& rule : rules_)
    out.insert(out.end(), rule.education.begin(), rule.education.end());
  return out;
}

Result<ScreeningRules> ScreeningRules::Parse(const std::string& yaml_text,
                                             const std::string& file_name) {
  auto doc = ParseYaml(yaml_text, file_name);
  if (!doc.ok()) return doc.status();
  ScreeningRules out;
  MapReader top(*doc, file_name);
  out.emergency_signs_ = top.String("emergency_signs");

  MapReader phases(top.Child("phases", true), file_name + ": phases");
  out.subacute_from_weeks_ = phases.Number("subacute_from_weeks", 1, 52);
  out.chronic_from_weeks_ = phases.Number("chronic_from_weeks", 2, 104);
  out.phase_source_ = phases.String("source");
  if (phases.ok() && out.chronic_from_weeks_ <= out.subacute_from_weeks_) {
    phases.Fail("chronic_from_weeks", "must be greater than subacute_from_weeks");
  }
  if (Status s = phases.Finish(); top.ok() && !s.ok()) return s;

  MapReader tiers(top.Child("tiers", true), file_name + ": tiers");
  for (std::size_t t = 0; t < kTierNames.size(); ++t) {
    MapReader tier(tiers.Child(kTierNames[t], true), file_name + ": tier '" + kTierNames[t] + "'");
    out.advice_[t].headline = tier.String("headline");
    out.advice_[t].programme = tier.String("programme");
    if (Status s = tier.Finish(); tiers.ok() && !s.ok()) return s;
  }
  if (Status s = tiers.Finish(); top.ok() && !s.ok()) return s;

  MapReader education(top.Child("education", true), file_name + ": education");
  out.education_always_ = education.StringList("always", true);
  std::vector<std::string> situations = kPhaseNames;
  situations.insert(situations.end(), kPresentationNames.begin(), kPresentationNames.end());
  for (const auto& situation : situations) {
    out.education_by_situation_[situation] = education.StringList(situation, false);
  }
  if (Status s = education.Finish(); top.ok() && !s.ok()) return s;

  YAML::Node rules = top.Child("rules", true);
  if (Status s = top.Finish(); !s.ok()) return s;
  if (Status s = ParseRules(rules, file_name, out.emergency_signs_, out.rules_); !s.ok()) return s;
  return out;
}

}  // namespace backcoach
