// Simulation: virtual people run through plan and progression, with the
// engine's safety properties checked on every step.
//
// Each virtual person is drawn from a seed: an intake (mostly self care or
// routine review, with a realistic share of red flags so that the no-plan
// path runs too), a context (activity level, minutes, days, equipment,
// likes, fear of movement) and a way of responding to exercise (responder,
// non-responder, flare-prone, skipper, sharp-prone, worsening leg
// symptoms); a few develop a red flag part-way. Day by day, the person does
// what the plan's schedule says, logs the pain their model gives, and the
// log goes through Progress. SafetyChecker looks at every step.
//
// Deterministic: a person's seed is a hash of the run's seed and the
// person's index, and the random generator is self-contained, so a report
// is the same on every platform and for any number of threads.
//
// Pure: no I/O and no clock. RunSimulation starts `threads` std::threads;
// Content is only read, so one Content may be shared.
#ifndef BACKCOACH_CORE_SIMULATION_H_
#define BACKCOACH_CORE_SIMULATION_H_

#include <array>
#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/content.h"
#include "core/plan.h"
#include "core/session_log.h"

namespace backcoach {

struct SimulationOptions {
  long long patients = 1000;  // virtual people, >= 0
  int weeks = 12;             // simulated weeks per person, 1-104
  std::uint64_t seed = 1;     // the same seed gives the same report
  int threads = 1;            // worker threads, >= 1; does not change the report
};

// The safety properties checked on every step.
enum class Property {
  kNoProgressAfterSharp,   // (a) sharp pain or leg symptoms: no progression next time
  kNeverExercise,          // (b) no "never" exercise; nothing the phase or pain rules out
  kFlareUpHandled,         // (c) a flare-up means minimum sessions and no progression
  kRedFlagStops,           // (d) a new red flag stops the programme, its headline first
  kNoPlanWhenUnsafe,       // (e) no plan for same-day, emergency or under-18 intakes
  kWalkingOnlyHeld,        // (f) a within-days plan stays walking only, nothing moves up
  kEngineAcceptsInput,     // (g) the engine accepts every well-formed request and log
  kRedSteppedDown,         // (h) red pain during: that exercise steps down at once
  kMorningRedReduced,      // (i) next morning well above baseline: volume reduced one step
  kFindingHeld,            // (j) a new finding re-screens, re-shapes, and holds until cleared
  kAdherenceGate,          // (k) progression only with most scheduled sessions done
  kOneVariable,            // (l) one variable at a time
  kAerobicGrowth,          // (m) minutes grow at most the weekly cap; no day over the budget
  kIntervalsAfterBase,     // (n) intervals only after the base, never while pain is high
  kWithinDaysWalking,      // (o) a within-days finding leaves walking, never full rest
  kRestDaysKept,           // (p) at most days_per_week sessions a week; rest days stay put
  kClosedSaysOnlyTheStop,  // (q) a stopped or refused plan says nothing that contradicts it
  kNoIntervalsFirstPlan,   // (r) no intervals in a first week, none above the start level
  kEveryKindEveryWeek,     // (s) every kind of work of a first plan is in its week
  kFirstPlanWithinTime,    // (t) no day of a first plan is over the person's minutes
};
constexpr int kPropertyCount = 20;
const char* PropertyName(Property p);         // "no_progress_after_sharp", ...
const char* PropertyDescription(Property p);  // one line, plain words

// How a virtual person's pain answers exercise.
enum class Response {
  kResponder,           // pain drifts down as sessions go by
  kNonResponder,        // pain stays where it is
  kFlareProne,          // occasional spikes lasting a few days, "bad day" taps
  kSkipper,             // misses most sessions
  kSharpProne,          // now and then one exercise hurts sharply
  kRadicularWorsening,  // now and then an exercise sends symptoms down the leg
};
constexpr int kResponseCount = 6;
const char* ResponseName(Response r);  // "responder", ...

// A virtual person as drawn from the seed.
struct VirtualPerson {
  PlanRequest request;
  Response response = Response::kResponder;
  int pain_tenths = 0;         // typical pain during exercise, 0-100
  int red_flag_day = -1;       // day (from the start) a red flag is reported, or -1
  std::string red_flag_field;  // the intake field reported true that day
  // A finding reported part-way that does not stop the programme (new leg
  // symptoms below the knee, night pain, weight loss), and the day a
  // clinician clears it; -1 when none.
  int finding_day = -1;
  int finding = -1;  // index into the simulation's list of findings
  int cleared_day = -1;
};

// Draws person `index` of a run with this seed. Deterministic.
VirtualPerson MakeVirtualPerson(std::uint64_t seed, long long index, int weeks,
                                const Content& content);

struct Violation {
  Property property = Property::kNoProgressAfterSharp;
  std::string what;  // "2026-02-03: 'bird_dog' was moved up (rule: reason), but ..."
};

// What SafetyChecker needs of the state before a step, so that a caller may
// change its one state in place (ApplySessionLog) instead of keeping a copy
// of the whole state for the checker.
struct StateBefore {
  PlanStatus status = PlanStatus::kNoPlan;
  std::vector<std::string> exercise_ids;  // by prescription slot
  std::vector<Dose> doses;                // by prescription slot
  std::vector<std::string> flags;
  Intake intake;

