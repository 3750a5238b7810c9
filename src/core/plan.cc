#include "core/plan.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/same_text.h"
#include "core/schedule.h"
#include "core/words.h"

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

// Joins the parts by appending them one after the other: GCC 12 misreports
// a C string followed by a temporary std::string (`"x" + std::to_string(n)`)
// as an overlapping copy (-Wrestrict).
template <typename... Parts>
std::string Cat(const Parts&... parts) {
  std::string out;
  ((out += parts), ...);
  return out;
}

std::string Level(int level) { return Cat("level ", std::to_string(level)); }

// Without words (WithoutWords) the rationale stays empty: nothing a plan
// or its progression decides reads it.
void Explain(PlanState& s, std::string subject, std::string decision, std::string reason,
             std::string rule, std::string source) {
  if (!WordsWanted()) return;
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
    if (eligible.Allows(*e)) best = e;
  }
  return best;
}

// Liked first, then neutral, disliked last.
int Preference(const Exercise& e, const PlanRequest& request) {
  if (Overlaps(e.activities, request.dislikes)) return 2;
  return Overlaps(e.activities, request.likes) ? 0 : 1;
}

bool RuleMatches(const SelectionRule& rule, const PlanState& s) {
  auto in = [](const std::vector<std::string>& allowed, const char* value) {
    return allowed.empty() || Contains(allowed, value);
  };
  const FearLevel fear = s.request.fear_of_movement.value_or(FearLevel::kModerate);
  return in(rule.phases, PhaseName(s.phase)) &&
         in(rule.presentations, PresentationName(s.presentation)) &&
         in(rule.activity, ActivityLevelName(s.request.activity_level)) &&
         in(rule.fear, FearLevelName(fear)) &&
         (!rule.age_at_least || s.request.intake.age >= *rule.age_at_least);
}

// A chain a kind of work may take, scored for this person.
struct Candidate {
  const Exercise* exercise = nullptr;
  const Exercise* root = nullptr;
  int score = 0;
  int group = -1;                      // index into alternatives, or -1: its own
  const SelectionRule* top = nullptr;  // the matching rule with most points
  int preference = 1;                  // as Preference()
  bool uses_own_equipment = false;
};

// What selection needs of the person, worked out once per plan.
class Selector {
 public:
  Selector(const PlanState& s, const Content& content, const EligibilityChecker& eligible)
      : s_(s), content_(content), eligible_(eligible), rules_(content.engine.first_plan) {
    for (const auto& rule : rules_.rules) {
      if (RuleMatches(rule, s)) matching_.push_back(&rule);
    }
    owned_ = content.catalogue.ExpandEquipment(s.request.equipment);
  }

