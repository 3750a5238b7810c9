#include "core/adjustment.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/schedule.h"

namespace backcoach {

namespace {

// The exercise's name inside a sentence: "Bird dog" reads "bird dog"; a name
// that opens with an abbreviation ("TV stretch") stays as it is.
std::string InSentence(const std::string& name) {
  std::string out = name;
  if (out.size() > 1 && std::isupper(static_cast<unsigned char>(out[0])) &&
      !std::isupper(static_cast<unsigned char>(out[1]))) {
    out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  }
  return out;
}

bool SameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The sentence the patient reads: who, what, and the clinician's words.
std::string Sentence(const Adjustment& a, const std::string& what) {
  std::string reason = a.reason;
  while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back()))) {
    reason.pop_back();
  }
  const char last = reason.empty() ? '.' : reason.back();
  if (last != '.' && last != '!' && last != '?') reason += '.';
  return (a.by.empty() ? std::string("Your clinician") : a.by) + " " + what + ": " + reason;
}

const Exercise* ChainRoot(const Exercise& e, const Catalogue& catalogue) {
  const Exercise* root = &e;
  while (const Exercise* easier = catalogue.Easier(*root)) root = easier;
  return root;
}

// The member of `e`'s chain named by id or name, or at `level` when `to` is
// empty; nullptr when there is none.
const Exercise* FindInChain(const Exercise& e, const std::string& to, int level,
                            const Catalogue& catalogue) {
  for (const Exercise* x = ChainRoot(e, catalogue); x != nullptr; x = catalogue.Harder(*x)) {
    if (to.empty() ? x->level == level : (x->id == to || SameName(x->name, to))) return x;
  }
  return nullptr;
}

// Why nothing may move up now (an open finding, a flare-up), or empty.
std::string HeldBecause(const PlanState& s) {
  if (!s.open_findings.empty()) {
    return "nothing moves up while a finding (" + s.open_findings.front().title +
           ") waits for review";
  }
  if (s.status == PlanStatus::kFlareUp) return "nothing moves up during the flare-up plan";
  return "";
}

bool Larger(const Dose& next, int next_days, const Dose& before, int before_days) {
  return next.sets > before.sets || next.reps > before.reps ||
         next.hold_seconds > before.hold_seconds || next.minutes > before.minutes ||
         next_days > before_days;
}

// The days a week aerobic work takes: its own, else the plan's.
int DaysOf(const Prescription& p, const PlanState& s) {
  if (p.category != Category::kAerobic) return 0;
  if (s.phase == Phase::kAcute || s.status == PlanStatus::kWalkingOnly) return 7;
  return p.days_per_week > 0 ? p.days_per_week : s.request.days_per_week;
}

bool WalksDaily(const PlanState& s) {
  return s.phase == Phase::kAcute || s.status == PlanStatus::kWalkingOnly;
}

