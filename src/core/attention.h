// Attention: a patient's place on the clinician's list. The list shows those
// most in need first; each patient's score is what their plan's state adds
// today (the `list` weights of content/alerts.yaml) plus the attention of
// each open concern alert, and every point comes with the reason a
// clinician reads beside the name.
//
// A pure function of the state and the day. The weights are validated when
// loaded so that a red flag outweighs all else a patient could add up
// without one (AlertRules::MostWithoutRedFlag): a red flag is never below
// anyone on the list.
#ifndef BACKCOACH_CORE_ATTENTION_H_
#define BACKCOACH_CORE_ATTENTION_H_

#include <optional>
#include <string>
#include <vector>

#include "core/alert_rules.h"
#include "core/date.h"
#include "core/plan.h"
#include "core/screening_rules.h"

namespace backcoach {

struct Attention {
  int score = 0;
  std::vector<std::string> reasons;  // most important first
};

// Whether the plan's state is a red flag's: the screen stopped the
// programme, or sent the person to a clinician within days or sooner.
bool IsRedFlagState(const PlanState& state);

// What the plan's state adds on `today`; `screening` gives the red flags'
// titles for the reasons.
Attention AttentionOf(const PlanState& state, Date today, const ListRules& rules,
                      const ScreeningRules& screening);

// An alert not yet resolved.
struct OpenAlert {
  const AlertRule* rule = nullptr;
  bool is_new = false;  // not yet seen by a clinician
  std::string reason;
};

// Adds the open alerts: each concern's reason, and each concern rule's
// attention once however many of its alerts are open (a rule raises one a
// period, and a week of them must not outweigh a red flag). Good news adds
// nothing.
void AddOpenAlerts(const std::vector<OpenAlert>& alerts, Attention& attention);

// Adds the unanswered_message weight once: the patient's oldest message to
// their clinic that no clinician has answered yet was written on `since`.
void AddUnansweredMessage(Date since, const ListRules& rules, Attention& attention);

// Whether a score is a red flag's: only a patient with one reaches
// rules.red_flag.attention (see above).
bool IsUrgent(int score, const ListRules& rules);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_ATTENTION_H_