  // Up to `count` exercises of `category` at or below `max_level`, best
  // first. With `warm_up_first`, the first comes from the warm-up list and
  // the others from outside it, while such exercises remain. `only`, when
  // not empty, keeps to exercises of those activities.
  std::vector<Candidate> Choose(Category category, int count, int max_level, bool warm_up_first,
                                const std::vector<std::string>& only = {}) const {
    std::vector<Candidate> all;
    for (const auto& e : content_.catalogue.exercises()) {
      if (e.category != category || !e.easier.empty()) continue;
      const Exercise* best = BestInChain(e, max_level, eligible_, content_.catalogue);
      if (best == nullptr || (!only.empty() && !Overlaps(best->activities, only))) continue;
      all.push_back(Score(e, *best));
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    std::vector<Candidate> chosen;
    std::vector<bool> taken(all.size(), false);
    for (int i = 0; i < count; ++i) {
      const int role = warm_up_first ? (i == 0 ? 1 : 0) : -1;  // 1 warm-up, 0 not, -1 any
      std::size_t pick = all.size();
      // Strictest first: right role and a new group; then the role alone; then anything.
      for (int pass = 0; pass < 3 && pick == all.size(); ++pass) {
        for (std::size_t k = 0; k < all.size(); ++k) {
          if (taken[k]) continue;
          if (pass < 2 && role >= 0 && IsWarmUp(*all[k].root) != (role == 1)) continue;
          if (pass == 0 && GroupUsed(all[k], chosen)) continue;
          pick = k;
          break;
        }
      }
      if (pick == all.size()) break;
      taken[pick] = true;
      chosen.push_back(all[pick]);
    }
    return chosen;
  }

  bool IsWarmUp(const Exercise& root) const { return Contains(rules_.warm_up_roots, root.id); }

 private:
  Candidate Score(const Exercise& root, const Exercise& best) const {
    Candidate c;
    c.exercise = &best;
    c.root = &root;
    for (const SelectionRule* rule : matching_) {
      if (!Contains(rule->favour_roots, root.id)) continue;
      c.score += rule->points;
      if (c.top == nullptr || rule->points > c.top->points) c.top = rule;
    }
    c.preference = Preference(best, s_.request);
    if (c.preference == 0) c.score += rules_.like_points;
    if (c.preference == 2) c.score += rules_.dislike_points;
    c.uses_own_equipment = !best.equipment.empty() &&
                           std::all_of(best.equipment.begin(), best.equipment.end(),
                                       [&](const auto& item) { return Contains(owned_, item); });
    if (c.uses_own_equipment) c.score += rules_.equipment_points;
    for (std::size_t g = 0; g < rules_.alternative_roots.size(); ++g) {
      if (Contains(rules_.alternative_roots[g], root.id)) c.group = static_cast<int>(g);
    }
    return c;
  }

  static bool GroupUsed(const Candidate& c, const std::vector<Candidate>& chosen) {
    return c.group >= 0 && std::any_of(chosen.begin(), chosen.end(),
                                       [&](const Candidate& x) { return x.group == c.group; });
  }

  const PlanState& s_;
  const Content& content_;
  const EligibilityChecker& eligible_;
  const FirstPlanRules& rules_;
  std::vector<const SelectionRule*> matching_;
  std::vector<std::string> owned_;
};

int Scaled(int value, int percent, int floor_value) {
  if (value == 0) return 0;
  return std::max(floor_value, static_cast<int>(std::lround(value * percent / 100.0)));
}

}  // namespace

bool Prescription::ClinicianDose() const {
  return !dose_by.empty() && dose.sets == dose_set.sets && dose.reps == dose_set.reps &&
         dose.hold_seconds == dose_set.hold_seconds && dose.minutes == dose_set.minutes;
}

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

void Add(PlanState& s, const Exercise& e, const Content& content, const std::string& why,
         std::string rule, std::string source) {
  s.exercises.push_back(Prescribe(e, s, content.engine.plan));
  if (!WordsWanted()) return;
  std::string reason = e.name;
  reason += " (";
  reason += CategoryName(e.category);
  reason += ", ";
  reason += Level(e.level);
  reason += "): ";
  reason += why;
  Explain(s, e.id, "included", std::move(reason), std::move(rule), std::move(source));
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

// Adds a chosen exercise with the reason it was chosen: the person's likes,
// else the selection rule with most points, else the weekly mix.
void AddChosen(PlanState& s, const Content& content, const Candidate& c, bool warm_up) {
  const FirstPlanRules& f = content.engine.first_plan;
  const Exercise& e = *c.exercise;
  if (!WordsWanted()) return Add(s, e, content, {}, {}, {});  // the reason is not kept
  std::string why;
  std::string rule;
  std::string source;
  if (warm_up) {
    why = "it opens every session as the warm-up";
    rule = "first_plan.selection.warm_up";
    source = f.warm_up_source;
    if (c.top != nullptr) {
      why += ", and ";
      why += c.top->reason;
    }
  } else if (c.preference == 0) {
    why = "you enjoy it, and enjoyment keeps people going";
    rule = "first_plan.selection.likes";
    source = "Clinical brief section 3 (enjoyment drives adherence)";
  } else if (c.top != nullptr) {
    why = c.top->reason;
    rule = Cat("first_plan.selection.", c.top->id);
    source = c.top->source;
  } else if (c.uses_own_equipment) {
    why = "it makes use of equipment you have";
    rule = "first_plan.selection.equipment";
    source = "Clinical brief section 4 (no one-size-fits-all routine)";
  } else {
    why = "part of the weekly mix of ";
    why += CategoryPlain(e.category);
    rule = Cat("plan.slots.", PhaseName(s.phase));
    source = content.engine.plan.slots_source;
  }
  if (c.uses_own_equipment && rule != "first_plan.selection.equipment") {
    why += "; it uses equipment you have";
  }
  why += '.';
  Add(s, e, content, why, std::move(rule), std::move(source));
}

void ChooseSlot(PlanState& s, const Content& content, const Selector& selector, Category category,
                int count, int level) {
  if (count <= 0) return;
  const bool warm_up = category == Category::kMobility;
  const auto chosen = selector.Choose(category, count, level, warm_up);
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    AddChosen(s, content, chosen[i], warm_up && i == 0 && selector.IsWarmUp(*chosen[i].root));
  }
  if (static_cast<int>(chosen.size()) < count) {
    Explain(s, CategoryName(category), "fewer",
            "Only " + std::to_string(chosen.size()) + " suitable " + CategoryPlain(category) +
                " exercise(s) fit your equipment and current state.",
            "plan.slots", content.engine.plan.slots_source);
  }
}

