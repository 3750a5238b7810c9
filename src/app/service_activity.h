// The activity half of Service's values: what an import of daily steps and
// active minutes did (Service::ImportActivity, service_activity.cc). Plain
// values: the API writes them as JSON (api/service_json.h), the command
// line prints them (cli/import_command.cc). Safe to copy between threads.
#ifndef BACKCOACH_APP_SERVICE_ACTIVITY_H_
#define BACKCOACH_APP_SERVICE_ACTIVITY_H_

#include <optional>
#include <string>
#include <vector>

#include "activity/activity_import.h"
#include "core/plan.h"

namespace backcoach {

// What one import did: the file's `format` ("csv", "apple-health"), the
// `rows` read and `days` found in it, of those the days `stored` (new or
// with new numbers) and `unchanged` (already stored alike), the rows
// `skipped` with the first `problems` listed, the first and last day ("" for
// none), and the walking goal in steps reviewed from the days now stored
// (none without a plan or with too few days).
struct ActivityImported {
  std::string format;
  long long rows = 0;
  long long days = 0;
  long long stored = 0;
  long long unchanged = 0;
  long long skipped = 0;
  std::vector<ImportProblem> problems;
  std::string first_day;
  std::string last_day;
  std::optional<StepGoal> step_goal;
};

}  // namespace backcoach

#endif  // BACKCOACH_APP_SERVICE_ACTIVITY_H_
