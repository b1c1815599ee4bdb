// Speed of feature extraction, in detections a second on one core: the
// trajr steps alone on tracks held in memory, and the whole of
// `shoal features` short of the disk (parse the tracks CSV text, filter,
// compute, format the rows). The tracks are the simulator's defaults, the
// same population as data/fish_sim_tracks.csv. Figures: docs/BENCHMARKS.md.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "shoal/simulator.hpp"
#include "shoal/trajectory.hpp"

namespace {

const std::vector<shoal::Track>& simulated_tracks() {
  static const std::vector<shoal::Track> tracks =
      shoal::simulate_tracks(shoal::SimulatorOptions{});
  return tracks;
}

std::int64_t detection_count(const std::vector<shoal::Track>& tracks) {
  std::int64_t n = 0;
  for (const auto& track : tracks) {
    n += static_cast<std::int64_t>(track.detections.size());
  }
  return n;
}

/// Features of every track with at least 4 detections (no 10-detection
/// filter, so short tracks and their per-track cost are included).
void FeaturesOfSimulatedTracks(benchmark::State& state) {
  const auto& tracks = simulated_tracks();
  shoal::FeatureExtractor extractor;
  std::int64_t detections = 0;
  for (const auto& track : tracks) {
    if (track.detections.size() >= shoal::kMinDetectionsForFeatures) {
      detections += static_cast<std::int64_t>(track.detections.size());
    }
  }
  for (auto _ : state) {
    for (const auto& track : tracks) {
      if (track.detections.size() < shoal::kMinDetectionsForFeatures) {
        continue;
      }
      auto features =
          extractor.compute(track.detections.data(), track.detections.size());
      benchmark::DoNotOptimize(features);
    }
  }
  state.SetItemsProcessed(state.iterations() * detections);
}
BENCHMARK(FeaturesOfSimulatedTracks)->Unit(benchmark::kMillisecond);

/// `shoal features` minus reading and writing the files.
void FeaturesFromTracksCsvText(benchmark::State& state) {
  const auto& tracks = simulated_tracks();
  const std::string text = shoal::format_tracks_csv(tracks);
  for (auto _ : state) {
    auto parsed = shoal::parse_tracks_csv(text, "bench.csv");
    std::string out =
        shoal::format_fish_features(shoal::extract_features(parsed));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * detection_count(tracks));
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(text.size()));
}
BENCHMARK(FeaturesFromTracksCsvText)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
