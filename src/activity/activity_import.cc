#include "activity/activity_import.h"

#include "activity/apple_health.h"
#include "activity/gzip_import.h"
#include "activity/steps_csv.h"

namespace backcoach {

std::unique_ptr<ActivityImporter> ImporterFor(std::string_view head,
                                              std::uint64_t max_plain_bytes) {
  if (IsGzip(head)) return GzipImporter(max_plain_bytes);
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  while (!head.empty() && (head.front() == ' ' || head.front() == '\t' || head.front() == '\r' ||
                           head.front() == '\n')) {
    head.remove_prefix(1);
  }
  if (!head.empty() && head.front() == '<') return std::make_unique<AppleHealthImporter>();
  return std::make_unique<StepsCsvImporter>();
}

void AddProblem(ActivityImport& import, long long line, std::string message) {
  ++import.skipped;
  // Messages quote the file, which may be in any encoding: only printable
  // ASCII goes on, so that they are valid UTF-8 in every answer.
  for (char& c : message) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  if (import.problems.size() < kMaxProblems) import.problems.push_back({line, std::move(message)});
}

}  // namespace backcoach
