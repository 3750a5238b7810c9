#include "core/progression.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/schedule.h"

namespace backcoach {

namespace {

constexpr std::size_t kDaysKept = 28;

// The working context of one progression step.
struct Step {
  PlanState& s;
  const SessionLog& log;
  const Content& c;
  const ProgressionRules& r;
  bool hold_all = false;  // new symptoms or a flare-up: nothing moves up today
  std::string hold_all_reason, hold_all_rule, hold_all_source;

  void HoldAll(std::string reason, std::string rule, std::string source) {
    if (hold_all) return;  // the first reason is the one shown
    hold_all = true;
    hold_all_reason = std::move(reason);
    hold_all_rule = std::move(rule);
    hold_all_source = std::move(source);
  }
};

void Decide(Step& st, const std::string& subject, const std::string& decision,
            const std::string& reason, const std::string& rule, const std::string& source) {
  st.s.decisions.push_back({subject, decision, reason, rule, source});
}

std::string Of10(int pain) { return std::to_string(pain) + "/10"; }

bool InPlan(const PlanState& s, const std::string& id) { return s.Find(id) != nullptr; }

// Switches a prescription to another catalogue exercise at its default dose.
void SwitchTo(Prescription& p, const Exercise& e, const Step& st) {
  Prescription next = Prescribe(e, st.s, st.c.engine.plan);
  next.pinned = p.pinned;
  next.pin_reason = p.pin_reason;
  next.sharp_last_time = p.sharp_last_time;
  p = next;
}

// Whether this log reports sharp pain or spreading leg symptoms for `id`.
bool HurtSharplyToday(const std::string& id, const Step& st) {
  return std::any_of(st.log.exercises.begin(), st.log.exercises.end(), [&](const ExerciseLog& e) {
    return e.id == id && (e.sharp_pain || e.symptoms_down_leg);
  });
}

// An exercise the plan may switch to: eligible, not already in the plan, and
// not one that hurt sharply in this very log.
bool CanUse(const Exercise* e, const Step& st) {
  return e != nullptr && !InPlan(st.s, e->id) && !HurtSharplyToday(e->id, st) &&
         CheckEligible(*e, st.s, st.c).ok;
}

// One variable at a time: repetitions, else hold time, else minutes.
bool GrowDose(Dose& d, const ProgressionRules& r) {
  if (d.reps > 0 && d.reps < r.max_reps) {
    d.reps = std::min(r.max_reps, d.reps + r.reps_step);
    return true;
  }
  if (d.hold_seconds > 0 && d.hold_seconds < r.max_hold_seconds) {
    d.hold_seconds = std::min(r.max_hold_seconds, d.hold_seconds + r.hold_step_seconds);
    return true;
  }
  if (d.minutes > 0 && d.minutes < r.max_minutes) {
    const int step = std::max(r.min_minutes_step, d.minutes * r.minutes_step_percent / 100);
    d.minutes = std::min(r.max_minutes, d.minutes + step);
    return true;
  }
  return false;
}

bool ShrinkDose(Dose& d, const ProgressionRules& r) {
  if (d.reps > 1) {
    d.reps = std::max(1, d.reps - r.reps_step);
    return true;
  }
  if (d.hold_seconds > 5) {
    d.hold_seconds = std::max(5, d.hold_seconds - r.hold_step_seconds);
    return true;
  }
  if (d.minutes > 5) {
    d.minutes = std::max(5, d.minutes - std::max(r.min_minutes_step,
                                                 d.minutes * r.minutes_step_percent / 100));
    return true;
  }
  return false;
}

std::string DoseText(const Dose& d) {
  if (d.minutes > 0) return std::to_string(d.minutes) + " minutes";
  std::string out = std::to_string(std::max(1, d.sets)) + " x ";
  out += d.reps > 0 ? std::to_string(d.reps) : "1";
  if (d.hold_seconds > 0) out += " (hold " + std::to_string(d.hold_seconds) + " s)";
  return out;
}

// Another exercise of the same kind, no harder, not already in the plan.
const Exercise* Replacement(const Prescription& p, const Step& st) {
  const Exercise* best = nullptr;
  for (const auto& e : st.c.catalogue.exercises()) {
    if (e.category != p.category || e.level > p.level || !CanUse(&e, st)) continue;
    if (best == nullptr || e.level > best->level) best = &e;
  }
  return best;
}

// Sharp pain or spreading leg symptoms: an easier variant, else another
// exercise, else a pause. A smaller dose of the same movement is not enough.
void StepDownAtOnce(Step& st, Prescription& p, const std::string& why) {
  const std::string old_name = p.name;
  const Exercise* current = st.c.catalogue.Find(p.id);
  const Exercise* easier = current != nullptr ? st.c.catalogue.Easier(*current) : nullptr;
  const std::string rule = "progression.sharp_pain";
  if (CanUse(easier, st)) {
    SwitchTo(p, *easier, st);
    p.sharp_last_time = true;
    Decide(st, p.id, "regress", why + ": stepped down from " + old_name + " to " + p.name + ".",
           rule, st.r.sharp_source);
    return;
  }
  if (const Exercise* other = Replacement(p, st)) {
    SwitchTo(p, *other, st);
    p.sharp_last_time = true;
    Decide(st, p.id, "replace", why + ": " + old_name + " is replaced by " + p.name + ".", rule,
           st.r.sharp_source);
    return;
  }
  p.paused = true;
  p.sharp_last_time = true;
  Decide(st, p.id, "pause",
         why + ": " + old_name + " is paused; your clinician can help find another way.", rule,
         st.r.sharp_source);
}

// Red pain that repeats: an easier variant, else less dose, else another.
void StepDown(Step& st, Prescription& p, const std::string& why, const std::string& rule,
              const std::string& source) {
  const std::string old_name = p.name;
  const Exercise* current = st.c.catalogue.Find(p.id);
  const Exercise* easier = current != nullptr ? st.c.catalogue.Easier(*current) : nullptr;
  if (CanUse(easier, st)) {
    SwitchTo(p, *easier, st);
    Decide(st, p.id, "regress", why + ": stepped down from " + old_name + " to " + p.name + ".",
           rule, source);
  } else if (ShrinkDose(p.dose, st.r)) {
    Decide(st, p.id, "regress", why + ": " + p.name + " eased to " + DoseText(p.dose) + ".", rule,
           source);
  } else if (const Exercise* other = Replacement(p, st)) {
    SwitchTo(p, *other, st);
    Decide(st, p.id, "replace", why + ": " + old_name + " is replaced by " + p.name + ".", rule,
           source);
  } else {
    Decide(st, p.id, "hold", why + ": " + p.name + " is already at its gentlest.", rule, source);
  }
}

void StepUp(Step& st, Prescription& p) {
  const std::string old_name = p.name;
  const Exercise* current = st.c.catalogue.Find(p.id);
  const Exercise* harder = current != nullptr ? st.c.catalogue.Harder(*current) : nullptr;
  const bool acute_cap = st.s.phase == Phase::kAcute && harder != nullptr &&
                         harder->level > st.c.engine.plan.acute_max_level;
  const std::string why =
      "Comfortable for " + std::to_string(st.r.green_sessions_to_progress) + " sessions in a row";
  if (CanUse(harder, st) && !acute_cap) {
    SwitchTo(p, *harder, st);
    Decide(st, p.id, "progress", why + ": moving from " + old_name + " to the harder " + p.name + ".",
           "progression.green_sessions_to_progress", st.r.progress_source);
  } else if (GrowDose(p.dose, st.r)) {
    Decide(st, p.id, "progress", why + ": " + p.name + " goes up to " + DoseText(p.dose) + ".",
           "progression.green_sessions_to_progress", st.r.dose_source);
  } else {
    Decide(st, p.id, "hold", p.name + " is at the top of its range; well done.",
           "progression.max_dose", st.r.dose_source);
  }
  p.green_streak = 0;
}

// Weekly average pain during exercise, for the week holding `date` and the
// week before, counted from the plan's start.
bool WeeklyPainRising(const PlanState& s, Date date, const ProgressionRules& r) {
  const int week = date.DaysSince(s.request.start_date) / 7;
  double sum[2] = {0, 0};
  int count[2] = {0, 0};
  for (const auto& d : s.recent_days) {
    const int w = d.date.DaysSince(s.request.start_date) / 7;
    if (w == week || w == week - 1) {
      sum[week - w] += d.average_pain;
      ++count[week - w];
    }
  }
  if (count[0] == 0 || count[1] == 0) return false;
  return sum[0] / count[0] >= sum[1] / count[1] + r.weekly_pain_rise_points;
}

// Why a green exercise may not move up yet; empty when it may.
std::string GreenBlocker(const Step& st, const Prescription& p, bool sharp_last_time,
                         Zone morning, std::string& rule, std::string& source) {
  rule = "progression.green_sessions_to_progress";
  source = st.r.progress_source;
  if (st.hold_all) {
    rule = st.hold_all_rule;
    source = st.hold_all_source;
    return st.hold_all_reason;
  }
  if (sharp_last_time) {
    rule = "progression.sharp_pain";
    source = st.r.sharp_source;
    return "It hurt sharply last time, so it stays where it is today.";
  }
  if (p.pinned) {
    rule = "clinician.pin";
    source = "Your clinician";
    return "Your clinician is keeping this at its current level" +
           (p.pin_reason.empty() ? std::string(".") : ": " + p.pin_reason);
  }
  if (st.s.status == PlanStatus::kWalkingOnly) {
    rule = "screen.within_days";
    source = "Clinical brief section 7";
    return "Nothing moves up until a doctor has seen you.";
  }
  if (p.green_streak < st.r.green_sessions_to_progress) {
    return "Comfortable today; one more comfortable session and it can move up.";
  }
  if (st.log.effort > st.r.max_effort_to_progress) {
    rule = "progression.max_effort_to_progress";
    return "The session felt close to your maximum effort, so it stays for now.";
  }
  if (!st.log.pain_next_morning) {
    rule = "progression.next_morning";
    source = st.r.next_morning_source;
    return "It moves up once the next-morning check shows your back settled.";
  }
  if (morning != Zone::kGreen) {
    rule = "progression.next_morning";
    source = st.r.next_morning_source;
    return "Your back had not quite settled by the next morning, so it stays for now.";
  }
  if (WeeklyPainRising(st.s, st.log.date, st.r)) {
    rule = "progression.weekly_pain_rise_points";
    source = st.r.weekly_pain_source;
    return "Pain this week is higher than last week, so nothing moves up yet.";
  }
  return "";
}

void DecideExercise(Step& st, Prescription& p, const ExerciseLog& e, Zone morning) {
  p.awaiting_morning = false;
  const Zone zone = std::max(ExerciseZone(e, st.r), morning == Zone::kRed ? Zone::kRed : morning);
  const bool was_sharp = p.sharp_last_time;
  p.sharp_last_time = false;
  if (zone == Zone::kSharp) {
    p.green_streak = p.red_streak = 0;
    StepDownAtOnce(st, p,
                   e.symptoms_down_leg ? p.name + " sent symptoms further down your leg"
                                       : p.name + " caused sharp pain (" + Of10(e.pain_during) +
                                             ")");
    return;
  }
  if (zone == Zone::kRed) {
    p.green_streak = 0;
    ++p.red_streak;
    const bool morning_red = morning == Zone::kRed;
    const std::string why = morning_red ? "Your back was clearly sorer than usual the next morning"
                                        : "Pain during " + p.name + " was " + Of10(e.pain_during);
    const std::string rule = morning_red ? "progression.next_morning_red_above_baseline"
                                         : "progression.amber_max";
    const std::string& source = morning_red ? st.r.next_morning_source : st.r.zones_source;
    if (p.red_streak >= st.r.red_sessions_to_regress) {
      p.red_streak = 0;
      StepDown(st, p, why + ", again", "progression.red_sessions_to_regress", source);
    } else {
      Decide(st, p.id, "hold", why + ": it stays at this level, and steps down if it happens again.",
             rule, source);
    }
    return;
  }
  p.red_streak = 0;
  if (zone == Zone::kAmber) {
    p.green_streak = 0;
    Decide(st, p.id, "hold",
           morning == Zone::kAmber
               ? "Your back had not fully settled by the next morning: same level next time."
               : "Pain during was " + Of10(e.pain_during) +
                     ": fine to carry on at this level, not to move up yet.",
           morning == Zone::kAmber ? "progression.next_morning" : "progression.green_max",
           morning == Zone::kAmber ? st.r.next_morning_source : st.r.zones_source);
    return;
  }
  ++p.green_streak;
  std::string rule, source;
  const std::string blocker = GreenBlocker(st, p, was_sharp, morning, rule, source);
  p.awaiting_morning = rule == "progression.next_morning" && !st.log.pain_next_morning;
  if (blocker.empty()) {
    StepUp(st, p);
  } else {
    Decide(st, p.id, "hold", blocker, rule, source);
  }
}

double Median(std::vector<int> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

// The usual next-morning pain: the median of the last week's reports when
// there are three or more, else the pain given at intake.
double Baseline(const PlanState& s, Date today) {
  std::vector<int> mornings;
  for (const auto& d : s.recent_days) {
    if (d.next_morning >= 0 && today.DaysSince(d.date) < 7) mornings.push_back(d.next_morning);
  }
  return mornings.size() >= 3 ? Median(mornings) : s.request.intake.pain_now;
}

// New symptoms in a log: re-screen. Returns true when the programme stops.
Result<bool> ReScreen(Step& st) {
  auto merged = MergeIntakeFields(st.s.request.intake, st.log.reported_symptoms);
  if (!merged.ok()) return merged.status().WithContext("reported symptoms");
  const ScreenResult screen = Screen(*merged, st.c.screening);
  std::vector<const ScreeningRule*> fresh;
  for (const auto* rule : screen.flags) {
    if (std::find(st.s.flags.begin(), st.s.flags.end(), rule->id) == st.s.flags.end()) {
      fresh.push_back(rule);
    }
  }
  st.s.request.intake = *merged;
  st.s.flags.clear();
  for (const auto* rule : screen.flags) st.s.flags.push_back(rule->id);
  st.s.triage = screen.triage;
  st.s.cautions = screen.Cautions();
  if (fresh.empty()) return false;
  std::stable_sort(fresh.begin(), fresh.end(),
                   [](const auto* a, const auto* b) { return a->tier > b->tier; });
  std::vector<std::string> messages = {st.c.screening.advice(screen.triage).headline};
  for (const auto* rule : fresh) messages.push_back(rule->message);
  messages.insert(messages.end(), st.s.messages.begin(), st.s.messages.end());
  st.s.messages = messages;
  const ScreeningRule& top = *fresh.front();
  if (!screen.can_start_programme) {
    st.s.status = PlanStatus::kStopped;
    Decide(st, "plan", "stop",
           "New symptoms need a clinician first (" + top.title + "). " +
               st.c.screening.advice(screen.triage).headline,
           "screen." + top.id, top.source);
    for (auto& p : st.s.exercises) {
      Decide(st, p.id, "pause", "The programme is stopped until a clinician has seen you.",
             "screen." + top.id, top.source);
    }
    return true;
  }
  st.HoldAll("New symptoms were reported (" + top.title +
                 "); nothing moves up until a clinician has looked.",
             "screen." + top.id, top.source);
  Decide(st, "plan", "caution", st.hold_all_reason, "screen." + top.id, top.source);
  return false;
}

// Whether today starts a flare-up. `today` counts once, whether or not it is
// already among the recent days.
bool FlareUpStarts(const Step& st, const DayRecord& today) {
  const FlareUpRules& f = st.c.engine.flare_up;
  if (st.log.bad_day || today.average_pain >= f.average_pain_at_least) return true;
  int red_days = today.red ? 1 : 0;
  for (const auto& d : st.s.recent_days) {
    if (d.date != today.date && d.red && st.log.date.DaysSince(d.date) < f.window_days) {
      ++red_days;
    }
  }
  return red_days >= f.red_days;
}

std::string FlareReason(const Step& st, const DayRecord& today) {
  const FlareUpRules& f = st.c.engine.flare_up;
  if (st.log.bad_day) return "You told us today is a bad day.";
  if (today.average_pain >= f.average_pain_at_least) return "Pain during today's session was high.";
  return "Your back was sore on " + std::to_string(f.red_days) + " days within " +
         std::to_string(f.window_days) + " days.";
}

// Decided before any exercise: a day that starts a flare-up moves nothing up.
bool HoldAllIfFlareUp(Step& st, const DayRecord& today) {
  if (!FlareUpStarts(st, today)) return false;
  st.HoldAll(FlareReason(st, today) + " Nothing moves up today.", "flare_up",
             st.c.engine.flare_up.source);
  return true;
}

void StartFlareUp(Step& st, const DayRecord& today) {
  const FlareUpRules& f = st.c.engine.flare_up;
  st.s.status = PlanStatus::kFlareUp;
  st.s.flare_since = st.log.date;
  st.s.flare_until = st.log.date.Plus(f.hold_days);
  Decide(st, "plan", "flare_up",
         FlareReason(st, today) + " Flare-ups are common and settle. For the next " +
             std::to_string(f.hold_days) +
             " days: a short, gentle session and a short walk each day; scale down, don't stop "
             "moving.",
         "flare_up", f.source);
}

void ContinueFlareUp(Step& st, const DayRecord& today) {
  const FlareUpRules& f = st.c.engine.flare_up;
  if (today.red || st.log.bad_day) st.s.flare_until = st.log.date.Plus(f.hold_days);
  if (st.log.date >= *st.s.flare_until && !today.red) {
    // A within-days screen still holds after a flare-up: back to walking only.
    st.s.status =
        st.s.triage == Tier::kWithinDays ? PlanStatus::kWalkingOnly : PlanStatus::kActive;
    Decide(st, "plan", "resume", "The flare-up has settled: back to your plan, one step lower.",
           "flare_up.resume", f.source);
    for (auto& p : st.s.exercises) {
      p.green_streak = p.red_streak = 0;
      if (!p.pinned) StepDown(st, p, "Restarting after the flare-up", "flare_up.resume", f.source);
    }
    return;
  }
  const int days = st.log.date.DaysSince(*st.s.flare_since);
  Decide(st, "plan", "flare_up",
         "Still in the flare-up plan until " + st.s.flare_until->ToString() + ".", "flare_up",
         f.source);
  if (days >= f.advise_clinician_after_days) {
    const std::string advice =
        "Your back has not settled after two weeks of the flare-up plan. Please contact your "
        "clinician.";
    if (std::find(st.s.messages.begin(), st.s.messages.end(), advice) == st.s.messages.end()) {
      st.s.messages.insert(st.s.messages.begin(), advice);
    }
    Decide(st, "plan", "see_clinician", advice, "flare_up.advise_clinician_after_days", f.source);
  }
}

DayRecord RecordDay(const Step& st, const std::vector<Zone>& zones, Zone morning) {
  DayRecord day{st.log.date, morning == Zone::kRed, 0, st.log.pain_next_morning.value_or(-1)};
  int done = 0;
  for (std::size_t i = 0; i < st.log.exercises.size(); ++i) {
    if (!st.log.exercises[i].done) continue;
    day.average_pain += st.log.exercises[i].pain_during;
    ++done;
    day.red = day.red || zones[i] >= Zone::kRed;
  }
  if (done > 0) day.average_pain /= done;
  return day;
}

void KeepDay(PlanState& s, const DayRecord& day) {
  s.recent_days.push_back(day);
  if (s.recent_days.size() > kDaysKept) {
    s.recent_days.erase(s.recent_days.begin(),
                        s.recent_days.end() - static_cast<std::ptrdiff_t>(kDaysKept));
  }
}

// Exercises today's decisions already changed, or held because of how they
// felt: the weekly rise leaves them alone.
std::vector<std::string> NotToRaise(const std::vector<Reason>& decisions) {
  static const std::set<std::string> kPainRules = {
      "progression.sharp_pain", "progression.amber_max",
      "progression.next_morning_red_above_baseline", "progression.red_sessions_to_regress"};
  std::vector<std::string> out;
  for (const auto& d : decisions) {
    if (d.decision != "hold" || kPainRules.count(d.rule)) out.push_back(d.subject);
  }
  return out;
}

// Graded activity: quotas rise each new week while pain stays acceptable.
void RaiseQuotas(Step& st, const std::vector<std::string>& changed) {
  const PlanRules& pr = st.c.engine.plan;
  for (auto& p : st.s.exercises) {
    if (p.paused || p.pinned || p.sharp_last_time ||
        std::find(changed.begin(), changed.end(), p.id) != changed.end()) {
      continue;
    }
    Dose& d = p.dose;
    const int pct = pr.graded_weekly_increase_percent;
    const Dose before = d;
    if (d.reps > 0) d.reps = std::min(st.r.max_reps, d.reps + std::max(1, d.reps * pct / 100));
    if (d.hold_seconds > 0) {
      d.hold_seconds = std::min(st.r.max_hold_seconds,
                                d.hold_seconds + std::max(1, d.hold_seconds * pct / 100));
    }
    if (d.minutes > 0) {
      d.minutes = std::min(st.r.max_minutes, d.minutes + std::max(1, d.minutes * pct / 100));
    }
    if (d.reps == before.reps && d.hold_seconds == before.hold_seconds &&
        d.minutes == before.minutes) {
      continue;
    }
    Decide(st, p.id, "progress",
           "A new week: " + p.name + " rises to " + DoseText(d) +
               " as planned, because pain has stayed acceptable.",
           "plan.graded_activity", pr.graded_source);
  }
}

// The check-in's effect on one exercise done in that session.
void DecideAtCheckIn(Step& st, Prescription& p, Zone morning) {
  const bool waiting = p.awaiting_morning;
  p.awaiting_morning = false;
  if (morning == Zone::kRed) {
    p.green_streak = 0;
    if (++p.red_streak >= st.r.red_sessions_to_regress) {
      p.red_streak = 0;
      StepDown(st, p, "Your back was clearly sorer than usual the next morning, again",
               "progression.red_sessions_to_regress", st.r.next_morning_source);
    } else {
      Decide(st, p.id, "hold",
             "Your back was clearly sorer than usual the next morning: same level next time.",
             "progression.next_morning_red_above_baseline", st.r.next_morning_source);
    }
    return;
  }
  if (morning == Zone::kAmber) {
    p.green_streak = 0;
    Decide(st, p.id, "hold",
           "Your back had not fully settled by the next morning: same level next time.",
           "progression.next_morning", st.r.next_morning_source);
    return;
  }
  if (!waiting) return;
  std::string rule, source;
  const std::string blocker = GreenBlocker(st, p, false, morning, rule, source);
  if (blocker.empty()) {
    StepUp(st, p);
  } else {
    Decide(st, p.id, "hold", blocker, rule, source);
  }
}

}  // namespace

Result<PlanState> CheckIn(const PlanState& in, Date session_date, int pain_next_morning,
                          const Content& content) {
  if (pain_next_morning < 0 || pain_next_morning > 10) {
    return Status::InvalidArgument("pain_next_morning must be a whole number from 0 to 10");
  }
  PlanState s = in;
  s.decisions.clear();
  DayRecord* day = nullptr;
  for (auto& d : s.recent_days) {
    if (d.date == session_date) day = &d;
  }
  if (day == nullptr) {
    return Status::NotFound("no session was logged on " + session_date.ToString());
  }
  SessionLog log;  // the check-in, seen as the session's log with its morning filled in
  log.date = session_date;
  log.pain_next_morning = pain_next_morning;
  Step st{s, log, content, content.engine.progression, false, "", "", ""};
  const Zone morning = MorningZone(pain_next_morning, Baseline(s, session_date), st.r);
  day->next_morning = pain_next_morning;
  day->red = day->red || morning == Zone::kRed;
  if (s.status != PlanStatus::kActive) return s;
  const DayRecord today = *day;
  const bool flare = HoldAllIfFlareUp(st, today);
  for (auto& p : s.exercises) {
    if (!p.paused) DecideAtCheckIn(st, p, morning);
  }
  if (flare) StartFlareUp(st, today);
  Reschedule(s, content, session_date.Plus(1));
  return s;
}

const char* ZoneName(Zone z) {
  static const char* const kNames[] = {"green", "amber", "red", "sharp"};
  return kNames[static_cast<int>(z)];
}

Zone ExerciseZone(const ExerciseLog& e, const ProgressionRules& r) {
  if (e.sharp_pain || e.symptoms_down_leg) return Zone::kSharp;
  if (e.pain_during > r.amber_max) return Zone::kRed;
  if (e.pain_during > r.green_max) return Zone::kAmber;
  return Zone::kGreen;
}

Zone MorningZone(std::optional<int> next_morning, double baseline, const ProgressionRules& r) {
  if (!next_morning) return Zone::kGreen;
  if (*next_morning >= baseline + r.next_morning_red_above_baseline) return Zone::kRed;
  if (*next_morning > baseline) return Zone::kAmber;
  return Zone::kGreen;
}

Result<PlanState> Progress(const PlanState& in, const SessionLog& log, const Content& content) {
  if (in.last_log && log.date < *in.last_log) {
    return Status::InvalidArgument("session logs must be in date order: " + log.date.ToString() +
                                   " comes before " + in.last_log->ToString());
  }
  for (const auto& e : log.exercises) {
    if (content.catalogue.Find(e.id) == nullptr) {
      return Status::InvalidArgument("the log names exercise '" + e.id +
                                     "', which the catalogue does not have");
    }
  }
  PlanState s = in;
  s.decisions.clear();
  s.last_log = log.date;
  s.week = std::max(1, log.date.DaysSince(s.request.start_date) / 7 + 1);
  Step st{s, log, content, content.engine.progression, false, "", "", ""};

  if (s.status == PlanStatus::kNoPlan || s.status == PlanStatus::kStopped) {
    Decide(st, "plan", "pause",
           s.messages.empty() ? "There is no exercise plan to change." : s.messages.front(),
           "screen", "Clinical brief section 7");
    if (!log.reported_symptoms.empty()) {
      auto stopped = ReScreen(st);
      if (!stopped.ok()) return stopped.status();
    }
    return s;
  }
  if (!log.reported_symptoms.empty()) {
    auto stopped = ReScreen(st);
    if (!stopped.ok()) return stopped.status();
    if (*stopped) {
      Reschedule(s, content, log.date.Plus(1));
      return s;
    }
  }

  const double baseline = Baseline(s, log.date);
  s.baseline_pain = baseline;
  const Zone morning = MorningZone(log.pain_next_morning, baseline, st.r);
  std::vector<Zone> zones;
  for (const auto& e : log.exercises) zones.push_back(ExerciseZone(e, st.r));
  const DayRecord today = RecordDay(st, zones, morning);

  if (s.status == PlanStatus::kFlareUp) {
    // The flare-up plan changes no levels, but sharp pain is remembered so
    // that the exercise does not move up when the plan resumes.
    for (std::size_t i = 0; i < log.exercises.size(); ++i) {
      Prescription* p = s.Find(log.exercises[i].id);
      if (p != nullptr && log.exercises[i].done && zones[i] == Zone::kSharp) {
        p->sharp_last_time = true;
      }
    }
    KeepDay(s, today);
    ContinueFlareUp(st, today);
    Reschedule(s, content, log.date.Plus(1));
    return s;
  }

  const bool flare = HoldAllIfFlareUp(st, today);
  std::vector<std::string> logged;
  for (const auto& e : log.exercises) {
    Prescription* p = s.Find(e.id);
    if (p == nullptr || p->paused) continue;
    logged.push_back(e.id);
    if (!e.done) {
      Decide(st, p->id, "hold", "Not done this time; it stays at the last level you managed.",
             "progression.missed_days", st.r.missed_days_source);
      continue;
    }
    DecideExercise(st, *p, e, morning);
    logged.push_back(p->id);  // a step down may have switched it to another exercise
  }
  for (const auto& p : s.exercises) {
    if (p.paused || std::find(logged.begin(), logged.end(), p.id) != logged.end()) continue;
    Decide(st, p.id, "hold", "Not in this log; it stays at the last level you managed.",
           "progression.missed_days", st.r.missed_days_source);
  }
  KeepDay(s, today);
  if (s.graded_activity && s.week > in.week && !today.red && !st.hold_all) {
    std::vector<std::string> not_to_raise = NotToRaise(s.decisions);
    for (const auto& p : in.exercises) {
      if (p.sharp_last_time) not_to_raise.push_back(p.id);  // its first session back stays put
    }
    RaiseQuotas(st, not_to_raise);
  }
  if (flare) StartFlareUp(st, today);
  Reschedule(s, content, log.date.Plus(1));
  return s;
}

}  // namespace backcoach