// The mind-body activities a person may like, in the order they are tried.
const char* const kMindBodyLikes[] = {"yoga", "pilates"};

// Mind-body work: a session of the yoga or pilates the person enjoys, when
// one suits them; otherwise, for high fear of movement, the gentlest.
void ChooseMindBody(PlanState& s, const Content& content, const Selector& selector, int slots,
                    int level) {
  std::vector<std::string> liked;
  for (const char* activity : kMindBodyLikes) {
    if (Contains(s.request.likes, activity)) liked.emplace_back(activity);
  }
  const bool fearful = s.request.fear_of_movement == FearLevel::kHigh;
  const int count = std::max(slots, liked.empty() && !fearful ? 0 : 1);
  if (count == 0) return;
  std::vector<Candidate> chosen;
  if (!liked.empty()) chosen = selector.Choose(Category::kMindBody, 1, level, false, liked);
  std::string liked_words;
  for (const auto& a : liked) {
    if (!liked_words.empty()) liked_words += " or ";
    liked_words += a;
  }
  if (!liked.empty() && chosen.empty()) {
    Explain(s, "mind_body", "not_yet",
            Cat("You enjoy ", liked_words,
                ", but no session of it suits your equipment and current state yet; it joins "
                "the plan when it does."),
            "plan.mind_body_when", content.engine.plan.mind_body_source);
  }
  if (!chosen.empty()) {
    const Exercise& e = *chosen.front().exercise;
    std::string activity;
    for (const auto& a : liked) {
      if (activity.empty() && Contains(e.activities, a)) activity = a;
    }
    Add(s, e, content,
        Cat("you enjoy ", activity, ", so a ", activity,
            " session is part of the week; enjoyment keeps people going."),
        "plan.mind_body_when", content.engine.plan.mind_body_source);
  }
  const int left = count - static_cast<int>(chosen.size());
  if (left <= 0 || (slots == 0 && !fearful)) return;
  for (const auto& c : selector.Choose(Category::kMindBody, left + 1, level, false)) {
    if (static_cast<int>(chosen.size()) == count) break;
    if (s.Find(c.exercise->id) != nullptr) continue;
    chosen.push_back(c);
    if (slots == 0) {
      Add(s, *c.exercise, content, "gentle mind-body work helps when movement feels worrying.",
          "plan.mind_body_when", content.engine.plan.mind_body_source);
    } else {
      AddChosen(s, content, c, false);
    }
  }
}

// The acute walks shorten when the person's minutes cannot hold them and a
// short gentle session: the time budget wins.
int WalkMinutes(const PlanState& s, const Content& content, bool with_session) {
  const PlanRules& r = content.engine.plan;
  const int room =
      s.request.minutes_per_day - (with_session ? content.engine.first_plan.session_minutes : 0);
  return std::clamp(room / std::max(1, r.acute_walk_bouts), 1, r.acute_walk_minutes);
}

