#include "core/step_goal.h"

#include <algorithm>
#include <vector>

namespace backcoach {

namespace {

// 12345 -> "12,345": the goal is read by people, not parsers.
// Built by appending: GCC 12 misreports inserting into the middle of the
// string as an overlapping copy (-Wrestrict).
std::string Grouped(long long n) {
  const std::string digits = std::to_string(n);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += ',';
    out += digits[i];
  }
  return out;
}

long long Rounded(long long steps, int round_to) {
  const long long r = round_to;
  return std::max(r, (steps + r / 2) / r * r);
}

bool NoProgramme(const PlanState& s) {
  return s.status == PlanStatus::kStopped || s.status == PlanStatus::kNoPlan;
}

// Why the goal may not rise today, in plain words; empty when it may.
std::string HoldReason(const PlanState& s, Date today, int baseline_days) {
  if (s.status == PlanStatus::kFlareUp) return "while the flare-up settles";
  if (s.status == PlanStatus::kWalkingOnly) {
    return "while your plan is walking within comfort, until you have been seen";
  }
  for (const auto& day : s.recent_days) {
    if (day.red && day.date >= today.Plus(-baseline_days) && day.date <= today) {
      return "because a session was painful in the last days";
    }
  }
  return "";
}

StepGoal Held(long long median, int days_counted, Date today, const std::string& why,
              const StepGoalRules& rules) {
  StepGoal goal;
  goal.baseline = median;
  goal.days_counted = days_counted;
  goal.set_on = today;
  goal.daily_steps = std::min<long long>(Rounded(median, rules.round_to), rules.ceiling);
  goal.reason = {"steps", "hold",
                 "Your step goal stays at " + Grouped(goal.daily_steps) +
                     " steps a day, about what you walk on a typical day now, " + why + ".",
                 "step_goal.hold", rules.hold_source};
  return goal;
}

StepGoal Raised(const StepBaseline& b, Date today, const StepGoalRules& rules) {
  StepGoal goal;
  goal.baseline = b.median;
  goal.days_counted = b.days_counted;
  goal.set_on = today;
  const std::string typical = "a typical day of the last week (" + Grouped(b.median) + " steps, " +
                              std::to_string(b.days_counted) + " days counted)";
  if (b.median >= rules.ceiling) {
    goal.daily_steps = rules.ceiling;
    goal.reason = {"steps", "maintain",
                   "You already walk more than " + Grouped(rules.ceiling) + " steps on " + typical +
                       ". Keep it up; the goal does not rise further.",
                   "step_goal.ceiling", rules.source};
    return goal;
  }
  const long long rise = std::min<long long>(b.median * rules.weekly_increase_percent / 100,
                                             rules.max_weekly_increase);
  goal.daily_steps = std::min<long long>(Rounded(b.median + rise, rules.round_to), rules.ceiling);
  goal.reason = {"steps", "progress",
                 "Your step goal is " + Grouped(goal.daily_steps) +
                     " steps a day: a little more than " + typical + ".",
                 "step_goal.weekly_increase", rules.source};
  return goal;
}

}  // namespace

StepBaseline MeasureSteps(const DailySteps& days, Date today, int baseline_days,
                          std::optional<long long> current_goal) {
  std::vector<long long> counts;
  StepBaseline out;
  for (auto it = days.lower_bound(today.Plus(-baseline_days));
       it != days.end() && it->first < today; ++it) {
    if (it->second <= 0) continue;  // a day without a count: the phone was not carried
    counts.push_back(it->second);
    if (current_goal && it->second >= *current_goal) ++out.days_goal_met;
  }
  out.days_counted = static_cast<int>(counts.size());
  if (counts.empty()) return out;
  std::sort(counts.begin(), counts.end());
  const std::size_t mid = counts.size() / 2;
  out.median = counts.size() % 2 == 1 ? counts[mid] : (counts[mid - 1] + counts[mid]) / 2;
  return out;
}

std::optional<StepGoal> ReviewStepGoal(const PlanState& state, const DailySteps& days, Date today,
                                       const StepGoalRules& rules) {
  if (NoProgramme(state)) return std::nullopt;
  const std::optional<StepGoal>& current = state.step_goal;
  const std::string hold = HoldReason(state, today, rules.baseline_days);
  const bool rise_in_goal =
      current && current->daily_steps > Rounded(current->baseline, rules.round_to);
  const bool due = !current || today.DaysSince(current->set_on) >= rules.review_days ||
                   today < current->set_on || (!hold.empty() && rise_in_goal);
  if (!due) return current;
  const StepBaseline b = MeasureSteps(days, today, rules.baseline_days, std::nullopt);
  if (b.days_counted < rules.min_days_with_steps) {
    // Too few days to build on. A goal with a rise that may not rise now
    // falls back to its own baseline; otherwise it stands.
    if (rise_in_goal && !hold.empty()) {
      return Held(current->baseline, current->days_counted, today, hold, rules);
    }
    return current;
  }
  if (!hold.empty()) return Held(b.median, b.days_counted, today, hold, rules);
  return Raised(b, today, rules);
}

void HoldStepGoalIfNeeded(PlanState& state, const StepGoalRules& rules) {
  if (!state.step_goal) return;
  if (NoProgramme(state)) {
    state.step_goal.reset();
    return;
  }
  if (state.status != PlanStatus::kFlareUp && state.status != PlanStatus::kWalkingOnly) return;
  const StepGoal& goal = *state.step_goal;
  if (goal.daily_steps <= Rounded(goal.baseline, rules.round_to)) return;
  const Date today = state.last_log.value_or(goal.set_on);
  state.step_goal = Held(goal.baseline, goal.days_counted, today,
                         HoldReason(state, today, rules.baseline_days), rules);
  state.decisions.push_back(state.step_goal->reason);
}

}  // namespace backcoach
