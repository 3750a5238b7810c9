// Benchmarks of the motion analysis: one frame of keypoints through the
// analyzer (the live coach's cost per frame), for a repetition exercise and a
// hold, on synthetic recordings with noise and dropouts.
//
//   cmake -S . -B build-rel -G Ninja -DCMAKE_BUILD_TYPE=Release
//   ninja -C build-rel motion_bench && build-rel/motion_bench
//
// Figures: docs/performance.md; the WebAssembly build's own figure is printed
// by tests/wasm/motion.test.mjs.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "cli/content_files.h"
#include "core/motion_analysis.h"
#include "testing/synthetic_motion.h"

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

PoseRecording Recording(const MotionDefinition& m) {
  testing::SyntheticRecorder rec(m, 30, {2.0, 0.05, 0.02, 80}, 1);
  for (int i = 0; i < 20; ++i) {
    rec.Move(m.keyframes[1], 1.5);
    rec.Hold(1);
    rec.Move(m.keyframes[0], 1.5);
  }
  return rec.Take();
}

void AnalyseFrames(benchmark::State& state, const char* exercise) {
  const MotionDefinition& m = *Shipped().motions.Find(exercise);
  const PoseRecording recording = Recording(m);
  for (auto _ : state) {
    MotionAnalyzer analyzer(m, recording.width, recording.height);
    for (const auto& frame : recording.frames) analyzer.Add(frame);
    benchmark::DoNotOptimize(analyzer.Result());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long>(recording.frames.size()));
}

void BM_AnalyseBridgeFrames(benchmark::State& state) { AnalyseFrames(state, "glute_bridge"); }
void BM_AnalysePlankFrames(benchmark::State& state) { AnalyseFrames(state, "forearm_plank"); }
BENCHMARK(BM_AnalyseBridgeFrames);
BENCHMARK(BM_AnalysePlankFrames);

}  // namespace
}  // namespace backcoach

BENCHMARK_MAIN();
