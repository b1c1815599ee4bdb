// Training speed: one 100-epoch run of the default network, and the whole
// fish_compare experiment. bench/torch_train.py trains the same network on
// the same rows for comparison; bench/compare_torch.sh runs both.
//
//   build/bin/bench_training [--benchmark_filter=...]
//
// SHOAL_BENCH_DATA names another feature CSV to train on.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "shoal/config.hpp"
#include "shoal/csv.hpp"
#include "shoal/experiment.hpp"
#include "shoal/model.hpp"
#include "shoal/trainer.hpp"

namespace {

std::string source_path(const std::string& relative) {
  return std::string(SHOAL_SOURCE_DIR) + "/" + relative;
}

/// The bundled features, standardised, every row with weight 1: what the
/// PyTorch script trains on too.
const shoal::Dataset& training_rows() {
  static const shoal::Dataset rows = [] {
    const char* override_path = std::getenv("SHOAL_BENCH_DATA");
    shoal::Dataset data = shoal::read_feature_csv(
        override_path ? override_path
                      : source_path("data/fish_sim_features.csv"));
    shoal::Scaler::fit(data).apply(data);
    return data;
  }();
  return rows;
}

void BM_Train100Epochs(benchmark::State& state) {
  const shoal::Dataset& data = training_rows();
  shoal::TrainingOptions options;  // 16-8 ReLU, SGD 0.01, batch 256
  options.epochs = 100;
  for (auto _ : state) {
    auto trained = shoal::train_network(data, options);
    benchmark::DoNotOptimize(trained.network.layers.data());
  }
  state.counters["rows"] = static_cast<double>(data.rows());
  state.counters["row_epochs_per_s"] = benchmark::Counter(
      static_cast<double>(data.rows() * options.epochs),
      benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Train100Epochs)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FishCompare(benchmark::State& state) {
  auto jobs = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    auto config = shoal::load_config(source_path("configs/fish_compare.yaml"));
    auto data = shoal::read_feature_csv(config.data_path, config.csv);
    auto result = shoal::run_experiment(config, data,
                                        shoal::plan_runs(config), jobs);
    benchmark::DoNotOptimize(result.runs.data());
  }
}
BENCHMARK(BM_FishCompare)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