// Walking first; another activity the person likes where the phase allows.
void ChooseAerobic(PlanState& s, const Content& content, const Selector& selector, int level) {
  const PlanRules& r = content.engine.plan;
  const Exercise* walking = content.catalogue.Find(content.engine.progression.walking_exercise);
  if (s.phase == Phase::kAcute || s.status == PlanStatus::kWalkingOnly) {
    if (walking == nullptr) return;
    s.exercises.push_back(Prescribe(*walking, s, r));
    // The guideline's walk is not scaled down by graded activity, only by
    // the person's own time.
    const int minutes = WalkMinutes(s, content, s.status != PlanStatus::kWalkingOnly);
    s.exercises.back().dose.minutes = minutes;
    std::string why =
        Cat(walking->name, ": walking ", std::to_string(minutes), " minutes, ",
            std::to_string(r.acute_walk_bouts), " times a day, as much as feels manageable");
    if (minutes < r.acute_walk_minutes) {
      why += Cat(" (the guideline's ", std::to_string(r.acute_walk_minutes),
                 " minutes shortened to fit your ", std::to_string(s.request.minutes_per_day),
                 " minutes a day)");
    }
    Explain(s, walking->id, "included", why + ".", "plan.acute_walking", r.acute_walk_source);
    // A liked activity is not forgotten: the rationale says why walking
    // comes first for now.
    if (s.status == PlanStatus::kWalkingOnly) return;
    for (const auto& c : selector.Choose(Category::kAerobic, 16, level, false)) {
      if (c.preference != 0 || c.root == walking) continue;
      Explain(s, c.exercise->id, "not_yet",
              Cat(c.exercise->name,
                  " is something you enjoy; in the first weeks of an episode walking comes "
                  "first, twice a day, as the guideline advises."),
              "plan.acute_walking", r.acute_walk_source);
      break;
    }
    return;
  }
  // Liked work first; then walking unless disliked; then any other.
  const auto chosen = selector.Choose(Category::kAerobic, 16, level, false);
  const Candidate* pick = nullptr;
  for (const auto& c : chosen) {
    if (pick == nullptr && c.preference == 0) pick = &c;
  }
  for (const auto& c : chosen) {
    if (pick == nullptr && c.root == walking && c.preference == 1) pick = &c;
  }
  for (const auto& c : chosen) {
    if (pick == nullptr && c.preference == 1) pick = &c;
  }
  for (const auto& c : chosen) {
    if (pick == nullptr && c.root == walking) pick = &c;
  }
  if (pick == nullptr && !chosen.empty()) pick = &chosen.front();
  if (pick == nullptr) return;
  const bool liked = pick->preference == 0;
  Add(s, *pick->exercise, content,
      liked ? "low-impact aerobic work you enjoy; enjoyment keeps people going."
            : "walking first: the simplest low-impact aerobic work.",
      liked ? "plan.aerobic.likes" : "plan.aerobic.walking_first",
      "O'Connor et al., Arch Phys Med Rehabil 2015; George et al., JOSPT CPG 2021");
}

// Where intervals suit the person, the plan holds them, chosen at or below
// the start level; the schedule lays them out only once a base of easy
// aerobic sessions has been tolerated (IntervalsReady), so never in a first
// plan's week. Elsewhere the rationale says why there are none.
void ChooseIntervals(PlanState& s, const Content& content, const Selector& selector, int level) {
  if (s.phase != Phase::kChronic) return;
  const PlanRules& r = content.engine.plan;
  if (s.presentation == Presentation::kWidespread) {
    Explain(s, "intervals", "excluded",
            "With pain in several areas, steady lower-intensity endurance work suits better than "
            "intervals.",
            "plan.intervals", r.intervals_source);
    return;
  }
  if (!IntervalsAllowed(s, r)) {
    Explain(s, "intervals", "excluded",
            "Higher-intensity intervals are kept for later, once moving feels safer.",
            "plan.intervals", r.intervals_source);
    return;
  }
  const auto chosen = selector.Choose(Category::kIntervals, 1, level, false);
  if (chosen.empty()) {
    Explain(s, "intervals", "later",
            Cat("Higher-intensity intervals suit long-lasting back pain that stays in the back, "
                "but none starts at ",
                Level(level), " or below: they may come once the first weeks have gone well."),
            "first_plan.no_intervals", content.engine.first_plan.intervals_source);
    return;
  }
  s.intervals_offered = true;
  Add(s, *chosen.front().exercise, content,
      "higher-intensity intervals suit long-lasting back pain that stays in the back; they are "
      "laid out only once a base of easy aerobic sessions has been tolerated, never in the first "
      "week and never while pain is high.",
      "first_plan.no_intervals", content.engine.first_plan.intervals_source);
}

