#include "core/first_plan_rules.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "core/catalogue.h"
#include "core/education.h"
#include "core/yaml_reader.h"

namespace backcoach {

namespace {

const std::vector<std::string> kPhases = {"acute", "subacute", "chronic"};
const std::vector<std::string> kPresentations = {"localized", "radicular", "widespread"};
const std::vector<std::string> kActivityLevels = {"inactive", "light", "active"};
const std::vector<std::string> kFear = {"low", "moderate", "high"};

Status ReadFit(const YAML::Node& node, const std::string& where, FirstPlanRules& out) {
  MapReader r(node, where);
  out.min_reps = r.Int("min_reps", 1, 20);
  out.min_hold_seconds = r.Int("min_hold_seconds", 1, 60);
  out.min_minutes = r.Int("min_minutes", 1, 30);
  out.session_minutes = r.Int("session_minutes", 1, 30);
  out.fit_source = r.String("source");
  return r.Finish();
}

Result<SelectionRule> ReadRule(const YAML::Node& node, const std::string& where) {
  MapReader r(node, where);
  SelectionRule rule;
  rule.id = r.String("id");
  const YAML::Node when = r.Child("when", false);
  rule.favour = r.StringList("favour", true);
  rule.points = r.Int("points", -10, 10);
  rule.reason = r.String("reason");
  rule.source = r.String("source");
  if (Status s = r.Finish(); !s.ok()) return s;
  if (when.IsDefined()) {
    MapReader w(when, where + ": when");
    rule.phases = w.StringList("phase", false, kPhases);
    rule.presentations = w.StringList("presentation", false, kPresentations);
    rule.activity = w.StringList("activity", false, kActivityLevels);
    rule.fear = w.StringList("fear", false, kFear);
    rule.age_at_least = w.OptionalInt("age_at_least", 18, 120);
    if (Status s = w.Finish(); !s.ok()) return s;
  }
  return rule;
}

Status ReadSelection(const YAML::Node& node, const std::string& where, FirstPlanRules& out) {
  MapReader r(node, where);
  out.like_points = r.Int("like_points", 0, 10);
  out.dislike_points = r.Int("dislike_points", -10, 0);
  out.equipment_points = r.Int("equipment_points", 0, 10);
  out.warm_up = r.StringList("warm_up", true);
  out.warm_up_source = r.String("warm_up_source");
  const YAML::Node alternatives = r.Child("alternatives", false);
  const YAML::Node rules = r.Child("rules", true);
  if (r.ok() && !rules.IsSequence()) r.Fail("rules", "must be a list");
  if (r.ok() && alternatives.IsDefined() && !alternatives.IsSequence()) {
    r.Fail("alternatives", "must be a list of lists of exercise ids");
  }
  if (Status s = r.Finish(); !s.ok()) return s;
  for (std::size_t i = 0; alternatives.IsDefined() && i < alternatives.size(); ++i) {
    std::vector<std::string> group;
    const YAML::Node& g = alternatives[i];
    if (!g.IsSequence() || g.size() < 2) {
      return Status::InvalidArgument(where + ": field 'alternatives': group " +
                                     std::to_string(i + 1) +
                                     " must be a list of at least two exercise ids");
    }
    for (const auto& id : g) group.push_back(id.as<std::string>());
    out.alternatives.push_back(std::move(group));
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    std::string rule_where = where;
    rule_where += ": rule ";
    rule_where += std::to_string(i + 1);
    auto rule = ReadRule(rules[i], rule_where);
    if (!rule.ok()) return rule.status();
    if (!ids.insert(rule->id).second) {
      return Status::InvalidArgument(where + ": rule '" + rule->id +
                                     "': field 'id': is used by an earlier rule");
    }
    out.rules.push_back(std::move(rule).value());
  }
  return Status::Ok();
}

// The first exercise of the chain `id` belongs to.
std::string RootOf(const Catalogue& catalogue, const Exercise& e) {
  const Exercise* at = &e;
  while (const Exercise* easier = catalogue.Easier(*at)) at = easier;
  return at->id;
}

Status ResolveIds(const Catalogue& catalogue, const std::vector<std::string>& ids,
                  const std::string& where, std::vector<std::string>& roots) {
  roots.clear();
  for (const auto& id : ids) {
    const Exercise* e = catalogue.Find(id);
    if (e == nullptr) {
      return Status::InvalidArgument(where + ": names '" + id + "', which is not an exercise");
    }
    roots.push_back(RootOf(catalogue, *e));
  }
  return Status::Ok();
}

}  // namespace

Result<FirstPlanRules> FirstPlanRules::Parse(const YAML::Node& node, const std::string& where) {
  MapReader r(node, where);
  FirstPlanRules out;
  out.intervals_source = r.String("intervals_source");
  out.within_days_source = r.String("within_days_source");
  out.lessons = r.StringList("lessons", false);
  out.lessons_source = r.String("lessons_source");
  const YAML::Node fit = r.Child("fit", true);
  const YAML::Node selection = r.Child("selection", true);
  if (Status s = r.Finish(); !s.ok()) return s;
  if (Status s = ReadFit(fit, where + ": fit", out); !s.ok()) return s;
  if (Status s = ReadSelection(selection, where + ": selection", out); !s.ok()) return s;
  return out;
}

Status FirstPlanRules::Resolve(const Catalogue& catalogue, const Education& education,
                               const std::string& where) {
  for (const auto& id : lessons) {
    if (education.Find(id) == nullptr) {
      return Status::InvalidArgument(where + ": field 'lessons': names '" + id +
                                     "', which is not a lesson");
    }
  }
  const std::string selection = where + ": selection";
  if (Status s = ResolveIds(catalogue, warm_up, selection + ": field 'warm_up'", warm_up_roots);
      !s.ok()) {
    return s;
  }
  for (const auto& id : warm_up) {
    if (catalogue.Find(id)->category != Category::kMobility) {
      return Status::InvalidArgument(selection + ": field 'warm_up': names '" + id +
                                     "', which is not a mobility exercise");
    }
  }
  alternative_roots.assign(alternatives.size(), {});
  for (std::size_t i = 0; i < alternatives.size(); ++i) {
    if (Status s = ResolveIds(catalogue, alternatives[i], selection + ": field 'alternatives'",
                              alternative_roots[i]);
        !s.ok()) {
      return s;
    }
  }
  for (auto& rule : rules) {
    if (Status s =
            ResolveIds(catalogue, rule.favour,
                       selection + ": rule '" + rule.id + "': field 'favour'", rule.favour_roots);
        !s.ok()) {
      return s;
    }
  }
  return Status::Ok();
}

}  // namespace backcoach
