#include "core/simulation.h"

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>
#include <thread>

#include "core/progression.h"
#include "core/same_text.h"
#include "core/screening.h"
#include "core/words.h"

namespace backcoach {

namespace {

// Comparing with a string_view checks the length first, where comparing with
// a C string would measure it and compare the characters: the checks below
// run on every step.
using std::string_view_literals::operator""sv;

// splitmix64: small, fast, and the same on every platform (std::
// distributions are not).
std::uint64_t Mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() { return Mix(state_ += kGolden); }
  // A whole number in [lo, hi].
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool PerMille(int n) { return Int(0, 999) < n; }
  // An index drawn with the given weights.
  template <std::size_t N>
  std::size_t Pick(const std::array<int, N>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    int x = Int(0, total - 1);
    for (std::size_t i = 0; i < N; ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return N - 1;
  }

 private:
  std::uint64_t state_;
};

std::uint64_t PersonSeed(std::uint64_t seed, long long index) {
  return Mix(Mix(seed) + kGolden * (static_cast<std::uint64_t>(index) + 1));
}

// ---- The population: shares in per mille unless named otherwise. --------

constexpr int kUnder18 = 15;
constexpr std::array<int, 3> kPhaseWeights = {30, 25, 45};  // acute, subacute, chronic
constexpr std::array<int, 3> kTrendWeights = {35, 50, 15};  // improving, stable, worsening
// No leg symptoms; above the knee, one side; below the knee, one side; both legs.
constexpr std::array<int, 4> kLegWeights = {710, 120, 150, 20};
constexpr int kLegNumbness = 400;
constexpr int kLegWeaknessStable = 80;
constexpr int kLegWeaknessWorsening = 15;
constexpr int kSaddleNumbness = 4;
constexpr int kBladderOrBowel = 4;
constexpr int kSexualDysfunction = 2;
constexpr int kFever = 8;
constexpr int kWeightLoss = 15;
constexpr int kCancerHistory = 30;
constexpr int kMinorTrauma = 40;
constexpr int kMajorTrauma = 5;
constexpr int kOsteoporosis = 50;
constexpr int kImmunosuppressed = 20;
constexpr int kRecentInfection = 10;
constexpr int kNightPain = 60;
constexpr int kUnwell = 20;
constexpr int kWidespread = 150;
constexpr int kFirstEpisode = 300;
constexpr int kAnswered = 700;  // optional questions
constexpr int kThoracic = 80;
constexpr int kMorningStiffness = 120;

constexpr std::array<int, 3> kActivityWeights = {25, 45, 30};  // inactive, light, active
constexpr std::array<int, 10> kMinutes = {10, 15, 20, 25, 30, 40, 45, 60, 90, 120};
constexpr int kOwnsItem = 200;
constexpr int kOwnsGym = 80;
const char* const kActivities[] = {"walking",  "cycling",  "yoga", "pilates",
                                   "strength", "swimming", "water"};
constexpr int kLikes = 250;
constexpr int kDislikes = 100;
constexpr int kFearAnswered = 850;
constexpr std::array<int, 3> kFearWeights = {40, 35, 25};  // low, moderate, high

constexpr std::array<int, kResponseCount> kResponseWeights = {35, 20, 15, 15, 10, 5};
constexpr int kDevelopsRedFlag = 5;
const char* const kRedFlagFields[] = {"saddle_numbness", "bladder_or_bowel_change",
                                      "sexual_dysfunction_new", "fever_or_chills"};
// Findings part-way that leave a programme: new nerve symptoms below one
// knee (radicular, a review), constant night pain (a review), weight loss
// (a doctor within days). Cleared by a clinician some days later, or not.
constexpr int kDevelopsFinding = 30;
constexpr int kFindingCleared = 600;
const char* const kFindings[] = {
    R"({"leg_symptoms": "below_knee", "leg_symptom_sides": "one", "leg_numbness_or_tingling": true})",
    R"({"constant_night_pain": true})", R"({"unexplained_weight_loss": true})"};

// ---- How a session goes: pain in tenths of a point. ----------------------

// Gentle exercise hurts less than the pain the person reports at intake.
constexpr int kExercisePainPercent = 60;
constexpr int kSkipSkipper = 550;
constexpr int kSkipOthers = 100;
constexpr int kNotDone = 40;       // an exercise left out of a session
constexpr int kPainPerLevel = 5;   // harder variants hurt a little more
constexpr int kPainNoise = 10;     // +/- around the person's typical pain, day to day
constexpr int kMorningNoise = 10;  // the next morning: up to this much lower...
constexpr int kMorningWorse = 5;   // ...or this much higher than the typical pain
constexpr int kSharpProne = 25;    // per exercise, for the sharp-prone
constexpr int kSharpOthers = 3;
constexpr int kLegWorsening = 30;     // per exercise, for worsening leg symptoms
constexpr int kLegRadicular = 5;      // per exercise, other radicular people
constexpr int kFlareStartProne = 50;  // per session day
constexpr int kFlareStartOthers = 3;
constexpr int kFlareBump = 35;
constexpr int kBadDayWhenFlaring = 600;
constexpr int kMorningReported = 750;
constexpr int kMaximalEffort = 100;
constexpr int kChecksInNextMorning = 600;  // when the log came without the morning
constexpr int kClosedVisitAfterDays = 7;   // a stopped or refused person comes back once

int Clamp10(int tenths) { return std::clamp((tenths + 5) / 10, 0, 10); }

Intake DrawLegs(Random& r, Intake in) {
  switch (r.Pick(kLegWeights)) {
    case 0: return in;
    case 1:
      in.leg_symptoms = LegSymptoms::kAboveKnee;
      in.leg_symptom_sides = LegSides::kOne;
      break;
    case 2:
      in.leg_symptoms = LegSymptoms::kBelowKnee;
      in.leg_symptom_sides = LegSides::kOne;
      break;
    default: in.leg_symptoms = LegSymptoms::kBelowKnee; in.leg_symptom_sides = LegSides::kBoth;
  }
  in.leg_numbness_or_tingling = r.PerMille(kLegNumbness);
  if (r.PerMille(kLegWeaknessStable)) in.leg_weakness = LegWeakness::kStable;
  if (r.PerMille(kLegWeaknessWorsening)) in.leg_weakness = LegWeakness::kWorsening;
  return in;
}

Intake DrawIntake(Random& r) {
  Intake in;
  in.age = r.PerMille(kUnder18) ? r.Int(13, 17) : r.Int(18, 85);
  switch (r.Pick(kPhaseWeights)) {
    case 0: in.pain_duration_weeks = r.Int(0, 39) / 10.0; break;
    case 1: in.pain_duration_weeks = r.Int(4, 11); break;
    default: in.pain_duration_weeks = r.Int(12, 260);
  }
  in.pain_now = r.Int(0, 5) + r.Int(0, 5);
  in.pain_trend = static_cast<PainTrend>(r.Pick(kTrendWeights));
  in = DrawLegs(r, in);
  in.saddle_numbness = r.PerMille(kSaddleNumbness);
  in.bladder_or_bowel_change = r.PerMille(kBladderOrBowel);
  in.sexual_dysfunction_new = r.PerMille(kSexualDysfunction);
  in.fever_or_chills = r.PerMille(kFever);
  in.unexplained_weight_loss = r.PerMille(kWeightLoss);
  in.cancer_history = r.PerMille(kCancerHistory);
  if (r.PerMille(kMinorTrauma)) in.trauma = Trauma::kMinor;
  if (r.PerMille(kMajorTrauma)) in.trauma = Trauma::kMajor;
  in.osteoporosis_or_long_term_steroids = r.PerMille(kOsteoporosis);
  in.immunosuppressed_or_iv_drug_use = r.PerMille(kImmunosuppressed);
  in.recent_infection_or_spinal_procedure = r.PerMille(kRecentInfection);
  in.constant_night_pain = r.PerMille(kNightPain);
  in.feeling_unwell = r.PerMille(kUnwell);
  in.widespread_pain = r.PerMille(kWidespread);
  in.first_episode = r.PerMille(kFirstEpisode);
  if (r.PerMille(kAnswered)) in.thoracic_pain = r.PerMille(kThoracic);
  if (r.PerMille(kAnswered)) in.morning_stiffness_over_30_min = r.PerMille(kMorningStiffness);
  return in;
}

std::vector<std::string> Subset(Random& r, const std::vector<std::string>& from, int per_mille,
                                const std::vector<std::string>& excluded = {}) {
  std::vector<std::string> out;
  for (const auto& item : from) {
    if (r.PerMille(per_mille) &&
        std::find(excluded.begin(), excluded.end(), item) == excluded.end()) {
      out.push_back(item);
    }
  }
  return out;
}

PlanRequest DrawRequest(Random& r, const Content& content) {
  PlanRequest q;
  q.intake = DrawIntake(r);
  q.activity_level = static_cast<ActivityLevel>(r.Pick(kActivityWeights));
  q.minutes_per_day = kMinutes[static_cast<std::size_t>(r.Int(0, kMinutes.size() - 1))];
  q.days_per_week = r.Int(2, 7);
  for (const auto& item : content.catalogue.equipment_names()) {
    const bool bundle = !content.catalogue.equipment_includes().at(item).empty();
    if (r.PerMille(bundle ? kOwnsGym : kOwnsItem)) q.equipment.push_back(item);
  }
  const std::vector<std::string> activities(std::begin(kActivities), std::end(kActivities));
  q.likes = Subset(r, activities, kLikes);
  q.dislikes = Subset(r, activities, kDislikes, q.likes);
  if (r.PerMille(kFearAnswered)) q.fear_of_movement = static_cast<FearLevel>(r.Pick(kFearWeights));
  q.start_date = Date::FromCivil(2026, 1, 5).Plus(r.Int(0, 364));
  return q;
}

}  // namespace

VirtualPerson MakeVirtualPerson(std::uint64_t seed, long long index, int weeks,
                                const Content& content) {
  Random r(PersonSeed(seed, index));
  VirtualPerson p;
  p.request = DrawRequest(r, content);
  p.response = static_cast<Response>(r.Pick(kResponseWeights));
  p.pain_tenths = std::clamp(
      p.request.intake.pain_now * kExercisePainPercent / 10 + r.Int(-kPainNoise, kPainNoise), 0,
      90);
  if (r.PerMille(kDevelopsRedFlag) && weeks > 1) {
    p.red_flag_day = r.Int(7, weeks * 7 - 1);
    p.red_flag_field = kRedFlagFields[r.Int(0, std::size(kRedFlagFields) - 1)];
  }
  if (r.PerMille(kDevelopsFinding) && weeks > 1) {
    p.finding_day = r.Int(7, weeks * 7 - 1);
    p.finding = r.Int(0, static_cast<int>(std::size(kFindings)) - 1);
    if (r.PerMille(kFindingCleared)) p.cleared_day = p.finding_day + r.Int(3, 14);
  }
  return p;
}

namespace {

// One person's way through the weeks: the model's moving parts.
struct Journey {
  VirtualPerson person;
  Random random;
  int pain = 0;  // tenths
  int flare_days_left = 0;
  bool red_flag_reported = false;
  bool finding_reported = false;
  bool progressed = false;
  bool regressed = false;
  bool flared = false;
  StateBefore before{};  // the state before the current step, for the checker
  SessionLog log{};      // the day's log, written over day after day (MakeLog)
};

int LevelOf(const std::string& id, const PlanState& s, const Content& content) {
  if (const Prescription* p = s.Find(id)) return p->level;
  const Exercise* e = content.catalogue.Find(id);
  return e != nullptr ? e->level : 1;
}

// Writes how exercise `id` went over `e`.
void LogExercise(Journey& j, const std::string& id, const PlanState& s, const Content& content,
                 ExerciseLog& e) {
  Random& r = j.random;
  if (!SameText(e.id, id)) e.id = id;  // the log is reused: mostly the same exercise again
  e.done = true;
  e.pain_during = 0;
  e.sharp_pain = false;
  e.symptoms_down_leg = false;
  e.what_hurt.clear();
  if (r.PerMille(kNotDone)) {
    e.done = false;
    return;
  }
  const int bump = j.flare_days_left > 0 ? kFlareBump : 0;
  const int level = LevelOf(id, s, content);
  e.pain_during =
      Clamp10(j.pain + bump + (level - 1) * kPainPerLevel + r.Int(-kPainNoise, kPainNoise));
  e.sharp_pain =
      r.PerMille(j.person.response == Response::kSharpProne ? kSharpProne : kSharpOthers);
  const bool radicular = s.presentation == Presentation::kRadicular;
  const int leg = j.person.response == Response::kRadicularWorsening ? kLegWorsening
                  : radicular                                        ? kLegRadicular
                                                                     : 0;
  e.symptoms_down_leg = r.PerMille(leg);
}

int Morning(Journey& j) {
  const int bump = j.flare_days_left > 0 ? kFlareBump : 0;
  return Clamp10(j.pain + bump + j.random.Int(-kMorningNoise, kMorningWorse));
}

void StartOrEndFlare(Journey& j) {
  if (j.flare_days_left > 0) {
    --j.flare_days_left;
    return;
  }
  const bool prone = j.person.response == Response::kFlareProne;
  if (j.random.PerMille(prone ? kFlareStartProne : kFlareStartOthers)) {
    j.flare_days_left = j.random.Int(3, 7);
  }
}

// The typical pain drifts after each session, by the person's response.
void Drift(Journey& j) {
  Random& r = j.random;
  switch (j.person.response) {
    case Response::kResponder: j.pain = std::max(0, j.pain - r.Int(0, 4)); break;
    case Response::kNonResponder: j.pain = std::clamp(j.pain + r.Int(-2, 2), 0, 90); break;
    case Response::kRadicularWorsening: j.pain = std::min(90, j.pain + r.Int(0, 2)); break;
    default: j.pain = std::max(0, j.pain - r.Int(0, 2));
  }
}

// The day's log, written over the journey's one log: reused day after day,
// it allocates nothing once the first days have been written.
SessionLog& MakeLog(Journey& j, const PlanState& s, const SessionDay* day, Date date,
                    const Content& content) {
  Random& r = j.random;
  SessionLog& log = j.log;
  log.date = date;
  const bool flare_starts = j.flare_days_left == 0;
  StartOrEndFlare(j);
  const int bump = j.flare_days_left > 0 ? kFlareBump : 0;
  log.exercises.resize(day != nullptr ? day->exercises.size() : 0);
  for (std::size_t i = 0; i < log.exercises.size(); ++i) {
    LogExercise(j, day->exercises[i], s, content, log.exercises[i]);
  }
  log.pain_after = Clamp10(j.pain + bump + r.Int(-kPainNoise, kPainNoise));
  log.pain_next_morning.reset();
  if (r.PerMille(kMorningReported)) log.pain_next_morning = Morning(j);
  log.effort = r.PerMille(kMaximalEffort) ? r.Int(9, 10) : r.Int(3, 8);
  log.bad_day = flare_starts && j.flare_days_left > 0 && r.PerMille(kBadDayWhenFlaring);
  log.reported_symptoms.clear();
  return log;
}

// The day of the schedule that falls on `date`; the week repeats when the
// person has not logged for longer than the schedule covers.
const SessionDay* DayOf(const PlanState& s, Date date) {
  if (s.schedule.empty()) return nullptr;
  const int offset = date.DaysSince(s.schedule.front().date);
  if (offset < 0) return nullptr;
  return &s.schedule[static_cast<std::size_t>(offset) % s.schedule.size()];
}

bool Has(const std::vector<Reason>& decisions, std::string_view decision) {
  return std::any_of(decisions.begin(), decisions.end(),
                     [&](const Reason& d) { return SameText(d.decision, decision); });
}

void CountStep(Journey& j, PlanStatus before, const PlanState& after, SimulationReport& report) {
  j.progressed = j.progressed || Has(after.decisions, "progress");
  j.regressed = j.regressed || Has(after.decisions, "regress") || Has(after.decisions, "replace");
  if (before != PlanStatus::kFlareUp && after.status == PlanStatus::kFlareUp) {
    ++report.flare_ups;
    j.flared = true;
  }
  if (before != PlanStatus::kStopped && after.status == PlanStatus::kStopped) {
    ++report.stopped_by_red_flag;
  }
}

void AddLevels(const PlanState& s, std::array<long long, SimulationReport::kCategoryCount>& sum,
               std::array<long long, SimulationReport::kCategoryCount>& count) {
  if (s.status == PlanStatus::kNoPlan || s.status == PlanStatus::kStopped) return;
  for (const auto& p : s.exercises) {
    if (p.paused) continue;
    sum[static_cast<std::size_t>(p.category)] += p.level;
    ++count[static_cast<std::size_t>(p.category)];
  }
}

// Counts and checks one engine step, which has changed `state` in place
// from `j.before`; false when the engine refused well-formed input (and so
// left the state unchanged).
bool Checked(Journey& j, const PlanState& state, const SessionLog& log, const Status& step,
             SafetyChecker& checker, SimulationReport& report) {
  if (!step.ok()) {
    checker.EngineError(log.date, "the engine refused a well-formed log: " + step.message());
    return false;
  }
  checker.CheckStep(j.before, log, state);
  CountStep(j, j.before.status, state, report);
  return true;
}

bool LogSession(Journey& j, PlanState& state, const SessionLog& log, SafetyChecker& checker,
                const Content& content, SimulationReport& report) {
  ++report.sessions_logged;
  j.before.Take(state);
  const Status step = ApplySessionLog(state, log, content);
  return Checked(j, state, log, step, checker, report);
}

// The next-morning check-in, for a session logged without one. The checker
// sees it as that session's log with only the morning filled in.
bool MorningCheckIn(Journey& j, PlanState& state, Date session, SafetyChecker& checker,
                    const Content& content, SimulationReport& report) {
  ++report.check_ins;
  SessionLog check;
  check.date = session;
  check.pain_next_morning = Morning(j);
  j.before.Take(state);
  const Status step = ApplyCheckIn(state, session, *check.pain_next_morning, content);
  return Checked(j, state, check, step, checker, report);
}

bool Closed(const PlanState& s) {
  return s.status == PlanStatus::kNoPlan || s.status == PlanStatus::kStopped;
}

// Whether the person logs today, and what: false to let the day go.
bool LogsToday(Journey& j, const PlanState& state, int d, const SessionDay*& day,
               SimulationReport& report) {
  const bool red_flag_due =
      j.person.red_flag_day >= 0 && d >= j.person.red_flag_day && !j.red_flag_reported;
  day = DayOf(state, j.person.request.start_date.Plus(d));
  if (day != nullptr && SameText(day->kind, "rest"sv)) day = nullptr;
  const bool finding_due =
      j.person.finding >= 0 && d >= j.person.finding_day && !j.finding_reported;
  if (day == nullptr) return red_flag_due;
  if (red_flag_due || finding_due) return true;
  const bool skipper = j.person.response == Response::kSkipper;
  if (j.random.PerMille(skipper ? kSkipSkipper : kSkipOthers)) {
    ++report.sessions_skipped;
    return false;
  }
  return true;
}

// Walks the person through the days; returns the final state.
PlanState Live(Journey& j, PlanState state, SafetyChecker& checker, const Content& content,
               int weeks, SimulationReport& report) {
  const Date start = j.person.request.start_date;
  int closed_visit = Closed(state) ? kClosedVisitAfterDays : -1;  // -1: none due
  int check_in_for = -1;  // the day whose session awaits its morning check-in
  for (int d = 0; d < weeks * 7; ++d) {
    const Date date = start.Plus(d);
    if (check_in_for >= 0 && !Closed(state)) {
      if (!MorningCheckIn(j, state, start.Plus(check_in_for), checker, content, report)) break;
    }
    check_in_for = -1;
    if (j.finding_reported && d == j.person.cleared_day && !state.open_findings.empty()) {
      // A clinician of the person's clinic clears the finding.
      j.before.Take(state);
      if (!ApplyClearance(state, {{}, date, "the clinic", "clinician"}, content).ok()) break;
      checker.PlanChanged(j.before, state);
    }
    if (Closed(state)) {
      if (closed_visit < 0 || d < closed_visit) continue;
      closed_visit = -1;  // once: the engine must keep the programme closed
      LogSession(j, state, MakeLog(j, state, nullptr, date, content), checker, content, report);
      continue;
    }
    const SessionDay* day = nullptr;
    if (!LogsToday(j, state, d, day, report)) continue;
    SessionLog& log = MakeLog(j, state, day, date, content);
    if (j.person.red_flag_day >= 0 && d >= j.person.red_flag_day && !j.red_flag_reported) {
      log.reported_symptoms[j.person.red_flag_field] = true;
      j.red_flag_reported = true;
      ++report.red_flags_reported;
    } else if (j.person.finding >= 0 && d >= j.person.finding_day && !j.finding_reported) {
      log.reported_symptoms =
          nlohmann::json::parse(kFindings[static_cast<std::size_t>(j.person.finding)]);
      j.finding_reported = true;
    }
    if (!LogSession(j, state, log, checker, content, report)) break;
    if (Closed(state)) closed_visit = d + kClosedVisitAfterDays;
    if (!log.pain_next_morning && j.random.PerMille(kChecksInNextMorning)) check_in_for = d;
    Drift(j);
  }
  return state;
}

void AddViolations(const std::vector<Violation>& found, long long index, SimulationReport& report) {
  std::array<bool, kPropertyCount> seen{};
  for (const auto& v : found) {
    const auto p = static_cast<std::size_t>(v.property);
    auto& tally = report.violations[p];
    ++tally.count;
    if (!seen[p]) ++tally.people;
    seen[p] = true;
    if (tally.examples.size() < SimulationReport::kMaxExamples) {
      tally.examples.push_back("person " + std::to_string(index) + ": " + v.what);
    }
  }
}

// Runs one person through the engine and adds them to `report`; true when
// they broke no safety property.
bool RunPerson(const SimulationOptions& options, long long index, const Content& content,
               SimulationReport& report) {
  Journey j{MakeVirtualPerson(options.seed, index, options.weeks, content),
            Random(Mix(PersonSeed(options.seed, index))), 0};
  j.pain = j.person.pain_tenths;
  ++report.people;
  ++report.by_response[static_cast<std::size_t>(j.person.response)];
  SafetyChecker checker(content);
  auto plan = MakePlan(j.person.request, content);
  if (!plan.ok()) {
    checker.EngineError(j.person.request.start_date,
                        "MakePlan refused a well-formed request: " + plan.status().message());
    AddViolations(checker.violations(), index, report);
    return false;
  }
  checker.CheckPlan(j.person.request, *plan);
  ++report.first_status[static_cast<std::size_t>(plan->status)];
  AddLevels(*plan, report.start_level_sum, report.start_level_count);
  const PlanState final_state =
      Live(j, std::move(plan).value(), checker, content, options.weeks, report);
  ++report.final_status[static_cast<std::size_t>(final_state.status)];
  AddLevels(final_state, report.final_level_sum, report.final_level_count);
  report.people_progressed += j.progressed;
  report.people_regressed += j.regressed;
  report.people_flared += j.flared;
  AddViolations(checker.violations(), index, report);
  return checker.violations().empty();
}

}  // namespace

void SimulatePerson(const SimulationOptions& options, long long index, const Content& content,
                    SimulationReport& report) {
  // First without the decisions' words (WithoutWords): the safety checks
  // read none of them, except that an exercise is already at its gentlest,
  // which is kept, so a person breaks a property without the words exactly
  // when with them. The words are only quoted in the examples of a broken
  // property: such a person, and only such, is run again with them, and
  // that run alone is counted. The person, drawn from the seed and index,
  // lives the very same days both times.
  SimulationReport without_words;
  bool clean = false;
  {
    const WithoutWords off;
    clean = RunPerson(options, index, content, without_words);
  }
  if (clean) {
    report.Merge(without_words);
    return;
  }
  RunPerson(options, index, content, report);
}

namespace {

constexpr long long kMaxPatients = 1'000'000'000;
constexpr int kMaxWeeks = 104;
constexpr int kMaxThreads = 256;
constexpr long long kProgressEvery = 256;  // people between progress calls

Status CheckOptions(const SimulationOptions& o) {
  if (o.patients < 0 || o.patients > kMaxPatients) {
    return Status::InvalidArgument("patients must be from 0 to " + std::to_string(kMaxPatients) +
                                   ", got " + std::to_string(o.patients));
  }
  if (o.weeks < 1 || o.weeks > kMaxWeeks) {
    return Status::InvalidArgument("weeks must be from 1 to " + std::to_string(kMaxWeeks) +
                                   ", got " + std::to_string(o.weeks));
  }
  if (o.threads < 1 || o.threads > kMaxThreads) {
    return Status::InvalidArgument("threads must be from 1 to " + std::to_string(kMaxThreads) +
                                   ", got " + std::to_string(o.threads));
  }
  return Status::Ok();
}

// Reports progress to the caller, one call at a time.
class ProgressSink {
 public:
  explicit ProgressSink(const std::function<void(long long)>& fn) : fn_(fn) {}
  void Add(long long people) {
    if (!fn_ || people == 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    done_ += people;
    fn_(done_);
  }

 private:
  const std::function<void(long long)>& fn_;
  std::mutex mu_;
  long long done_ = 0;
};

void RunRange(const SimulationOptions& o, long long begin, long long end, const Content& content,
              ProgressSink& sink, SimulationReport& report) {
  // Counted in a report of the thread's own, handed over at the end: the
  // threads' reports sit side by side in one vector, and counters written
  // on every step must not share a cache line with another thread's.
  SimulationReport counted;
  long long pending = 0;
  for (long long i = begin; i < end; ++i) {
    SimulatePerson(o, i, content, counted);
    if (++pending == kProgressEvery) {
      sink.Add(pending);
      pending = 0;
    }
  }
  sink.Add(pending);
  report = std::move(counted);
}

}  // namespace

Result<SimulationReport> RunSimulation(const SimulationOptions& options, const Content& content,
                                       const std::function<void(long long done)>& progress) {
  if (Status s = CheckOptions(options); !s.ok()) return s;
  const long long threads = std::max(1LL, std::min<long long>(options.threads, options.patients));
  std::vector<SimulationReport> parts(static_cast<std::size_t>(threads));
  ProgressSink sink(progress);
  std::vector<std::thread> workers;
  for (long long t = 0; t < threads; ++t) {
    const long long begin = options.patients * t / threads;
    const long long end = options.patients * (t + 1) / threads;
    auto& part = parts[static_cast<std::size_t>(t)];
    workers.emplace_back([&, begin, end] { RunRange(options, begin, end, content, sink, part); });
  }
  for (auto& w : workers) w.join();
  SimulationReport report;
  report.weeks = options.weeks;
  report.seed = options.seed;
  for (const auto& part : parts) report.Merge(part);
  return report;
}

// ---- Names ----------------------------------------------------------------

namespace {

struct PropertyInfo {
  const char* name;
  const char* description;
};

const PropertyInfo kProperties[kPropertyCount] = {
    {"no_progress_after_sharp",
     "an exercise that hurt sharply or sent symptoms down the leg is not moved up before it has "
     "been done again"},
    {"no_never_exercise",
     "no exercise from the never list, nothing the acute phase rules out, no load avoided while "
     "in pain"},
    {"flare_up_handled",
     "a flare-up (or a bad day) switches to short gentle sessions, and nothing moves up meanwhile"},
    {"red_flag_stops",
     "a new emergency or same-day symptom stops the programme, with the screen's headline first"},
    {"no_plan_when_unsafe", "no plan for same-day, emergency or under-18 intakes"},
    {"walking_only_held",
     "a within-days plan holds gentle walking only, stays so, and nothing moves up"},
    {"engine_accepts_input", "the engine accepts every well-formed request and log"},
    {"red_stepped_down",
     "red pain during an exercise (above amber_max) steps that exercise down for next time"},
    {"morning_red_reduced",
     "a next morning well above baseline reduces the volume one step at once"},
    {"finding_held",
     "a new finding re-screens the plan (a red flag stops it, a nerve finding re-shapes it), "
     "stays open, and nothing moves up until it is cleared"},
    {"adherence_gate",
     "nothing moves up for good sessions unless most of the scheduled sessions were done"},
    {"one_variable",
     "one variable at a time: a level change keeps the dose, a dose step changes "
     "one of sets, repetitions, hold and minutes"},
    {"aerobic_growth",
     "minutes grow at most the weekly cap, and no day's session is over the time budget"},
    {"intervals_after_base",
     "intervals only after a base of easy aerobic sessions, never while pain is high"},
    {"within_days_walking",
     "a within-days finding leaves gentle walking within comfort, never full rest"},
    {"rest_days_kept", "at most the chosen session days in any week, and rest days do not slide"},
    {"closed_says_only_stop",
     "a stopped or refused plan says nothing that lets the programme start, and a stop pauses "
     "every exercise"},
    {"no_first_plan_intervals",
     "no day of a first plan's week holds intervals, and intervals are never held above the "
     "start level"},
    {"every_kind_every_week",
     "every kind of work in a first plan appears in its week, however short the time"},
    {"first_plan_within_time", "no day of a first plan is longer than the person's minutes a day"},
};

const char* const kResponseNames[kResponseCount] = {
    "responder", "non_responder", "flare_prone", "skipper", "sharp_prone", "radicular_worsening"};

}  // namespace

const char* PropertyName(Property p) { return kProperties[static_cast<int>(p)].name; }
const char* PropertyDescription(Property p) { return kProperties[static_cast<int>(p)].description; }
const char* ResponseName(Response r) { return kResponseNames[static_cast<int>(r)]; }

// ---- SafetyChecker --------------------------------------------------------

namespace {

const Reason* ProgressOf(const std::vector<Reason>& decisions, std::string_view id) {
  for (const auto& d : decisions) {
    if (SameText(d.decision, "progress"sv) && SameText(d.subject, id)) return &d;
  }
  return nullptr;
}

const Reason* FirstProgress(const std::vector<Reason>& decisions) {
  for (const auto& d : decisions) {
    if (SameText(d.decision, "progress"sv)) return &d;
  }
  return nullptr;
}

// The exercise in a prescription slot; empty past the end of the plan.
std::string_view SlotId(const PlanState& s, std::size_t slot) {
  return slot < s.exercises.size() ? std::string_view(s.exercises[slot].id) : std::string_view();
}

std::string_view SlotId(const StateBefore& s, std::size_t slot) {
  return slot < s.exercise_ids.size() ? std::string_view(s.exercise_ids[slot]) : std::string_view();
}

std::string Quote(const std::string& text) { return "'" + text + "'"; }

}  // namespace

void SafetyChecker::Add(Property p, const std::string& what) {
  violations_.push_back({p, when_.ToString() + (first_plan_ ? " (first plan): " : ": ") + what});
}

void SafetyChecker::EngineError(Date when, const std::string& what) {
  when_ = when;
  first_plan_ = false;
  Add(Property::kEngineAcceptsInput, what);
}

void SafetyChecker::CheckPlan(const PlanRequest& request, const PlanState& plan) {
  when_ = request.start_date;
  first_plan_ = true;
  const ScreenResult screen = Screen(request.intake, content_.screening);
  const bool unsafe = screen.triage >= Tier::kSameDay || request.intake.age < 18;
  if (unsafe &&
      (plan.status != PlanStatus::kNoPlan || !plan.exercises.empty() || !plan.schedule.empty())) {
    Add(Property::kNoPlanWhenUnsafe, std::string("triage ") + TierName(screen.triage) + ", age " +
                                         std::to_string(request.intake.age) + ", yet the plan is " +
                                         PlanStatusName(plan.status) + " with " +
                                         std::to_string(plan.exercises.size()) + " exercise(s)");
  }
  if (unsafe && plan.messages.empty()) {
    Add(Property::kNoPlanWhenUnsafe, "no plan, and no message saying what to do");
  }
  if (!unsafe && screen.triage == Tier::kWithinDays) {
    walking_only_ = true;
    if (plan.status != PlanStatus::kWalkingOnly) {
      Add(Property::kWalkingOnlyHeld,
          std::string("triage within_days, yet the plan is ") + PlanStatusName(plan.status));
    }
  }
  CheckContents(plan);
  CheckWalkingOnly(nullptr, plan);
  CheckClosed(plan);
  CheckFirstWeek(plan);
}

void StateBefore::Take(const PlanState& state) {
  status = state.status;
  // Assigned slot by slot: a string keeps its buffer when assigned to.
  exercise_ids.resize(state.exercises.size());
  doses.resize(state.exercises.size());
  // An id the same as the last snapshot's (the usual case) is compared, not copied.
  for (std::size_t i = 0; i < state.exercises.size(); ++i) {
    if (!SameText(exercise_ids[i], state.exercises[i].id)) exercise_ids[i] = state.exercises[i].id;
    doses[i] = state.exercises[i].dose;
  }
  // The flags change only at a re-screen: compared, not copied, on other steps.
  if (!std::equal(flags.begin(), flags.end(), state.flags.begin(), state.flags.end(), SameText)) {
    flags = state.flags;
  }
  intake = state.request.intake;
}

void SafetyChecker::CheckStep(const PlanState& before, const SessionLog& log,
                              const PlanState& after) {
  StateBefore snapshot;
  snapshot.Take(before);
  CheckStep(snapshot, log, after);
}

namespace {
bool PlanDecision(const std::vector<Reason>& decisions, std::string_view decision);
}  // namespace

void SafetyChecker::CheckStep(const StateBefore& before, const SessionLog& log,
                              const PlanState& after) {
  when_ = log.date;
  first_plan_ = false;
  CheckContents(after);
  CheckSharp(before, log, after);
  if (PlanDecision(after.decisions, "reshape"sv)) PlanChanged(before, after);
  CheckFlareUp(before, log, after);
  CheckRedFlag(before, log, after);
  CheckWalkingOnly(&before, after);
  CheckClosed(after);
  const bool check_in = log.exercises.empty() && log.pain_next_morning && !logged_.empty() &&
                        logged_.back() == log.date;
  CheckSteering(before, log, after, check_in);
}

void SafetyChecker::CheckContents(const PlanState& s) {
  const bool in_pain = s.request.intake.pain_now > 0;
  if (s.phase != cleared_phase_ || in_pain != cleared_in_pain_) {
    cleared_.clear();
    cleared_lists_.clear();
    cleared_phase_ = s.phase;
    cleared_in_pain_ = in_pain;
  }
  // Each distinct exercise once per step (a refused one is reported once),
  // and one cleared for this phase and pain not again: the schedule mostly
  // repeats the prescriptions, and they change little from step to step.
  std::vector<const std::string*> refused;
  const auto is_cleared = [&](const std::string& id) {
    return std::any_of(cleared_.begin(), cleared_.end(),
                       [&](const std::string& x) { return SameText(x, id); });
  };
  auto check = [&](const std::string& id) {
    if (is_cleared(id)) return;
    if (std::any_of(refused.begin(), refused.end(), [&](const auto* x) { return *x == id; })) {
      return;
    }
    if (CheckExercise(id, s.phase, in_pain)) {
      cleared_.push_back(id);
    } else {
      refused.push_back(&id);
    }
  };
  // A list equal to one cleared before holds only cleared ids: comparing
  // the lists is cheaper than looking each id up again.
  // The newest first: a day mostly holds the list found allowed last.
  const auto cleared_before = [&](auto begin, auto end) {
    return std::any_of(cleared_lists_.rbegin(), cleared_lists_.rend(), [&](const auto& list) {
      return std::equal(list.begin(), list.end(), begin, end, SameText);
    });
  };
  const auto remember = [&](std::vector<std::string> list) {
    constexpr std::size_t kKept = 8;  // the plan and a few distinct days
    if (cleared_lists_.size() == kKept) cleared_lists_.erase(cleared_lists_.begin());
    cleared_lists_.push_back(std::move(list));
  };
  const auto same_ids = [](const std::vector<std::string>& list,
                           const std::vector<Prescription>& plan) {
    return std::equal(
        list.begin(), list.end(), plan.begin(), plan.end(),
        [](const std::string& id, const Prescription& p) { return SameText(id, p.id); });
  };
  if (!s.exercises.empty()) {
    const bool known = std::any_of(cleared_lists_.rbegin(), cleared_lists_.rend(),
                                   [&](const auto& list) { return same_ids(list, s.exercises); });
    if (!known) {
      for (const auto& p : s.exercises) check(p.id);
      if (refused.empty()) {
        std::vector<std::string> ids;
        ids.reserve(s.exercises.size());
        for (const auto& p : s.exercises) ids.push_back(p.id);
        remember(std::move(ids));
      }
    }
  }
  // Session days repeat a few lists of exercises: each list once, compared
  // with the distinct lists before it only (rest days hold none).
  std::array<const std::vector<std::string>*, 8> seen{};
  std::size_t distinct = 0;
  for (const auto& day : s.schedule) {
    if (day.exercises.empty()) continue;
    const auto end = seen.begin() + distinct;
    const auto same_list = [&](const auto* list) {
      return std::equal(list->begin(), list->end(), day.exercises.begin(), day.exercises.end(),
                        SameText);
    };
    if (std::any_of(seen.begin(), end, same_list)) {
      continue;
    }
    if (distinct < seen.size()) seen[distinct++] = &day.exercises;
    if (cleared_before(day.exercises.begin(), day.exercises.end())) continue;
    const std::size_t refused_before = refused.size();
    for (const auto& id : day.exercises) check(id);
    if (refused.size() == refused_before &&
        std::all_of(day.exercises.begin(), day.exercises.end(), is_cleared)) {
      remember(day.exercises);
    }
  }
}

bool SafetyChecker::CheckExercise(const std::string& id, Phase phase, bool in_pain) {
  const Catalogue& catalogue = content_.catalogue;
  if (catalogue.IsNever(id)) {
    Add(Property::kNeverExercise, Quote(id) + " is on the never list, yet in the plan");
    return false;
  }
  const Exercise* e = catalogue.Find(id);
  if (e == nullptr) {
    Add(Property::kNeverExercise, Quote(id) + " is not in the catalogue, yet in the plan");
    return false;
  }
  bool ok = true;
  if (phase == Phase::kAcute &&
      (e->category == Category::kIntervals || e->HasLoad(LoadTag::kFlexionUnderLoad))) {
    Add(Property::kNeverExercise,
        Quote(id) + " (intervals or loaded bending) is in the plan in the acute phase");
    ok = false;
  }
  for (LoadTag tag : content_.engine.plan.avoid_load_while_in_pain) {
    if (in_pain && e->HasLoad(tag)) {
      Add(Property::kNeverExercise, Quote(id) + " carries " + LoadTagName(tag) +
                                        " load, yet is in the plan of a person in pain");
      ok = false;
    }
  }
  return ok;
}

void SafetyChecker::CheckSharp(const StateBefore& before, const SessionLog& log,
                               const PlanState& after) {
  auto done_today = [&](std::string_view id) {
    return std::any_of(log.exercises.begin(), log.exercises.end(),
                       [&](const ExerciseLog& e) { return e.done && e.id == id; });
  };
  // Slots still waiting for their next session must not move up, in that
  // session or before it.
  for (const auto& [slot, date] : sharp_slots_) {
    const std::string_view id = SlotId(before, slot);
    const Reason* up = ProgressOf(after.decisions, id);
    if (up == nullptr) up = ProgressOf(after.decisions, SlotId(after, slot));
    if (up == nullptr) continue;
    Add(Property::kNoProgressAfterSharp,
        Quote(up->subject) + " was moved up (" + up->rule + ": " + up->reason +
            "), but it hurt sharply or sent symptoms down the leg on " + date.ToString() +
            (done_today(id) ? ", and this is its first session since"
                            : " and has not been done since"));
  }
  std::erase_if(sharp_slots_,
                [&](const auto& entry) { return done_today(SlotId(before, entry.first)); });
  for (const auto& e : log.exercises) {
    if (!e.done || !(e.sharp_pain || e.symptoms_down_leg)) continue;
    for (std::size_t slot = 0; slot < before.exercise_ids.size(); ++slot) {
      if (before.exercise_ids[slot] != e.id) continue;
      const Reason* up = ProgressOf(after.decisions, e.id);
      if (up == nullptr) up = ProgressOf(after.decisions, SlotId(after, slot));
      if (up != nullptr) {
        Add(Property::kNoProgressAfterSharp, Quote(up->subject) + " was moved up (" + up->rule +
                                                 ": " + up->reason +
                                                 ") in the very session it hurt sharply");
      }
      sharp_slots_.emplace_back(slot, log.date);
    }
  }
}

void SafetyChecker::CheckFlareUp(const StateBefore& before, const SessionLog& log,
                                 const PlanState& after) {
  const bool declared =
      std::any_of(after.decisions.begin(), after.decisions.end(), [](const Reason& d) {
        return SameText(d.subject, "plan"sv) && SameText(d.decision, "flare_up"sv);
      });
  if (declared && after.status != PlanStatus::kFlareUp) {
    Add(Property::kFlareUpHandled,
        std::string("a flare-up was declared, yet the plan is ") + PlanStatusName(after.status));
  }
  const Reason* up = FirstProgress(after.decisions);
  if (up != nullptr && (declared || before.status == PlanStatus::kFlareUp)) {
    const bool starts = declared && before.status != PlanStatus::kFlareUp;
    Add(Property::kFlareUpHandled, Quote(up->subject) + " was moved up " +
                                       (starts ? "in the step that declared" : "during") +
                                       " a flare-up (" + up->rule + ": " + up->reason + ")");
  }
  const bool open =
      before.status == PlanStatus::kActive || before.status == PlanStatus::kWalkingOnly;
  if (log.bad_day && open && after.status != PlanStatus::kFlareUp &&
      after.status != PlanStatus::kStopped) {
    Add(Property::kFlareUpHandled,
        std::string("the person said it was a bad day, yet the plan is ") +
            PlanStatusName(after.status));
  }
  if (after.status != PlanStatus::kFlareUp) return;
  const FlareUpRules& f = content_.engine.flare_up;
  if (after.schedule.empty()) Add(Property::kFlareUpHandled, "a flare-up with no sessions");
  // The days mostly repeat one short session: a list like the day before's
  // is not looked up again.
  const std::vector<std::string>* looked_up = nullptr;
  bool gentle = false;
  for (const auto& day : after.schedule) {
    if (looked_up == nullptr || !std::equal(day.exercises.begin(), day.exercises.end(),
                                            looked_up->begin(), looked_up->end(), SameText)) {
      gentle = std::all_of(day.exercises.begin(), day.exercises.end(), [&](const auto& id) {
        const Exercise* e = content_.catalogue.Find(id);
        return e != nullptr && e->level == 1 && e->load.empty();
      });
      looked_up = &day.exercises;
    }
    if (!SameText(day.kind, "session"sv) ||
        day.minutes > f.minimum_session_minutes + f.walk_minutes || !gentle) {
      Add(Property::kFlareUpHandled, "during a flare-up, " + day.date.ToString() +
                                         " is not a short gentle session (" + day.kind + ", " +
                                         std::to_string(day.minutes) + " minutes)");
      break;
    }
  }
}

void SafetyChecker::CheckRedFlag(const StateBefore& before, const SessionLog& log,
                                 const PlanState& after) {
  const Reason* up = FirstProgress(after.decisions);
  const bool closed = before.status == PlanStatus::kStopped || before.status == PlanStatus::kNoPlan;
  if (stopped_ || closed) {
    const Property p = stopped_ ? Property::kRedFlagStops : Property::kNoPlanWhenUnsafe;
    if (after.status != PlanStatus::kStopped && after.status != PlanStatus::kNoPlan) {
      Add(p, "a closed programme reopened as " + std::string(PlanStatusName(after.status)));
    }
    if (up != nullptr) Add(p, Quote(up->subject) + " moved up in a closed programme");
    if (!after.schedule.empty()) Add(p, "a closed programme has sessions scheduled");
    return;
  }
  if (log.reported_symptoms.empty()) return;
  auto merged = MergeIntakeFields(before.intake, log.reported_symptoms);
  if (!merged.ok()) return;  // the engine must refuse the log; Step records that
  const ScreenResult screen = Screen(*merged, content_.screening);
  if (screen.triage < Tier::kSameDay) return;
  stopped_ = true;
  const std::string& headline = content_.screening.advice(screen.triage).headline;
  if (after.status != PlanStatus::kStopped) {
    Add(Property::kRedFlagStops, std::string("a new ") + TierName(screen.triage) +
                                     " symptom was reported, yet the plan is " +
                                     PlanStatusName(after.status));
  }
  if (after.messages.empty() || after.messages.front() != headline) {
    Add(Property::kRedFlagStops,
        "the first message is not the screen's headline " + Quote(headline));
  }
  if (up != nullptr) {
    Add(Property::kRedFlagStops, Quote(up->subject) + " moved up despite a red flag");
  }
  if (!after.schedule.empty()) {
    Add(Property::kRedFlagStops, "sessions still scheduled after a red flag");
  }
}

void SafetyChecker::CheckWalkingOnly(const StateBefore* before, const PlanState& after) {
  if (!walking_only_ || stopped_) return;
  const bool was_active = before != nullptr && before->status == PlanStatus::kActive;
  if (after.status == PlanStatus::kActive && !was_active) {
    Add(Property::kWalkingOnlyHeld,
        "a walking-only plan became a full programme without a clinician");
  }
  if (const Reason* up = FirstProgress(after.decisions)) {
    Add(Property::kWalkingOnlyHeld,
        Quote(up->subject) + " moved up in a walking-only plan (" + up->reason + ")");
  }
  for (std::size_t i = 0; i < after.exercises.size(); ++i) {
    const Prescription& p = after.exercises[i];
    const bool allowed = p.id == content_.engine.progression.walking_exercise;  // walking only
    const bool changed = before == nullptr || SlotId(*before, i) != p.id;
    if (!allowed && !p.paused && changed) {
      Add(Property::kWalkingOnlyHeld, Quote(p.id) + " (" + CategoryName(p.category) + ", level " +
                                          std::to_string(p.level) + ") in a walking-only plan");
    }
  }
}

void SafetyChecker::CheckClosed(const PlanState& s) {
  if (s.status != PlanStatus::kStopped && s.status != PlanStatus::kNoPlan) return;
  // The words of the tiers that let a programme start contradict a closed
  // one, and so do the cautions for exercising.
  const ScreeningRules& rules = content_.screening;
  for (Tier open : {Tier::kRoutineReview, Tier::kSelfCare}) {
    for (const std::string* words : {&rules.advice(open).headline, &rules.advice(open).programme}) {
      if (std::find(s.messages.begin(), s.messages.end(), *words) != s.messages.end()) {
        Add(Property::kClosedSaysOnlyTheStop,
            std::string("a ") + PlanStatusName(s.status) + " plan says " + Quote(*words));
      }
    }
  }
  for (const auto& caution : s.cautions) {
    if (std::find(s.messages.begin(), s.messages.end(), caution) != s.messages.end()) {
      Add(Property::kClosedSaysOnlyTheStop, std::string("a ") + PlanStatusName(s.status) +
                                                " plan gives the caution " + Quote(caution));
    }
  }
  if (s.status != PlanStatus::kStopped) return;
  for (const auto& p : s.exercises) {
    if (!p.paused || !p.stopped) {
      Add(Property::kClosedSaysOnlyTheStop,
          Quote(p.id) + " is not shown as stopped in a stopped plan");
      break;
    }
  }
}

namespace {

// The highest level a first plan may start at, worked out afresh from the
// rules of docs/plan.md "Start low" (not taken from the engine).
int StartLevelOf(const PlanState& plan, const PlanRules& r) {
  int level = r.start_level.at(ActivityLevelName(plan.request.activity_level));
  if (plan.request.intake.pain_now >= r.high_pain_at_least) level = std::min(level, 1);
  if (plan.phase == Phase::kAcute) level = std::min(level, r.acute_max_level);
  if (plan.presentation == Presentation::kRadicular || plan.graded_activity) {
    level = std::min(level, 1);
  }
  return level;
}

}  // namespace

void SafetyChecker::CheckFirstWeek(const PlanState& plan) {
  // Intervals may be held for later, never above the start level and never
  // laid out in a first plan's week.
  const int start = StartLevelOf(plan, content_.engine.plan);
  for (const auto& p : plan.exercises) {
    if (p.category == Category::kIntervals && p.level > start) {
      Add(Property::kNoIntervalsFirstPlan, Quote(p.id) + " (intervals) is at level " +
                                               std::to_string(p.level) +
                                               ", above the start level " + std::to_string(start));
    }
  }
  for (const auto& day : plan.schedule) {
    for (const auto& id : day.exercises) {
      const Prescription* p = plan.Find(id);
      if (p != nullptr && p->category == Category::kIntervals) {
        Add(Property::kNoIntervalsFirstPlan,
            Quote(id) + " (intervals) is on " + day.date.ToString() + " of a first plan");
      }
    }
  }
  if (plan.status != PlanStatus::kActive && plan.status != PlanStatus::kWalkingOnly) return;
  std::vector<Category> kinds;
  for (const auto& p : plan.exercises) {
    // Intervals wait for a base of easy aerobic work: not in the first week.
    if (!p.paused && p.category != Category::kIntervals &&
        std::find(kinds.begin(), kinds.end(), p.category) == kinds.end()) {
      kinds.push_back(p.category);
    }
  }
  for (const auto& day : plan.schedule) {
    for (const auto& id : day.exercises) {
      const Prescription* p = plan.Find(id);
      if (p == nullptr || (p->category == Category::kAerobic && day.aerobic_minutes == 0)) {
        continue;
      }
      std::erase(kinds, p->category);
    }
  }
  for (Category c : kinds) {
    Add(Property::kEveryKindEveryWeek,
        std::string(CategoryName(c)) + " work is in the plan but not in its first week (" +
            std::to_string(plan.request.minutes_per_day) + " minutes, " +
            std::to_string(plan.request.days_per_week) + " days)");
  }
  for (const auto& day : plan.schedule) {
    if (day.minutes > plan.request.minutes_per_day) {
      Add(Property::kFirstPlanWithinTime,
          day.date.ToString() + " holds " + std::to_string(day.minutes) + " minutes, over the " +
              std::to_string(plan.request.minutes_per_day) + " the person has");
      break;
    }
  }
}

// ---- Properties (h) to (p): steering by pain, findings, the week ----------

namespace {

// A decision that lowers the exercise, or says it is already at its lowest.
bool SteppedDown(const std::vector<Reason>& decisions, std::string_view id) {
  return std::any_of(decisions.begin(), decisions.end(), [&](const Reason& d) {
    return SameText(d.subject, id) &&
           (SameText(d.decision, "regress"sv) || SameText(d.decision, "replace"sv) ||
            SameText(d.decision, "pause"sv) ||
            (SameText(d.decision, "hold"sv) && d.reason.find("gentlest") != std::string::npos));
  });
}

bool PlanDecision(const std::vector<Reason>& decisions, std::string_view decision) {
  return std::any_of(decisions.begin(), decisions.end(), [&](const Reason& d) {
    return SameText(d.subject, "plan"sv) && SameText(d.decision, decision);
  });
}

// The days of the week's pattern (i * 7 / days_per_week for each session i)
// as bits 0-6, worked out once for the days a check looks through.
unsigned Pattern(int days_per_week) {
  // A table for the usual 0 to 7 days: the checks ask on every step.
  static constexpr std::array<unsigned, 8> kTable = [] {
    std::array<unsigned, 8> table{};
    for (int n = 1; n < 8; ++n) {
      for (int i = 0; i < n; ++i) table[static_cast<std::size_t>(n)] |= 1u << (i * 7 / n);
    }
    return table;
  }();
  if (days_per_week >= 0 && days_per_week < 8) {
    return kTable[static_cast<std::size_t>(days_per_week)];
  }
  unsigned days = 0;
  for (int i = 0; i < days_per_week; ++i) days |= 1u << (i * 7 / days_per_week);
  return days;
}

bool OnPattern(int day_index, unsigned pattern) { return (pattern >> (day_index % 7) & 1u) != 0; }

bool WalksDaily(const PlanState& s) {
  return s.phase == Phase::kAcute || s.status == PlanStatus::kWalkingOnly;
}

}  // namespace

void SafetyChecker::PlanChanged(const StateBefore& before, const PlanState& after) {
  // Slots follow their exercise by id; one no longer in the plan is dropped.
  std::vector<std::pair<std::size_t, Date>> moved;
  for (const auto& [slot, date] : sharp_slots_) {
    const std::string_view id = SlotId(before, slot);
    for (std::size_t i = 0; i < after.exercises.size(); ++i) {
      if (after.exercises[i].id == id) moved.emplace_back(i, date);
    }
  }
  sharp_slots_ = std::move(moved);
  // The engine starts the week's minute cap again only from a re-made plan
  // (re-shaped, or the exercises put aside by walking-only days given back).
  // A clearance that leaves the plan as it is keeps the week's first minutes:
  // counting from the minutes at the clearance would take a flare-up's step
  // down (10 to 9) as the week's start and see 9, 10, 11 as too fast, when
  // the week grew 10%.
  const bool remade =
      PlanDecision(after.decisions, "reshape"sv) || PlanDecision(after.decisions, "resume"sv);
  std::vector<int> minutes(after.exercises.size(), 0);
  for (std::size_t i = 0; i < after.exercises.size(); ++i) {
    minutes[i] = after.exercises[i].dose.minutes;
    if (remade) continue;
    for (std::size_t b = 0; b < before.exercise_ids.size() && b < week_minutes_.size(); ++b) {
      if (before.exercise_ids[b] == after.exercises[i].id) minutes[i] = week_minutes_[b];
    }
  }
  week_minutes_ = std::move(minutes);
}

void SafetyChecker::CheckSteering(const StateBefore& before, const SessionLog& log,
                                  const PlanState& after, bool check_in) {
  const ProgressionRules& r = content_.engine.progression;
  const bool changed_shape =
      PlanDecision(after.decisions, "stop"sv) || PlanDecision(after.decisions, "reshape"sv);
  const bool open_before =
      before.status == PlanStatus::kActive || before.status == PlanStatus::kWalkingOnly;
  // (h) red pain during: that exercise steps down.
  if (!check_in && open_before && !changed_shape) {
    for (const auto& e : log.exercises) {
      if (!e.done || e.sharp_pain || e.symptoms_down_leg || e.pain_during <= r.amber_max) continue;
      if (std::find(before.exercise_ids.begin(), before.exercise_ids.end(), e.id) ==
          before.exercise_ids.end()) {
        continue;
      }
      // A step down may switch the slot to another exercise, named in the decision.
      bool stepped = SteppedDown(after.decisions, e.id);
      for (std::size_t i = 0; i < before.exercise_ids.size() && !stepped; ++i) {
        if (before.exercise_ids[i] == e.id)
          stepped = SteppedDown(after.decisions, SlotId(after, i));
      }
      if (!stepped) {
        Add(Property::kRedSteppedDown, Quote(e.id) + " hurt " + std::to_string(e.pain_during) +
                                           "/10 during, yet it was not stepped down");
      }
    }
  }
  // (i) next morning well above baseline: volume down one step.
  const bool morning_red =
      log.pain_next_morning &&
      *log.pain_next_morning >= after.baseline_pain + r.next_morning_red_above_baseline;
  const bool engine_steers = check_in ? before.status == PlanStatus::kActive : open_before;
  if (morning_red && engine_steers && !changed_shape) {
    for (const auto& d : after.decisions) {
      if (SameText(d.subject, "plan"sv)) continue;
      const bool done_today = check_in || std::any_of(log.exercises.begin(), log.exercises.end(),
                                                      [&](const ExerciseLog& e) {
                                                        return e.done && e.id == d.subject;
                                                      });
      if (done_today && !SteppedDown(after.decisions, d.subject)) {
        Add(Property::kMorningRedReduced,
            "the next morning was " + std::to_string(*log.pain_next_morning) +
                "/10 against a baseline of " + std::to_string(after.baseline_pain) + ", yet " +
                Quote(d.subject) + " was " + d.decision + " (" + d.rule + ")");
        break;
      }
    }
  }
  CheckFindings(before, log, after);
  // (k) adherence: a progression for good sessions needs most sessions done.
  const Date start = after.request.start_date;
  for (const auto& d : after.decisions) {
    if (!SameText(d.decision, "progress"sv) ||
        !SameText(d.rule, "progression.green_sessions_to_progress"sv)) {
      continue;
    }
    Date from = log.date.Plus(1 - r.adherence_window_days);
    if (from < start) from = start;
    int scheduled = 0;
    const unsigned pattern = Pattern(after.request.days_per_week);
    for (Date x = from; !(log.date < x); x = x.Plus(1)) {
      scheduled += OnPattern(std::max(0, x.DaysSince(start)), pattern);
    }
    int done = 1;
    for (const Date& x : logged_) done += !(x < from) && x < log.date ? 1 : 0;
    if (done * 100 < scheduled * r.min_adherence_percent) {
      Add(Property::kAdherenceGate, Quote(d.subject) + " moved up with " + std::to_string(done) +
                                        " of " + std::to_string(scheduled) +
                                        " scheduled sessions done");
    }
    break;
  }
  if (!changed_shape) CheckDoses(before, after);
  // (n) the aerobic base and the last session's pain, as the engine sees them
  // or more leniently.
  if (!check_in) {
    int pain = 0, done = 0;
    bool high = false;
    bool base = false;
    for (const auto& e : log.exercises) {
      if (!e.done) continue;
      pain += e.pain_during;
      ++done;
      high = high || e.sharp_pain || e.symptoms_down_leg || e.pain_during > r.amber_max;
      if (base || e.sharp_pain || e.symptoms_down_leg || e.pain_during > r.amber_max) continue;
      // Looked up only while it can still decide: one aerobic exercise makes the base.
      const Exercise* x = content_.catalogue.Find(e.id);
      base = x != nullptr && x->category == Category::kAerobic;
    }
    aerobic_base_ += base ? 1 : 0;
    last_session_high_ = high || (done > 0 && pain > r.intervals_max_pain * done);
  }
  // Only a plan that holds intervals can lay them out: its days are looked
  // through only then (most plans hold none, and this runs on every step).
  // An id on a day is intervals when the plan's prescription of that id
  // (the first, as after.Find would give) is: those ids are gathered once
  // (a plan holds one or two) rather than the plan searched for every id.
  std::array<std::string_view, 4> interval_ids;
  std::size_t interval_count = 0;
  bool many_intervals = false;  // more than fit: search the plan as before
  for (std::size_t i = 0; i < after.exercises.size(); ++i) {
    const Prescription& p = after.exercises[i];
    if (p.category != Category::kIntervals) continue;
    const bool first = std::none_of(after.exercises.begin(),
                                    after.exercises.begin() + static_cast<std::ptrdiff_t>(i),
                                    [&](const Prescription& q) { return SameText(q.id, p.id); });
    if (!first) continue;
    if (interval_count == interval_ids.size()) {
      many_intervals = true;
      break;
    }
    interval_ids[interval_count++] = p.id;
  }
  const auto is_intervals = [&](const std::string& id) {
    if (many_intervals) {
      const Prescription* p = after.Find(id);
      return p != nullptr && p->category == Category::kIntervals;
    }
    return std::any_of(interval_ids.begin(), interval_ids.begin() + interval_count,
                       [&](std::string_view x) { return SameText(x, id); });
  };
  const bool holds_intervals = interval_count > 0;
  for (const auto& day : after.schedule) {
    if (!holds_intervals) break;
    const bool intervals = std::any_of(day.exercises.begin(), day.exercises.end(), is_intervals);
    if (!intervals) continue;
    if (aerobic_base_ < r.intervals_after_base_sessions || last_session_high_) {
      Add(Property::kIntervalsAfterBase,
          "intervals on " + day.date.ToString() + " after " + std::to_string(aerobic_base_) +
              " easy aerobic sessions" +
              (last_session_high_ ? ", with pain high last session" : ""));
    }
    break;
  }
  if (!check_in) {
    logged_.push_back(log.date);
    if (logged_.size() > 28) logged_.erase(logged_.begin());
  }
  CheckWeek(after);
}

// A red flag in a log that stopped the programme stays open as a finding
// until someone who has seen the person clears it.
void SafetyChecker::CheckStopHeldOpen(const StateBefore& before, const ScreenResult& screen,
                                      const PlanState& after) {
  // A plan that did not stop is red_flag_stops' to report, once.
  if (after.status != PlanStatus::kStopped) return;
  for (const auto* rule : screen.flags) {
    const bool fresh =
        std::find(before.flags.begin(), before.flags.end(), rule->id) == before.flags.end();
    const bool open = std::any_of(after.open_findings.begin(), after.open_findings.end(),
                                  [&](const Finding& f) { return f.rule_id == rule->id; });
    if (fresh && !open) {
      Add(Property::kFindingHeld,
          "a new red flag (" + rule->id + ") stopped the programme, yet it is not held open");
    }
  }
}

void SafetyChecker::CheckFindings(const StateBefore& before, const SessionLog& log,
                                  const PlanState& after) {
  const bool open_before = before.status == PlanStatus::kActive ||
                           before.status == PlanStatus::kWalkingOnly ||
                           before.status == PlanStatus::kFlareUp;
  if (!log.reported_symptoms.empty() && open_before) {
    auto merged = MergeIntakeFields(before.intake, log.reported_symptoms);
    if (merged.ok()) {
      const ScreenResult screen = Screen(*merged, content_.screening);
      const bool walking_only = screen.triage == Tier::kWithinDays && !screen.programme_blocked;
      if (!screen.can_start_programme && !walking_only) {
        CheckStopHeldOpen(before, screen, after);
      } else if (screen.triage < Tier::kSameDay && !screen.programme_blocked) {
        for (const auto* rule : screen.flags) {
          const bool fresh =
              std::find(before.flags.begin(), before.flags.end(), rule->id) == before.flags.end();
          if (!fresh || rule->tier < Tier::kRoutineReview) continue;
          const bool open = std::any_of(after.open_findings.begin(), after.open_findings.end(),
                                        [&](const Finding& f) { return f.rule_id == rule->id; });
          if (!open) {
            Add(Property::kFindingHeld, "a new finding (" + rule->id +
                                            ") was reported, yet it is not held open for review");
          }
        }
        if (screen.presentation == Presentation::kRadicular) {
          for (const auto& p : after.exercises) {
            if (p.category == Category::kIntervals && !p.paused) {
              Add(Property::kFindingHeld,
                  "new radicular symptoms, yet " + Quote(p.id) + " (intervals) stays in the plan");
              break;
            }
          }
        }
        if (screen.triage == Tier::kWithinDays && after.status != PlanStatus::kWalkingOnly &&
            after.status != PlanStatus::kFlareUp) {
          Add(Property::kWithinDaysWalking,
              std::string("a new within-days finding, yet the plan is ") +
                  PlanStatusName(after.status));
        }
      }
    }
  }
  if (!after.open_findings.empty()) {
    if (const Reason* up = FirstProgress(after.decisions)) {
      Add(Property::kFindingHeld, Quote(up->subject) + " moved up while finding " +
                                      after.open_findings.front().rule_id + " waits for review (" +
                                      up->rule + ")");
    }
  }
  // Never full rest: a walking-only plan keeps moving every day (its walk,
  // unless sharp pain paused it).
  if (after.status == PlanStatus::kWalkingOnly) {
    const bool moves = std::any_of(after.schedule.begin(), after.schedule.end(),
                                   [&](const auto& d) { return d.kind != "rest"sv; });
    if (!moves) Add(Property::kWithinDaysWalking, "a walking-only plan with nothing scheduled");
  }
}

void SafetyChecker::CheckDoses(const StateBefore& before, const PlanState& after) {
  const ProgressionRules& r = content_.engine.progression;
  const int week = std::max(0, when_.DaysSince(after.request.start_date)) / 7;
  if (week != week_) {
    week_ = week;
    week_minutes_.resize(before.doses.size());
    for (std::size_t i = 0; i < before.doses.size(); ++i)
      week_minutes_[i] = before.doses[i].minutes;
  }
  const std::size_t n = std::min(before.doses.size(), after.exercises.size());
  week_minutes_.resize(after.exercises.size(), 0);
  for (std::size_t i = 0; i < n; ++i) {
    const Dose& a = before.doses[i];
    const Dose& b = after.exercises[i].dose;
    const std::string& id = after.exercises[i].id;
    if (SameText(before.exercise_ids[i], id)) {
      const int changed = (a.sets != b.sets) + (a.reps != b.reps) +
                          (a.hold_seconds != b.hold_seconds) + (a.minutes != b.minutes);
      if (changed > 1) {
        Add(Property::kOneVariable, Quote(id) + " changed " + std::to_string(changed) +
                                        " variables of its dose in one step");
      }
      const int start = week_minutes_[i] > 0 ? week_minutes_[i] : a.minutes;
      const int cap =
          start + std::max(r.min_minutes_step, start * r.weekly_minutes_increase_percent / 100);
      if (b.minutes > a.minutes && b.minutes > cap) {
        Add(Property::kAerobicGrowth, Quote(id) + " grew to " + std::to_string(b.minutes) +
                                          " minutes in a week that started at " +
                                          std::to_string(start));
      }
    } else if (ProgressOf(after.decisions, id) != nullptr ||
               ProgressOf(after.decisions, before.exercise_ids[i]) != nullptr) {
      const bool more = (a.sets > 0 && b.sets > a.sets) || (a.reps > 0 && b.reps > a.reps) ||
                        (a.hold_seconds > 0 && b.hold_seconds > a.hold_seconds) ||
                        (a.minutes > 0 && b.minutes > a.minutes);
      if (more) {
        Add(Property::kOneVariable,
            Quote(before.exercise_ids[i]) + " moved up to " + Quote(id) + " and its dose rose too");
      }
      week_minutes_[i] = std::min(a.minutes, b.minutes);
    } else {
      week_minutes_[i] = b.minutes;
    }
  }
}

void SafetyChecker::CheckWeek(const PlanState& after) {
  if (after.status != PlanStatus::kActive && after.status != PlanStatus::kWalkingOnly) return;
  if (after.schedule.empty()) return;
  const Date start = after.request.start_date;
  const int n = after.request.days_per_week;
  const int budget = after.request.minutes_per_day;
  const PlanRules& pr = content_.engine.plan;
  const bool daily = WalksDaily(after);
  const int limit = daily ? std::max(budget, pr.acute_walk_minutes * pr.acute_walk_bouts +
                                                 content_.engine.progression.min_session_minutes)
                          : budget;
  const Date first = after.schedule.front().date;
  const unsigned pattern = Pattern(n);
  int week = -1, count = 0;
  for (const auto& day : after.schedule) {
    // Daily walks may keep the guideline's minimum when the session leaves
    // less; beyond that they take only what is left.
    // (A single exercise longer than the whole day is the schedule's to trim,
    // not aerobic growth: the aerobic work must fit in what the session leaves.)
    const int session_part = day.minutes - day.aerobic_minutes;
    const int floor = daily ? pr.acute_walk_minutes * pr.acute_walk_bouts : 0;
    const bool walks_fit = day.aerobic_minutes <= std::max(floor, budget - session_part);
    if (day.minutes > limit && !walks_fit) {
      Add(Property::kAerobicGrowth, day.date.ToString() + " holds " + std::to_string(day.minutes) +
                                        " minutes, over the " + std::to_string(budget) +
                                        " a day the person has");
      break;
    }
  }
  for (const auto& day : after.schedule) {
    const int index = std::max(0, day.date.DaysSince(start));
    if (index / 7 != week) {
      week = index / 7;
      count = 0;
      if (!daily) {
        // Days of this week of the programme (the first week also takes any
        // day before the start), compared as dates rather than divided.
        const Date week_begin = start.Plus(7 * week);
        const Date week_end = start.Plus(7 * week + 7);
        for (const Date& x : logged_) {
          count += x < first && x < week_end && (week == 0 || !(x < week_begin)) ? 1 : 0;
        }
      }
    }
    if (!SameText(day.kind, "session"sv)) continue;
    ++count;
    if (!OnPattern(index, pattern)) {
      Add(Property::kRestDaysKept, day.date.ToString() +
                                       " is a rest day of the week's pattern, "
                                       "yet holds a session");
      return;
    }
    if (count > n) {
      Add(Property::kRestDaysKept, "week " + std::to_string(week + 1) + " holds " +
                                       std::to_string(count) + " sessions, more than the " +
                                       std::to_string(n) + " chosen");
      return;
    }
  }
}

// ---- SimulationReport -----------------------------------------------------

long long SimulationReport::TotalViolations() const {
  long long total = 0;
  for (const auto& t : violations) total += t.count;
  return total;
}

namespace {

double Mean(long long sum, long long count) {
  return count == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(count);
}

template <typename T, std::size_t N>
void AddAll(std::array<T, N>& into, const std::array<T, N>& from) {
  for (std::size_t i = 0; i < N; ++i) into[i] += from[i];
}

}  // namespace

double SimulationReport::MeanStartLevel(Category c) const {
  const auto i = static_cast<std::size_t>(c);
  return Mean(start_level_sum[i], start_level_count[i]);
}

double SimulationReport::MeanFinalLevel(Category c) const {
  const auto i = static_cast<std::size_t>(c);
  return Mean(final_level_sum[i], final_level_count[i]);
}

void SimulationReport::Merge(const SimulationReport& later) {
  people += later.people;
  AddAll(by_response, later.by_response);
  AddAll(first_status, later.first_status);
  AddAll(final_status, later.final_status);
  sessions_logged += later.sessions_logged;
  check_ins += later.check_ins;
  sessions_skipped += later.sessions_skipped;
  people_progressed += later.people_progressed;
  people_regressed += later.people_regressed;
  people_flared += later.people_flared;
  flare_ups += later.flare_ups;
  red_flags_reported += later.red_flags_reported;
  stopped_by_red_flag += later.stopped_by_red_flag;
  AddAll(start_level_sum, later.start_level_sum);
  AddAll(start_level_count, later.start_level_count);
  AddAll(final_level_sum, later.final_level_sum);
  AddAll(final_level_count, later.final_level_count);
  for (std::size_t p = 0; p < violations.size(); ++p) {
    Tally& mine = violations[p];
    const Tally& theirs = later.violations[p];
    mine.count += theirs.count;
    mine.people += theirs.people;
    for (const auto& example : theirs.examples) {
      if (mine.examples.size() < kMaxExamples) mine.examples.push_back(example);
    }
  }
}

nlohmann::json SimulationReportToJson(const SimulationReport& r) {
  using json = nlohmann::json;
  auto share = [&](long long n) { return r.people == 0 ? 0.0 : static_cast<double>(n) / r.people; };
  json out = {{"people", r.people}, {"weeks", r.weeks}, {"seed", r.seed}};
  json responses = json::object();
  for (int i = 0; i < kResponseCount; ++i) {
    responses[ResponseName(static_cast<Response>(i))] = r.by_response[static_cast<std::size_t>(i)];
  }
  out["by_response"] = responses;
  json first = json::object(), final_status = json::object();
  for (int i = 0; i < SimulationReport::kStatusCount; ++i) {
    const char* name = PlanStatusName(static_cast<PlanStatus>(i));
    first[name] = r.first_status[static_cast<std::size_t>(i)];
    final_status[name] = r.final_status[static_cast<std::size_t>(i)];
  }
  out["first_status"] = first;
  out["final_status"] = final_status;
  out["sessions_logged"] = r.sessions_logged;
  out["check_ins"] = r.check_ins;
  out["sessions_skipped"] = r.sessions_skipped;
  out["progressed"] = {{"people", r.people_progressed}, {"share", share(r.people_progressed)}};
  out["regressed"] = {{"people", r.people_regressed}, {"share", share(r.people_regressed)}};
  out["flare_ups"] = {
      {"count", r.flare_ups}, {"people", r.people_flared}, {"share", share(r.people_flared)}};
  out["red_flags_reported"] = r.red_flags_reported;
  out["stopped_by_red_flag"] = r.stopped_by_red_flag;
  json levels = json::object();
  for (int i = 0; i < SimulationReport::kCategoryCount; ++i) {
    const auto c = static_cast<Category>(i);
    levels[CategoryName(c)] = {{"start", r.MeanStartLevel(c)}, {"final", r.MeanFinalLevel(c)}};
  }
  out["mean_level"] = levels;
  json properties = json::object();
  for (int i = 0; i < kPropertyCount; ++i) {
    const auto& t = r.violations[static_cast<std::size_t>(i)];
    properties[PropertyName(static_cast<Property>(i))] = {
        {"violations", t.count}, {"people", t.people}, {"examples", t.examples}};
  }
  out["properties"] = properties;
  out["ok"] = r.ok();
  return out;
}

}  // namespace backcoach
