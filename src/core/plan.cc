#include "core/plan.h"

#include <algorithm>
#include <cmath>

#include "core/schedule.h"

namespace backcoach {

namespace {

const char* const kActivityNames[] = {"inactive", "light", "active"};
const char* const kFearNames[] = {"low", "moderate", "high"};
const char* const kStatusNames[] = {"active", "walking_only", "flare_up", "stopped", "no_plan"};

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool Overlaps(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const std::string& x) { return Contains(b, x); });
}

std::string Level(int level) { return "level " + std::to_string(level); }

void Explain(PlanState& s, std::string subject, std::string decision, std::string reason,
             std::string rule, std::string source) {
  s.rationale.push_back({std::move(subject), std::move(decision), std::move(reason),
                         std::move(rule), std::move(source)});
}

bool InPain(const PlanState& s) { return s.request.intake.pain_now > 0; }

bool IntervalsAllowed(const PlanState& s, const PlanRules& r) {
  const auto fear = s.request.fear_of_movement.value_or(FearLevel::kModerate);
  return PhaseName(s.phase) == r.intervals_phase &&
         PresentationName(s.presentation) == r.intervals_presentation &&
         FearLevelName(fear) != r.intervals_fear_not &&
         ActivityLevelName(s.request.activity_level) != r.intervals_activity_not;
}

// The highest catalogue level a first plan may use, and the rule behind it.
int StartLevel(PlanState& s, const Content& content) {
  const PlanRules& r = content.engine.plan;
  const std::string activity = ActivityLevelName(s.request.activity_level);
  int level = r.start_level.at(activity);
  std::string why = "your activity level is '" + activity + "'";
  std::string rule = "plan.start_level." + activity;
  std::string source = r.start_level_source;
  auto lower_to = [&](int cap, std::string because, std::string cap_rule, std::string cap_source) {
    if (cap >= level) return;
    level = cap;
    why = std::move(because);
    rule = std::move(cap_rule);
    source = std::move(cap_source);
  };
  if (s.request.intake.pain_now >= r.high_pain_at_least) {
    lower_to(1, "your pain is " + std::to_string(s.request.intake.pain_now) + "/10 today",
             "plan.high_pain_at_least", r.high_pain_source);
  }
  if (s.phase == Phase::kAcute) {
    lower_to(r.acute_max_level, "your back pain started recently (acute phase)",
             "plan.acute_max_level", r.acute_walk_source);
  }
  if (s.presentation == Presentation::kRadicular) {
    lower_to(1, "symptoms go into your leg, so the start is gentle", "screen.R1",
             "George et al., JOSPT CPG 2021");
  }
  if (s.graded_activity) {
    lower_to(1, "the plan builds up step by step from a comfortable start", "plan.graded_activity",
             r.graded_source);
  }
  Explain(s, "plan", "start_level",
          "Exercises start at " + Level(level) + " or below because " + why + ".", rule, source);
  return level;
}

// The highest eligible member of a chain at or below `max_level`.
const Exercise* BestInChain(const Exercise& root, int max_level, const EligibilityChecker& eligible,
                            const Catalogue& catalogue) {
  const Exercise* best = nullptr;
  for (const Exercise* e = &root; e != nullptr && e->level <= max_level; e = catalogue.Harder(*e)) {
    if (eligible.Check(*e).ok) best = e;
  }
  return best;
}

// Liked first, then neutral, disliked last; catalogue order within each.
int Preference(const Exercise& e, const PlanRequest& request) {
  if (Overlaps(e.activities, request.dislikes)) return 2;
  return Overlaps(e.activities, request.likes) ? 0 : 1;
}

std::vector<const Exercise*> Choose(Category category, int count, int max_level, const PlanState& s,
                                    const Content& content, const EligibilityChecker& eligible) {
  std::vector<const Exercise*> candidates;
  for (const auto& e : content.catalogue.exercises()) {
    if (e.category != category || !e.easier.empty()) continue;
    if (const Exercise* best = BestInChain(e, max_level, eligible, content.catalogue)) {
      candidates.push_back(best);
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(), [&](const auto* a, const auto* b) {
    return Preference(*a, s.request) < Preference(*b, s.request);
  });
  if (static_cast<int>(candidates.size()) > count) candidates.resize(count);
  return candidates;
}

int Scaled(int value, int percent, int floor_value) {
  if (value == 0) return 0;
  return std::max(floor_value, static_cast<int>(std::lround(value * percent / 100.0)));
}

}  // namespace

