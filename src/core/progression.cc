#include "core/progression.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <set>
#include <span>
#include <string_view>

#include "core/same_text.h"
#include "core/schedule.h"
#include "core/screening.h"
#include "core/step_goal.h"
#include "core/words.h"

namespace backcoach {

EngineFaults& EngineFaultsForTesting() {
  static EngineFaults faults;
  return faults;
}

namespace {

const EngineFaults& Faults() { return EngineFaultsForTesting(); }

constexpr std::size_t kDaysKept = 28;

// The rules of what the camera coach measured (docs/progress.md).
constexpr std::string_view kCoachIncomplete = "progression.coach_incomplete";
constexpr std::string_view kCoachForm = "progression.coach_form_findings_to_hold";

// One step's decisions, written over the previous step's one by one. A
// Reason whose strings are assigned to keeps their storage, so a step that
// decides much as the last one did (the usual case) allocates nothing for
// its words, and words that are already there are not copied again; the
// simulation runs millions of steps on one state.
class DecisionWriter {
 public:
  explicit DecisionWriter(std::vector<Reason>& decisions)
      : decisions_(decisions), words_(WordsWanted()) {}

  void Add(std::string_view subject, std::string_view decision, std::string_view reason,
           std::string_view rule, std::string_view source) {
    AddJoined(subject, decision, {reason}, rule, source);
  }
  // The same, with the reason given in pieces: they are written straight
  // into the decision, so the words of the commonest decisions are never
  // built in a string of their own. Without words (WithoutWords), the
  // reason and source are left empty unless `keep_words`.
  void AddJoined(std::string_view subject, std::string_view decision,
                 std::initializer_list<std::string_view> reason, std::string_view rule,
                 std::string_view source, bool keep_words = false) {
    Reason& d = Next();
    Overwrite(d.subject, subject);
    Overwrite(d.decision, decision);
    Overwrite(d.rule, rule);
    if (!words_ && !keep_words) {
      d.reason.clear();
      d.source.clear();
      return;
    }
    OverwriteJoined(d.reason, reason);
    Overwrite(d.source, source);
  }
  // This step's decisions so far.
  std::span<const Reason> made() const { return {decisions_.data(), count_}; }
  // Drops what is left of the previous step's decisions. Call once, last.
  // They are kept aside, with their strings' storage, for a later step that
  // makes more decisions (a check-in makes few, the next session many).
  void Finish() {
    std::vector<Reason>& spare = Spare();
    while (decisions_.size() > count_) {
      if (spare.size() < kSpareKept) spare.push_back(std::move(decisions_.back()));
      decisions_.pop_back();
    }
  }

 private:
  static constexpr std::size_t kSpareKept = 64;

  // Decisions dropped by earlier steps on this thread, ready to be written over.
  static std::vector<Reason>& Spare() {
    thread_local std::vector<Reason> spare;
    return spare;
  }

  Reason& Next() {
    if (count_ == decisions_.size()) {
      std::vector<Reason>& spare = Spare();
      if (spare.empty()) {
        decisions_.emplace_back();
      } else {
        decisions_.push_back(std::move(spare.back()));
        spare.pop_back();
      }
    }
    return decisions_[count_++];
  }

  static void Overwrite(std::string& target, std::string_view value) {
    if (!SameText(target, value)) target.assign(value);
  }
  static void OverwriteJoined(std::string& target, std::initializer_list<std::string_view> pieces) {
    std::size_t size = 0;
    for (std::string_view piece : pieces) size += piece.size();
    bool same = target.size() == size;
    for (std::size_t at = 0; std::string_view piece : pieces) {
      if (!same) break;
      same = SameText(std::string_view(target).substr(at, piece.size()), piece);
      at += piece.size();
    }
    if (same) return;
    target.clear();
    target.reserve(size);
    for (std::string_view piece : pieces) target += piece;
  }

  std::vector<Reason>& decisions_;
  const bool words_;  // WordsWanted() when the step began
  std::size_t count_ = 0;
};

bool WeeklyPainRising(const PlanState& s, Date date, const ProgressionRules& r,
                      const DayRecord* today);

// The sessions scheduled and done in the adherence window that ends on
// `today`, a session on `today` counted as done.
bool AdherenceMet(const PlanState& s, Date today, const Content& c) {
  const ProgressionRules& r = c.engine.progression;
  Date from = today.Plus(1 - r.adherence_window_days);
  if (from < s.request.start_date) from = s.request.start_date;
  const int scheduled = ScheduledSessions(s, from, today);
  int done = 1;  // today
  for (const auto& d : s.recent_days) {
    if (d.date != today && !(d.date < from) && d.date < today) ++done;
  }
  return done * 100 >= scheduled * r.min_adherence_percent;
}

// The working context of one progression step.
struct Step {
  Step(PlanState& state, const SessionLog& session_log, const Content& content)
      : s(state),
        log(session_log),
        c(content),
        r(content.engine.progression),
        decisions(state.decisions) {}

  PlanState& s;
  const SessionLog& log;
  const Content& c;
  const ProgressionRules& r;
  DecisionWriter decisions;
  bool hold_all = false;  // new symptoms or a flare-up: nothing moves up today
  std::string hold_all_reason, hold_all_rule, hold_all_source;

  void HoldAll(std::string reason, std::string rule, std::string source) {
    if (hold_all) return;  // the first reason is the one shown
    hold_all = true;
    hold_all_reason = std::move(reason);
    hold_all_rule = std::move(rule);
    hold_all_source = std::move(source);
  }

  // Built on first use: most steps never look for another exercise, and one
  // that does may check many.
  const EligibilityChecker& Eligible() {
    if (!eligible) eligible.emplace(s, c);
    return *eligible;
  }

  // Whether pain is rising week on week: the same for every exercise of the
  // step (the days are kept only after the decisions), so worked out once.
  bool PainRising() {
    if (!pain_rising) pain_rising = WeeklyPainRising(s, log.date, r, today);
    return *pain_rising;
  }

  // Whether enough of the scheduled sessions were done; today's log counts
  // when it is not yet among the recent days.
  bool AdherenceOk() {
    if (!adherence) adherence = Faults().adherence_ignored || AdherenceMet(s, log.date, c);
    return *adherence;
  }

  std::string rule_text;             // a rule id built for one decision
  const DayRecord* today = nullptr;  // the day being logged, before it is kept