// "sets, repetitions and hold seconds".
std::string FieldList(const DoseFields& f) {
  std::vector<std::string> names;
  if (f.sets) names.push_back("sets");
  if (f.reps) names.push_back("repetitions");
  if (f.hold_seconds) names.push_back("hold seconds");
  if (f.minutes) names.push_back("minutes");
  if (f.days_per_week) names.push_back("days a week");
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

Status CheckField(const std::optional<int>& value, bool applies, const char* words,
                  const Bounds& bounds, const std::string& name, const DoseFields& fields) {
  if (!value) return Status::Ok();
  if (!applies) {
    return Status::InvalidArgument(std::string(words) + " do not apply to " + name +
                                   ": its dose is set in " + FieldList(fields));
  }
  if (*value < bounds.min || *value > bounds.max) {
    return Status::InvalidArgument(std::string(words) + " must be from " +
                                   std::to_string(bounds.min) + " to " +
                                   std::to_string(bounds.max));
  }
  return Status::Ok();
}

// Checks `change` for `p` and returns the dose it makes (and its days).
Result<std::pair<Dose, int>> NewDose(const PlanState& s, const Prescription& p, const Exercise& e,
                                     const DoseChange& change, const Content& content) {
  if (change.empty()) {
    return Status::InvalidArgument("give at least one of the dose's fields: " +
                                   FieldList(DoseFieldsOf(e)));
  }
  const ClinicianDoseRules& r = content.engine.clinician_dose;
  const DoseFields f = DoseFieldsOf(e);
  const std::string name = InSentence(e.name);
  Bounds minutes = r.minutes;
  minutes.max = MaxDoseMinutes(s, p, content);
  for (Status st :
       {CheckField(change.sets, f.sets, "sets", r.sets, name, f),
        CheckField(change.reps, f.reps, "repetitions", r.reps, name, f),
        CheckField(change.hold_seconds, f.hold_seconds, "hold seconds", r.hold_seconds, name, f),
        CheckField(change.minutes, f.minutes, "minutes", r.minutes, name, f),
        CheckField(change.days_per_week, f.days_per_week, "days a week", r.days_per_week, name,
                   f)}) {
    if (!st.ok()) return st;
  }
  if (change.minutes && minutes.max < r.minutes.max &&
      (*change.minutes < minutes.min || *change.minutes > minutes.max)) {
    return Status::InvalidArgument("minutes must be from " + std::to_string(minutes.min) + " to " +
                                   std::to_string(minutes.max) + " to fit the person's " +
                                   std::to_string(s.request.minutes_per_day) + " minutes a day");
  }
  if (change.days_per_week && WalksDaily(s) && *change.days_per_week != 7) {
    return Status::InvalidArgument("days a week stay at 7: this plan walks every day (" +
                                   std::string(s.phase == Phase::kAcute
                                                   ? "the first weeks of an episode"
                                                   : "gentle walking only") +
                                   ")");
  }
  Dose d = p.dose;
  if (change.sets) d.sets = *change.sets;
  if (change.reps) d.reps = *change.reps;
  if (change.hold_seconds) d.hold_seconds = *change.hold_seconds;
  if (change.minutes) d.minutes = *change.minutes;
  const int days = change.days_per_week ? *change.days_per_week : p.days_per_week;
  return std::pair{d, days};
}

// The exercises of the coming week's days.
std::set<std::string> Scheduled(const PlanState& s) {
  std::set<std::string> ids;
  for (const auto& day : s.schedule) ids.insert(day.exercises.begin(), day.exercises.end());
  return ids;
}

// After a change that adds time: every exercise the week held before (with
// `from` now `to`) is still in it, and so is `changed` unless it is paused.
Status StillFits(const PlanState& before, const PlanState& after, const std::string& from,
                 const std::string& to, const std::string& name) {
  if (after.status != PlanStatus::kActive) return Status::Ok();
  std::set<std::string> wanted = Scheduled(before);
  wanted.erase(from);
  wanted.insert(to);
  const Prescription* p = after.Find(to);
  if (p == nullptr || p->paused) wanted.erase(to);
  const std::set<std::string> now = Scheduled(after);
  for (const auto& id : wanted) {
    if (now.count(id) == 0 && after.Find(id) != nullptr) {
      return Status::InvalidArgument(
          "with this change, " + name + " does not fit the person's " +
          std::to_string(after.request.minutes_per_day) +
          " minutes a day beside the rest of the plan: choose a smaller dose, or take something "
          "out first");
    }
  }
  return Status::Ok();
}

Status ChangeLevel(PlanState& s, Prescription& p, const Adjustment& a, const Content& content,
                   std::string& what) {
  const Exercise* current = content.catalogue.Find(p.id);
  if (current == nullptr) return Status::NotFound(p.name + " is not in the catalogue");
  const Exercise* target = FindInChain(*current, a.to, a.level, content.catalogue);
  if (target == nullptr) {
    return Status::InvalidArgument(a.to.empty()
                                       ? p.name + " has no level " + std::to_string(a.level)
                                       : "'" + a.to + "' is not a level of " + InSentence(p.name));
  }
  if (target->id == p.id) {  // the level it is at: nothing moves, as older callers expect
    what = "kept " + InSentence(p.name) + " at this level";
    return Status::Ok();
  }
  const Eligibility eligible = CheckEligible(*target, s, content);
  if (!eligible.ok) {
    return Status::InvalidArgument(target->name + " is not suitable now: " + eligible.reason);
  }
  if (s.Find(target->id) != nullptr) {
    return Status::Conflict(target->name + " is already in the plan");
  }
  if (const std::string held = HeldBecause(s); !held.empty() && target->level > p.level) {
    return Status::Conflict(held + "; an easier level is fine");
  }
  what = "moved " + InSentence(p.name) + " to " + InSentence(target->name);
  Prescription next = Prescribe(*target, s, content.engine.plan);
  next.pinned = p.pinned;
  next.pin_reason = p.pin_reason;
  next.paused = p.paused;
  next.days_per_week = p.days_per_week;
  p = next;
  return Status::Ok();
}

Status SetDose(PlanState& s, Prescription& p, const Adjustment& a, const Content& content,
               std::string& what) {
  const Exercise* e = content.catalogue.Find(p.id);
  if (e == nullptr) return Status::NotFound(p.name + " is not in the catalogue");
  auto next = NewDose(s, p, *e, a.dose, content);
  if (!next.ok()) return next.status();
  const auto& [dose, days] = *next;
  const int days_before = p.days_per_week > 0 ? p.days_per_week : s.request.days_per_week;
  if (const std::string held = HeldBecause(s);
      !held.empty() && Larger(dose, days > 0 ? days : days_before, p.dose, days_before)) {
    return Status::Conflict(held + "; a smaller dose is fine");
  }
  p.dose = dose;
  p.days_per_week = days;
  p.dose_set = dose;
  p.dose_by = a.by.empty() ? "Your clinician" : a.by;
  // The week's growth counts from the clinician's dose, and moving up waits
  // for comfortable sessions at it.
  p.minutes_at_week_start = dose.minutes;
  p.green_streak = 0;
  p.awaiting_morning = false;
  what = "set " + InSentence(p.name) + " to " + DoseWords(p.dose, DaysOf(p, s));
  return Status::Ok();
}

Status AddExercise(PlanState& s, const Adjustment& a, const Content& content, std::string& what) {
  const Exercise* e = content.catalogue.Find(a.exercise_id);
  if (e == nullptr) {
    return Status::NotFound("exercise '" + a.exercise_id + "' is not in the catalogue");
  }
  if (s.Find(e->id) != nullptr) return Status::Conflict(e->name + " is already in the plan");
  const Eligibility eligible = CheckEligible(*e, s, content);
  if (!eligible.ok) {
    return Status::InvalidArgument(e->name + " cannot be added: " + eligible.reason);
  }
  if (const std::string held = HeldBecause(s); !held.empty()) {
    return Status::Conflict(e->name + " cannot be added now: " + held);
  }
  if (e->category == Category::kAerobic || e->category == Category::kIntervals) {
    for (const auto& p : s.exercises) {
      if (p.category == e->category && !p.paused) {
        return Status::Conflict(e->name + " cannot be added beside " + InSentence(p.name) +
                                ", which does this kind of work: move " + InSentence(p.name) +
                                " to another level, or take it out first");
      }
    }
  }
  s.exercises.push_back(Prescribe(*e, s, content.engine.plan));
  Prescription& p = s.exercises.back();
  if (!a.dose.empty()) {
    auto next = NewDose(s, p, *e, a.dose, content);
    if (!next.ok()) return next.status();
    p.dose = next->first;
    p.days_per_week = next->second;
    p.dose_set = p.dose;
    p.dose_by = a.by.empty() ? "Your clinician" : a.by;
    p.minutes_at_week_start = p.dose.minutes;
  }
  what = "added " + InSentence(e->name) + " (" + DoseWords(p.dose, DaysOf(p, s)) + ")";
  return Status::Ok();
}

}  // namespace