Prescription Prescribe(const Exercise& e, const PlanState& s, const PlanRules& r) {
  Prescription p;
  p.id = e.id;
  p.name = e.name;
  p.category = e.category;
  p.level = e.level;
  p.load = e.load;
  p.dose = e.dose;
  if (s.graded_activity) {
    p.dose.reps = Scaled(p.dose.reps, r.graded_start_percent, 1);
    p.dose.hold_seconds = Scaled(p.dose.hold_seconds, r.graded_start_percent, 3);
    p.dose.minutes = Scaled(p.dose.minutes, r.graded_start_percent, 3);
  }
  return p;
}

namespace {

void Add(PlanState& s, const Exercise& e, const Content& content, std::string why, std::string rule,
         std::string source) {
  s.exercises.push_back(Prescribe(e, s, content.engine.plan));
  Explain(s, e.id, "included",
          e.name + " (" + CategoryName(e.category) + ", " + Level(e.level) + "): " + why, rule,
          source);
}

const char* CategoryPlain(Category c) {
  switch (c) {
    case Category::kCore: return "core stability";
    case Category::kMobility: return "mobility";
    case Category::kStrength: return "strength";
    case Category::kAerobic: return "aerobic work";
    case Category::kMindBody: return "mind-body work";
    case Category::kIntervals: return "higher-intensity intervals";
  }
  return "";
}

void ChooseSlot(PlanState& s, const Content& content, const EligibilityChecker& eligible,
                Category category, int count, int level) {
  if (count <= 0) return;
  const auto chosen = Choose(category, count, level, s, content, eligible);
  for (const Exercise* e : chosen) {
    std::string why = std::string("part of the weekly mix of ") + CategoryPlain(category);
    if (Preference(*e, s.request) == 0) why += ", and you enjoy it";
    Add(s, *e, content, why + ".", "plan.slots." + std::string(PhaseName(s.phase)),
        content.engine.plan.slots_source);
  }
  if (static_cast<int>(chosen.size()) < count) {
    Explain(s, CategoryName(category), "fewer",
            "Only " + std::to_string(chosen.size()) + " suitable " + CategoryPlain(category) +
                " exercise(s) fit your equipment and current state.",
            "plan.slots", content.engine.plan.slots_source);
  }
}

void ChooseMindBody(PlanState& s, const Content& content, const EligibilityChecker& eligible,
                    int slots, int level) {
  const bool liked = Contains(s.request.likes, "yoga") || Contains(s.request.likes, "pilates");
  const bool fearful = s.request.fear_of_movement == FearLevel::kHigh;
  if (slots == 0 && (liked || fearful)) {
    slots = 1;
    Explain(s, "mind_body", "included",
            liked ? "You enjoy yoga or pilates, so a session of it is part of the week."
                  : "Gentle mind-body work helps when movement feels worrying.",
            "plan.mind_body_when", content.engine.plan.mind_body_source);
  }
  ChooseSlot(s, content, eligible, Category::kMindBody, slots, level);
}

// Walking first; another activity the person likes where the phase allows.
void ChooseAerobic(PlanState& s, const Content& content, const EligibilityChecker& eligible,
                   int level) {
  const PlanRules& r = content.engine.plan;
  const Exercise* walking = content.catalogue.Find("walking");
  if (s.phase == Phase::kAcute || s.status == PlanStatus::kWalkingOnly) {
    if (walking != nullptr) {
      s.exercises.push_back(Prescribe(*walking, s, r));
      // The guideline's minimum walk is not scaled down by graded activity.
      s.exercises.back().dose.minutes =
          std::max(s.exercises.back().dose.minutes, r.acute_walk_minutes);
      Explain(s, walking->id, "included",
              walking->name + ": " + "walking at least " + std::to_string(r.acute_walk_minutes) +
                  " minutes, " + std::to_string(r.acute_walk_bouts) +
                  " times a day, as much as feels manageable.",
              "plan.acute_walking", r.acute_walk_source);
    }
    return;
  }
  // Liked work first; then walking unless disliked; then any other.
  auto chosen = Choose(Category::kAerobic, 16, level, s, content, eligible);
  const Exercise* pick = nullptr;
  if (!chosen.empty() && Preference(*chosen.front(), s.request) == 0) pick = chosen.front();
  const Exercise* walk =
      walking != nullptr ? BestInChain(*walking, level, eligible, content.catalogue) : nullptr;
  if (pick == nullptr && walk != nullptr && Preference(*walk, s.request) == 1) pick = walk;
  for (const Exercise* e : chosen) {
    if (pick == nullptr && Preference(*e, s.request) == 1) pick = e;
  }
  if (pick == nullptr) pick = walk != nullptr ? walk : chosen.empty() ? nullptr : chosen.front();
  if (pick == nullptr) return;
  const bool liked = Preference(*pick, s.request) == 0;
  Add(s, *pick, content,
      liked ? "low-impact aerobic work you enjoy; enjoyment keeps people going."
            : "walking first: the simplest low-impact aerobic work.",
      liked ? "plan.aerobic.likes" : "plan.aerobic.walking_first",
      "O'Connor et al., Arch Phys Med Rehabil 2015; George et al., JOSPT CPG 2021");
}

void ChooseIntervals(PlanState& s, const Content& content, const EligibilityChecker& eligible) {
  const PlanRules& r = content.engine.plan;
  if (!IntervalsAllowed(s, r)) {
    if (s.phase == Phase::kChronic) {
      Explain(s, "intervals", "excluded",
              s.presentation == Presentation::kWidespread
                  ? "With pain in several areas, steady lower-intensity endurance work suits "
                    "better than intervals."
                  : "Higher-intensity intervals are kept for later, once moving feels safer.",
              "plan.intervals", r.intervals_source);
    }
    return;
  }
  auto chosen = Choose(Category::kIntervals, 1, 5, s, content, eligible);
  if (chosen.empty()) return;
  s.intervals_offered = true;
  Add(s, *chosen.front(), content,
      "higher-intensity intervals once a week suit long-lasting back pain that stays in the "
      "back.",
      "plan.intervals", r.intervals_source);
}

void ExplainNever(PlanState& s, const Content& content) {
  for (const auto& never : content.catalogue.never()) {
    Explain(s, never.id, "excluded", never.name + ": " + never.reason,
            "catalogue.never_while_in_pain", never.source);
  }
}

Status CheckRequest(const PlanRequest& request, const Content& content) {
  for (const auto& item : request.equipment) {
    if (!Contains(content.catalogue.equipment_names(), item)) {
      std::string known;
      for (const auto& name : content.catalogue.equipment_names()) {
        known += (known.empty() ? "" : ", ") + name;
      }
      return Status::InvalidArgument("unknown equipment '" + item + "' (known: " + known + ")");
    }
  }
  return Status::Ok();
}

void Refuse(PlanState& s, const ScreenResult& screen, const Content& content) {
  s.status = PlanStatus::kNoPlan;
  s.messages.push_back(content.screening.advice(s.triage).headline);
  for (const auto* rule : screen.flags) {
    if (rule->tier >= Tier::kWithinDays || rule->blocks_programme) {
      s.messages.push_back(rule->message);
      Explain(s, "plan", "no_plan", rule->title + ": " + ProgrammeText(screen, content.screening),
              "screen." + rule->id, rule->source);
    }
  }
}

}  // namespace