void ExplainNever(PlanState& s, const Content& content) {
  if (!WordsWanted()) return;
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
        if (!known.empty()) known += ", ";
        known += name;
      }
      return Status::InvalidArgument("unknown equipment '" + item + "' (known: " + known + ")");
    }
  }
  return Status::Ok();
}

// The rules a closed programme speaks of: those of the most urgent tier
// reached, and any that blocks the programme whatever its tier.
bool Applies(const ScreeningRule& rule, Tier triage) {
  return rule.blocks_programme || (rule.tier == triage && triage >= Tier::kWithinDays);
}

// The messages of a refused or stopped plan: the tier's headline only when
// it tells the person to be seen (a routine review's "you can start" does
// not apply to a programme that cannot start), then the rules that apply.
std::vector<std::string> ClosedMessages(Tier triage, const std::vector<const ScreeningRule*>& rules,
                                        const Content& content) {
  std::vector<std::string> out;
  if (triage >= Tier::kWithinDays) out.push_back(content.screening.advice(triage).headline);
  for (const auto* rule : rules) {
    if (Applies(*rule, triage)) out.push_back(rule->message);
  }
  return out;
}

void Refuse(PlanState& s, const ScreenResult& screen, const Content& content) {
  s.status = PlanStatus::kNoPlan;
  s.messages = ClosedMessages(s.triage, screen.flags, content);
  for (const auto* rule : screen.flags) {
    if (Applies(*rule, s.triage)) {
      Explain(s, "plan", "no_plan", rule->title + ": " + ProgrammeText(screen, content.screening),
              "screen." + rule->id, rule->source);
    }
  }
}

// The kinds of work in the plan missing from the week's schedule (intervals
// apart: they wait for a base), and whether any day runs over the person's
// minutes.
struct WeekCheck {
  std::vector<Category> missing;
  bool over_budget = false;
  bool ok() const { return missing.empty() && !over_budget; }
};

WeekCheck CheckWeek(const PlanState& s) {
  WeekCheck out;
  for (const auto& p : s.exercises) {
    // Intervals wait for a base of easy aerobic work: never in a first week.
    if (p.paused || p.category == Category::kIntervals ||
        std::find(out.missing.begin(), out.missing.end(), p.category) != out.missing.end()) {
      continue;
    }
    bool found = false;
    for (const auto& day : s.schedule) {
      for (const auto& id : day.exercises) {
        const Prescription* q = s.Find(id);
        found = found || (q != nullptr && q->category == p.category &&
                          (p.category != Category::kAerobic || day.aerobic_minutes > 0));
      }
    }
    if (!found) out.missing.push_back(p.category);
  }
  for (const auto& day : s.schedule) {
    out.over_budget = out.over_budget || day.minutes > s.request.minutes_per_day;
  }
  return out;
}

bool IsSessionWork(Category c) { return c != Category::kAerobic && c != Category::kIntervals; }

// One step of making the week fit: all sets to one, then all doses to
// their floors, then one exercise left out (the last of the kind with most,
// never a kind's last one nor the warm-up). False when nothing is left to
// shrink.
bool Shrink(PlanState& s, const Content& content, int step) {
  const FirstPlanRules& f = content.engine.first_plan;
  bool changed = false;
  for (auto& p : s.exercises) {
    if (!IsSessionWork(p.category)) continue;
    Dose& d = p.dose;
    if (step == 0 && d.sets > 1) {
      d.sets = 1;
      changed = true;
    }
    if (step == 1) {
      const Dose before = d;
      if (d.reps > f.min_reps) d.reps = f.min_reps;
      if (d.hold_seconds > f.min_hold_seconds) d.hold_seconds = f.min_hold_seconds;
      if (d.minutes > f.min_minutes) d.minutes = f.min_minutes;
      changed = changed || d.reps != before.reps || d.hold_seconds != before.hold_seconds ||
                d.minutes != before.minutes;
    }
  }
  if (step < 2) return changed;
  int most = 1;
  Category kind = Category::kCore;
  for (Category c :
       {Category::kMindBody, Category::kStrength, Category::kCore, Category::kMobility}) {
    const auto n = std::count_if(s.exercises.begin(), s.exercises.end(),
                                 [&](const Prescription& p) { return p.category == c; });
    if (n > most) {
      most = static_cast<int>(n);
      kind = c;
    }
  }
  if (most <= 1) return false;
  for (auto it = s.exercises.end(); it != s.exercises.begin();) {
    --it;
    if (it->category != kind) continue;
    Explain(s, it->id, "left_out",
            Cat(it->name, " is left out so that every kind of work fits your ",
                std::to_string(s.request.minutes_per_day), " minutes a day."),
            "first_plan.fit", f.fit_source);
    s.exercises.erase(it);
    return true;
  }
  return false;
}