DoseFields DoseFieldsOf(const Exercise& e) {
  DoseFields f;
  f.sets = e.dose.sets > 0;
  f.reps = e.dose.reps > 0;
  f.hold_seconds = e.dose.hold_seconds > 0;
  f.minutes = e.dose.minutes > 0;
  f.days_per_week = e.category == Category::kAerobic;
  return f;
}

int MaxDoseMinutes(const PlanState& s, const Prescription& p, const Content& content) {
  const int bouts =
      WalksDaily(s) && p.category == Category::kAerobic ? content.engine.plan.acute_walk_bouts : 1;
  const int budget = (s.request.minutes_per_day - content.engine.progression.min_session_minutes) /
                     std::max(1, bouts);
  return std::max(content.engine.clinician_dose.minutes.min,
                  std::min(content.engine.clinician_dose.minutes.max, budget));
}

std::string DoseWords(const Dose& d, int days_per_week) {
  std::string out;
  const std::string side = d.per_side ? " on each side" : "";
  if (d.minutes > 0) {
    out = std::to_string(d.minutes) + (d.minutes == 1 ? " minute" : " minutes");
  } else if (d.reps > 0) {
    out = (d.sets > 1 ? std::to_string(d.sets) + " sets of " : "") + std::to_string(d.reps) +
          (d.sets > 1 ? "" : " repetitions") + side;
    if (d.hold_seconds > 0) out += ", holding " + std::to_string(d.hold_seconds) + " seconds";
  } else if (d.hold_seconds > 0) {
    const int sets = std::max(1, d.sets);
    out = std::to_string(sets) + (sets == 1 ? " hold of " : " holds of ") +
          std::to_string(d.hold_seconds) + " seconds" + side;
  }
  if (days_per_week > 0) {
    out += days_per_week == 7 ? ", every day"
                              : ", " + std::to_string(days_per_week) +
                                    (days_per_week == 1 ? " day a week" : " days a week");
  }
  return out;
}

