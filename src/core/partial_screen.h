// Partial screen: the answers of an intake not yet finished, screened by the
// same rule table as a whole intake (screening.h), so that an emergency
// answer is known at once and no rule is written anywhere else.
//
// Each rule is read three-valued over the answers given: it fires once they
// decide that it holds, whatever the questions not yet answered say (an
// `any` with one true part is true; E1 needs only saddle_numbness), and a
// rule they do not decide yet is left out. The phase counts as answered
// with pain_duration_weeks. Pure; safe to call from many threads.
#ifndef BACKCOACH_CORE_PARTIAL_SCREEN_H_
#define BACKCOACH_CORE_PARTIAL_SCREEN_H_

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <vector>

#include "core/screening.h"

namespace backcoach {

struct PartialAnswers {
  // One per IntakeFields(), as IntakeFieldValue reads it; empty when not
  // answered yet.
  std::vector<std::optional<double>> values;
  // Every answer given and consistent: the intake itself.
  std::optional<Intake> whole;
};

// Reads the answers present in `object` (an intake's fields, any of them),
// each checked as IntakeFromJson checks it. Errors: a key that is not an
// intake field ("unknown field 'x'"), a value its field does not take.
Result<PartialAnswers> ReadPartialAnswers(const nlohmann::json& object);

// The rules the answers decide, as a ScreenResult (phase and presentation
// are the defaults until the answers give them). With every answer given,
// exactly Screen's result.
ScreenResult ScreenAnswered(const PartialAnswers& answers, const ScreeningRules& rules);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_PARTIAL_SCREEN_H_
