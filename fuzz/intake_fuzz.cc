// Intake JSON, as a person's browser or a clinic's script sends it, through
// screening. Whatever is accepted is screened, and a screen that reaches an
// urgent tier never lets the programme start.
#include <nlohmann/json.hpp>

#include "core/intake.h"
#include "core/screening.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace backcoach;
  const Content& content = fuzz::ShippedContent();
  auto intake = ParseIntake(fuzz::AsText(data, size));
  if (!intake.ok()) {
    fuzz::Require(!intake.status().message().empty(), "a refused intake says why");
    return 0;
  }
  const ScreenResult result = Screen(*intake, content.screening);
  if (result.triage == Tier::kEmergency || result.triage == Tier::kSameDay) {
    fuzz::Require(!result.can_start_programme, "an urgent screen never starts the programme");
  }
  for (const ScreeningRule* flag : result.flags) {
    fuzz::Require(flag->tier <= result.triage, "the triage is at least as urgent as every flag");
  }
  (void)ScreenResultToJson(result, content.screening).dump();
  (void)ScreenResultToText(result, content.screening);
  return 0;
}
