#include "core/schedule.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <span>
#include <string_view>

#include "core/progression.h"
#include "core/same_text.h"
#include "core/words.h"

namespace backcoach {

namespace {

// The kinds of work sessions are made of, in session order; aerobic work
// and intervals fill the rest of the day instead.
constexpr Category kSessionOrder[] = {Category::kMobility, Category::kCore, Category::kStrength,
                                      Category::kMindBody};

// (1 + pct / 100) to the power `weeks`: std::pow's very value, remembered
// for the last percentage asked, since every reschedule asks for the same
// few (std::pow was 3% of a simulated step).
double Growth(int pct, int weeks) {
  constexpr int kKept = 16;
  thread_local int kept_pct = -1;
  thread_local std::array<double, kKept> kept{};
  if (weeks < 0 || weeks >= kKept) return std::pow(1 + pct / 100.0, weeks);
  if (pct != kept_pct) {
    for (int w = 0; w < kKept; ++w)
      kept[static_cast<std::size_t>(w)] = std::pow(1 + pct / 100.0, w);
    kept_pct = pct;
  }
  return kept[static_cast<std::size_t>(weeks)];
}

// lround(minutes * Growth(pct, weeks)): the very value, remembered for the
// last minutes and percentage asked, since a person's aerobic minutes change
// far less often than their week is laid out (std::lround, a call into the
// maths library, was asked six times a reschedule).
int GrownMinutes(int minutes, int pct, int weeks) {
  constexpr int kKept = 8;  // content asks for six weeks
  thread_local bool filled = false;
  thread_local int kept_minutes = 0;
  thread_local int kept_pct = 0;
  thread_local std::array<int, kKept> kept{};
  if (weeks < 0 || weeks >= kKept)
    return static_cast<int>(std::lround(minutes * Growth(pct, weeks)));
  if (!filled || minutes != kept_minutes || pct != kept_pct) {
    for (int w = 0; w < kKept; ++w)
      kept[static_cast<std::size_t>(w)] = static_cast<int>(std::lround(minutes * Growth(pct, w)));
    filled = true;
    kept_minutes = minutes;
    kept_pct = pct;
  }
  return kept[static_cast<std::size_t>(weeks)];
}

// Sets `text` to `value` unless it already holds it: comparing is cheaper
// than copying, and most reschedules write the same words again. Always
// inlined: a reschedule makes about thirty of these calls, and the call
// itself cost about a third of each (the strings are short ids).
[[gnu::always_inline]] inline void AssignIfChanged(std::string& text, std::string_view value) {
  if (!SameText(text, value)) text.assign(value);
}

// An exercise of the sessions and the minutes one session of it takes,
// worked out once: fitting the sessions adds them up again and again.
struct Item {
  const Prescription* prescription = nullptr;
  int minutes = 0;
};

struct Session {
  std::vector<const Item*> items;
  int Minutes() const {
    int total = 0;
    for (const Item* item : items) total += item->minutes;
    return total;
  }
};

// A week's sessions, written over the previous reschedule's on the same
// thread: the vectors keep their storage, so laying out a week allocates
// nothing once a few weeks have been laid out (this runs after every step).
struct Week {
  std::vector<Item> items;        // the exercises of the sessions, in session order
  std::vector<Session> sessions;  // the first `count` are this week's
  std::size_t count = 0;
  std::vector<int> minutes;  // each of this week's sessions' Minutes(), once fitted

