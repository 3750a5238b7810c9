// A plan request (intake plus the person's context) through plan generation.
// An accepted request gives a plan whose JSON form reads back to the same
// JSON: what is stored is what is served.
#include <nlohmann/json.hpp>

#include "core/plan.h"
#include "core/plan_json.h"
#include "core/plan_request.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace backcoach;
  const Content& content = fuzz::ShippedContent();
  auto request = ParsePlanRequest(fuzz::AsText(data, size));
  if (!request.ok()) {
    fuzz::Require(!request.status().message().empty(), "a refused request says why");
    return 0;
  }
  auto plan = MakePlan(*request, content);
  if (!plan.ok()) {
    fuzz::Require(!plan.status().message().empty(), "a refused plan says why");
    return 0;
  }
  const nlohmann::json first = PlanStateToJson(*plan, content);
  auto back = PlanStateFromJson(first, content);
  fuzz::Require(back.ok(), "a plan's own JSON reads back");
  fuzz::Require(PlanStateToJson(*back, content) == first, "a plan's JSON round-trips unchanged");
  (void)PlanStateToText(*plan, content);
  return 0;
}
