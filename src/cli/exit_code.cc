#include "cli/exit_code.h"

#include <ostream>

namespace backcoach::cli {

Outcome Outcome::CheckFailed(std::string finding) {
  Outcome outcome;
  outcome.finding_ = std::move(finding);
  outcome.check_failed_ = true;
  return outcome;
}

const std::string& Outcome::message() const { return check_failed_ ? finding_ : status_.message(); }

ExitCode ExitCodeOf(const Outcome& outcome) {
  if (outcome.check_failed()) return ExitCode::kCheckFailed;
  switch (outcome.status().code()) {
    case StatusCode::kOk: return ExitCode::kOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound: return ExitCode::kBadInput;
    case StatusCode::kUnavailable: return ExitCode::kUnavailable;
    case StatusCode::kConflict:
    case StatusCode::kPermissionDenied: return ExitCode::kRefused;
    case StatusCode::kInternal: return ExitCode::kInternal;
  }
  return ExitCode::kInternal;
}

int Finish(std::ostream& err, const std::string& who, const Outcome& outcome) {
  if (!outcome.ok()) err << who << ": " << outcome.message() << "\n";
  return static_cast<int>(ExitCodeOf(outcome));
}

}  // namespace backcoach::cli