  // Takes these from `state`, reusing the storage of the previous snapshot.
  void Take(const PlanState& state);
};

// Checks the safety properties over one person's journey: first the plan,
// then every step (the state before, the log, the state after). Remembers
// what it needs across steps (sharp pain waiting for its next session, a
// stop). Not thread-safe; one checker per person.
class SafetyChecker {
 public:
  explicit SafetyChecker(const Content& content) : content_(content) {}

  // `plan` is what MakePlan made of `request`.
  void CheckPlan(const PlanRequest& request, const PlanState& plan);
  // `after` is what Progress made of `before` and `log`; a next-morning
  // check-in is passed as a log of that session with no exercises and only
  // `pain_next_morning`. Steps come in date order.
  void CheckStep(const PlanState& before, const SessionLog& log, const PlanState& after);
  // The same, given only what the checker needs of the state before.
  void CheckStep(const StateBefore& before, const SessionLog& log, const PlanState& after);
  // The plan may have changed outside a checked step (a clearance, which may
  // give back the exercises a within-days finding put aside): what the
  // checker remembers by slot follows the exercises by id. The week's minute
  // cap starts again from the plan's doses only when `after` was re-made (a
  // "reshape" or "resume" decision), as the engine's does.
  void PlanChanged(const StateBefore& before, const PlanState& after);
  // The engine refused a well-formed request or log on that day.
  void EngineError(Date when, const std::string& what);

  const std::vector<Violation>& violations() const { return violations_; }

 private:
  void CheckContents(const PlanState& s);
  // True when the exercise may be in this plan.
  bool CheckExercise(const std::string& id, Phase phase, bool in_pain);
  void CheckSharp(const StateBefore& before, const SessionLog& log, const PlanState& after);
  void CheckFlareUp(const StateBefore& before, const SessionLog& log, const PlanState& after);
  void CheckRedFlag(const StateBefore& before, const SessionLog& log, const PlanState& after);
  // `before` is null for the first plan.
  void CheckWalkingOnly(const StateBefore* before, const PlanState& after);
  // A stopped or refused plan: its messages and its exercises.
  void CheckClosed(const PlanState& s);
  // Intervals, kinds of work and minutes of a first plan.
  void CheckFirstWeek(const PlanState& plan);
  // Properties (h) to (p); `check_in` when the step was a next-morning
  // check-in.
  void CheckSteering(const StateBefore& before, const SessionLog& log, const PlanState& after,
                     bool check_in);
  void CheckFindings(const StateBefore& before, const SessionLog& log, const PlanState& after);
  void CheckStopHeldOpen(const StateBefore& before, const ScreenResult& screen,
                         const PlanState& after);
  void CheckDoses(const StateBefore& before, const PlanState& after);
  void CheckWeek(const PlanState& after);
  // Records a violation, prefixed with the day of the step being checked.
  void Add(Property p, const std::string& what);

