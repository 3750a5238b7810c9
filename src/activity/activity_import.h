// Activity import: daily steps and active minutes read from files people
// already have (a CSV from a phone or watch app, Apple Health's export.xml).
//
// An importer is fed the file in pieces of any size and keeps only one
// number per day (and per source, for Apple Health), so a file of gigabytes
// is read in little memory. Rows it cannot use are skipped and reported
// with their line numbers; a file it cannot read at all (not CSV with the
// needed columns, XML that is not well formed) fails as a whole, and then
// nothing of it should be stored. docs/import.md describes the formats.
// Not thread-safe: one importer reads one file.
#ifndef BACKCOACH_ACTIVITY_ACTIVITY_IMPORT_H_
#define BACKCOACH_ACTIVITY_ACTIVITY_IMPORT_H_

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace backcoach {

// One day's activity. -1 means "not in the file".
struct DayActivity {
  long long steps = -1;
  int active_minutes = -1;
  std::string source;  // where the numbers came from, e.g. "csv" or "Apple Watch"
};

// A row that was skipped, and why.
struct ImportProblem {
  long long line = 0;
  std::string message;
};

// What an importer made of a whole file.
struct ActivityImport {
  std::string format;  // "csv" or "apple-health"
  std::map<Date, DayActivity> days;
  long long rows = 0;     // data rows (CSV) or activity records (XML) read
  long long skipped = 0;  // of which unusable; the first kMaxProblems are listed
  std::vector<ImportProblem> problems;
};

// At most this many problems are listed; `skipped` counts them all.
constexpr std::size_t kMaxProblems = 100;
// Plausibility limits for one day (a row outside them is skipped).
constexpr long long kMaxDailySteps = 200000;
constexpr int kMaxDailyMinutes = 24 * 60;

class ActivityImporter {
 public:
  virtual ~ActivityImporter() = default;
  // Takes the next piece of the file. A non-OK status ends the import.
  virtual Status Feed(std::string_view piece) = 0;
  // Ends the file and returns the days read.
  virtual Result<ActivityImport> Finish() = 0;
};

// An importer for the file that begins with `head` (its first bytes): a
// gzip-compressed file is decompressed as it is fed (gzip_import.h), up to
// `max_plain_bytes` once decompressed, and read as what it holds; XML
// (starting with '<' after any byte-order mark and blanks) is read as an
// Apple Health export; anything else as CSV.
std::unique_ptr<ActivityImporter> ImporterFor(
    std::string_view head,
    std::uint64_t max_plain_bytes = std::numeric_limits<std::uint64_t>::max());

// Adds a problem to `import`, listing it if fewer than kMaxProblems are.
// Bytes of the message outside printable ASCII become '?'.
void AddProblem(ActivityImport& import, long long line, std::string message);

}  // namespace backcoach

#endif  // BACKCOACH_ACTIVITY_ACTIVITY_IMPORT_H_
