// A stored plan state, as `backcoach progress` reads it from a file. Hand-made
// or stale states are refused with a reason; an accepted one prints.
#include <nlohmann/json.hpp>

#include "core/plan_json.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace backcoach;
  const Content& content = fuzz::ShippedContent();
  auto state = ParsePlanState(fuzz::AsText(data, size), content);
  if (!state.ok()) {
    fuzz::Require(!state.status().message().empty(), "a refused state says why");
    return 0;
  }
  (void)PlanStateToJson(*state, content).dump();
  (void)PlanStateToText(*state, content);
  return 0;
}