// Leaves out of the plan the session exercises no day of the week holds,
// so that the plan lists what the week does. True when one was.
bool DropUnscheduled(PlanState& s, const Content& content) {
  bool dropped = false;
  for (auto it = s.exercises.begin(); it != s.exercises.end();) {
    const bool scheduled = std::any_of(s.schedule.begin(), s.schedule.end(), [&](const auto& day) {
      return Contains(day.exercises, it->id);
    });
    if (scheduled || it->paused || !IsSessionWork(it->category)) {
      ++it;
      continue;
    }
    Explain(s, it->id, "left_out",
            Cat(it->name, " is left out so that every kind of work fits your ",
                std::to_string(s.request.minutes_per_day), " minutes a day."),
            "first_plan.fit", content.engine.first_plan.fit_source);
    it = s.exercises.erase(it);
    dropped = true;
  }
  return dropped;
}

// Lays the week out, shrinking doses (and at last the number of exercises
// of a kind) until every day fits the person's minutes with every kind of
// work of the plan in the week; then leaves out what no day holds.
void FitWeek(PlanState& s, const Content& content, Date from) {
  Reschedule(s, content, from);
  bool changed = false;
  int step = 0;
  // Each pass shrinks or leaves something out, so the loop ends; the bound
  // is a guard only.
  for (int pass = 0; pass < 64; ++pass) {
    if (CheckWeek(s).ok()) {
      if (!DropUnscheduled(s, content)) break;
    } else if (step < 3 && Shrink(s, content, step)) {
      // shrunk: lay the week out again
    } else if (step < 3) {
      ++step;
      continue;
    } else {
      break;
    }
    changed = true;
    Reschedule(s, content, from);
  }
  if (changed) {
    Explain(s, "plan", "fit",
            Cat("To fit ", std::to_string(s.request.minutes_per_day), " minutes a day on ",
                std::to_string(s.request.days_per_week),
                " days, doses are shorter and the kinds of work take turns across the week's "
                "sessions, so none is missing from any week."),
            "first_plan.fit", content.engine.first_plan.fit_source);
  }
}

// Lessons every exercise plan carries, after the screen's.
void AddPlanLessons(PlanState& s, const Content& content) {
  for (const auto& id : content.engine.first_plan.lessons) {
    if (!Contains(s.lessons, id)) s.lessons.push_back(id);
  }
}

}  // namespace

const char* ActivityLevelName(ActivityLevel a) { return kActivityNames[static_cast<int>(a)]; }
const char* FearLevelName(FearLevel f) { return kFearNames[static_cast<int>(f)]; }
const char* PlanStatusName(PlanStatus s) { return kStatusNames[static_cast<int>(s)]; }

const Prescription* PlanState::Find(const std::string& id) const {
  for (const auto& p : exercises) {
    if (SameText(p.id, id)) return &p;
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

namespace {

bool SuitsNow(const Exercise& e, std::string_view phase, std::string_view presentation) {
  const auto has = [](const std::vector<std::string>& list, std::string_view item) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& x) { return SameText(x, item); });
  };
  return has(e.phases, phase) && has(e.presentations, presentation);
}

}  // namespace

