#include "core/screening.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace backcoach {

namespace {

void AppendUnique(std::vector<std::string>& out, const std::vector<std::string>& items) {
  for (const auto& item : items) {
    if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
  }
}

// Flags most urgent first, table order within a tier.
std::vector<const ScreeningRule*> ByUrgency(std::vector<const ScreeningRule*> flags) {
  std::stable_sort(flags.begin(), flags.end(), [](const auto* a, const auto* b) {
    return static_cast<int>(a->tier) > static_cast<int>(b->tier);
  });
  return flags;
}

}  // namespace

std::string ProgrammeText(const ScreenResult& result, const ScreeningRules& rules) {
  for (const auto* rule : result.flags) {
    if (rule->blocks_programme && result.triage <= Tier::kRoutineReview) return rule->caution;
  }
  return rules.advice(result.triage).programme;
}

bool ScreenResult::Fired(const std::string& rule_id) const {
  return std::any_of(flags.begin(), flags.end(),
                     [&](const ScreeningRule* r) { return r->id == rule_id; });
}

std::vector<std::string> ScreenResult::Cautions() const {
  std::vector<std::string> out;
  for (const auto* rule : flags) {
    if (!rule->caution.empty()) AppendUnique(out, {rule->caution});
  }
  return out;
}

Presentation PresentationFor(const Intake& in) {
  if (in.leg_symptoms == LegSymptoms::kBelowKnee || in.leg_numbness_or_tingling ||
      in.leg_weakness != LegWeakness::kNone) {
    return Presentation::kRadicular;
  }
  return in.widespread_pain ? Presentation::kWidespread : Presentation::kLocalized;
}

ScreenResult Screen(const Intake& intake, const ScreeningRules& rules) {
  ScreenResult result;
  result.phase = rules.PhaseFor(intake.pain_duration_weeks);
  result.presentation = PresentationFor(intake);
  for (const auto& rule : rules.rules()) {
    if (!rule.when.Matches(intake, result.phase)) continue;
    result.flags.push_back(&rule);
    result.triage = std::max(result.triage, rule.tier);
    result.programme_blocked = result.programme_blocked || rule.blocks_programme;
  }
  result.can_start_programme = !result.programme_blocked && result.triage <= Tier::kRoutineReview;
  return result;
}

std::vector<std::string> LessonsFor(const ScreenResult& result, const ScreeningRules& rules) {
  std::vector<std::string> out;
  AppendUnique(out, rules.education_always());
  AppendUnique(out, rules.education_for(PhaseName(result.phase)));
  AppendUnique(out, rules.education_for(PresentationName(result.presentation)));
  for (const auto* rule : result.flags) AppendUnique(out, rule->education);
  return out;
}

nlohmann::json ScreenResultToJson(const ScreenResult& result, const ScreeningRules& rules) {
  nlohmann::json flags = nlohmann::json::array();
  for (const auto* rule : ByUrgency(result.flags)) {
    flags.push_back({{"id", rule->id},
                     {"tier", TierName(rule->tier)},
                     {"title", rule->title},
                     {"message", rule->message},
                     {"source", rule->source}});
  }
  const TierAdvice& advice = rules.advice(result.triage);
  return {{"triage", TierName(result.triage)},
          {"phase", PhaseName(result.phase)},
          {"presentation", PresentationName(result.presentation)},
          {"can_start_programme", result.can_start_programme},
          {"headline", advice.headline},
          {"programme", ProgrammeText(result, rules)},
          {"flags", flags},
          {"cautions", result.Cautions()},
          {"education", LessonsFor(result, rules)},
          {"emergency_signs", rules.emergency_signs()}};
}

std::string ScreenResultToText(const ScreenResult& result, const ScreeningRules& rules) {
  const TierAdvice& advice = rules.advice(result.triage);
  std::string out = advice.headline + "\n";
  out += std::string("Phase: ") + PhaseName(result.phase) +
         ". Presentation: " + PresentationName(result.presentation) + ".\n";
  out += std::string("Exercise programme: ") +
         (result.can_start_programme ? "you may start. " : "not yet. ") +
         ProgrammeText(result, rules) + "\n";
  for (const auto* rule : ByUrgency(result.flags)) {
    out += "\n[" + rule->id + ", " + TierName(rule->tier) + "] " + rule->title + "\n  " +
           rule->message + "\n  Source: " + rule->source + "\n";
  }
  const auto cautions = result.Cautions();
  if (!cautions.empty()) {
    out += "\nWhile you exercise:\n";
    for (const auto& c : cautions) out += "  - " + c + "\n";
  }
  out += "\nThis screen supports your care; it does not replace a clinician.\n";
  return out;
}

}  // namespace backcoach
