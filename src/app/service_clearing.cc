// Clearing: one model for a red-flag result that must stick and for the
// findings the engine opens during the programme. A clinician of the
// patient's clinic clears; a person without a clinic clears by saying they
// have been seen and cleared, kept as their own report. Until then the
// earlier result stands and the person is given its advice again.
#include <algorithm>

#include "app/service.h"
#include "core/plan_json.h"
#include "core/progression.h"

namespace backcoach {

namespace {

json ParsedPayload(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

bool IsRedTier(const std::string& tier) {
  return tier == "emergency" || tier == "same_day" || tier == "within_days";
}

// The advice the person is given again while the result stands.
json AdviceOf(const json& standing) {
  if (standing["screen"].is_object()) {
    return {{"headline", standing["screen"].value("headline", "")},
            {"programme", standing["screen"].value("programme", "")},
            {"flags", standing["screen"].value("flags", json::array())}};
  }
  json flags = json::array();
  for (const auto& f : standing["findings"]) {
    flags.push_back({{"id", f["rule_id"]}, {"tier", f["tier"]}, {"title", f["title"]}});
  }
  return {{"headline", standing.value("headline", "")}, {"programme", ""}, {"flags", flags}};
}

std::string FlagTitles(const json& standing) {
  std::string out;
  // Held by name: a range over a member of a temporary would outlive it.
  const json advice = AdviceOf(standing);
  for (const auto& f : advice["flags"]) {
    out += (out.empty() ? "" : ", ") + f.value("title", std::string());
  }
  return out;
}

}  // namespace

const std::vector<std::string>& SeenAnswers() {
  static const std::vector<std::string> kAnswers = {"seen_cleared", "seen_not_cleared", "not_yet"};
  return kAnswers;
}

Result<json> Service::StandingFlag(const std::string& patient_id) {
  json standing = {{"intake_id", ""}, {"screen", nullptr}, {"findings", json::array()}};
  auto intakes = store_.ListRecords(patient_id, RecordKind::kIntake, 1);
  if (!intakes.ok()) return intakes.status();
  if (!intakes->empty()) {
    const Record& latest = intakes->back();
    const json payload = ParsedPayload(latest.payload);
    const json screen = !payload.is_object()           ? json(nullptr)
                        : payload.contains("standing") ? payload["standing"]
                                                       : payload.value("screen", json(nullptr));
    if (screen.is_object() && IsRedTier(screen.value("triage", ""))) {
      auto clearances = store_.ListRecords(patient_id, RecordKind::kClearance, 100);
      if (!clearances.ok()) return clearances.status();
      bool cleared = false;
      for (const auto& c : *clearances) {
        const json data = ParsedPayload(c.payload);
        cleared = cleared || (data.is_object() && data.value("intake_id", "") == latest.id);
      }
      if (!cleared) {
        standing["intake_id"] = latest.id;
        standing["screen"] = screen;
      }
    }
  }
  auto plan = CurrentPlan(patient_id);
  Tier worst = Tier::kSelfCare;
  if (plan.ok()) {
    for (const auto& f : plan->first->open_findings) {
      standing["findings"].push_back(
          {{"rule_id", f.rule_id}, {"tier", TierName(f.tier)}, {"title", f.title}});
      worst = std::max(worst, f.tier);
    }
  } else if (plan.status().code() != StatusCode::kConflict) {
    return plan.status();  // no plan yet is no finding
  }
  standing["headline"] = content_.screening.advice(worst).headline;
  standing["triage"] = TierName(worst);
  // Only these make a new intake ask first whether the person has been seen.
  standing["red"] = standing["screen"].is_object() || worst >= Tier::kWithinDays;
  if (standing["screen"].is_null() && standing["findings"].empty()) return json(nullptr);
  return standing;
}

Status Service::AddSeenReport(const User& patient, const std::string& seen, const json& standing) {
  Record record{"",
                patient.id,
                RecordKind::kSeenReport,
                clock_.Today().ToString(),
                patient.id,
                json{{"seen", seen},
                     {"intake_id", standing.value("intake_id", "")},
                     {"flags", AdviceOf(standing)["flags"]}}
                    .dump(),
                clock_.Now()};
  return store_.AddRecord(record);
}

Record Service::ClearanceRecord(const User& patient, const User& by, const std::string& how,
                                const json& standing, const json& decisions) const {
  return Record{"",
                patient.id,
                RecordKind::kClearance,
                clock_.Today().ToString(),
                by.id,
                json{{"how", how},
                     {"by", by.display_name},
                     {"intake_id", standing.value("intake_id", "")},
                     {"flags", AdviceOf(standing)["flags"]},
                     {"decisions", decisions}}
                    .dump(),
                clock_.Now()};
}

Status Service::AlertAnswersChanged(const User& patient, const json& standing,
                                    const std::string& seen) {
  const AlertRule* rule = content_.alerts.Find("red_flag");
  static const std::map<std::string, std::string> kSaid = {
      {"seen_cleared", "they have been seen and cleared"},
      {"seen_not_cleared", "they have been seen but not cleared"},
      {"not_yet", "they have not been seen yet"}};
  Alert alert;
  alert.patient_id = patient.id;
  alert.clinic_id = patient.clinic_id;
  alert.rule = "red_flag";
  alert.period = "answers_changed " + clock_.Today().ToString();
  alert.kind = AlertKind::kConcern;
  alert.reason = "New answers on " + clock_.Today().ToString() + " no longer report " +
                 FlagTitles(standing) + ". The person says " + kSaid.at(seen) +
                 ". The earlier result stands until a clinician clears it.";
  alert.source = rule != nullptr ? rule->source : "";
  alert.created_at = alert.updated_at = clock_.Now();
  Status s = store_.AddAlert(alert);
  // The same day's second change is the same alert.
  return s.code() == StatusCode::kConflict ? Status::Ok() : s;
}

Status CheckSeenToClear(const std::string& seen) {
  const auto& answers = SeenAnswers();
  if (std::find(answers.begin(), answers.end(), seen) == answers.end()) {
    return Status::InvalidArgument(
        "say whether you have been seen: seen_cleared, seen_not_cleared or not_yet");
  }
  return Status::Ok();
}

Result<Cleared> Service::Clear(const User& actor, const Reach& reach, const ClearInput& clear) {
  const bool self = reach.relation == Relation::kSelf;
  const std::string seen = self ? clear.seen : "";
  if (self) {
    if (Status s = CheckSeenToClear(seen); !s.ok()) return s;
  }
  const std::vector<std::string>& rules = clear.rules;
  const User& patient = reach.patient;
  std::lock_guard<std::mutex> turn(PlanLock(patient.id));
  auto standing = StandingFlag(patient.id);
  if (!standing.ok()) return standing.status();
  if (standing->is_null()) return Status::Conflict("there is no finding to clear");
  if (self) {
    if (Status s = AddSeenReport(patient, seen, *standing); !s.ok()) return s;
    if (seen != "seen_cleared") {
      // Until someone has seen them, the advice stands and is said again.
      return Cleared{false, "", {}, seen, AdviceOf(*standing)};
    }
  }
  const std::string how = self ? "self_report" : "clinician";
  if ((*standing)["findings"].empty()) {
    Record record = ClearanceRecord(patient, actor, how, *standing, json::array());
    if (Status s = store_.AddRecord(record); !s.ok()) return s;
    return Cleared{true, how, {}, "", nullptr};
  }
  for (int attempt = 0; attempt < kWriteRetries; ++attempt) {
    auto loaded = CurrentPlan(patient.id);
    if (!loaded.ok()) return loaded.status();
    Clearance clearance{rules, clock_.Today(), actor.display_name, how};
    auto cleared = backcoach::ClearFindings(*loaded->first, clearance, content_);
    if (!cleared.ok()) return cleared.status();
    const auto next = std::make_shared<const PlanState>(std::move(cleared).value());
    json decisions = json::array();
    for (const auto& d : next->decisions) decisions.push_back(ReasonToJson(d));
    Status saved = SavePlan(patient, next, loaded->second,
                            ClearanceRecord(patient, actor, how, *standing, decisions));
    if (saved.ok()) return Cleared{true, how, next->decisions, "", nullptr};
    if (saved.code() != StatusCode::kConflict) return saved;
  }
  return Status::Conflict("the plan changed while saving; please try again");
}

}  // namespace backcoach