// The checks in order, the first that refuses wins; `refusal` says which,
// and the item or load tag it was about.
EligibilityChecker::Refusal EligibilityChecker::Refuse(const Exercise& e,
                                                       RefusalDetail& detail) const {
  const PlanState& s = state_;
  const PlanRules& r = content_.engine.plan;
  if (content_.catalogue.IsNever(e.id)) return Refusal::kNever;
  if (!SuitsNow(e, PhaseName(s.phase), PresentationName(s.presentation))) return Refusal::kSuits;
  for (const auto& item : e.equipment) {
    if (!Contains(Owned(), item)) {
      detail.item = &item;
      return Refusal::kEquipment;
    }
  }
  if (InPain(s)) {
    for (LoadTag tag : r.avoid_load_while_in_pain) {
      if (e.HasLoad(tag)) {
        detail.tag = tag;
        return Refusal::kLoad;
      }
    }
  }
  if (s.phase == Phase::kAcute &&
      (e.category == Category::kIntervals || e.HasLoad(LoadTag::kFlexionUnderLoad))) {
    return Refusal::kAcute;
  }
  if (e.category == Category::kIntervals && !IntervalsAllowed(s, r)) return Refusal::kIntervals;
  if (s.status == PlanStatus::kWalkingOnly &&
      e.id != content_.engine.progression.walking_exercise) {
    return Refusal::kWalkingOnly;
  }
  return Refusal::kNone;
}

bool EligibilityChecker::Allows(const Exercise& e) const {
  RefusalDetail detail;
  return Refuse(e, detail) == Refusal::kNone;
}

Eligibility EligibilityChecker::Check(const Exercise& e) const {
  const PlanRules& r = content_.engine.plan;
  RefusalDetail detail;
  switch (Refuse(e, detail)) {
    case Refusal::kNone: return {};
    case Refusal::kNever:
      return {false, "never prescribed while in pain", "catalogue.never_while_in_pain", ""};
    case Refusal::kSuits: return {false, e.avoid_reason, "catalogue.suits", e.source};
    case Refusal::kEquipment: return {false, "needs " + *detail.item, "plan.equipment", ""};
    case Refusal::kLoad:
      return {false, std::string("avoids ") + LoadTagName(detail.tag) + " while in pain",
              "plan.avoid_load_while_in_pain", r.avoid_load_source};
    case Refusal::kAcute:
      return {false, "no intervals or loaded bending in the first weeks", "plan.acute",
              r.acute_walk_source};
    case Refusal::kIntervals:
      return {false, "intervals suit chronic localised pain with low fear", "plan.intervals",
              r.intervals_source};
    case Refusal::kWalkingOnly:
      return {false, "only gentle walking until a doctor has seen you", "screen.within_days",
              content_.engine.first_plan.within_days_source};
  }
  return {};
}

void StopPlan(PlanState& s, Tier triage, const std::vector<const ScreeningRule*>& rules,
              const Content& content) {
  s.status = PlanStatus::kStopped;
  s.messages = ClosedMessages(triage, rules, content);
  for (auto& p : s.exercises) {
    p.paused = true;
    p.stopped = true;
  }
  Reschedule(s, content, s.schedule.empty() ? s.request.start_date : s.schedule.front().date);
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
    // Gentle walking within comfort, and nothing else, until a doctor has
    // seen the person.
    s.status = PlanStatus::kWalkingOnly;
    s.messages.push_back(content.screening.advice(s.triage).headline + " " +
                         content.screening.advice(s.triage).programme);
    for (const auto* rule : screen.flags) {
      if (rule->tier == Tier::kWithinDays) s.messages.push_back(rule->message);
    }
    Explain(s, "plan", "walking_only", content.screening.advice(s.triage).programme,
            "screen.within_days", content.engine.first_plan.within_days_source);
    const EligibilityChecker eligible(s, content);
    const Selector selector(s, content, eligible);
    ChooseAerobic(s, content, selector, 1);
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
  const Selector selector(s, content, eligible);
  ChooseSlot(s, content, selector, Category::kMobility, slots.mobility, level);
  ChooseSlot(s, content, selector, Category::kCore, slots.core, level);
  ChooseSlot(s, content, selector, Category::kStrength, slots.strength, level);
  ChooseMindBody(s, content, selector, slots.mind_body, level);
  ChooseAerobic(s, content, selector, level);
  ChooseIntervals(s, content, selector, level);
  ExplainNever(s, content);
  AddPlanLessons(s, content);
  Explain(s, "lessons", "included",
          "Knowing dull soreness from pain tells you when to carry on and when to change what you "
          "did.",
          "first_plan.lessons", content.engine.first_plan.lessons_source);
  FitWeek(s, content, request.start_date);
  return s;
}

}  // namespace backcoach