 private:
  std::optional<EligibilityChecker> eligible;
  std::optional<bool> pain_rising;
  std::optional<bool> adherence;
};

void Decide(Step& st, std::string_view subject, std::string_view decision, std::string_view reason,
            std::string_view rule, std::string_view source) {
  st.decisions.Add(subject, decision, reason, rule, source);
}

// A decision whose reason is kept even without words: the safety checks
// read that an exercise is already at its gentlest from it.
void DecideKeepingWords(Step& st, std::string_view subject, std::string_view decision,
                        std::string_view reason, std::string_view rule, std::string_view source) {
  st.decisions.AddJoined(subject, decision, {reason}, rule, source, /*keep_words=*/true);
}

// A decision whose reason is the pieces one after another.
void DecideJoined(Step& st, std::string_view subject, std::string_view decision,
                  std::initializer_list<std::string_view> reason, std::string_view rule,
                  std::string_view source) {
  st.decisions.AddJoined(subject, decision, reason, rule, source);
}

std::string Of10(int pain) { return std::to_string(pain) + "/10"; }

// The pieces one after another, in a string allocated once: the commonest
// decisions build their words on every step.
std::string Join(std::initializer_list<std::string_view> pieces) {
  std::size_t size = 0;
  for (std::string_view piece : pieces) size += piece.size();
  std::string out;
  out.reserve(size);
  for (std::string_view piece : pieces) out += piece;
  return out;
}

// Join(pieces) for a decision's reason; nothing without words
// (WithoutWords), where the reason is not kept.
std::string Say(std::initializer_list<std::string_view> pieces) {
  return WordsWanted() ? Join(pieces) : std::string();
}

bool InPlan(const PlanState& s, const std::string& id) { return s.Find(id) != nullptr; }

// Switches a prescription to another catalogue exercise at its default dose.
void SwitchTo(Prescription& p, const Exercise& e, const Step& st) {
  Prescription next = Prescribe(e, st.s, st.c.engine.plan);
  next.pinned = p.pinned;
  next.pin_reason = p.pin_reason;
  next.sharp_last_time = p.sharp_last_time;
  next.days_per_week = p.days_per_week;  // a clinician's days stay with the harder variant
  // The week's cap counts from no more than the new exercise's minutes.
  next.minutes_at_week_start = p.minutes_at_week_start > 0
                                   ? std::min(p.minutes_at_week_start, next.dose.minutes)
                                   : next.dose.minutes;
  p = next;
}

// A harder variant is the one variable that moves: its dose is no more than
// the dose of the exercise it replaces (walking 10 minutes becomes brisk
// walking 10 minutes, not 20).
void KeepDoseWithin(Dose& next, const Dose& before) {
  if (Faults().dose_jumps) return;
  if (before.sets > 0 && next.sets > before.sets) next.sets = before.sets;
  if (before.reps > 0 && next.reps > before.reps) next.reps = before.reps;
  if (before.hold_seconds > 0 && next.hold_seconds > before.hold_seconds) {
    next.hold_seconds = before.hold_seconds;
  }
  if (before.minutes > 0 && next.minutes > before.minutes) next.minutes = before.minutes;
}

// Whether this log reports sharp pain or spreading leg symptoms for `id`.
bool HurtSharplyToday(const std::string& id, const Step& st) {
  return std::any_of(st.log.exercises.begin(), st.log.exercises.end(), [&](const ExerciseLog& e) {
    return e.id == id && (e.sharp_pain || e.symptoms_down_leg);
  });
}

// An exercise the plan may switch to: eligible, not already in the plan, and
// not one that hurt sharply in this very log.
bool CanUse(const Exercise* e, Step& st) {
  return e != nullptr && !InPlan(st.s, e->id) && !HurtSharplyToday(e->id, st) &&
         st.Eligible().Allows(*e);
}

// The next minutes of timed work: at most max_minutes_step more a session,
// about minutes_step_percent, at least min_minutes_step; never above `cap`.
int NextMinutes(int minutes, int cap, const ProgressionRules& r) {
  const int step =
      Faults().weekly_cap_ignored
          ? std::max(r.min_minutes_step, minutes * 50 / 100)
          : std::min(r.max_minutes_step,
                     std::max(r.min_minutes_step, minutes * r.minutes_step_percent / 100));
  return std::min(cap, minutes + step);
}

// One variable at a time: repetitions, else hold time, else minutes (up to
// `minutes_cap`).
bool GrowDose(Dose& d, const ProgressionRules& r, int minutes_cap) {
  if (d.reps > 0 && d.reps < r.max_reps) {
    d.reps = std::min(r.max_reps, d.reps + r.reps_step);
    return true;
  }
  if (d.hold_seconds > 0 && d.hold_seconds < r.max_hold_seconds) {
    d.hold_seconds = std::min(r.max_hold_seconds, d.hold_seconds + r.hold_step_seconds);
    return true;
  }
  if (d.minutes > 0) {
    const int next = NextMinutes(d.minutes, minutes_cap, r);
    if (next <= d.minutes) return false;
    d.minutes = next;
    return true;
  }
  return false;
}

bool ShrinkDose(Dose& d, const ProgressionRules& r) {
  if (d.reps > r.min_reps) {
    d.reps = std::max(r.min_reps, d.reps - r.reps_step);
    return true;
  }
  if (d.hold_seconds > r.min_hold_seconds) {
    d.hold_seconds = std::max(r.min_hold_seconds, d.hold_seconds - r.hold_step_seconds);
    return true;
  }
  if (d.minutes > r.min_minutes) {
    d.minutes = std::max(
        r.min_minutes,
        d.minutes - std::max(r.min_minutes_step, d.minutes * r.minutes_step_percent / 100));
    return true;
  }
  return false;
}

// Words made of numbers and text, on the stack: the words of the commonest
// decisions are written straight into the decision from here.
class Words {
 public:
  Words& operator<<(int n) {
    size_ = static_cast<std::size_t>(std::to_chars(text_ + size_, text_ + kSize, n).ptr - text_);
    return *this;
  }
  Words& operator<<(std::string_view t) {
    t = t.substr(0, kSize - size_);
    std::copy(t.begin(), t.end(), text_ + size_);
    size_ += t.size();
    return *this;
  }
  std::string_view view() const { return {text_, size_}; }