Result<PlanState> AdjustPlan(const PlanState& in, const Adjustment& a, const Content& content,
                             Date today) {
  if (a.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument("a reason is required: the patient sees it");
  }
  if (in.status == PlanStatus::kNoPlan || in.status == PlanStatus::kStopped) {
    return Status::Conflict("there is no active plan to adjust");
  }
  PlanState s = in;
  std::string what;
  std::string subject = a.exercise_id;
  std::string from;  // an exercise whose time grows: its id before the change
  if (a.action == "add") {
    if (Status st = AddExercise(s, a, content, what); !st.ok()) return st;
    from = a.exercise_id;
  } else {
    Prescription* p = s.Find(a.exercise_id);
    if (p == nullptr) {
      return Status::NotFound("exercise '" + a.exercise_id + "' is not in the plan");
    }
    const std::string name = InSentence(p->name);
    if (a.action == "pin") {
      p->pinned = true;
      p->pin_reason = a.reason;
      what = "kept " + name + " at its current level";
    } else if (a.action == "unpin") {
      p->pinned = false;
      p->pin_reason.clear();
      what = "let " + name + " move up again";
    } else if (a.action == "exclude") {
      p->paused = true;
      what = "took " + name + " out of your sessions";
    } else if (a.action == "include") {
      p->paused = false;
      what = "put " + name + " back in your sessions";
      from = p->id;
    } else if (a.action == "level") {
      from = p->id;
      if (Status st = ChangeLevel(s, *p, a, content, what); !st.ok()) return st;
      subject = p->id;
    } else if (a.action == "dose") {
      if (Status st = SetDose(s, *p, a, content, what); !st.ok()) return st;
      from = p->id;
    } else {
      return Status::InvalidArgument(std::string("action must be one of ") + kAdjustmentActions);
    }
  }
  s.decisions.clear();
  s.decisions.push_back({subject, a.action, Sentence(a, what), "clinician.adjustment",
                         a.by.empty() ? "Your clinician" : a.by});
  Reschedule(s, content, today);
  if (!from.empty()) {
    const Prescription* p = s.Find(subject);
    if (Status st = StillFits(in, s, from, subject, InSentence(p->name)); !st.ok()) return st;
  }
  return s;
}

PlanControl PlanControlOf(const PlanState& s, const Content& content) {
  PlanControl out;
  out.adjustable = s.status != PlanStatus::kNoPlan && s.status != PlanStatus::kStopped;
  if (!out.adjustable) return out;
  const Catalogue& catalogue = content.catalogue;
  const EligibilityChecker eligible(s, content);
  const std::string held = HeldBecause(s);
  for (const auto& p : s.exercises) {
    const Exercise* e = catalogue.Find(p.id);
    if (e == nullptr) continue;
    ExerciseControl c;
    c.id = p.id;
    c.fields = DoseFieldsOf(*e);
    c.max_minutes = c.fields.minutes ? MaxDoseMinutes(s, p, content) : 0;
    for (const Exercise* x = ChainRoot(*e, catalogue); x != nullptr; x = catalogue.Harder(*x)) {
      ChainMember m{x->id, x->name, x->level, x->id == p.id, true, ""};
      if (!m.current) {
        const Eligibility ok = eligible.Check(*x);
        if (!ok.ok) {
          m.allowed = false;
          m.why_not = ok.reason;
        } else if (s.Find(x->id) != nullptr) {
          m.allowed = false;
          m.why_not = "already in the plan";
        } else if (!held.empty() && x->level > p.level) {
          m.allowed = false;
          m.why_not = held;
        }
      }
      c.chain.push_back(m);
    }
    out.exercises.push_back(std::move(c));
  }
  out.add_refused = held;
  if (!held.empty()) return out;
  std::set<Category> single;  // aerobic work and intervals: one at a time
  for (const auto& p : s.exercises) {
    if (!p.paused && (p.category == Category::kAerobic || p.category == Category::kIntervals)) {
      single.insert(p.category);
    }
  }
  for (const auto& e : catalogue.exercises()) {
    if (s.Find(e.id) != nullptr || single.count(e.category) > 0 || !eligible.Allows(e)) {
      continue;
    }
    out.can_add.push_back(
        {e.id, e.name, e.category, e.level, Prescribe(e, s, content.engine.plan).dose});
  }
  return out;
}

}  // namespace backcoach
