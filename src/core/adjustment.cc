#include "core/adjustment.h"

#include "core/schedule.h"

namespace backcoach {

namespace {

// The member of `e`'s chain at `level`, or nullptr.
const Exercise* ChainMemberAt(const Exercise& e, int level, const Catalogue& catalogue) {
  const Exercise* root = &e;
  while (const Exercise* easier = catalogue.Easier(*root)) root = easier;
  for (const Exercise* x = root; x != nullptr; x = catalogue.Harder(*x)) {
    if (x->level == level) return x;
  }
  return nullptr;
}

Status ChangeLevel(PlanState& s, Prescription& p, int level, const Content& content) {
  const Exercise* current = content.catalogue.Find(p.id);
  const Exercise* target =
      current != nullptr ? ChainMemberAt(*current, level, content.catalogue) : nullptr;
  if (target == nullptr) {
    return Status::InvalidArgument(p.name + " has no level " + std::to_string(level));
  }
  const Eligibility eligible = CheckEligible(*target, s, content);
  if (!eligible.ok) {
    return Status::InvalidArgument(target->name + " is not suitable now: " + eligible.reason);
  }
  if (target->id != p.id && s.Find(target->id) != nullptr) {
    return Status::Conflict(target->name + " is already in the plan");
  }
  Prescription next = Prescribe(*target, s, content.engine.plan);
  next.pinned = p.pinned;
  next.pin_reason = p.pin_reason;
  p = next;
  return Status::Ok();
}

}  // namespace

Result<PlanState> AdjustPlan(const PlanState& in, const Adjustment& a, const Content& content,
                             Date today) {
  if (a.reason.empty()) return Status::InvalidArgument("a reason is required: the patient sees it");
  if (in.status == PlanStatus::kNoPlan || in.status == PlanStatus::kStopped) {
    return Status::Conflict("there is no active plan to adjust");
  }
  PlanState s = in;
  Prescription* p = s.Find(a.exercise_id);
  if (p == nullptr) return Status::NotFound("exercise '" + a.exercise_id + "' is not in the plan");
  std::string what;
  if (a.action == "pin") {
    p->pinned = true;
    p->pin_reason = a.reason;
    what = p->name + " is kept at its current level";
  } else if (a.action == "unpin") {
    p->pinned = false;
    p->pin_reason.clear();
    what = p->name + " may move up again";
  } else if (a.action == "exclude") {
    p->paused = true;
    what = p->name + " is taken out of your sessions";
  } else if (a.action == "include") {
    p->paused = false;
    what = p->name + " is back in your sessions";
  } else if (a.action == "level") {
    if (Status st = ChangeLevel(s, *p, a.level, content); !st.ok()) return st;
    what = "changed to " + p->name + " (level " + std::to_string(p->level) + ")";
  } else {
    return Status::InvalidArgument("action must be one of pin, unpin, exclude, include, level");
  }
  s.decisions.clear();
  s.decisions.push_back({p->id, a.action,
                         what + (a.by.empty() ? "" : " by " + a.by) + ": " + a.reason,
                         "clinician.adjustment", a.by.empty() ? "Your clinician" : a.by});
  Reschedule(s, content, today);
  return s;
}

}  // namespace backcoach
