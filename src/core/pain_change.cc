#include "core/pain_change.h"

#include <algorithm>

namespace backcoach {

std::optional<PainChange> ComparePain(std::vector<PainRating> ratings, const Questionnaire& scale) {
  if (ratings.empty()) return std::nullopt;
  std::stable_sort(ratings.begin(), ratings.end(),
                   [](const PainRating& a, const PainRating& b) { return a.date < b.date; });
  const Date first = ratings.front().date, last = ratings.back().date;
  if (last.DaysSince(first) < kPainChangeMinDays) return std::nullopt;
  PainChange out;
  out.baseline_from = first;
  out.baseline_to = first.Plus(kPainWeekDays - 1);
  out.recent_from = last.Plus(-(kPainWeekDays - 1));
  out.recent_to = last;
  double baseline_sum = 0, recent_sum = 0;
  int baseline_count = 0, recent_count = 0;
  for (const PainRating& r : ratings) {
    if (r.date <= out.baseline_to) {
      baseline_sum += r.pain;
      ++baseline_count;
    }
    if (r.date >= out.recent_from) {
      recent_sum += r.pain;
      ++recent_count;
    }
  }
  // Both weeks hold a rating: the first and the last.
  out.baseline = baseline_sum / baseline_count;
  out.recent = recent_sum / recent_count;
  out.verdict = scale.Compare(out.baseline, out.recent);
  return out;
}

}  // namespace backcoach