const char* ActivityLevelName(ActivityLevel a) { return kActivityNames[static_cast<int>(a)]; }
const char* FearLevelName(FearLevel f) { return kFearNames[static_cast<int>(f)]; }
const char* PlanStatusName(PlanStatus s) { return kStatusNames[static_cast<int>(s)]; }

const Prescription* PlanState::Find(const std::string& id) const {
  for (const auto& p : exercises) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

Prescription* PlanState::Find(const std::string& id) {
  return const_cast<Prescription*>(static_cast<const PlanState*>(this)->Find(id));
}

EligibilityChecker::EligibilityChecker(const PlanState& state, const Content& content)
    : state_(state), content_(content) {}

const std::vector<std::string>& EligibilityChecker::Owned() const {
  if (!owned_) owned_ = content_.catalogue.ExpandEquipment(state_.request.equipment);
  return *owned_;
}

Eligibility CheckEligible(const Exercise& e, const PlanState& s, const Content& content) {
  return EligibilityChecker(s, content).Check(e);
}

Eligibility EligibilityChecker::Check(const Exercise& e) const {
  const PlanState& s = state_;
  const PlanRules& r = content_.engine.plan;
  if (content_.catalogue.IsNever(e.id)) {
    return {false, "never prescribed while in pain", "catalogue.never_while_in_pain", ""};
  }
  if (!e.Suits(PhaseName(s.phase), PresentationName(s.presentation))) {
    return {false, e.avoid_reason, "catalogue.suits", e.source};
  }
  for (const auto& item : e.equipment) {
    if (!Contains(Owned(), item)) return {false, "needs " + item, "plan.equipment", ""};
  }
  if (InPain(s)) {
    for (LoadTag tag : r.avoid_load_while_in_pain) {
      if (e.HasLoad(tag)) {
        return {false, std::string("avoids ") + LoadTagName(tag) + " while in pain",
                "plan.avoid_load_while_in_pain", r.avoid_load_source};
      }
    }
  }
  if (s.phase == Phase::kAcute &&
      (e.category == Category::kIntervals || e.HasLoad(LoadTag::kFlexionUnderLoad))) {
    return {false, "no intervals or loaded bending in the first weeks", "plan.acute",
            r.acute_walk_source};
  }
  if (e.category == Category::kIntervals && !IntervalsAllowed(s, r)) {
    return {false, "intervals suit chronic localised pain with low fear", "plan.intervals",
            r.intervals_source};
  }
  if (s.status == PlanStatus::kWalkingOnly && e.id != "walking" &&
      !(e.category == Category::kMobility && e.level <= r.within_days_mobility_max_level)) {
    return {false, "only walking and gentle mobility until a doctor has seen you",
            "screen.within_days", ""};
  }
  return {};
}

Result<PlanState> MakePlan(const PlanRequest& request, const Content& content) {
  if (Status st = CheckRequest(request, content); !st.ok()) return st;
  const PlanRules& r = content.engine.plan;
  PlanState s;
  s.request = request;
  const ScreenResult screen = Screen(request.intake, content.screening);
  s.triage = screen.triage;
  s.phase = screen.phase;
  s.presentation = screen.presentation;
  for (const auto* rule : screen.flags) s.flags.push_back(rule->id);
  s.cautions = screen.Cautions();
  s.lessons = LessonsFor(screen, content.screening);
  s.baseline_pain = request.intake.pain_now;

  if (screen.programme_blocked || (!screen.can_start_programme && s.triage != Tier::kWithinDays)) {
    Refuse(s, screen, content);
    return s;
  }
  if (s.triage == Tier::kWithinDays) {
    s.status = PlanStatus::kWalkingOnly;
    s.messages.push_back(content.screening.advice(s.triage).headline + " " +
                         content.screening.advice(s.triage).programme);
    for (const auto* rule : screen.flags) {
      if (rule->tier == Tier::kWithinDays) s.messages.push_back(rule->message);
    }
    Explain(s, "plan", "walking_only", content.screening.advice(s.triage).programme,
            "screen.within_days", "Clinical brief section 7");
    const EligibilityChecker eligible(s, content);
    ChooseAerobic(s, content, eligible, 1);
    ChooseSlot(s, content, eligible, Category::kMobility, 2, r.within_days_mobility_max_level);
    Reschedule(s, content, request.start_date);
    return s;
  }

  s.status = PlanStatus::kActive;
  if (s.triage == Tier::kRoutineReview) {
    s.messages.push_back(content.screening.advice(s.triage).headline);
    for (const auto& caution : s.cautions) s.messages.push_back(caution);
  }
  s.graded_activity = (request.fear_of_movement &&
                       FearLevelName(*request.fear_of_movement) == r.graded_when_fear) ||
                      ActivityLevelName(request.activity_level) == r.graded_when_activity;
  if (s.graded_activity) {
    Explain(s, "plan", "graded_activity",
            "Doses start at " + std::to_string(r.graded_start_percent) +
                "% of the usual and rise on a fixed schedule each week, whatever the day feels "
                "like, as long as pain stays acceptable.",
            "plan.graded_activity", r.graded_source);
  }
  const int level = StartLevel(s, content);
  const Slots& slots = r.slots.at(PhaseName(s.phase));
  const EligibilityChecker eligible(s, content);
  ChooseSlot(s, content, eligible, Category::kMobility, slots.mobility, level);
  ChooseSlot(s, content, eligible, Category::kCore, slots.core, level);
  ChooseSlot(s, content, eligible, Category::kStrength, slots.strength, level);
  ChooseMindBody(s, content, eligible, slots.mind_body, level);
  ChooseAerobic(s, content, eligible, level);
  ChooseIntervals(s, content, eligible);
  ExplainNever(s, content);
  Reschedule(s, content, request.start_date);
  return s;
}

}  // namespace backcoach
