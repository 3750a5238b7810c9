#include "app/plan_control.h"

namespace backcoach {

namespace {

using nlohmann::json;

json BoundsJson(const Bounds& b) { return {{"min", b.min}, {"max", b.max}}; }

json DoseJson(const Dose& d) {
  return {{"sets", d.sets},
          {"reps", d.reps},
          {"hold_seconds", d.hold_seconds},
          {"minutes", d.minutes},
          {"per_side", d.per_side}};
}

// The fields of an exercise's dose with their bounds; only those that apply.
json FieldsJson(const ExerciseControl& c, const ClinicianDoseRules& r) {
  json out = json::object();
  if (c.fields.sets) out["sets"] = BoundsJson(r.sets);
  if (c.fields.reps) out["reps"] = BoundsJson(r.reps);
  if (c.fields.hold_seconds) out["hold_seconds"] = BoundsJson(r.hold_seconds);
  if (c.fields.minutes) out["minutes"] = BoundsJson({r.minutes.min, c.max_minutes});
  if (c.fields.days_per_week) out["days_per_week"] = BoundsJson(r.days_per_week);
  return out;
}

}  // namespace

json PlanControlJson(const PlanState& state, const Content& content) {
  const PlanControl control = PlanControlOf(state, content);
  json exercises = json::object();
  for (const auto& c : control.exercises) {
    json chain = json::array();
    for (const auto& m : c.chain) {
      json member = {{"id", m.id},
                     {"name", m.name},
                     {"level", m.level},
                     {"current", m.current},
                     {"allowed", m.allowed}};
      if (!m.why_not.empty()) member["why_not"] = m.why_not;
      chain.push_back(std::move(member));
    }
    exercises[c.id] = {{"fields", FieldsJson(c, content.engine.clinician_dose)},
                       {"levels", std::move(chain)}};
  }
  json can_add = json::array();
  for (const auto& a : control.can_add) {
    can_add.push_back({{"id", a.id},
                       {"name", a.name},
                       {"category", CategoryName(a.category)},
                       {"level", a.level},
                       {"dose", DoseJson(a.dose)}});
  }
  json out = {{"adjustable", control.adjustable},
              {"exercises", std::move(exercises)},
              {"can_add", std::move(can_add)}};
  if (!control.add_refused.empty()) out["add_refused"] = control.add_refused;
  return out;
}

}  // namespace backcoach
