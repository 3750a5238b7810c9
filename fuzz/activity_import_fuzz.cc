// Step and activity files (a phone app's CSV, Apple Health's export.xml), fed
// to the importer in pieces. The pieces' sizes come from the input's first
// byte, and the same file read whole must give the same days: an importer
// that depended on where a piece ends would import a real file differently
// depending on the network. Every day read is within the plausibility limits;
// a file refused as a whole says why.
#include <string>
#include <string_view>

#include "activity/activity_import.h"
#include "fuzz_support.h"

namespace {

using backcoach::ActivityImport;
using backcoach::Result;

Result<ActivityImport> Read(std::string_view file, std::size_t piece) {
  auto importer = backcoach::ImporterFor(file.substr(0, 512), 64 << 20);
  for (std::size_t at = 0; at < file.size(); at += piece) {
    if (auto s = importer->Feed(file.substr(at, piece)); !s.ok()) return s;
  }
  return importer->Finish();
}

bool SameDays(const ActivityImport& a, const ActivityImport& b) {
  if (a.days.size() != b.days.size() || a.rows != b.rows || a.skipped != b.skipped) return false;
  for (auto i = a.days.begin(), j = b.days.begin(); i != a.days.end(); ++i, ++j) {
    if (i->first != j->first || i->second.steps != j->second.steps ||
        i->second.active_minutes != j->second.active_minutes) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace backcoach;
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 64;
  const std::string file = fuzz::AsText(data + 1, size - 1);
  auto whole = Read(file, file.size() + 1);
  auto pieces = Read(file, piece);
  fuzz::Require(whole.ok() == pieces.ok(), "pieces and the whole file are read alike");
  if (!whole.ok()) {
    fuzz::Require(!whole.status().message().empty(), "a refused file says why");
    return 0;
  }
  fuzz::Require(SameDays(*whole, *pieces), "pieces and the whole file give the same days");
  fuzz::Require(whole->skipped >= static_cast<long long>(whole->problems.size()),
                "every listed problem is counted");
  fuzz::Require(whole->problems.size() <= kMaxProblems, "at most kMaxProblems are listed");
  for (const auto& [day, activity] : whole->days) {
    fuzz::Require(activity.steps >= -1 && activity.steps <= kMaxDailySteps, "steps in range");
    fuzz::Require(activity.active_minutes >= -1 && activity.active_minutes <= kMaxDailyMinutes,
                  "minutes in range");
    fuzz::Require(Date::Parse(day.ToString()).ok(), "a day prints as a date");
  }
  for (const auto& p : whole->problems) {
    fuzz::Require(p.line > 0 && !p.message.empty(), "a problem names its line and says why");
  }
  return 0;
}
