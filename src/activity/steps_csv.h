// StepsCsvImporter: daily steps and active minutes from a CSV file.
//
// The first record is the header. Columns are found by name, ignoring case,
// spaces, underscores and punctuation: the date from "date", "day",
// "start", "start date" or "timestamp"; steps from "steps", "step count",
// "daily steps", "total steps" or "count"; active minutes (optional) from
// "active minutes", "minutes active", "exercise minutes", "activity
// minutes", "move minutes" or "minutes". A date is YYYY-MM-DD, optionally
// followed by a time ("2024-05-01 08:00", "2024-05-01T08:00:00Z"): the
// day is taken as written. Numbers may carry thousands separators
// ("12,345" quoted, or "12 345"). Several rows of one day are added up (some
// apps write one row per hour). A row with a bad date or number is skipped
// and reported with its line; a file without date and steps columns fails.
#ifndef BACKCOACH_ACTIVITY_STEPS_CSV_H_
#define BACKCOACH_ACTIVITY_STEPS_CSV_H_

#include <optional>

#include "activity/activity_import.h"
#include "core/csv.h"

namespace backcoach {

class StepsCsvImporter : public ActivityImporter {
 public:
  StepsCsvImporter();
  Status Feed(std::string_view piece) override;
  Result<ActivityImport> Finish() override;

 private:
  Status OnRecord(std::vector<std::string>& fields, long long line);
  Status ReadHeader(const std::vector<std::string>& fields);
  void ReadRow(const std::vector<std::string>& fields, long long line);

  CsvReader reader_;
  ActivityImport import_;
  bool have_header_ = false;
  int date_column_ = -1;
  int steps_column_ = -1;
  int minutes_column_ = -1;
};

// "12,345" / "12 345" / "12345" / "12345.0" -> 12345; nullopt if not a
// whole, non-negative number.
std::optional<long long> ParseCount(std::string_view text);

}  // namespace backcoach

#endif  // BACKCOACH_ACTIVITY_STEPS_CSV_H_
