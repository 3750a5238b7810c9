#include "core/attention.h"

#include <set>

#include "core/alerts.h"

namespace backcoach {

namespace {

void Add(const ListWeight& weight, std::string reason, Attention& out) {
  out.score += weight.attention;
  out.reasons.push_back(std::move(reason));
}

void AddRedFlags(const PlanState& state, Date today, const ListRules& rules,
                 const ScreeningRules& screening, Attention& out) {
  out.score += rules.red_flag.attention;
  for (const auto& id : state.flags) {
    for (const auto& rule : screening.rules()) {
      if (rule.id == id && (rule.tier >= Tier::kWithinDays || rule.blocks_programme)) {
        out.reasons.push_back("red flag " + rule.id + ": " + rule.title);
      }
    }
  }
  // A red flag reported with a session in the last few days comes before
  // older ones, which the clinic has most likely acted on already.
  if (state.status == PlanStatus::kStopped && state.last_log &&
      today.DaysSince(*state.last_log) < rules.recent_red_flag.days) {
    Add(rules.recent_red_flag, "red flag reported on " + state.last_log->ToString(), out);
  }
}

// One point of attention for each recent day with a painful session (a
// day counts once however many records it has).
void AddPainfulDays(const PlanState& state, Date today, const ListRules& rules, Attention& out) {
  std::set<int> counted;
  for (const auto& day : state.recent_days) {
    const int age = today.DaysSince(day.date);
    if (!day.red || age < 0 || age >= rules.painful_session.days) continue;
    if (!counted.insert(age).second) continue;
    Add(rules.painful_session, "a painful session on " + day.date.ToString(), out);
  }
}

// The last 7 days' average session pain against the 7 days before, as the
// pain_worse alert reads it.
void AddPainTrend(const PlanState& state, Date today, const ListRules& rules, Attention& out) {
  std::vector<PainDay> sessions;
  sessions.reserve(state.recent_days.size());
  for (const auto& day : state.recent_days) sessions.push_back({day.date, day.average_pain});
  const auto change = WeeklyPainChange(today, sessions);
  if (!change || *change < rules.pain_worse.points) return;
  Add(rules.pain_worse,
      "pain worse by " + std::to_string(rules.pain_worse.points) + " points or more over two weeks",
      out);
}

// A plan still open with no session for the inactive rule's days; counted
// from the plan's start when nothing was logged yet. The reason names the
// day, so that it stays true between the daily refreshes of the list.
void AddInactivity(const PlanState& state, Date today, const ListRules& rules, Attention& out) {
  const bool open = state.status == PlanStatus::kActive ||
                    state.status == PlanStatus::kWalkingOnly ||
                    state.status == PlanStatus::kFlareUp;
  if (!open || rules.inactive.days <= 0) return;
  if (state.last_log) {
    if (today.DaysSince(*state.last_log) < rules.inactive.days) return;
    Add(rules.inactive, "no session logged since " + state.last_log->ToString(), out);
  } else if (today.DaysSince(state.request.start_date) >= rules.inactive.days) {
    Add(rules.inactive,
        "no session logged since the plan began on " + state.request.start_date.ToString(), out);
  }
}

}  // namespace

bool IsRedFlagState(const PlanState& state) {
  return state.status == PlanStatus::kStopped || state.status == PlanStatus::kNoPlan ||
         state.triage >= Tier::kWithinDays;
}

Attention AttentionOf(const PlanState& state, Date today, const ListRules& rules,
                      const ScreeningRules& screening) {
  Attention out;
  if (IsRedFlagState(state)) AddRedFlags(state, today, rules, screening, out);
  if (state.status == PlanStatus::kFlareUp && state.flare_since) {
    Add(rules.flare_up, "flare-up since " + state.flare_since->ToString(), out);
  }
  AddPainfulDays(state, today, rules, out);
  AddPainTrend(state, today, rules, out);
  AddInactivity(state, today, rules, out);
  return out;
}

void AddOpenAlerts(const std::vector<OpenAlert>& alerts, Attention& attention) {
  std::set<const AlertRule*> counted;
  for (const auto& alert : alerts) {
    if (alert.rule == nullptr || alert.rule->kind != AlertKind::kConcern) continue;
    if (counted.insert(alert.rule).second) attention.score += alert.rule->attention;
    attention.reasons.push_back((alert.is_new ? "new alert: " : "open alert: ") + alert.reason);
  }
}

void AddUnansweredMessage(Date since, const ListRules& rules, Attention& attention) {
  Add(rules.unanswered_message, "a message waiting for an answer since " + since.ToString(),
      attention);
}

bool IsUrgent(int score, const ListRules& rules) { return score >= rules.red_flag.attention; }

}  // namespace backcoach
