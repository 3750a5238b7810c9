// Pain change: whether a person's pain has changed by an amount that
// matters, judged only on enough data. The clinical brief (section 8) takes
// 2 points or 30% on the 0-10 rating as meaningful (Ostelo et al., Spine
// 2008; the pain scale's MCID in content/questionnaires/nrs.yaml); a change
// is its change from a baseline, so one good day after one bad one is none.
// Here the average of the first week of ratings (the baseline) is compared
// with the average of the latest week, and only once the ratings span at
// least two weeks, so that the two weeks do not overlap. Pure.
#ifndef BACKCOACH_CORE_PAIN_CHANGE_H_
#define BACKCOACH_CORE_PAIN_CHANGE_H_

#include <optional>
#include <vector>

#include "core/date.h"
#include "core/questionnaire.h"

namespace backcoach {

// The baseline is a week of ratings, and a change is judged over at least
// two weeks of them (the first rating to the last).
inline constexpr int kPainWeekDays = 7;
inline constexpr int kPainChangeMinDays = 14;

struct PainRating {
  Date date;
  double pain = 0;  // 0 to 10
};

struct PainChange {
  Date baseline_from, baseline_to;  // the first week's ratings, inclusive
  Date recent_from, recent_to;      // the latest week's
  double baseline = 0;              // the average of each week's ratings
  double recent = 0;
  ChangeVerdict verdict;  // recent against baseline, by `scale`'s MCID
};

// `ratings` in any order. Nothing when there are none, or when the last is
// fewer than kPainChangeMinDays after the first (not enough data yet to
// speak of a change). `scale` is the 0-10 pain rating, whose Compare
// applies its MCID.
std::optional<PainChange> ComparePain(std::vector<PainRating> ratings, const Questionnaire& scale);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_PAIN_CHANGE_H_
