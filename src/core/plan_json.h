// The JSON form of a plan state: what `backcoach plan --json` prints and
// what `backcoach progress` reads back and prints again. The form is
// versioned ("format": "backcoach-plan", "version": 1); reading checks the
// exercise ids against the catalogue so a stale state is reported, not
// silently used.
#ifndef BACKCOACH_CORE_PLAN_JSON_H_
#define BACKCOACH_CORE_PLAN_JSON_H_

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "core/plan.h"

namespace backcoach {

// The version of the plan's JSON form that this build writes and reads.
inline constexpr int kPlanFormatVersion = 1;

nlohmann::json PlanStateToJson(const PlanState& state, const Content& content);
Result<PlanState> PlanStateFromJson(const nlohmann::json& object, const Content& content);
Result<PlanState> ParsePlanState(const std::string& json_text, const Content& content);

nlohmann::json ReasonToJson(const Reason& reason);
// The array of ReasonToJson of each, in order: how decisions are answered
// and stored.
nlohmann::json ReasonsToJson(const std::vector<Reason>& reasons);
// {daily_steps, baseline, days_counted, set_on, reason}, or null.
nlohmann::json StepGoalToJson(const std::optional<StepGoal>& goal);

// The readable form: status and messages first, then the week, the
// exercises with their doses, the aerobic target and the reasons.
std::string PlanStateToText(const PlanState& state, const Content& content);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_PLAN_JSON_H_
