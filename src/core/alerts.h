// Alerts: which of content/alerts.yaml's rules a patient's history meets
// today. A pure function of the history and the day, so that it can be
// tested with simulated histories and run anywhere (on every plan change,
// and daily for the rules that fire on the passing of time, like
// inactivity).
//
// Each finding carries a period: the day or week it is about. The store
// keeps one alert per (patient, rule, period), so evaluating the same
// history again, on any server, raises nothing new.
#ifndef BACKCOACH_CORE_ALERTS_H_
#define BACKCOACH_CORE_ALERTS_H_

#include <optional>
#include <string>
#include <vector>

#include "core/alert_rules.h"
#include "core/date.h"

namespace backcoach {

// One day on which sessions were logged.
struct PainDay {
  Date date;
  double pain = 0;  // average pain during the day's exercises, 0-10
};

// A questionnaire score, with the size of change that matters for it.
struct ScorePoint {
  Date date;
  double score = 0;
};

// What the rules look at; the server builds it from the stored plan and
// records.
struct AlertHistory {
  Date today;
  // Evaluated because a record has just arrived (a log, perhaps of an
  // earlier day): the person is active now, so rules about time passing
  // without activity wait for the daily run.
  bool on_new_record = false;
  std::optional<Date> started;            // the plan's start (the intake)
  std::vector<std::string> red_flags;     // red-flag titles reported, most recent report
  std::optional<Date> red_flag_reported;  // the day of that report
  std::optional<Date> flare_since;        // set while on the flare-up protocol
  std::vector<PainDay> sessions;          // oldest first
  // Scores by questionnaire id, oldest first, with each one's MCID points
  // and whether higher is better.
  struct Scores {
    std::string questionnaire;
    double mcid_points = 0;
    bool higher_is_better = true;
    std::vector<ScorePoint> points;
  };
  std::vector<Scores> scores;
};

struct AlertFinding {
  const AlertRule* rule = nullptr;
  std::string period;  // what makes it one alert: "2026-11-23" or "week of 2026-11-23"
  std::string reason;  // the rule's reason with its placeholders filled in
};

// The average session pain of the 7 days to `today` minus that of the 7
// before; nothing unless both weeks have sessions. The pain_worse and
// pain_better rules read it, and so does the clinician's list.
std::optional<double> WeeklyPainChange(Date today, const std::vector<PainDay>& sessions);

// The rules the history meets on history.today, in the rules' order.
std::vector<AlertFinding> EvaluateAlerts(const AlertRules& rules, const AlertHistory& history);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_ALERTS_H_
