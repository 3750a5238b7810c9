// AlertRules: when a patient's care team is alerted, as loaded from
// content/alerts.yaml. Each rule names its condition, the numbers it uses,
// the reason the clinician reads and the source it rests on; the core
// evaluates them (alerts.h). Nothing about alerts is decided in code.
#ifndef BACKCOACH_CORE_ALERT_RULES_H_
#define BACKCOACH_CORE_ALERT_RULES_H_

#include <string>
#include <vector>

#include "core/status.h"

namespace backcoach {

enum class AlertCondition {
  kRedFlag,            // a red-flag answer, at intake or in a session log
  kFlareUp,            // the plan is on the flare-up protocol
  kPainWorse,          // last 7 days' session pain >= points above the 7 before
  kPainBetter,         // ... >= points below
  kInactive,           // no session for `days` days
  kFlareNotImproving,  // on the flare-up protocol for `days` days or more
  kGoalRise,           // a questionnaire score up by its MCID since the first
};

enum class AlertKind { kConcern, kGoodNews };
const char* AlertKindName(AlertKind kind);  // "concern", "good_news"

struct AlertRule {
  std::string id;
  AlertKind kind = AlertKind::kConcern;
  AlertCondition when = AlertCondition::kRedFlag;
  int points = 0;             // pain_worse, pain_better
  int days = 0;               // inactive, flare_not_improving
  std::string questionnaire;  // goal_rise
  int attention = 0;          // added to the clinician's list while open
  std::string reason;         // with {date}, {flags}, {change}, {days}
  std::string source;
};

class AlertRules {
 public:
  // Parses and validates alerts.yaml; errors name the file, rule and field.
  static Result<AlertRules> Parse(const std::string& yaml_text, const std::string& file_name);

  const std::vector<AlertRule>& rules() const { return rules_; }
  const AlertRule* Find(const std::string& id) const;

 private:
  std::vector<AlertRule> rules_;
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_ALERT_RULES_H_