 private:
  static constexpr std::size_t kSize = 64;  // a dose's words take at most 46
  char text_[kSize];
  std::size_t size_ = 0;
};

// "12 minutes", "2 x 10", "1 x 5 (hold 10 s)".
Words DoseWords(const Dose& d) {
  Words out;
  if (d.minutes > 0) {
    out << d.minutes << " minutes";
    return out;
  }
  out << std::max(1, d.sets) << " x ";
  if (d.reps > 0) {
    out << d.reps;
  } else {
    out << "1";
  }
  if (d.hold_seconds > 0) out << " (hold " << d.hold_seconds << " s)";
  return out;
}

// Another exercise of the same kind, no harder, not already in the plan.
const Exercise* Replacement(const Prescription& p, Step& st) {
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
    Decide(st, p.id, "regress", Say({why, ": stepped down from ", old_name, " to ", p.name, "."}),
           rule, st.r.sharp_source);
    return;
  }
  if (const Exercise* other = Replacement(p, st)) {
    SwitchTo(p, *other, st);
    p.sharp_last_time = true;
    Decide(st, p.id, "replace", Say({why, ": ", old_name, " is replaced by ", p.name, "."}), rule,
           st.r.sharp_source);
    return;
  }
  p.paused = true;
  p.sharp_last_time = true;
  Decide(st, p.id, "pause",
         Say({why, ": ", old_name, " is paused; your clinician can help find another way."}), rule,
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
    Decide(st, p.id, "regress", Say({why, ": stepped down from ", old_name, " to ", p.name, "."}),
           rule, source);
  } else if (ShrinkDose(p.dose, st.r)) {
    Decide(st, p.id, "regress",
           Say({why, ": ", p.name, " eased to ", DoseWords(p.dose).view(), "."}), rule, source);
  } else if (const Exercise* other = Replacement(p, st)) {
    SwitchTo(p, *other, st);
    Decide(st, p.id, "replace", Say({why, ": ", old_name, " is replaced by ", p.name, "."}), rule,
           source);
  } else {
    DecideKeepingWords(st, p.id, "hold", why + ": " + p.name + " is already at its gentlest.", rule,
                       source);
  }
}

// Less volume of the same exercise (the next-morning rule), else the
// easier variant, else it stays at its gentlest.
void ReduceVolume(Step& st, Prescription& p, const std::string& why) {
  const std::string_view rule = "progression.next_morning_red_above_baseline";
  if (ShrinkDose(p.dose, st.r)) {
    Decide(st, p.id, "regress",
           Say({why, ": ", p.name, " eased to ", DoseWords(p.dose).view(), "."}), rule,
           st.r.next_morning_source);
    return;
  }
  const std::string old_name = p.name;
  const Exercise* current = st.c.catalogue.Find(p.id);
  const Exercise* easier = current != nullptr ? st.c.catalogue.Easier(*current) : nullptr;
  if (CanUse(easier, st)) {
    SwitchTo(p, *easier, st);
    Decide(st, p.id, "regress", Say({why, ": stepped down from ", old_name, " to ", p.name, "."}),
           rule, st.r.next_morning_source);
    return;
  }
  DecideKeepingWords(st, p.id, "hold", why + ": " + p.name + " is already at its gentlest.", rule,
                     st.r.next_morning_source);
}

void StepUp(Step& st, Prescription& p) {
  const Exercise* current = st.c.catalogue.Find(p.id);
  const Exercise* harder = current != nullptr ? st.c.catalogue.Harder(*current) : nullptr;
  const bool acute_cap = st.s.phase == Phase::kAcute && harder != nullptr &&
                         harder->level > st.c.engine.plan.acute_max_level;
  // Aerobic work never becomes intervals before the base is built.
  const bool intervals_wait =
      harder != nullptr && harder->category == Category::kIntervals && !IntervalsReady(st.s, st.c);
  Words sessions;
  sessions << st.r.green_sessions_to_progress;
  const std::string_view why[] = {"Comfortable for ", sessions.view(), " sessions in a row"};
  if (CanUse(harder, st) && !acute_cap && !intervals_wait) {
    // The name is taken, not copied: SwitchTo writes the new one.
    const std::string old_name = std::move(p.name);
    const Dose before = p.dose;
    SwitchTo(p, *harder, st);
    KeepDoseWithin(p.dose, before);
    p.minutes_at_week_start = std::min(p.minutes_at_week_start, p.dose.minutes);
    DecideJoined(
        st, p.id, "progress",
        {why[0], why[1], why[2], ": moving from ", old_name, " to the harder ", harder->name, "."},
        "progression.green_sessions_to_progress", st.r.progress_source);
  } else if (GrowDose(p.dose, st.r, MinutesCap(st.s, p, st.c))) {
    DecideJoined(
        st, p.id, "progress",
        {why[0], why[1], why[2], ": ", p.name, " goes up to ", DoseWords(p.dose).view(), "."},
        "progression.green_sessions_to_progress", st.r.dose_source);
  } else {
    DecideJoined(st, p.id, "hold", {p.name, " is at the top of its range; well done."},
                 "progression.max_dose", st.r.dose_source);
  }
  p.green_streak = 0;
}

// Weekly average pain during exercise, for the week holding `date` and the
// week before, counted from the plan's start.
bool WeeklyPainRising(const PlanState& s, Date date, const ProgressionRules& r,
                      const DayRecord* today) {
  const int week = date.DaysSince(s.request.start_date) / 7;
  double sum[2] = {0, 0};
  int count[2] = {0, 0};
  // Today counts for this week, whether or not it is kept yet.
  if (today != nullptr) {
    sum[0] += today->average_pain;
    ++count[0];
  }
  for (const auto& d : s.recent_days) {
    const int w = d.date.DaysSince(s.request.start_date) / 7;
    if ((w == week || w == week - 1) && (today == nullptr || d.date != today->date)) {
      sum[week - w] += d.average_pain;
      ++count[week - w];
    }
  }
  if (count[0] == 0 || count[1] == 0) return false;
  return sum[0] / count[0] >= sum[1] / count[1] + r.weekly_pain_rise_points;
}

// Why a green exercise may not move up yet, on which rule and source; the
// reason is empty when it may. Views of the content, the step, literals,
// or `text`, which holds words built for this exercise.
struct Blocker {
  std::string_view reason;
  std::string_view rule;
  std::string_view source;
};

// The camera coach's word on an exercise done, when it measured it: the
// dose not completed (repetitions short, or holds short of the dose less
// the allowance for the camera's timing), or the same form finding on
// coach_form_findings_to_hold repetitions or more. Empty when neither;
// `text` holds the words.
Blocker CoachBlocker(Step& st, const Prescription& p, const ExerciseLog& e, std::string& text) {
  if (!e.coach) return {};
  const CoachMeasure& m = *e.coach;
  const std::string prescribed = std::to_string(m.reps_prescribed);
  if (m.reps_done < m.reps_prescribed) {
    text = Join({"The camera coach counted ", std::to_string(m.reps_done), " of ", prescribed,
                 " repetitions: ", p.name, " stays at this level until you manage them all."});
    return {text, kCoachIncomplete, st.r.coach_source};
  }
  if (p.dose.hold_seconds > 0 && !m.hold_seconds.empty()) {
    const double enough = p.dose.hold_seconds - st.r.coach_hold_allowance_seconds;
    const auto held = std::count_if(m.hold_seconds.begin(), m.hold_seconds.end(),
                                    [&](double seconds) { return seconds >= enough; });
    if (held < m.reps_prescribed) {
      text = Join({"The camera coach timed ", std::to_string(held), " of ", prescribed,
                   " holds of ", std::to_string(p.dose.hold_seconds), " seconds: ", p.name,
                   " stays at this level until you manage them all."});
      return {text, kCoachIncomplete, st.r.coach_source};
    }
  }
  for (const auto& f : m.findings) {
    if (f.count < st.r.coach_form_findings_to_hold) continue;
    std::string_view message = f.id;
    const MotionDefinition* motion = st.c.motions.Find(e.id);
    if (motion != nullptr && motion->camera) {
      for (const auto& check : motion->camera->form) {
        if (check.id == f.id) message = check.message;
      }
    }
    text = Join({"The camera coach saw the same thing ", std::to_string(f.count),
                 " times: ", message, " ", p.name, " stays at this level while you work on that."});
    return {text, kCoachForm, st.r.coach_source};
  }
  return {};
}

Blocker GreenBlocker(Step& st, const Prescription& p, bool sharp_last_time, Zone morning,
                     std::string& text, const Blocker& coach = {}) {
  if (st.hold_all) return {st.hold_all_reason, st.hold_all_rule, st.hold_all_source};
  if (!st.s.open_findings.empty() && !Faults().findings_ignored) {
    const Finding& f = st.s.open_findings.front();
    text = Join({"A new finding (", f.title,
                 ") waits for a clinician's review; nothing moves up until it is cleared."});
    st.rule_text = "screen." + f.rule_id;
    return {text, st.rule_text, st.r.findings_source};
  }
  if (sharp_last_time) {
    return {"It hurt sharply last time, so it stays where it is today.", "progression.sharp_pain",
            st.r.sharp_source};
  }
  if (p.pinned) {
    text = "Your clinician is keeping this at its current level";
    text += p.pin_reason.empty() ? "." : ": " + p.pin_reason;
    return {text, "clinician.pin", "Your clinician"};
  }
  if (st.s.status == PlanStatus::kWalkingOnly) {
    return {"Nothing moves up until a doctor has seen you.", "screen.within_days",
            "Clinical brief section 7"};
  }
  if (!coach.reason.empty()) return coach;
  if (st.s.graded_activity) {
    return {
        "Comfortable today. In graded activity doses rise on their weekly schedule, not on "
        "how a day feels.",
        "plan.graded_activity", st.c.engine.plan.graded_source};
  }
  const std::string_view rule = "progression.green_sessions_to_progress";
  if (p.green_streak < st.r.green_sessions_to_progress) {
    return {"Comfortable today; one more comfortable session and it can move up.", rule,
            st.r.progress_source};
  }
  if (!st.AdherenceOk()) {
    return {
        "Comfortable, but fewer sessions than planned were done lately: it moves up once "
        "most planned sessions are done.",
        "progression.min_adherence_percent", st.r.adherence_source};
  }
  if (st.log.effort > st.r.max_effort_to_progress) {
    return {"The session felt close to your maximum effort, so it stays for now.",
            "progression.max_effort_to_progress", st.r.progress_source};
  }
  if (!st.log.pain_next_morning) {
    return {"It moves up once the next-morning check shows your back settled.",
            "progression.next_morning", st.r.next_morning_source};
  }
  if (morning != Zone::kGreen) {
    return {"Your back had not quite settled by the next morning, so it stays for now.",
            "progression.next_morning", st.r.next_morning_source};
  }
  if (st.PainRising()) {
    return {"Pain this week is higher than last week, so nothing moves up yet.",
            "progression.weekly_pain_rise_points", st.r.weekly_pain_source};
  }
  return {"", rule, st.r.progress_source};
}

void DecideExercise(Step& st, Prescription& p, const ExerciseLog& e, Zone morning) {
  p.awaiting_morning = false;
  const Zone zone = std::max(ExerciseZone(e, st.r), morning == Zone::kRed ? Zone::kRed : morning);
  const bool was_sharp = p.sharp_last_time;
  p.sharp_last_time = false;
  if (zone == Zone::kSharp) {
    p.green_streak = p.red_streak = 0;
    StepDownAtOnce(st, p,
                   !WordsWanted() ? std::string()
                   : e.symptoms_down_leg
                       ? p.name + " sent symptoms further down your leg"
                       : p.name + " caused sharp pain (" + Of10(e.pain_during) + ")");
    return;
  }
  if (zone == Zone::kRed) {
    p.green_streak = 0;
    p.red_streak = 0;
    if (ExerciseZone(e, st.r) == Zone::kRed) {
      // Red pain during: stop that exercise today, one level down next time.
      if (Faults().red_holds) {
        Decide(st, p.id, "hold", "Pain during was high.", "progression.amber_max",
               st.r.zones_source);
        return;
      }
      StepDown(st, p,
               Join({"Pain during ", p.name, " was ", Of10(e.pain_during),
                     ", so stop it when that happens"}),
               "progression.amber_max", st.r.zones_source);
    } else if (Faults().morning_red_holds) {
      Decide(st, p.id, "hold", "Your back was sorer the next morning.",
             "progression.next_morning_red_above_baseline", st.r.next_morning_source);
    } else {
      ReduceVolume(st, p, "Your back was clearly sorer than usual the next morning");
    }
    return;
  }
  p.red_streak = 0;
  if (zone == Zone::kAmber && morning == Zone::kAmber) {
    p.green_streak = 0;
    Decide(st, p.id, "hold",
           "Your back had not fully settled by the next morning: same level next time.",
           "progression.next_morning", st.r.next_morning_source);
    return;
  }
  if (zone == Zone::kAmber) {
    p.green_streak = 0;
    DecideJoined(st, p.id, "hold",
                 {"Pain during was ", Of10(e.pain_during),
                  ": fine to carry on at this level, not to move up yet."},
                 "progression.green_max", st.r.zones_source);
    return;
  }
  // A session the camera coach saw short of the dose, or with a form
  // finding that kept coming back, is not one managed at this level.
  std::string coach_text;
  const Blocker coach = CoachBlocker(st, p, e, coach_text);
  if (coach.reason.empty()) ++p.green_streak;
  std::string text;
  const Blocker blocker = GreenBlocker(st, p, was_sharp, morning, text, coach);
  p.awaiting_morning = blocker.rule == "progression.next_morning" && !st.log.pain_next_morning;
  if (blocker.reason.empty()) {
    StepUp(st, p);
  } else {
    Decide(st, p.id, "hold", blocker.reason, blocker.rule, blocker.source);
  }
}

// Sorts `values` in place.
double Median(std::span<int> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

// The usual next-morning pain: the median of the last week's reports when
// there are three or more, else the pain given at intake.
double Baseline(const PlanState& s, Date today) {
  // The engine keeps kDaysKept days, so their mornings fit in a buffer on the
  // stack (this runs on every step); a state from elsewhere may hold more.
  std::array<int, kDaysKept> on_stack;
  std::vector<int> on_heap;
  std::span<int> buffer = on_stack;
  if (s.recent_days.size() > on_stack.size()) {
    on_heap.resize(s.recent_days.size());
    buffer = on_heap;
  }
  std::size_t count = 0;
  for (const auto& d : s.recent_days) {
    if (d.next_morning >= 0 && today.DaysSince(d.date) < 7) buffer[count++] = d.next_morning;
  }
  return count >= 3 ? Median(buffer.first(count)) : s.request.intake.pain_now;
}

// The plan the planner makes for the intake with the new findings: the
// choices of a first plan for this screen (radicular: level-1 choices and no
// intervals; within days: gentle walking only), while progression
// keeps its memory (days, baseline, week, findings).
void Reshape(Step& st, const Intake& merged, std::string_view rule, std::string_view why) {
  PlanRequest request = st.s.request;
  request.intake = merged;
  auto made = MakePlan(request, st.c);
  if (!made.ok()) return;  // the request was planned before; keep the plan as it is
  PlanState& s = st.s;
  // An exercise that hurt sharply last time or today, and is in the new plan
  // too, still does not move up in its next session.
  for (auto& p : made->exercises) {
    const Prescription* old = s.Find(p.id);
    p.sharp_last_time = (old != nullptr && old->sharp_last_time) || HurtSharplyToday(p.id, st);
  }
  s.status = made->status;
  s.triage = made->triage;
  s.phase = made->phase;
  s.presentation = made->presentation;
  s.exercises = std::move(made->exercises);
  s.intervals_offered = made->intervals_offered;
  s.rationale = std::move(made->rationale);
  for (auto& p : s.exercises) p.minutes_at_week_start = p.dose.minutes;
  Decide(st, "plan", "reshape", why, rule, st.r.findings_source);
}

// Opens a finding for each fresh flag that asks for a clinician (every fresh
// flag when `every_tier`, as for a stop); a flag already open stays as it is.
void OpenFindings(Step& st, const std::vector<const ScreeningRule*>& fresh, bool every_tier) {
  for (const auto* f : fresh) {
    const bool open = std::any_of(st.s.open_findings.begin(), st.s.open_findings.end(),
                                  [&](const Finding& o) { return o.rule_id == f->id; });
    if (!open && (every_tier || f->tier >= Tier::kRoutineReview)) {
      st.s.open_findings.push_back({f->id, f->tier, st.log.date, f->title});
    }
  }
}

// New symptoms in a log: re-screen the intake with them merged in. A red
// flag stops the programme; a within-days finding leaves walking within
// comfort; new radicular symptoms re-shape the plan; every new finding that
// asks for a clinician stays open, holding progression, until cleared.
// Returns true when the step ends here (stopped or re-shaped).
bool ReScreen(Step& st, const Intake& merged) {
  const ScreenResult screen = Screen(merged, st.c.screening);
  std::vector<const ScreeningRule*> fresh;
  for (const auto* rule : screen.flags) {
    if (std::find(st.s.flags.begin(), st.s.flags.end(), rule->id) == st.s.flags.end()) {
      fresh.push_back(rule);
    }
  }
  const Presentation presentation_before = st.s.presentation;
  st.s.request.intake = merged;
  st.s.flags.clear();
  for (const auto* rule : screen.flags) st.s.flags.push_back(rule->id);
  st.s.triage = screen.triage;
  st.s.presentation = screen.presentation;
  st.s.cautions = screen.Cautions();
  if (fresh.empty() || Faults().findings_ignored) return false;
  std::stable_sort(fresh.begin(), fresh.end(),
                   [](const auto* a, const auto* b) { return a->tier > b->tier; });
  const ScreeningRule& top = *fresh.front();
  const std::string rule = "screen." + top.id;
  const bool within_days = screen.triage == Tier::kWithinDays && !screen.programme_blocked;
  if (!screen.can_start_programme && (!within_days || Faults().within_days_stops)) {
    StopPlan(st.s, screen.triage, fresh, st.c);  // says only what applies to the stop
    // The stop is a finding like any other: it stays open until a clinician
    // clears it (or the person, without a clinic, says they were seen), so a
    // new intake first asks whether they have been seen.
    if (!Faults().stop_left_closed) OpenFindings(st, fresh, /*every_tier=*/true);
    Decide(st, "plan", "stop",
           "New symptoms need a clinician first (" + top.title + "). " +
               st.c.screening.advice(screen.triage).headline,
           rule, top.source);
    for (auto& p : st.s.exercises) {
      Decide(st, p.id, "pause", "The programme is stopped until a clinician has seen you.", rule,
             top.source);
    }
    return true;
  }
  std::vector<std::string> messages = {st.c.screening.advice(screen.triage).headline};
  for (const auto* rule : fresh) messages.push_back(rule->message);
  messages.insert(messages.end(), st.s.messages.begin(), st.s.messages.end());
  st.s.messages = messages;
  OpenFindings(st, fresh, /*every_tier=*/false);
  if (within_days && st.s.status != PlanStatus::kWalkingOnly) {
    if (st.s.held_exercises.empty()) {
      st.s.held_exercises = st.s.exercises;
      // What hurt sharply today still does not move up when it comes back.
      for (auto& p : st.s.held_exercises) p.sharp_last_time |= HurtSharplyToday(p.id, st);
    }
    st.s.flare_since.reset();  // walking within comfort replaces the flare-up plan
    st.s.flare_until.reset();
    Reshape(st, merged, rule,
            "New symptoms (" + top.title +
                ") need a doctor within a few days. Until then: "
                "gentle walking within comfort; keep moving, don't rest in bed.");
    st.s.status = PlanStatus::kWalkingOnly;
    return true;
  }
  if (screen.presentation == Presentation::kRadicular &&
      presentation_before != Presentation::kRadicular && st.s.status != PlanStatus::kWalkingOnly) {
    const PlanStatus status = st.s.status;  // a flare-up goes on with the new plan
    Reshape(st, merged, rule,
            "New leg symptoms (" + top.title +
                "): the plan starts again from gentle level-1 "
                "exercises suited to nerve symptoms, without intervals; stop anything that sends "
                "symptoms further down the leg.");
    if (status == PlanStatus::kFlareUp) st.s.status = status;
    return true;
  }
  st.HoldAll("New symptoms were reported (" + top.title +
                 "); nothing moves up until a clinician has looked and it is cleared.",
             rule, st.r.findings_source);
  Decide(st, "plan", "caution", st.hold_all_reason, rule, st.r.findings_source);
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
         !WordsWanted()
             ? std::string()
             : FlareReason(st, today) + " Flare-ups are common and settle. For the next " +
                   std::to_string(f.hold_days) +
                   " days: a short, gentle session and a short walk each day; scale down, "
                   "don't stop moving.",
         "flare_up", f.source);
}

void ContinueFlareUp(Step& st, const DayRecord& today) {
  const FlareUpRules& f = st.c.engine.flare_up;
  if (today.red || st.log.bad_day) st.s.flare_until = st.log.date.Plus(f.hold_days);
  if (st.log.date >= *st.s.flare_until && !today.red) {
    // A within-days screen still holds after a flare-up: back to walking only.
    st.s.status = WithinDaysHolds(st.s, st.c) ? PlanStatus::kWalkingOnly : PlanStatus::kActive;
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
         Say({"Still in the flare-up plan until ",
              WordsWanted() ? st.s.flare_until->ToString() : std::string(), "."}),
         "flare_up", f.source);
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

DayRecord RecordDay(const Step& st, std::span<const Zone> zones, Zone morning) {
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
std::vector<std::string> NotToRaise(std::span<const Reason> decisions) {
  static const std::set<std::string> kPainRules = {
      "progression.sharp_pain", "progression.amber_max",
      "progression.next_morning_red_above_baseline", std::string(kCoachIncomplete),
      std::string(kCoachForm)};
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
    // One variable a week: repetitions, else hold time, else minutes.
    bool raised = false;
    if (d.reps > 0 && d.reps < st.r.max_reps) {
      d.reps = std::min(st.r.max_reps, d.reps + std::max(1, d.reps * pct / 100));
      raised = true;
    }
    if ((!raised || Faults().dose_jumps) && d.hold_seconds > 0 &&
        d.hold_seconds < st.r.max_hold_seconds) {
      d.hold_seconds =
          std::min(st.r.max_hold_seconds, d.hold_seconds + std::max(1, d.hold_seconds * pct / 100));
      raised = true;
    }
    if (!raised && d.minutes > 0) {
      const int next = std::min(MinutesCap(st.s, p, st.c),
                                d.minutes + std::max(st.r.min_minutes_step, d.minutes * pct / 100));
      raised = next > d.minutes;
      if (raised) d.minutes = next;
    }
    if (!raised) continue;
    DecideJoined(st, p.id, "progress",
                 {"A new week: ", p.name, " rises to ", DoseWords(d).view(),
                  " as planned, because pain has stayed acceptable."},
                 "plan.graded_activity", pr.graded_source);
  }
}

// The check-in's effect on one exercise done in that session.
void DecideAtCheckIn(Step& st, Prescription& p, Zone morning) {
  const bool waiting = p.awaiting_morning;
  p.awaiting_morning = false;
  if (morning == Zone::kRed) {
    p.green_streak = p.red_streak = 0;
    if (Faults().morning_red_holds) {
      Decide(st, p.id, "hold", "Your back was sorer the next morning.",
             "progression.next_morning_red_above_baseline", st.r.next_morning_source);
      return;
    }
    ReduceVolume(st, p, "Your back was clearly sorer than usual the next morning");
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
  std::string text;
  const Blocker blocker = GreenBlocker(st, p, false, morning, text);
  if (blocker.reason.empty()) {
    StepUp(st, p);
  } else {
    Decide(st, p.id, "hold", blocker.reason, blocker.rule, blocker.source);
  }
}

// What the camera coach measured must be of an exercise it covers, and name
// only that exercise's form checks.
Status CheckCoach(const ExerciseLog& e, std::size_t index, const Motions& motions) {
  if (!e.coach) return Status::Ok();
  const std::string where = "exercise " + std::to_string(index + 1) + ": ";
  const MotionDefinition* motion = motions.Find(e.id);
  if (motion == nullptr || !motion->camera) {
    return Status::InvalidArgument(where + "the camera coach does not cover '" + e.id + "'");
  }
  for (const auto& f : e.coach->findings) {
    const auto& form = motion->camera->form;
    if (std::none_of(form.begin(), form.end(), [&](const FormCheck& c) { return c.id == f.id; })) {
      return Status::InvalidArgument(where + "'" + f.id + "' is not a form check of '" + e.id +
                                     "'");
    }
  }
  return Status::Ok();
}

// The order of logs and the exercises they name: what makes a log fail
// before anything is decided.
Status CheckLog(const PlanState& s, const SessionLog& log, const Content& content) {
  if (s.last_log && log.date < *s.last_log) {
    return Status::InvalidArgument("session logs must be in date order: " + log.date.ToString() +
                                   " comes before " + s.last_log->ToString());
  }
  for (std::size_t i = 0; i < log.exercises.size(); ++i) {
    const ExerciseLog& e = log.exercises[i];
    if (content.catalogue.Find(e.id) == nullptr) {
      return Status::InvalidArgument("the log names exercise '" + e.id +
                                     "', which the catalogue does not have");
    }
    if (Status s = CheckCoach(e, i, content.motions); !s.ok()) return s;
  }
  return Status::Ok();
}

// The exercises that hurt sharply in their last session.
std::vector<std::string> SharpLastTime(const PlanState& s) {
  std::vector<std::string> ids;
  for (const auto& p : s.exercises) {
    if (p.sharp_last_time) ids.push_back(p.id);
  }
  return ids;
}

// A log during a flare-up: the flare-up plan changes no levels, but sharp
// pain is remembered so that the exercise does not move up when the plan
// resumes.
void StepInFlareUp(Step& st, std::span<const Zone> zones, const DayRecord& today) {
  const auto& logged = st.log.exercises;
  for (std::size_t i = 0; i < logged.size(); ++i) {
    Prescription* p = st.s.Find(logged[i].id);
    if (p != nullptr && logged[i].done && zones[i] == Zone::kSharp) p->sharp_last_time = true;
  }
  KeepDay(st.s, today);
  ContinueFlareUp(st, today);
}

// A decision for every exercise in the plan: those in the log by how they
// went, the others held where they are.
void DecideLogged(Step& st, Zone morning) {
  // The ids the log covers: its own (views, on the stack for a session's
  // few exercises), and any an exercise was switched to today (copied, as
  // the exercise may switch again).
  std::array<std::string_view, 16> logged_on_stack;
  std::vector<std::string_view> logged_on_heap;
  std::span<std::string_view> logged_ids = logged_on_stack;
  if (st.log.exercises.size() > logged_on_stack.size()) {
    logged_on_heap.resize(st.log.exercises.size());
    logged_ids = logged_on_heap;
  }
  std::size_t count = 0;
  std::vector<std::string> switched_to;
  for (const auto& e : st.log.exercises) {
    Prescription* p = st.s.Find(e.id);
    if (p == nullptr || p->paused) continue;
    logged_ids[count++] = e.id;
    if (!e.done) {
      Decide(st, p->id, "hold", "Not done this time; it stays at the last level you managed.",
             "progression.missed_days", st.r.missed_days_source);
      continue;
    }
    DecideExercise(st, *p, e, morning);
    if (p->id != e.id) switched_to.push_back(p->id);
  }
  const auto logged = logged_ids.first(count);
  auto covered = [&](const std::string& id) {
    const auto same = [&](std::string_view x) { return SameText(x, id); };
    return std::any_of(logged.begin(), logged.end(), same) ||
           std::any_of(switched_to.begin(), switched_to.end(), same);
  };
  for (const auto& p : st.s.exercises) {
    if (p.paused || covered(p.id)) continue;
    Decide(st, p.id, "hold", "Not in this log; it stays at the last level you managed.",
           "progression.missed_days", st.r.missed_days_source);
  }
}

// Easy aerobic work done without red pain builds the base intervals wait
// for.
void CountAerobicBase(Step& st, std::span<const Zone> zones) {
  for (std::size_t i = 0; i < st.log.exercises.size(); ++i) {
    const ExerciseLog& e = st.log.exercises[i];
    if (!e.done || zones[i] > Zone::kAmber) continue;  // looked up only when it can count
    const Prescription* p = st.s.Find(e.id);
    if (p != nullptr && p->category == Category::kAerobic) {
      ++st.s.aerobic_base_sessions;
      return;
    }
  }
}

// Applies a log that CheckLog has accepted; `reported` is the intake with
// the log's new symptoms merged in, when it reports any.
void TakeLog(Step& st, const std::optional<Intake>& reported) {
  PlanState& s = st.s;
  const SessionLog& log = st.log;
  const int week_before = s.week;
  s.last_log = log.date;
  s.week = std::max(1, log.date.DaysSince(s.request.start_date) / 7 + 1);
  // Graded quotas rise in a new week, but not for an exercise that hurt
  // sharply last time; which ones those are is taken before today changes it.
  const bool new_week = s.week > week_before;
  const std::vector<std::string> sharp_before =
      s.graded_activity && new_week ? SharpLastTime(s) : std::vector<std::string>{};
  // The weekly cap on minutes counts from the week's first dose.
  for (auto& p : s.exercises) {
    if (new_week || p.minutes_at_week_start == 0) p.minutes_at_week_start = p.dose.minutes;
  }

  if (s.status == PlanStatus::kNoPlan || s.status == PlanStatus::kStopped) {
    Decide(st, "plan", "pause",
           s.messages.empty() ? "There is no exercise plan to change." : s.messages.front(),
           "screen", "Clinical brief section 7");
    if (reported) ReScreen(st, *reported);
    return;
  }
  const double baseline = Baseline(s, log.date);
  s.baseline_pain = baseline;
  const Zone morning = MorningZone(log.pain_next_morning, baseline, st.r);
  // The zones on the stack: a log holds a session's few exercises (a longer
  // one from elsewhere goes on the heap).
  std::array<Zone, 16> zones_on_stack;
  std::vector<Zone> zones_on_heap;
  std::span<Zone> zones = zones_on_stack;
  if (log.exercises.size() > zones_on_stack.size()) {
    zones_on_heap.resize(log.exercises.size());
    zones = zones_on_heap;
  }
  zones = zones.first(log.exercises.size());
  for (std::size_t i = 0; i < log.exercises.size(); ++i) {
    zones[i] = ExerciseZone(log.exercises[i], st.r);
  }
  const DayRecord today = RecordDay(st, zones, morning);

  if (reported && ReScreen(st, *reported)) {
    if (s.status != PlanStatus::kStopped) {
      // The re-shaped plan still answers a flare-up that starts today.
      if (s.status != PlanStatus::kFlareUp && FlareUpStarts(st, today)) StartFlareUp(st, today);
      KeepDay(s, today);
    }
    Reschedule(s, st.c, log.date.Plus(1));
    return;
  }
  CountAerobicBase(st, zones);

  if (s.status == PlanStatus::kFlareUp) {
    StepInFlareUp(st, zones, today);
  } else {
    const bool flare = HoldAllIfFlareUp(st, today);
    st.today = &today;
    DecideLogged(st, morning);
    KeepDay(s, today);
    if (s.graded_activity && new_week && !today.red && !st.hold_all &&
        s.status == PlanStatus::kActive && s.open_findings.empty()) {
      std::vector<std::string> not_to_raise = NotToRaise(st.decisions.made());
      // An exercise's first session back after sharp pain stays put.
      not_to_raise.insert(not_to_raise.end(), sharp_before.begin(), sharp_before.end());
      RaiseQuotas(st, not_to_raise);
    }
    if (flare) StartFlareUp(st, today);
  }
  Reschedule(s, st.c, log.date.Plus(1));
}

// Applies a next-morning check-in to the day it is for.
void TakeCheckIn(Step& st, DayRecord& day) {
  PlanState& s = st.s;
  const int pain = *st.log.pain_next_morning;
  s.baseline_pain = Baseline(s, day.date);
  const Zone morning = MorningZone(pain, s.baseline_pain, st.r);
  day.next_morning = pain;
  day.red = day.red || morning == Zone::kRed;
  if (s.status != PlanStatus::kActive) return;
  const DayRecord today = day;
  const bool flare = HoldAllIfFlareUp(st, today);
  for (auto& p : s.exercises) {
    if (!p.paused) DecideAtCheckIn(st, p, morning);
  }
  if (flare) StartFlareUp(st, today);
  Reschedule(s, st.c, day.date.Plus(1));
}

}  // namespace

Status ApplyCheckIn(PlanState& s, Date session_date, int pain_next_morning,
                    const Content& content) {
  if (pain_next_morning < 0 || pain_next_morning > 10) {
    return Status::InvalidArgument("pain_next_morning must be a whole number from 0 to 10");
  }
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
  Step st(s, log, content);
  TakeCheckIn(st, *day);
  st.decisions.Finish();
  HoldStepGoalIfNeeded(s, content.engine.step_goal);
  return Status::Ok();
}

Result<PlanState> CheckIn(const PlanState& in, Date session_date, int pain_next_morning,
                          const Content& content) {
  PlanState s = in;
  if (Status st = ApplyCheckIn(s, session_date, pain_next_morning, content); !st.ok()) return st;
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

Status ApplySessionLog(PlanState& s, const SessionLog& log, const Content& content) {
  if (Status st = CheckLog(s, log, content); !st.ok()) return st;
  std::optional<Intake> reported;  // the intake with newly reported symptoms merged in
  if (!log.reported_symptoms.empty()) {
    auto merged = MergeIntakeFields(s.request.intake, log.reported_symptoms);
    if (!merged.ok()) return merged.status().WithContext("reported symptoms");
    reported = *merged;
  }
  // Nothing below fails: a refused log has left the state as it was.
  Step st(s, log, content);
  TakeLog(st, reported);
  st.decisions.Finish();
  HoldStepGoalIfNeeded(s, content.engine.step_goal);
  return Status::Ok();
}

namespace {

// What the person reads after a clearance: a stopped programme does not
// start again by itself, because its answers still hold the red flag.
std::string AfterClearing(const PlanState& s) {
  if (!s.open_findings.empty()) return " Other findings still wait.";
  if (s.status == PlanStatus::kStopped) {
    return " The programme stays stopped: answer the questions again to start a new plan from "
           "how you are now.";
  }
  return " Your plan may move up again.";
}

}  // namespace

Status ApplyClearance(PlanState& s, const Clearance& clearance, const Content& content) {
  if (clearance.how != "clinician" && clearance.how != "self_report") {
    return Status::InvalidArgument("'how' must be clinician or self_report");
  }
  if (clearance.by.empty()) return Status::InvalidArgument("the clearance must say who cleared it");
  if (s.open_findings.empty()) return Status::Conflict("there is no open finding to clear");
  for (const auto& id : clearance.rule_ids) {
    const bool open = std::any_of(s.open_findings.begin(), s.open_findings.end(),
                                  [&](const Finding& f) { return f.rule_id == id; });
    if (!open) return Status::NotFound("finding '" + id + "' is not open");
  }
  if (s.last_log && clearance.date < *s.last_log) {
    return Status::InvalidArgument("a clearance must not be dated before the last session log");
  }
  Clearance done = clearance;
  done.rule_ids.clear();
  std::vector<Finding> still_open;
  for (auto& f : s.open_findings) {
    const bool named = clearance.rule_ids.empty() ||
                       std::find(clearance.rule_ids.begin(), clearance.rule_ids.end(), f.rule_id) !=
                           clearance.rule_ids.end();
    if (named) {
      done.rule_ids.push_back(f.rule_id);
    } else {
      still_open.push_back(f);
    }
  }
  s.open_findings = std::move(still_open);
  s.clearances.push_back(done);
  const ProgressionRules& r = content.engine.progression;
  s.decisions.clear();
  std::string names;
  for (const auto& id : done.rule_ids) names += (names.empty() ? "" : ", ") + id;
  const std::string who = clearance.how == "clinician"
                              ? "your clinician " + clearance.by
                              : clearance.by + ", who told us a clinician has seen them";
  s.decisions.push_back({"plan", "cleared",
                         "Cleared by " + who + " on " + clearance.date.ToString() + " (" + names +
                             ")." + AfterClearing(s),
                         "findings.cleared", r.findings_source});
  if (s.status == PlanStatus::kWalkingOnly && !WithinDaysHolds(s, content) &&
      !s.held_exercises.empty()) {
    // Sharp pain during the walking-only days still counts for what comes back.
    for (auto& p : s.held_exercises) {
      const Prescription* now = s.Find(p.id);
      p.sharp_last_time |= now != nullptr && now->sharp_last_time;
    }
    s.exercises = std::move(s.held_exercises);
    s.held_exercises.clear();
    for (auto& p : s.exercises) p.minutes_at_week_start = p.dose.minutes;
    s.status = PlanStatus::kActive;
    s.decisions.push_back({"plan", "resume",
                           "Back to the plan you had before the walking-only days, at the same "
                           "levels.",
                           "findings.cleared", r.findings_source});
  }
  Reschedule(s, content, clearance.date.Plus(1));
  return Status::Ok();
}

Result<PlanState> ClearFindings(const PlanState& in, const Clearance& clearance,
                                const Content& content) {
  PlanState s = in;
  if (Status st = ApplyClearance(s, clearance, content); !st.ok()) return st;
  return s;
}

bool WithinDaysHolds(const PlanState& s, const Content& content) {
  if (s.triage != Tier::kWithinDays) return false;
  for (const auto& id : s.flags) {
    const ScreeningRule* rule = nullptr;
    for (const auto& r : content.screening.rules()) {
      if (r.id == id) rule = &r;
    }
    if (rule == nullptr || rule->tier != Tier::kWithinDays) continue;
    bool cleared = false;
    for (const auto& c : s.clearances) {
      cleared = cleared || std::find(c.rule_ids.begin(), c.rule_ids.end(), id) != c.rule_ids.end();
    }
    if (!cleared) return true;
  }
  return false;
}

Result<PlanState> Progress(const PlanState& in, const SessionLog& log, const Content& content) {
  PlanState s = in;
  if (Status st = ApplySessionLog(s, log, content); !st.ok()) return st;
  return s;
}

}  // namespace backcoach
