// Session logs, as the app posts them, applied to a plan in progress. The
// engine either refuses a log with a reason or takes it; a refused log
// leaves the plan as it was, and a taken one still reads back as a plan.
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "core/plan.h"
#include "core/plan_json.h"
#include "core/plan_request.h"
#include "core/progression.h"
#include "core/session_log.h"
#include "fuzz_support.h"

namespace {

// Maria's plan from examples/plan/maria.json: chronic, localised, self-care.
const backcoach::PlanState& StartingPlan() {
  using namespace backcoach;
  static const PlanState* plan = [] {
    auto parsed = ParsePlanRequest(fuzz::SourceFile("examples/plan/maria.json"));
    fuzz::Require(parsed.ok(), "the starting request parses");
    auto made = MakePlan(*parsed, fuzz::ShippedContent());
    fuzz::Require(made.ok(), "the starting plan is made");
    return new PlanState(std::move(*made));
  }();
  return *plan;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace backcoach;
  const Content& content = fuzz::ShippedContent();
  auto logs = ParseSessionLogs(fuzz::AsText(data, size));
  if (!logs.ok()) {
    fuzz::Require(!logs.status().message().empty(), "a refused log says why");
    return 0;
  }
  PlanState state = StartingPlan();
  for (const SessionLog& log : *logs) {
    const nlohmann::json before = PlanStateToJson(state, content);
    Status applied = ApplySessionLog(state, log, content);
    if (!applied.ok()) {
      fuzz::Require(!applied.message().empty(), "a refused log says why");
      fuzz::Require(PlanStateToJson(state, content) == before, "a refused log changes nothing");
      continue;
    }
    if (log.pain_next_morning) {
      (void)ApplyCheckIn(state, log.date, *log.pain_next_morning, content);
    }
  }
  fuzz::Require(PlanStateFromJson(PlanStateToJson(state, content), content).ok(),
                "the plan after the logs reads back");
  return 0;
}
