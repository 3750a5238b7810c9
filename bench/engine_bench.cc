// Benchmarks of the exercise engine: the screen, plan generation, one
// progression step, the plan state written as JSON, and one virtual
// person's twelve weeks.
//
//   cmake -S . -B build-rel -G Ninja -DCMAKE_BUILD_TYPE=Release
//   ninja -C build-rel engine_bench && build-rel/engine_bench
//
// Figures and the machine they were taken on: docs/performance.md.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/content_files.h"
#include "core/plan.h"
#include "core/plan_json.h"
#include "core/plan_state_text.h"
#include "core/progression.h"
#include "core/screening.h"
#include "core/simulation.h"

namespace backcoach {
namespace {

const Content& Shipped() {
  static const Content* content = [] {
    auto loaded = cli::LoadContentDir(BACKCOACH_SOURCE_DIR "/content");
    if (!loaded.ok()) {
      std::cerr << loaded.status().message() << "\n";
      std::exit(1);
    }
    return new Content(std::move(loaded).value());
  }();
  return *content;
}

Intake Calm() {
  Intake in;
  in.age = 45;
  in.pain_duration_weeks = 30;
  in.pain_now = 4;
  return in;
}

// Representative requests: chronic and localized with some equipment;
// acute; radicular with a caution; and a gym member who likes several
// activities (the widest choice).
PlanRequest Request(int which) {
  PlanRequest r;
  r.intake = Calm();
  r.minutes_per_day = 25;
  r.days_per_week = 5;
  r.equipment = {"mat", "resistance_band"};
  r.likes = {"walking"};
  r.fear_of_movement = FearLevel::kLow;
  r.start_date = Date::FromCivil(2026, 11, 23);
  switch (which) {
    case 1:
      r.intake.pain_duration_weeks = 0.3;
      r.intake.pain_now = 7;
      r.intake.pain_trend = PainTrend::kImproving;
      r.activity_level = ActivityLevel::kActive;
      break;
    case 2:
      r.intake.pain_duration_weeks = 6;
      r.intake.leg_symptoms = LegSymptoms::kBelowKnee;
      r.intake.leg_symptom_sides = LegSides::kOne;
      r.intake.leg_numbness_or_tingling = true;
      r.days_per_week = 3;
      break;
    case 3:
      r.equipment = {"gym", "pool"};
      r.likes = {"cycling", "yoga", "strength", "swimming"};
      r.activity_level = ActivityLevel::kActive;
      r.minutes_per_day = 60;
      break;
    default: break;
  }
  return r;
}

const char* const kRequestNames[] = {"chronic_localized", "acute", "radicular", "gym_many_likes"};

void BM_Screen(benchmark::State& state) {
  const Content& content = Shipped();
  const Intake intake = Request(static_cast<int>(state.range(0))).intake;
  for (auto _ : state) benchmark::DoNotOptimize(Screen(intake, content.screening));
  state.SetLabel(kRequestNames[state.range(0)]);
}
BENCHMARK(BM_Screen)->DenseRange(0, 3);

void BM_MakePlan(benchmark::State& state) {
  const Content& content = Shipped();
  const PlanRequest request = Request(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(MakePlan(request, content));
  state.SetLabel(kRequestNames[state.range(0)]);
}
BENCHMARK(BM_MakePlan)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

// Plan generation over the simulation's mix of people (refused intakes
// included), one request after another.
void BM_MakePlanMix(benchmark::State& state) {
  const Content& content = Shipped();
  std::vector<PlanRequest> requests;
  for (long long i = 0; i < 1000; ++i) {
    requests.push_back(MakeVirtualPerson(1, i, 12, content).request);
  }
  std::size_t next = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(MakePlan(requests[next], content));
    next = (next + 1) % requests.size();
  }
}
BENCHMARK(BM_MakePlanMix)->Unit(benchmark::kMicrosecond);

// A log of every exercise scheduled on the state's next session day.
SessionLog NextSession(const PlanState& s, int pain) {
  SessionLog log;
  for (const auto& day : s.schedule) {
    if (day.kind == "rest") continue;
    log.date = day.date;
    for (const auto& id : day.exercises) {
      ExerciseLog e;
      e.id = id;
      e.pain_during = pain;
      log.exercises.push_back(e);
    }
    break;
  }
  log.pain_after = pain;
  log.pain_next_morning = 1;
  log.effort = 5;
  return log;
}

// A state three weeks in: some exercises have moved up, the day records
// and rationale are filled, as for a typical person mid-programme.
PlanState MidProgramme(const Content& content) {
  PlanState s = *MakePlan(Request(0), content);
  for (int i = 0; i < 15; ++i) s = *Progress(s, NextSession(s, i % 4 == 3 ? 4 : 2), content);
  return s;
}

// Progress: the state passed in is copied, and the copy is changed.
void BM_ProgressStep(benchmark::State& state) {
  const Content& content = Shipped();
  const PlanState s = MidProgramme(content);
  const SessionLog log = NextSession(s, 2);
  for (auto _ : state) benchmark::DoNotOptimize(Progress(s, log, content));
}
BENCHMARK(BM_ProgressStep)->Unit(benchmark::kMicrosecond);

// The same step in place (ApplySessionLog), as the simulation takes it. The
// state is put back before each step with the timing paused; pausing and
// resuming cost about half a microsecond, part of which is counted.
void BM_ProgressStepInPlace(benchmark::State& state) {
  const Content& content = Shipped();
  const PlanState start = MidProgramme(content);
  const SessionLog log = NextSession(start, 2);
  PlanState s = start;
  for (auto _ : state) {
    state.PauseTiming();
    s = start;
    state.ResumeTiming();
    benchmark::DoNotOptimize(ApplySessionLog(s, log, content));
  }
}
BENCHMARK(BM_ProgressStepInPlace)->Unit(benchmark::kMicrosecond);

// What Progress pays on top of the step: copying (and freeing) the state.
void BM_CopyPlanState(benchmark::State& state) {
  const PlanState s = MidProgramme(Shipped());
  for (auto _ : state) {
    PlanState copy = s;
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_CopyPlanState)->Unit(benchmark::kMicrosecond);

// What a durable session log stores: the whole state as JSON text, by the
// tree (PlanStateToJson, then dump) and written directly (PlanStateText),
// the same bytes; the state three weeks in (about 10 KB of text).
void BM_PlanStateTree(benchmark::State& state) {
  const Content& content = Shipped();
  const PlanState s = MidProgramme(content);
  for (auto _ : state) benchmark::DoNotOptimize(PlanStateToJson(s, content).dump());
  state.counters["bytes"] = static_cast<double>(PlanStateToJson(s, content).dump().size());
}
BENCHMARK(BM_PlanStateTree)->Unit(benchmark::kMicrosecond);

void BM_PlanStateText(benchmark::State& state) {
  const Content& content = Shipped();
  const PlanState s = MidProgramme(content);
  if (PlanStateText(s, content) != PlanStateToJson(s, content).dump()) {
    state.SkipWithError("the text differs from the tree's dump");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(PlanStateText(s, content));
  state.counters["bytes"] = static_cast<double>(PlanStateText(s, content).size());
}
BENCHMARK(BM_PlanStateText)->Unit(benchmark::kMicrosecond);

// One virtual person through twelve weeks, safety checks included; the
// person index cycles so that the mix of people is the simulation's.
void BM_SimulatePerson(benchmark::State& state) {
  const Content& content = Shipped();
  const SimulationOptions options{1, 12, 1, 1};
  SimulationReport report;
  long long index = 0;
  for (auto _ : state) SimulatePerson(options, index++ % 1000, content, report);
  state.counters["steps_per_person"] = benchmark::Counter(
      static_cast<double>(report.sessions_logged + report.check_ins) / report.people);
}
BENCHMARK(BM_SimulatePerson)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace backcoach

BENCHMARK_MAIN();
