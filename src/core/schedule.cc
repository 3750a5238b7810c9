#include "core/schedule.h"

#include <algorithm>
#include <cmath>

namespace backcoach {

namespace {

int CategoryOrder(Category c) {
  switch (c) {
    case Category::kMobility: return 0;
    case Category::kCore: return 1;
    case Category::kStrength: return 2;
    case Category::kMindBody: return 3;
    default: return 4;
  }
}

struct Session {
  std::vector<const Prescription*> exercises;
  int Minutes(const PlanRules& r) const {
    int total = 0;
    for (const auto* p : exercises) total += DoseMinutes(p->dose, r);
    return total;
  }
};

// Deals the exercises round-robin into `count` sessions, each opened by the
// warm-up (the first mobility exercise).
std::vector<Session> Deal(const std::vector<const Prescription*>& exercises, std::size_t count) {
  std::vector<Session> sessions(count);
  const bool has_warm_up = exercises.front()->category == Category::kMobility;
  if (has_warm_up) {
    for (auto& s : sessions) s.exercises.push_back(exercises.front());
  }
  for (std::size_t i = has_warm_up ? 1 : 0, k = 0; i < exercises.size(); ++i, ++k) {
    sessions[k % count].exercises.push_back(exercises[i]);
  }
  return sessions;
}

bool AllFit(const std::vector<Session>& sessions, int budget, const PlanRules& r) {
  return std::all_of(sessions.begin(), sessions.end(),
                     [&](const Session& s) { return s.Minutes(r) <= budget; });
}

// Drops exercises from the end of each session until it fits. With
// `keep_every_kind`, the last exercise of a kind of work in the week stays.
void Trim(std::vector<Session>& sessions, int budget, bool keep_every_kind, const PlanRules& r) {
  auto count_in_week = [&](Category c) {
    int n = 0;
    for (const auto& s : sessions) {
      for (const auto* p : s.exercises) n += p->category == c;
    }
    return n;
  };
  for (auto& s : sessions) {
    for (std::size_t i = s.exercises.size(); i-- > 1;) {
      if (s.Minutes(r) <= budget) break;
      if (!keep_every_kind || count_in_week(s.exercises[i]->category) > 1) {
        s.exercises.erase(s.exercises.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
}

// Splits the exercises into as few rotating sessions (at most one per
// training day) as fit `budget` minutes, so that every kind of work still
// appears in the week. Only when even that fails are exercises dropped,
// keeping every kind while possible; time is the person's and wins last.
std::vector<Session> FitSessions(std::vector<const Prescription*> exercises, int budget,
                                 int max_sessions, const PlanRules& r) {
  std::stable_sort(exercises.begin(), exercises.end(), [](const auto* a, const auto* b) {
    return CategoryOrder(a->category) < CategoryOrder(b->category);
  });
  if (exercises.empty()) return {Session{}};
  for (int count = 1; count <= max_sessions; ++count) {
    auto sessions = Deal(exercises, static_cast<std::size_t>(count));
    if (AllFit(sessions, budget, r)) return sessions;
  }
  auto sessions = Deal(exercises, static_cast<std::size_t>(std::max(1, max_sessions)));
  Trim(sessions, budget, /*keep_every_kind=*/true, r);
  if (!AllFit(sessions, budget, r)) Trim(sessions, budget, /*keep_every_kind=*/false, r);
  return sessions;
}

const Prescription* FirstOf(const PlanState& s, Category c) {
  for (const auto& p : s.exercises) {
    if (p.category == c && !p.paused) return &p;
  }
  return nullptr;
}

std::vector<std::string> Ids(const Session& session) {
  std::vector<std::string> ids;
  for (const auto* p : session.exercises) ids.push_back(p->id);
  return ids;
}

void ScheduleFlareUp(PlanState& s, const Content& content, Date from) {
  const FlareUpRules& f = content.engine.flare_up;
  const auto ids = MinimumSession(s, content);
  for (int d = 0; d < 7; ++d) {
    s.schedule.push_back({from.Plus(d), "session", ids, f.walk_minutes,
                          f.minimum_session_minutes + f.walk_minutes});
  }
  s.aerobic = {"walking", f.walk_minutes, 1, 7};
  s.progression_schedule = {
      {1, f.walk_minutes,
       "Flare-up: a short, gentle session each day; nothing moves up until " +
           (s.flare_until ? s.flare_until->ToString() : from.Plus(f.hold_days).ToString()) + "."}};
}

std::string WeekFocus(const PlanState& s, int week, const Content& content) {
  const PlanRules& r = content.engine.plan;
  if (week == 1) return "Learn the movements and notice how your back responds the next morning.";
  if (s.phase == Phase::kAcute) {
    return "Keep walking twice a day; the wider programme grows in as the pain settles.";
  }
  if (s.graded_activity) {
    return "Doses rise by about " + std::to_string(r.graded_weekly_increase_percent) +
           "% this week, as planned, while pain stays acceptable.";
  }
  return "Exercises move up after two comfortable sessions in a row.";
}

}  // namespace

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
  for (int i = 0; i < days_per_week; ++i) days.push_back(i * 7 / days_per_week);
  return days;
}

std::vector<std::string> MinimumSession(const PlanState& s, const Content& content) {
  std::vector<std::string> ids;
  for (Category c : {Category::kMobility, Category::kMindBody}) {
    for (const auto& e : content.catalogue.exercises()) {
      if (e.category == c && e.level == 1 && e.load.empty() &&
          CheckEligible(e, s, content).ok) {
        ids.push_back(e.id);
        break;
      }
    }
  }
  ids.push_back("walking");
  return ids;
}

void Reschedule(PlanState& s, const Content& content, Date from) {
  const PlanRules& r = content.engine.plan;
  s.schedule.clear();
  s.progression_schedule.clear();
  s.aerobic = {};
  if (s.status == PlanStatus::kNoPlan || s.status == PlanStatus::kStopped) return;
  if (s.status == PlanStatus::kFlareUp) return ScheduleFlareUp(s, content, from);

  const Prescription* aerobic = FirstOf(s, Category::kAerobic);
  const Prescription* intervals = FirstOf(s, Category::kIntervals);
  std::vector<const Prescription*> others;
  for (const auto& p : s.exercises) {
    if (!p.paused && p.category != Category::kAerobic && p.category != Category::kIntervals) {
      others.push_back(&p);
    }
  }
  const bool walk_daily = s.phase == Phase::kAcute || s.status == PlanStatus::kWalkingOnly;
  const int budget = s.request.minutes_per_day;
  const int bout = aerobic != nullptr ? aerobic->dose.minutes : 0;
  const int bouts = walk_daily ? r.acute_walk_bouts : 1;
  // In the acute phase the two daily walks are the guideline's minimum; the
  // gentle session then gets what is left, or at least 5 minutes. Otherwise
  // the aerobic minimum is kept, but never more than half the day's time.
  int reserved = walk_daily ? bout * bouts : std::min(bout, r.aerobic_min_minutes);
  if (!walk_daily) reserved = std::min(reserved, budget / 2);
  const int session_budget = std::max(5, budget - reserved);
  const auto sessions = FitSessions(others, session_budget, s.request.days_per_week, r);

  const auto training_days = SessionDays(s.request.days_per_week);
  std::size_t k = 0;
  for (int d = 0; d < 7; ++d) {
    SessionDay day{from.Plus(d), "rest", {}, 0, 0};
    const bool training = std::find(training_days.begin(), training_days.end(), d) !=
                          training_days.end();
    if (training) {
      const Session& session = sessions[k % sessions.size()];
      const bool last = k + 1 == training_days.size();
      day.kind = "session";
      day.exercises = Ids(session);
      const int left = std::max(0, budget - session.Minutes(r));
      const Prescription* cardio = intervals != nullptr && last && !walk_daily ? intervals
                                                                               : aerobic;
      if (cardio != nullptr) {
        day.exercises.push_back(cardio->id);
        day.aerobic_minutes = walk_daily ? bout * bouts : std::min(cardio->dose.minutes, left);
      }
      day.minutes = session.Minutes(r) + day.aerobic_minutes;
      ++k;
    } else if (walk_daily && aerobic != nullptr) {
      day.kind = "walk";
      day.exercises = {aerobic->id};
      day.aerobic_minutes = bout * bouts;
      day.minutes = day.aerobic_minutes;
    }
    s.schedule.push_back(day);
  }
  if (aerobic != nullptr) {
    const int daily = walk_daily ? bout : std::min(bout, std::max(0, budget - sessions[0].Minutes(r)));
    s.aerobic = {aerobic->id, daily, bouts, walk_daily ? 7 : s.request.days_per_week};
  }
  const int pct = s.graded_activity ? r.graded_weekly_increase_percent : 10;
  for (int w = 1; w <= r.weeks_in_schedule; ++w) {
    const int minutes = static_cast<int>(std::lround(s.aerobic.minutes_per_bout *
                                                     std::pow(1 + pct / 100.0, w - 1)));
    s.progression_schedule.push_back({s.week + w - 1, minutes, WeekFocus(s, w, content)});
  }
}

}  // namespace backcoach