  const Content& content_;
  std::vector<Violation> violations_;
  Date when_;                // the step being checked
  bool first_plan_ = false;  // ...or the first plan
  // Prescription slots (indexes into exercises) that hurt sharply and have
  // not been done since, with the date it happened.
  std::vector<std::pair<std::size_t, Date>> sharp_slots_;
  // Exercise ids already found allowed, for this phase and pain; and lists
  // of them (the plan's ids, a day's exercises) whose every id is among
  // them, so that a list seen before is not looked through again.
  std::vector<std::string> cleared_;
  std::vector<std::vector<std::string>> cleared_lists_;
  Phase cleared_phase_ = Phase::kAcute;
  bool cleared_in_pain_ = false;
  bool stopped_ = false;       // a red flag stopped the programme
  bool walking_only_ = false;  // the first plan was walking only
  // What the checker keeps of the journey for properties (k) to (p): the
  // days a session was logged (the last 28), the aerobic base, the last
  // session's pain, and each slot's minutes at the start of its week.
  std::vector<Date> logged_;
  int aerobic_base_ = 0;
  bool last_session_high_ = false;
  int week_ = -1;
  std::vector<int> week_minutes_;
};

// The figures of a run. Every field is a whole number so that reports merge
// exactly, whatever the split between threads.
struct SimulationReport {
  static constexpr std::size_t kMaxExamples = 5;  // per property
  static constexpr int kStatusCount = 5;          // PlanStatus values
  static constexpr int kCategoryCount = 6;        // Category values

  struct Tally {
    long long count = 0;                // violations
    long long people = 0;               // people with at least one
    std::vector<std::string> examples;  // "person 17: ...", lowest person first
    bool operator==(const Tally&) const = default;
  };

  long long people = 0;
  int weeks = 0;
  std::uint64_t seed = 0;
  std::array<long long, kResponseCount> by_response{};
  std::array<long long, kStatusCount> first_status{};  // by PlanStatus of the first plan
  std::array<long long, kStatusCount> final_status{};
  long long sessions_logged = 0;     // logs that went through Progress
  long long check_ins = 0;           // next-morning check-ins that went through CheckIn
  long long sessions_skipped = 0;    // scheduled days the person let go
  long long people_progressed = 0;   // at least one "progress" decision
  long long people_regressed = 0;    // at least one "regress" or "replace"
  long long people_flared = 0;       // at least one flare-up
  long long flare_ups = 0;           // flare-ups started
  long long red_flags_reported = 0;  // people who reported a red flag mid-way
  long long stopped_by_red_flag = 0;
  std::array<long long, kCategoryCount> start_level_sum{};  // over first plans
  std::array<long long, kCategoryCount> start_level_count{};
  std::array<long long, kCategoryCount> final_level_sum{};  // over final states
  std::array<long long, kCategoryCount> final_level_count{};
  std::array<Tally, kPropertyCount> violations{};

  long long TotalViolations() const;
  bool ok() const { return TotalViolations() == 0; }
  // Mean level per category; 0 when no exercise of it was prescribed.
  double MeanStartLevel(Category c) const;
  double MeanFinalLevel(Category c) const;
  // Adds the figures of people who come after this report's.
  void Merge(const SimulationReport& later);

  bool operator==(const SimulationReport&) const = default;
};

// Runs one person through the engine and adds them to `report`.
void SimulatePerson(const SimulationOptions& options, long long index, const Content& content,
                    SimulationReport& report);

// Runs options.patients people on options.threads threads. `progress`, when
// set, is called now and then with the number of people done so far (never
// decreasing), from the worker threads but never two at a time. Errors: out
// of range options.
Result<SimulationReport> RunSimulation(const SimulationOptions& options, const Content& content,
                                       const std::function<void(long long done)>& progress = {});

// The JSON form: options, figures, and violations per property with examples.
nlohmann::json SimulationReportToJson(const SimulationReport& report);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_SIMULATION_H_
