// FirstPlanRules: how a first plan chooses within each kind of work and fits
// the person's time, as loaded from the `first_plan` section of
// content/engine.yaml (see docs/content-engine.md).
//
// Parsing checks the shape and the ranges; Resolve then checks every
// exercise and lesson id against the catalogue and the lessons (an unknown
// id is an error naming the file, the rule and the field, e.g.
//   "engine.yaml: first_plan: selection: rule 'fearful': field 'favour':
//    names 'plank', which is not an exercise")
// and records, for each named exercise, the chain it belongs to, so that
// matching a candidate is a comparison of chain roots.
#ifndef BACKCOACH_CORE_FIRST_PLAN_RULES_H_
#define BACKCOACH_CORE_FIRST_PLAN_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace YAML {
class Node;
}

namespace backcoach {

class Catalogue;
class Education;

// One selection rule: when it matches the person, every chain it favours
// scores its points. An empty condition list matches everyone.
struct SelectionRule {
  std::string id;
  std::vector<std::string> phases;         // acute, subacute, chronic
  std::vector<std::string> presentations;  // localized, radicular, widespread
  std::vector<std::string> activity;       // inactive, light, active
  std::vector<std::string> fear;           // low, moderate, high (unanswered: moderate)
  std::optional<int> age_at_least;
  std::vector<std::string> favour;        // exercise ids, as written
  std::vector<std::string> favour_roots;  // the chain root of each, set by Resolve
  int points = 1;
  std::string reason;  // plain words, completes "chosen because ..."
  std::string source;
};

struct FirstPlanRules {
  std::string intervals_source;
  std::string within_days_source;
  std::vector<std::string> lessons;  // lesson ids every exercise plan carries
  std::string lessons_source;
  // Fitting the week into the person's minutes.
  int min_reps = 5;
  int min_hold_seconds = 10;
  int min_minutes = 5;
  int session_minutes = 5;
  std::string fit_source;
  // Choosing within a kind of work.
  int like_points = 4;
  int dislike_points = -4;
  int equipment_points = 1;
  std::vector<std::string> warm_up;        // exercise ids
  std::vector<std::string> warm_up_roots;  // set by Resolve
  std::string warm_up_source;
  // Groups of chains that do the same job, as chain roots (set by Resolve
  // from `alternatives`).
  std::vector<std::vector<std::string>> alternatives;
  std::vector<std::vector<std::string>> alternative_roots;
  std::vector<SelectionRule> rules;

  // Reads the `first_plan` mapping; `where` prefixes errors.
  static Result<FirstPlanRules> Parse(const YAML::Node& node, const std::string& where);
  // Checks the ids against the content and fills the *_roots fields.
  Status Resolve(const Catalogue& catalogue, const Education& education, const std::string& where);
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_FIRST_PLAN_RULES_H_
