#pragma once
/// Turning the runs of an experiment into a verdict: per-strategy summaries
/// of every metric with a 95% interval, curves averaged over runs, paired
/// tests between strategies on the primary metric, and a plain-language
/// conclusion.

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shoal/config.hpp"
#include "shoal/dataset.hpp"
#include "shoal/experiment.hpp"
#include "shoal/metrics.hpp"
#include "shoal/statistics.hpp"

namespace shoal {

/// A curve over runs: at each x, the mean of y and a band around it.
struct BandCurve {
  std::vector<double> x;
  std::vector<double> mean;
  std::vector<double> low;
  std::vector<double> high;
};

/// Everything reported about one strategy, over its finished runs.
struct StrategyAggregate {
  std::string name;
  std::size_t runs = 0;    ///< finished runs
  std::size_t failed = 0;  ///< runs that ended in an error
  std::string first_error;
  /// Summary of each metric of metric_names(), keyed by name.
  std::map<std::string, Summary> metrics;
  /// The primary metric of each finished run, in plan order.
  std::vector<double> primary;
  /// Test-set confusion counts summed over the finished runs.
  Confusion confusion;
  /// Training loss and accuracy per epoch: mean +/- one sd over runs.
  BandCurve loss;
  BandCurve accuracy;
  /// ROC curve (true-positive rate at fixed false-positive rates) and
  /// precision-recall curve (interpolated precision at fixed recalls),
  /// averaged vertically over runs: mean +/- one sd.
  BandCurve roc;
  BandCurve pr;
};

/// Strategy `first` against strategy `second` on the primary metric,
/// paired run by run (same repeat and fold), differences first - second.
struct PairComparison {
  std::string first;
  std::string second;
  PairedTest corrected_t;  ///< the reported test
  PairedTest wilcoxon;     ///< a rank-based second opinion
};

/// The verdict of an experiment.
struct Comparison {
  std::string primary_metric;
  std::string design;  ///< e.g. "5-fold cross-validation x 10 repeats"
  /// Mean over runs of test rows / training rows, for the corrected test.
  double test_train_ratio = 0;
  std::vector<StrategyAggregate> strategies;  ///< in config order
  std::vector<PairComparison> pairs;          ///< every pair, config order
  std::string conclusion;
};

/// Summarises `result`. Failed runs are counted and left out of every
/// figure; a pair of strategies is compared on the runs both finished.
/// Throws InputError when evaluation.primary_metric is not a metric name.
Comparison compare_strategies(const ExperimentConfig& config,
                              const Dataset& data,
                              const ExperimentResult& result);

/// The best strategy on the primary metric and whether its lead over the
/// runner-up stands out from the run-to-run noise (p < 0.05 on the
/// corrected resampled t-test), in two or three sentences.
std::string write_conclusion(const Comparison& comparison);

/// The aggregates and tests for results.json (curves left out).
nlohmann::json comparison_to_json(const Comparison& comparison);

}  // namespace shoal
