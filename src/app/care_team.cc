#include "app/care_team.h"

#include <algorithm>
#include <optional>

namespace backcoach {

using json = nlohmann::json;

namespace {

constexpr Scope kAll[] = {Scope::kAdherence, Scope::kMessages, Scope::kProgress, Scope::kSymptoms,
                          Scope::kClinical};

std::optional<Scope> ScopeFromName(const std::string& name) {
  for (Scope s : kAll) {
    if (name == ScopeName(s)) return s;
  }
  return std::nullopt;
}

bool Shareable(Scope s) {
  for (Scope shareable : ShareableScopes()) {
    if (s == shareable) return true;
  }
  return false;
}

}  // namespace

const char* ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kAdherence: return "adherence";
    case Scope::kMessages: return "messages";
    case Scope::kProgress: return "progress";
    case Scope::kSymptoms: return "symptoms";
    case Scope::kClinical: return "clinical";
  }
  return "clinical";
}

const Scopes& DefaultSupporterScopes() {
  static const Scopes kDefault = {Scope::kAdherence, Scope::kMessages};
  return kDefault;
}

const std::vector<Scope>& ShareableScopes() {
  static const std::vector<Scope> kShareable = {Scope::kProgress, Scope::kSymptoms};
  return kShareable;
}

Scopes ScopesFromStored(const std::string& stored) {
  Scopes out = DefaultSupporterScopes();
  std::size_t start = 0;
  while (start <= stored.size()) {
    const std::size_t comma = std::min(stored.find(',', start), stored.size());
    auto scope = ScopeFromName(stored.substr(start, comma - start));
    // Only what a patient may share counts, whatever the row says.
    if (scope && Shareable(*scope)) out.insert(*scope);
    start = comma + 1;
  }
  return out;
}

Result<std::string> StoredScopesFromJson(const json& names) {
  if (names.is_null()) return std::string();
  const Status bad = Status::InvalidArgument(
      "field 'scopes' must be a list of what to share: \"progress\", \"symptoms\"");
  if (!names.is_array()) return bad;
  Scopes chosen;
  for (const auto& name : names) {
    if (!name.is_string()) return bad;
    const std::string text = name.get<std::string>();
    if (text == "adherence" || text == "messages") continue;  // always shared
    auto scope = ScopeFromName(text);
    if (!scope || !Shareable(*scope)) return bad;
    chosen.insert(*scope);
  }
  std::string out;
  for (Scope s : chosen) {
    // Appended piece by piece: GCC 12 misreports a C string before a
    // temporary std::string as an overlapping copy (-Wrestrict).
    if (!out.empty()) out += ',';
    out += ScopeName(s);
  }
  return out;
}

json ScopesJson(const Scopes& scopes) {
  json out = json::array();
  for (Scope s : scopes) out.push_back(ScopeName(s));
  return out;
}

json FilterProgress(const json& progress, const Scopes& scopes) {
  if (scopes.count(Scope::kClinical)) return progress;
  const bool with_progress = scopes.count(Scope::kProgress) > 0;
  const bool with_symptoms = scopes.count(Scope::kSymptoms) > 0;
  json out = json::object();
  json weeks = json::array();
  for (const auto& w : progress.value("weeks", json::array())) {
    json week = {{"week_of", w.value("week_of", "")},
                 {"sessions", w.value("sessions", 0)},
                 {"adherence", w.value("adherence", 0.0)}};
    if (with_progress) week["active_minutes"] = w.value("active_minutes", 0);
    weeks.push_back(week);
  }
  out["weeks"] = weeks;
  if (with_progress) {
    // Each entry named field by field: a level record carries nothing else.
    json levels = json::array();
    for (const auto& l : progress.value("levels", json::array())) {
      json exercises = json::array();
      for (const auto& e : l.value("exercises", json::array())) {
        exercises.push_back({{"chain", e.value("chain", "")},
                             {"id", e.value("id", "")},
                             {"name", e.value("name", "")},
                             {"level", e.value("level", 0)},
                             {"paused", e.value("paused", false)}});
      }
      levels.push_back({{"date", l.value("date", "")},
                        {"levels", l.value("levels", json::object())},
                        {"exercises", exercises}});
    }
    out["levels"] = levels;
  }
  if (with_symptoms) {
    for (const char* key : {"pain_during", "pain_next_morning", "pain_diary"}) {
      json series = json::array();
      for (const auto& p : progress.value(key, json::array())) {
        series.push_back({{"date", p.value("date", "")}, {"pain", p.value("pain", json(nullptr))}});
      }
      out[key] = series;
    }
    // The server's judgement of a change in pain, which the pain chart leads with.
    out["pain_change"] = progress.value("pain_change", json(nullptr));
    out["meaningful_change_points"] = progress.value("meaningful_change_points", json(nullptr));
  }
  out["scopes"] = ScopesJson(scopes);
  return out;
}

json FilterSummary(const json& summary, const Scopes& scopes) {
  if (scopes.count(Scope::kClinical)) return summary;
  const bool with_progress = scopes.count(Scope::kProgress) > 0;
  const bool with_symptoms = scopes.count(Scope::kSymptoms) > 0;
  json out = json::object();
  for (const char* key : {"type", "week_of", "sessions", "streak_weeks", "id", "created_at"}) {
    if (summary.contains(key)) out[key] = summary[key];
  }
  if (with_progress) {
    if (summary.contains("active_minutes")) out["active_minutes"] = summary["active_minutes"];
    // The engine's reason for a change speaks of pain ("sharp pain in the
    // last session"), so it goes only with symptoms too.
    json changes = json::array();
    for (const auto& c : summary.value("level_changes", json::array())) {
      json change = {{"date", c.value("date", "")},
                     {"exercise", c.value("exercise", "")},
                     {"change", c.value("change", "")}};
      if (with_symptoms) change["why"] = c.value("why", "");
      changes.push_back(change);
    }
    out["level_changes"] = changes;
    // Being on the flare-up plan is a symptom; the exercises are progress.
    json focus = json::array();
    for (const auto& f : summary.value("next_focus", json::array())) {
      if (!f.is_string()) continue;
      if (f.get<std::string>() == kFlareUpFocus && !with_symptoms) continue;
      focus.push_back(f);
    }
    out["next_focus"] = focus;
  }
  if (with_symptoms && summary.contains("pain_trend")) {
    out["pain_trend"] = summary["pain_trend"];
  }
  return out;
}

Result<SupporterCode> ParseSupporterCode(const std::string& code) {
  const auto dash = code.find('-');
  const Status bad = Status::InvalidArgument("the supporter code is not valid or has been used");
  if (dash == std::string::npos || dash == 0 || dash + 1 >= code.size() || code.size() > 200) {
    return bad;
  }
  return SupporterCode{code.substr(0, dash), code.substr(dash + 1)};
}

}  // namespace backcoach
