// PlanStateText: a plan state written straight to JSON text, byte for byte
// what PlanStateToJson(state, content).dump() writes (plan_json.h), without
// building the tree first.
//
// Every durable session log stores the person's whole plan state again,
// and building its tree (a few hundred small objects) then serialising it
// was about a sixth of the server's CPU for a log, much of it in malloc and
// free. Here the fields are written in the tree's order (keys sorted by
// their bytes, at every level, as nlohmann::json writes them), with the
// same choices as the tree: a day's exercises looked up in the state, then
// the catalogue, and left out when in neither; the optional fields present
// only when the tree has them. A property test holds the two to the same
// bytes.
//
// Pure function: safe from any thread. Text that is not UTF-8 throws
// nlohmann::json::type_error, as the tree's dump() does for it.
#ifndef BACKCOACH_CORE_PLAN_STATE_TEXT_H_
#define BACKCOACH_CORE_PLAN_STATE_TEXT_H_

#include <string>

#include "core/plan.h"

namespace backcoach {

void AppendPlanStateText(std::string& out, const PlanState& state, const Content& content);
std::string PlanStateText(const PlanState& state, const Content& content);

// The plan request alone: PlanRequestToJson(request).dump() (plan_request.h).
void AppendPlanRequestText(std::string& out, const PlanRequest& request);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_PLAN_STATE_TEXT_H_
