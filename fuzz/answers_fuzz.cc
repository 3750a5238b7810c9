// Questionnaire answers (item id to number) scored by every shipped
// questionnaire. Answers a questionnaire does not take are refused with a
// reason; a score, when given, is a finite number.
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/questionnaire.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace backcoach;
  const Content& content = fuzz::ShippedContent();
  const nlohmann::json body = nlohmann::json::parse(fuzz::AsText(data, size), nullptr, false);
  if (!body.is_object()) return 0;
  std::map<std::string, double> answers;
  for (const auto& [key, value] : body.items()) {
    if (value.is_number()) answers[key] = value.get<double>();
  }
  for (const auto& [id, questionnaire] : content.questionnaires) {
    auto score = questionnaire.ScoreAnswers(answers);
    if (!score.ok()) {
      fuzz::Require(!score.status().message().empty(), "a refused answer says why");
      continue;
    }
    fuzz::Require(std::isfinite(score->total), "a score is a finite number");
  }
  return 0;
}
