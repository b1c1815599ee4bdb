#pragma once
/// Running an experiment: every strategy of a config, trained and scored on
/// the same splits, each run an independent job.

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

  bool operator==(const RunSpec& o) const {
    return strategy == o.strategy && repeat == o.repeat && fold == o.fold;
  }
};

/// What one run produced. A run whose plugin failed carries the message in
/// `error` and no metrics; the other runs are unaffected.
struct RunResult {
  RunSpec spec;
  std::string strategy;  ///< the strategy's label
  std::string error;
  bool bad_input = false;                  ///< the error was an InputError
  std::vector<std::size_t> counts_before;  ///< training rows per class
  std::vector<std::size_t> counts_after;   ///< after the strategy
  /// Training rows held back to tune the threshold (0 when it is fixed);
  /// they are not in counts_before and the strategy never sees them.
  std::size_t validation_rows = 0;
  /// What the tuned threshold reached on those rows (0 when it is fixed).
  double validation_recall = 0;
  double validation_specificity = 0;
  Metrics metrics;
  Confusion confusion;
  std::vector<EpochRecord> history;
  std::vector<int> truth;      ///< test labels
  std::vector<double> scores;  ///< test minority scores
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

/// The list of runs a config asks for, in a fixed order: by strategy, then
/// repeat, then fold. "holdout" has fold 0 only; "cv" has
/// evaluation.folds folds per repeat.
std::vector<RunSpec> plan_runs(const ExperimentConfig& config);

/// Slice `index` (1-based) of `count` of a plan, for `--shard index/count`:
/// every count-th run starting at index - 1, so each slice gets a share of
/// every strategy. Throws InputError unless 1 <= index <= count.
std::vector<RunSpec> shard_plan(const std::vector<RunSpec>& plan,
                                std::size_t index, std::size_t count);

/// Runs `plan` (or a slice of it) on `jobs` threads. Results do not depend
/// on `jobs`. Throws InputError for problems found before training (a
/// missing plugin, bad parameters).
ExperimentResult run_experiment(const ExperimentConfig& config,
                                const Dataset& data,
                                const std::vector<RunSpec>& plan,
                                std::size_t jobs,
                                const ProgressFn& progress = {});

/// One run as JSON with everything needed to rebuild it (metrics,
/// confusion, history, test labels and scores, the model), for the partial
/// results of a shard. `with_test_set` keeps the model's copy of the test
/// rows, which only the saved models need.
nlohmann::json run_to_json(const RunResult& run, bool with_test_set);

/// The inverse of run_to_json; throws InputError naming `source` and the
/// field when the JSON is not a run.
RunResult run_from_json(const nlohmann::json& j, const std::string& source);

/// Puts the runs of several shards back in the order of `plan`. Throws
/// InputError naming the first run of the plan that no shard has, or a run
/// that two shards both have.
ExperimentResult merge_results(const std::vector<RunSpec>& plan,
                               const std::vector<ExperimentResult>& parts);

/// results.json content (no timings, so byte-identical across runs).
nlohmann::json results_to_json(const ExperimentConfig& config,
                               const Dataset& data,
                               const ExperimentResult& result);

}  // namespace shoal
