// AlertRules: when a patient's care team is alerted, and how the
// clinician's list orders patients, as loaded from content/alerts.yaml. Each
// rule names its condition, the numbers it uses, the reason the clinician
// reads and the source it rests on; the core evaluates them (alerts.h,
// attention.h). Nothing about alerts or the list's order is decided in code.
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

// One weight of the clinician's list: what a patient's current state adds
// to their attention, with the numbers it uses.
struct ListWeight {
  int attention = 0;
  int days = 0;    // recent_red_flag, painful_session: how recent counts
  int points = 0;  // pain_worse
  std::string source;
};

// The `list` section: how the state orders the clinician's list (open
// concern alerts add their own attention on top).
struct ListRules {
  ListWeight red_flag;         // the screen stopped the plan, or said within days or sooner
  ListWeight recent_red_flag;  // ... reported with a session in the last `days` days
  ListWeight flare_up;         // on the flare-up protocol
  ListWeight painful_session;  // each day of the last `days` with a painful session
  ListWeight pain_worse;       // last 7 days' session pain `points` above the 7 before
  ListWeight inactive;  // an open plan with no session for the inactive rule's days (0: none)
  ListWeight unanswered_message;  // the patient wrote to a clinician and no answer came yet
};

class AlertRules {
 public:
  // Parses and validates alerts.yaml; errors name the file, rule and field.
  // The list's red_flag weight must be more than MostWithoutRedFlag().
  static Result<AlertRules> Parse(const std::string& yaml_text, const std::string& file_name);

  const std::vector<AlertRule>& rules() const { return rules_; }
  const AlertRule* Find(const std::string& id) const;
  const ListRules& list() const { return list_; }

  // The most attention a patient without a red flag could add up: every
  // other list weight (painful sessions once for each of their days) and
  // every concern rule's alerts open at once (a rule counts once).
  int MostWithoutRedFlag() const;

 private:
  std::vector<AlertRule> rules_;
  ListRules list_;
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_ALERT_RULES_H_
