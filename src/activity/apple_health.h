// AppleHealthImporter: daily steps and exercise minutes from the export.xml
// of Apple Health ("Export All Health Data" on an iPhone), read as a stream
// with expat: the file is never held in memory, whatever its size.
//
// It reads <Record> elements of type HKQuantityTypeIdentifierStepCount
// (steps) and HKQuantityTypeIdentifierAppleExerciseTime (minutes), and
// ignores every other element. A record counts for the local day of its
// startDate as written in the file ("2024-05-01 23:40:00 +0200" is
// 2024-05-01), which is the day the person lived it.
//
// Overlapping sources: an iPhone and an Apple Watch worn together both count
// the same steps, so adding them would double the day. The importer adds up
// each source's records per day and then takes, for each day, the source
// with the highest total (for steps and for minutes separately); the day's
// `source` names the source the steps came from. This undercounts a day
// split between devices (the phone in the morning, the watch in the
// afternoon), which is the smaller error.
//
// A record without a usable value or date is skipped and reported with its
// line; XML that is not well formed ends the import with its line number.
// So does a stretch of more than kMaxXmlGap bytes in which no element opens
// or closes (one endless tag, comment or text): the parser would hold all
// of it in memory, and an export has no such thing.
#ifndef BACKCOACH_ACTIVITY_APPLE_HEALTH_H_
#define BACKCOACH_ACTIVITY_APPLE_HEALTH_H_

#include <cstdint>
#include <map>
#include <string>

#include "activity/activity_import.h"

namespace backcoach {

constexpr std::uint64_t kMaxXmlGap = 1 << 20;

class AppleHealthImporter : public ActivityImporter {
 public:
  AppleHealthImporter();
  ~AppleHealthImporter() override;
  AppleHealthImporter(const AppleHealthImporter&) = delete;
  AppleHealthImporter& operator=(const AppleHealthImporter&) = delete;

  Status Feed(std::string_view piece) override;
  Result<ActivityImport> Finish() override;

  // Called by the parser for each element that opens, and closes.
  void OnElement(const char* name, const char** attributes);
  void OnElementEnd();

 private:
  Status ParseError() const;
  // The running total of `source` on the day `start` begins with; nullptr
  // when `start` does not begin with a date.
  double* TotalFor(bool steps, const char* start, const char* source);

  struct Parser;
  std::unique_ptr<Parser> parser_;
  ActivityImport import_;
  bool failed_ = false;
  bool gap_ = false;                // failed for kMaxXmlGap
  std::uint64_t fed_ = 0;           // bytes fed so far
  std::uint64_t last_element_ = 0;  // where the last element opened or closed
  // Totals by day and source.
  std::map<Date, std::map<std::string, double>> steps_;
  std::map<Date, std::map<std::string, double>> minutes_;
  // The total the last record added to, and its type, day and source.
  double* last_total_ = nullptr;
  bool last_steps_ = false;
  char last_day_[10] = {};
  std::string last_source_;
};

}  // namespace backcoach

#endif  // BACKCOACH_ACTIVITY_APPLE_HEALTH_H_
