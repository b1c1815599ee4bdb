#pragma once
/// Running an experiment: every strategy of a config, trained and scored on
/// the same splits, each run an independent job.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shoal/config.hpp"
#include "shoal/dataset.hpp"
#include "shoal/metrics.hpp"
#include "shoal/model.hpp"
#include "shoal/trainer.hpp"

namespace shoal {

/// One training run: a strategy on one split (repeat) and, in
/// cross-validation, one fold.
struct RunSpec {
  std::size_t strategy = 0;  ///< index into config.strategies
  std::size_t repeat = 0;
  std::size_t fold = 0;
};

/// What one run produced. A run whose plugin failed carries the message in
/// `error` and no metrics; the other runs are unaffected.
struct RunResult {
  RunSpec spec;
  std::string strategy;  ///< the strategy's label
  std::string error;
  bool bad_input = false;  ///< the error was an InputError
  std::vector<std::size_t> counts_before;  ///< training rows per class
  std::vector<std::size_t> counts_after;   ///< after the strategy
  Metrics metrics;
  Confusion confusion;
  std::vector<EpochRecord> history;
  std::vector<int> truth;             ///< test labels
  std::vector<double> scores;         ///< test minority scores
  Model model;
  double seconds = 0;  ///< wall time; kept out of results.json
};

/// The whole experiment.
struct ExperimentResult {
  std::vector<RunSpec> plan;
  std::vector<RunResult> runs;  ///< in plan order
};

/// Called after each finished run with (done, total); from worker threads,
/// one call at a time.
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

/// The list of runs a config asks for, in a fixed order.
std::vector<RunSpec> plan_runs(const ExperimentConfig& config);

/// Runs `plan` (or a slice of it) on `jobs` threads. Results do not depend
/// on `jobs`. Throws InputError for problems found before training (a
/// missing plugin, bad parameters).
ExperimentResult run_experiment(const ExperimentConfig& config,
                                const Dataset& data,
                                const std::vector<RunSpec>& plan,
                                std::size_t jobs,
                                const ProgressFn& progress = {});

/// results.json content (no timings, so byte-identical across runs).
nlohmann::json results_to_json(const ExperimentConfig& config,
                               const Dataset& data,
                               const ExperimentResult& result);

}  // namespace shoal