  std::span<Session> Sessions() { return {sessions.data(), count}; }
  const Session& operator[](std::size_t k) const { return sessions[k]; }
};

Week& Scratch() {
  thread_local Week week;
  return week;
}

// What week.items and week's sessions were last worked out from, on this
// thread. The sessions depend only on each prescription's place in the
// plan, kind of work, pause and minutes (from its dose and the rules), on
// the minutes a session may take and on the days of the week. Most steps
// change none of these (a step up in level or repetitions often keeps a
// session's minutes), so the sessions are kept and only their ids read
// again when the days are written. The items point into the plan's
// prescriptions by place: the same array (address and size) with the same
// kind, pause and dose in every place gives the very same items, whatever
// the plan was before.
struct WeekInputs {
  // A prescription as the sessions see it: its dose rather than its minutes,
  // since comparing the dose is cheaper than working the minutes out.
  struct Slot {
    Category category = Category::kCore;
    bool paused = false;
    Dose dose;
    bool Same(const Prescription& p) const {
      return category == p.category && paused == p.paused && dose.sets == p.dose.sets &&
             dose.reps == p.dose.reps && dose.hold_seconds == p.dose.hold_seconds &&
             dose.minutes == p.dose.minutes && dose.per_side == p.dose.per_side;
    }
  };
  const Prescription* plan = nullptr;  // s.exercises.data() the items point into
  std::vector<Slot> slots;             // by prescription, in plan order
  int seconds_per_rep = -1;            // the rules DoseMinutes read
  int rest_seconds_between_sets = -1;
  bool items_known = false;  // week.items were made from `plan` and `slots`
  int budget = -1;           // the session budget the sessions were fitted to
  int max_sessions = -1;
  bool sessions_known = false;  // week's sessions were fitted to the items and these
};

WeekInputs& KeptInputs() {
  thread_local WeekInputs inputs;
  return inputs;
}

// Deals the items round-robin into `count` sessions, each opened by the
// warm-up (the first mobility exercise).
void Deal(Week& week, std::size_t count) {
  const std::vector<Item>& items = week.items;
  if (week.sessions.size() < count) week.sessions.resize(count);
  week.count = count;
  const bool has_warm_up = items.front().prescription->category == Category::kMobility;
  for (auto& s : week.Sessions()) {
    s.items.clear();
    s.items.reserve(2 + items.size() / count);  // at most
  }
  if (has_warm_up) {
    for (auto& s : week.Sessions()) s.items.push_back(&items.front());
  }
  for (std::size_t i = has_warm_up ? 1 : 0, k = 0; i < items.size(); ++i, ++k) {
    week.sessions[k % count].items.push_back(&items[i]);
  }
}

bool AllFit(std::span<const Session> sessions, int budget) {
  return std::all_of(sessions.begin(), sessions.end(),
                     [&](const Session& s) { return s.Minutes() <= budget; });
}

// AllFit(Deal(items, count), budget), without building the sessions:
// session k holds the warm-up and every count-th item from the k-th on.
bool DealFits(const std::vector<Item>& items, std::size_t count, int budget) {
  const bool has_warm_up = items.front().prescription->category == Category::kMobility;
  const std::size_t first = has_warm_up ? 1 : 0;
  const int warm_up = has_warm_up ? items.front().minutes : 0;
  for (std::size_t k = 0; k < count; ++k) {
    int minutes = warm_up;
    for (std::size_t i = first + k; i < items.size(); i += count) minutes += items[i].minutes;
    if (minutes > budget) return false;
  }
  return true;
}

// Whether some rotation of at most `max_sessions` sessions fits `budget`
// with every item in it.
bool AnyDealFits(const std::vector<Item>& items, int budget, int max_sessions) {
  if (items.empty()) return true;
  for (int count = 1; count <= max_sessions; ++count) {
    if (DealFits(items, static_cast<std::size_t>(count), budget)) return true;
  }
  return false;
}

// Drops exercises from the end of each session until it fits. With
// `keep_every_kind`, the last exercise of a kind of work in the week stays.
void Trim(std::span<Session> sessions, int budget, bool keep_every_kind) {
  auto count_in_week = [&](Category c) {
    int n = 0;
    for (const auto& s : sessions) {
      for (const Item* item : s.items) n += item->prescription->category == c;
    }
    return n;
  };
  for (auto& s : sessions) {
    for (std::size_t i = s.items.size(); i-- > 1;) {
      if (s.Minutes() <= budget) break;
      if (!keep_every_kind || count_in_week(s.items[i]->prescription->category) > 1) {
        s.items.erase(s.items.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
}

// Splits week.items (in session order) into as few rotating sessions (at
// most one per training day) as fit `budget` minutes, so that every kind of
// work still appears in the week. Only when even that fails are exercises
// dropped, keeping every kind while possible; time is the person's and wins
// last.
void FitSessions(Week& week, int budget, int max_sessions) {
  if (week.items.empty()) {
    if (week.sessions.empty()) week.sessions.resize(1);
    week.sessions.front().items.clear();
    week.count = 1;
    return;
  }
  for (int count = 1; count <= max_sessions; ++count) {
    const auto n = static_cast<std::size_t>(count);
    if (DealFits(week.items, n, budget)) return Deal(week, n);
  }
  Deal(week, static_cast<std::size_t>(std::max(1, max_sessions)));
  Trim(week.Sessions(), budget, /*keep_every_kind=*/true);
  if (!AllFit(week.Sessions(), budget)) Trim(week.Sessions(), budget, /*keep_every_kind=*/false);
}

const Prescription* FirstOf(const PlanState& s, Category c) {
  for (const auto& p : s.exercises) {
    if (p.category == c && !p.paused) return &p;
  }
  return nullptr;
}

// Sets `items` to the exercises sessions are made of, in session order: by
// kSessionOrder, plan order within a kind of work.
void SessionItems(const PlanState& s, const PlanRules& r, std::vector<Item>& items) {
  items.clear();
  for (Category c : kSessionOrder) {
    for (const auto& p : s.exercises) {
      if (!p.paused && p.category == c) items.push_back({&p, DoseMinutes(p.dose, r)});
    }
  }
}

// SessionItems(s, r, week.items), unless the items already there were made
// from the same prescriptions (KeptInputs): then they are kept, and so are
// the sessions when they are fitted to the same budget and days again.
void WeekItems(const PlanState& s, const PlanRules& r, Week& week) {
  WeekInputs& kept = KeptInputs();
  const std::size_t n = s.exercises.size();
  bool same = kept.items_known && kept.plan == s.exercises.data() && kept.slots.size() == n &&
              kept.seconds_per_rep == r.seconds_per_rep &&
              kept.rest_seconds_between_sets == r.rest_seconds_between_sets;
  for (std::size_t i = 0; same && i < n; ++i) same = kept.slots[i].Same(s.exercises[i]);
  if (same) return;
  kept.slots.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Prescription& p = s.exercises[i];
    kept.slots[i] = {p.category, p.paused, p.dose};
  }
  kept.seconds_per_rep = r.seconds_per_rep;
  kept.rest_seconds_between_sets = r.rest_seconds_between_sets;
  kept.plan = s.exercises.data();
  kept.items_known = true;
  kept.sessions_known = false;
  SessionItems(s, r, week.items);
}

// Rescheduling writes over the previous schedule instead of building a new
// one: most steps lay out the same exercises again, and a string or vector
// that is assigned to keeps its storage, so such a step allocates nothing.

// Sets `ids` to the ids of the session's exercises, then `last` when given.
void AssignIds(std::vector<std::string>& ids, const Session& session,
               const Prescription* last = nullptr) {
  const auto& items = session.items;
  ids.resize(items.size() + (last != nullptr ? 1 : 0));
  for (std::size_t i = 0; i < items.size(); ++i)
    AssignIfChanged(ids[i], items[i]->prescription->id);
  if (last != nullptr) AssignIfChanged(ids.back(), last->id);
}

void AssignAerobic(AerobicTarget& target, std::string_view exercise_id, int minutes_per_bout,
                   int bouts_per_day, int days_per_week) {
  AssignIfChanged(target.exercise_id, exercise_id);
  target.minutes_per_bout = minutes_per_bout;
  target.bouts_per_day = bouts_per_day;
  target.days_per_week = days_per_week;
}

// Sets `ids` to MinimumSession(s, content), writing over what it holds: a
// flare-up is laid out again after every step of it.
void AssignMinimumSession(const PlanState& s, const Content& content,
                          std::vector<std::string>& ids) {
  const EligibilityChecker eligible(s, content);
  std::size_t count = 0;
  const auto add = [&](std::string_view id) {
    if (count == ids.size()) ids.emplace_back();
    AssignIfChanged(ids[count++], id);
  };
  for (Category c : {Category::kMobility, Category::kMindBody}) {
    for (const auto& e : content.catalogue.exercises()) {
      if (e.category == c && e.level == 1 && e.load.empty() && eligible.Allows(e)) {
        add(e.id);
        break;
      }
    }
  }
  add(content.engine.progression.walking_exercise);
  ids.resize(count);
}

// Sets `ids` to `value` unless it already holds the same ids.
void AssignIdsIfChanged(std::vector<std::string>& ids, const std::vector<std::string>& value) {
  const bool same =
      std::equal(ids.begin(), ids.end(), value.begin(), value.end(),
                 [](const std::string& a, const std::string& b) { return SameText(a, b); });
  if (!same) ids = value;
}

// Moves the ids of the days already laid out from `from` on to the front,
// so that a day is written over the same date's ids of the last schedule:
// mostly the same again, they are then compared instead of copied (most
// steps move the week on by a day or two). Every field of every day is
// written afterwards, so this changes only which storage is reused.
void AlignDays(std::vector<SessionDay>& days, Date from) {
  constexpr std::size_t kDays = 7;
  if (days.size() != kDays) return;
  const int shift = from.DaysSince(days.front().date);
  if (shift <= 0 || shift >= static_cast<int>(kDays)) return;
  // Only the lists of ids move (a vector's swap is three pointers); the
  // days' other fields are small. Day d takes the list of day d + shift:
  // with 7 days, a prime, that is one cycle through every day.
  const auto step = static_cast<std::size_t>(shift);
  std::vector<std::string> first;
  first.swap(days.front().exercises);
  std::size_t at = 0;
  for (std::size_t moved = 1; moved < kDays; ++moved) {
    const std::size_t next = (at + step) % kDays;
    days[at].exercises.swap(days[next].exercises);
    at = next;
  }
  days[at].exercises.swap(first);
}

void ScheduleFlareUp(PlanState& s, const Content& content, Date from) {
  const FlareUpRules& f = content.engine.flare_up;
  thread_local std::vector<std::string> ids;
  AssignMinimumSession(s, content, ids);
  AlignDays(s.schedule, from);
  s.schedule.resize(7);
  for (int d = 0; d < 7; ++d) {
    SessionDay& day = s.schedule[static_cast<std::size_t>(d)];
    day.date = from.Plus(d);
    AssignIfChanged(day.kind, "session");
    AssignIdsIfChanged(day.exercises, ids);
    day.aerobic_minutes = f.walk_minutes;
    day.minutes = f.minimum_session_minutes + f.walk_minutes;
  }
  AssignAerobic(s.aerobic, content.engine.progression.walking_exercise, f.walk_minutes, 1, 7);
  s.progression_schedule.resize(1);
  WeekTarget& target = s.progression_schedule.front();
  target.week = 1;
  target.aerobic_minutes_per_bout = f.walk_minutes;
  if (!WordsWanted()) {
    target.focus.clear();  // nothing reads the words in a run without them
    return;
  }
  target.focus = "Flare-up: a short, gentle session each day; nothing moves up until ";
  target.focus += s.flare_until ? s.flare_until->ToString() : from.Plus(f.hold_days).ToString();
  target.focus += '.';
}

// The session days of SessionDays(n) as bits 0-6, for n from 0 to 7: a
// table, since the days of every reschedule and adherence window look them
// up (the divisions were a tenth of a reschedule).
constexpr std::array<unsigned, 8> kPatterns = [] {
  std::array<unsigned, 8> masks{};
  for (int n = 1; n < 8; ++n) {
    for (int i = 0; i < n; ++i) masks[static_cast<std::size_t>(n)] |= 1u << (i * 7 / n);
  }
  return masks;
}();

bool CommonPattern(int days_per_week) { return days_per_week >= 0 && days_per_week < 8; }

// Whether day `d` of the week is one of SessionDays(days_per_week), without
// building the list on every reschedule.
bool IsSessionDay(int d, int days_per_week) {
  if (CommonPattern(days_per_week)) {
    return d >= 0 && d < 7 && (kPatterns[static_cast<std::size_t>(days_per_week)] >> d & 1u) != 0;
  }
  for (int i = 0; i < days_per_week; ++i) {
    if (i * 7 / days_per_week == d) return true;
  }
  return false;
}

// How many of SessionDays(days_per_week) come before day `d` of the week.
int SessionDaysBefore(int d, int days_per_week) {
  if (CommonPattern(days_per_week) && d >= 0 && d <= 7) {
    // The pattern's days below day d, counted in one instruction.
    const unsigned below = (1u << d) - 1u;
    return std::popcount(kPatterns[static_cast<std::size_t>(days_per_week)] & below);
  }
  int place = 0;
  for (int i = 0; i < days_per_week; ++i) place += i * 7 / days_per_week < d ? 1 : 0;
  return place;
}

// Days since the start, and the programme week and day of the week they
// fall in (a date before the start counts as day 0).
int DayIndex(const PlanState& s, Date date) {
  return std::max(0, date.DaysSince(s.request.start_date));
}

void AssignWeekFocus(std::string& focus, const PlanState& s, int week, const Content& content) {
  const PlanRules& r = content.engine.plan;
  if (!WordsWanted()) {
    focus.clear();  // nothing reads the words in a run without them
    return;
  }
  if (week == 1) {
    AssignIfChanged(focus,
                    "Learn the movements and notice how your back responds the next morning.");
  } else if (s.phase == Phase::kAcute) {
    AssignIfChanged(focus,
                    "Keep walking twice a day; the wider programme grows in as the pain settles.");
  } else if (s.graded_activity) {
    // Written in place when it differs: the same words come back every week.
    constexpr std::string_view kBefore = "Doses rise by about ";
    constexpr std::string_view kAfter = "% this week, as planned, while pain stays acceptable.";
    char digits[16];
    const auto end =
        std::to_chars(digits, digits + sizeof digits, r.graded_weekly_increase_percent).ptr;
    const std::string_view number(digits, static_cast<std::size_t>(end - digits));
    const std::string_view now(focus);
    const bool same = now.size() == kBefore.size() + number.size() + kAfter.size() &&
                      SameText(now.substr(0, kBefore.size()), kBefore) &&
                      SameText(now.substr(kBefore.size(), number.size()), number) &&
                      SameText(now.substr(kBefore.size() + number.size()), kAfter);
    if (same) return;
    focus.assign(kBefore);
    focus.append(number);
    focus.append(kAfter);
  } else {
    AssignIfChanged(focus, "Exercises move up after two comfortable sessions in a row.");
  }
}

}  // namespace

bool IsPatternSessionDay(const PlanState& s, Date date) {
  return IsSessionDay(DayIndex(s, date) % 7, s.request.days_per_week);
}

int ScheduledSessions(const PlanState& s, Date from, Date to) {
  int n = 0;
  for (Date d = from; !(to < d); d = d.Plus(1)) n += IsPatternSessionDay(s, d) ? 1 : 0;
  return n;
}

bool IntervalsReady(const PlanState& s, const Content& content) {
  const ProgressionRules& r = content.engine.progression;
  if (EngineFaultsForTesting().intervals_early) return true;
  if (s.status != PlanStatus::kActive || !s.open_findings.empty()) return false;
  if (s.aerobic_base_sessions < r.intervals_after_base_sessions) return false;
  if (s.recent_days.empty()) return r.intervals_after_base_sessions == 0;
  const DayRecord& last = s.recent_days.back();
  return !last.red && last.average_pain <= r.intervals_max_pain;
}

int MinutesCap(const PlanState& s, const Prescription& p, const Content& content) {
  const ProgressionRules& r = content.engine.progression;
  const PlanRules& pr = content.engine.plan;
  const int week_start = p.minutes_at_week_start > 0 ? p.minutes_at_week_start : p.dose.minutes;
  int cap = std::min(r.max_minutes,
                     week_start + std::max(r.min_minutes_step,
                                           week_start * r.weekly_minutes_increase_percent / 100));
  const bool walk_daily = s.phase == Phase::kAcute || s.status == PlanStatus::kWalkingOnly;
  const int bouts = walk_daily && p.category == Category::kAerobic ? pr.acute_walk_bouts : 1;
  const int budget = (s.request.minutes_per_day - r.min_session_minutes) / std::max(1, bouts);
  if (EngineFaultsForTesting().weekly_cap_ignored) return r.max_minutes;
  // Never below what is prescribed now: the cap stops growth, it does not cut.
  return std::max(std::min(cap, budget), std::min(p.dose.minutes, cap));
}

int DoseMinutes(const Dose& dose, const PlanRules& r) {
  if (dose.minutes > 0) return dose.minutes;
  const int per_rep = dose.hold_seconds > 0 ? dose.hold_seconds : r.seconds_per_rep;
  const int reps = std::max(1, dose.reps);
  const int sides = dose.per_side ? 2 : 1;
  const int sets = std::max(1, dose.sets);
  const int seconds = sets * reps * per_rep * sides + (sets - 1) * r.rest_seconds_between_sets;
  return std::max(1, (seconds + 59) / 60);
}

std::vector<int> SessionDays(int days_per_week) {
  std::vector<int> days;
  days.reserve(static_cast<std::size_t>(std::max(0, days_per_week)));
  for (int i = 0; i < days_per_week; ++i) days.push_back(i * 7 / days_per_week);
  return days;
}

std::vector<std::string> MinimumSession(const PlanState& s, const Content& content) {
  std::vector<std::string> ids;
  AssignMinimumSession(s, content, ids);
  return ids;
}

void Reschedule(PlanState& s, const Content& content, Date from) {
  const PlanRules& r = content.engine.plan;
  if (s.status == PlanStatus::kNoPlan || s.status == PlanStatus::kStopped) {
    s.schedule.clear();
    s.progression_schedule.clear();
    s.aerobic = {};
    return;
  }
  if (s.status == PlanStatus::kFlareUp) return ScheduleFlareUp(s, content, from);

  const Prescription* aerobic = FirstOf(s, Category::kAerobic);
  const Prescription* intervals = FirstOf(s, Category::kIntervals);
  const bool walk_daily = s.phase == Phase::kAcute || s.status == PlanStatus::kWalkingOnly;
  const int budget = s.request.minutes_per_day;
  const int bouts = walk_daily ? r.acute_walk_bouts : 1;
  // The person's time wins: daily walks get what is left after the shortest
  // session, but never less than the guideline's minimum walks.
  const int min_session = content.engine.progression.min_session_minutes;
  int bout = aerobic != nullptr ? aerobic->dose.minutes : 0;
  if (walk_daily)
    bout = std::min(bout, std::max(r.acute_walk_minutes, (budget - min_session) / bouts));
  // In the acute phase the two daily walks are the guideline's minimum; the
  // gentle session then gets what is left, or at least 5 minutes. Otherwise
  // the aerobic minimum is kept, but never more than half the day's time.
  int reserved = walk_daily ? bout * bouts : std::min(bout, r.aerobic_min_minutes);
  if (!walk_daily) reserved = std::min(reserved, budget / 2);
  Week& sessions = Scratch();
  WeekItems(s, r, sessions);
  // A clinician's dose of aerobic work is kept whole on its days when the
  // sessions can rotate around it with nothing left out; otherwise the
  // person's time wins as for any dose, and the walk is shorter on the
  // longer days.
  if (!walk_daily && aerobic != nullptr && aerobic->ClinicianDose() && bout > reserved) {
    const int whole = std::min(bout, std::max(0, budget - min_session));
    if (AnyDealFits(sessions.items, std::max(min_session, budget - whole),
                    s.request.days_per_week)) {
      reserved = whole;
    }
  }
  const int session_budget = std::max(min_session, budget - reserved);
  WeekInputs& kept = KeptInputs();
  if (!kept.sessions_known || kept.budget != session_budget ||
      kept.max_sessions != s.request.days_per_week) {
    kept.sessions_known = true;
    kept.budget = session_budget;
    kept.max_sessions = s.request.days_per_week;
    FitSessions(sessions, session_budget, s.request.days_per_week);
    // Added up once: the days below take them again and again.
    sessions.minutes.resize(sessions.count);
    for (std::size_t k = 0; k < sessions.count; ++k) sessions.minutes[k] = sessions[k].Minutes();
  }
  if (intervals != nullptr && !IntervalsReady(s, content)) intervals = nullptr;

  const int days_per_week = s.request.days_per_week;
  // The days of aerobic work: the session days, unless a clinician gave it
  // days of its own (then its other days are walks, and a session day
  // without it holds the session alone).
  const int aerobic_days =
      aerobic != nullptr && aerobic->days_per_week > 0 ? aerobic->days_per_week : days_per_week;
  auto own_walk_day = [&](int week_day) {
    return !walk_daily && aerobic_days != days_per_week && IsSessionDay(week_day, aerobic_days) &&
           !IsSessionDay(week_day, days_per_week);
  };
  const bool slide = EngineFaultsForTesting().rest_days_slide;
  // Sessions already logged in each programme week the schedule touches.
  const int first_week = DayIndex(s, from) / 7;
  int held[3] = {0, 0, 0};
  // A day's walks are not sessions: with daily walking only the pattern counts.
  // Most kept days fall in earlier weeks: the cheap tests come first.
  // Days before the first of these weeks are passed over before any division.
  const Date first_day = s.request.start_date.Plus(7 * first_week);
  for (const auto& d : s.recent_days) {
    if (walk_daily) break;
    if (!(d.date < from) || (first_week > 0 && d.date < first_day)) continue;
    const int index = DayIndex(s, d.date);
    const int w = index / 7 - first_week;
    if (w < 0 || w >= 3 || own_walk_day(index % 7)) continue;
    ++held[w];
  }
  AlignDays(s.schedule, from);
  s.schedule.resize(7);
  for (int d = 0; d < 7; ++d) {
    SessionDay& day = s.schedule[static_cast<std::size_t>(d)];
    day.date = from.Plus(d);
    const int index = DayIndex(s, day.date);
    const int week_day = slide ? d : index % 7;
    const int w = std::min(2, index / 7 - first_week);
    // The session's place in the week's pattern, and in the whole rotation.
    const int place = SessionDaysBefore(week_day, days_per_week);
    const bool session_day =
        IsSessionDay(week_day, days_per_week) && (slide || held[w] < days_per_week);
    if (session_day) {
      ++held[w];
      const std::size_t k = static_cast<std::size_t>((index / 7) * days_per_week + place);
      const Session& session = sessions[k % sessions.count];
      const int session_minutes = sessions.minutes[k % sessions.count];
      const bool last = place + 1 == days_per_week;
      const int left = std::max(0, budget - session_minutes);
      const bool aerobic_day = walk_daily || IsSessionDay(week_day, aerobic_days);
      const Prescription* cardio = intervals != nullptr && last && !walk_daily ? intervals
                                   : aerobic_day                               ? aerobic
                                                                               : nullptr;
      AssignIfChanged(day.kind, "session");
      AssignIds(day.exercises, session, cardio);
      day.aerobic_minutes = 0;
      if (cardio != nullptr) {
        // Daily walks take what the session leaves, but keep the guideline's
        // minimum.
        day.aerobic_minutes = walk_daily ? std::max(std::min(bout, r.acute_walk_minutes) * bouts,
                                                    std::min(bout * bouts, left))
                                         : std::min(cardio->dose.minutes, left);
      }
      day.minutes = session_minutes + day.aerobic_minutes;
    } else if (walk_daily && aerobic != nullptr) {
      AssignIfChanged(day.kind, "walk");
      day.exercises.resize(1);
      AssignIfChanged(day.exercises.front(), aerobic->id);
      day.aerobic_minutes = bout * bouts;
      day.minutes = day.aerobic_minutes;
    } else if (aerobic != nullptr && own_walk_day(week_day)) {
      AssignIfChanged(day.kind, "walk");
      day.exercises.resize(1);
      AssignIfChanged(day.exercises.front(), aerobic->id);
      day.aerobic_minutes = std::min(bout, budget);
      day.minutes = day.aerobic_minutes;
    } else {
      AssignIfChanged(day.kind, "rest");
      day.exercises.clear();
      day.aerobic_minutes = 0;
      day.minutes = 0;
    }
  }
  if (aerobic != nullptr) {
    const int daily = walk_daily ? bout : std::min(bout, std::max(0, budget - sessions.minutes[0]));
    AssignAerobic(s.aerobic, aerobic->id, daily, bouts, walk_daily ? 7 : aerobic_days);
  } else {
    s.aerobic = {};
  }
  const int pct = s.graded_activity ? r.graded_weekly_increase_percent : 10;
  s.progression_schedule.resize(static_cast<std::size_t>(std::max(0, r.weeks_in_schedule)));
  const bool words = WordsWanted();  // asked once, not once a week
  for (int w = 1; w <= r.weeks_in_schedule; ++w) {
    WeekTarget& target = s.progression_schedule[static_cast<std::size_t>(w - 1)];
    target.week = s.week + w - 1;
    target.aerobic_minutes_per_bout = GrownMinutes(s.aerobic.minutes_per_bout, pct, w - 1);
    if (words) {
      AssignWeekFocus(target.focus, s, w, content);
    } else {
      target.focus.clear();  // nothing reads the words in a run without them
    }
  }
}

}  // namespace backcoach
