#pragma once
/// The files an experiment leaves in its output folder, written the same
/// way by `shoal run` and by `shoal merge` of shards, so both give the same
/// bytes.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "shoal/comparison.hpp"
#include "shoal/config.hpp"
#include "shoal/dataset.hpp"
#include "shoal/experiment.hpp"

namespace shoal {

/// One row per run: strategy, repeat, fold, row counts, threshold, every
/// metric of metric_names(), and the error of a failed run.
std::string runs_csv(const ExperimentConfig& config, const Dataset& data,
                     const ExperimentResult& result);

/// Training loss and accuracy of every run and epoch.
std::string history_csv(const ExperimentResult& result);

/// A strategy label made safe to use as a file name.
std::string file_stem(const std::string& label);

/// Writes results.json (with the comparison), runs.csv, history.csv,
/// report.html, and models/<strategy>.json (the model of the first repeat
/// and fold of each strategy) into `dir`, which must exist. Every file is
/// written atomically. No timings, so the same runs give the same bytes.
void write_outputs(const std::filesystem::path& dir,
                   const ExperimentConfig& config, const Dataset& data,
                   const ExperimentResult& result,
                   const Comparison& comparison);

/// What one shard of a run left behind: enough to rebuild its runs and to
/// check that every shard ran the same experiment.
struct Partial {
  std::filesystem::path config_path;   ///< absolute
  std::vector<std::string> overrides;  ///< the --set values
  std::string config_text;             ///< after overrides
  std::size_t shard = 1;               ///< i of --shard i/n
  std::size_t shards = 1;              ///< n
  std::size_t data_rows = 0;
  std::string data_fingerprint;  ///< Dataset::fingerprint() of the data
  ExperimentResult result;
};

/// Writes `dir`/partial.json.
void write_partial(const std::filesystem::path& dir, const Partial& partial);

/// Reads `dir`/partial.json; throws InputError naming the file when it is
/// missing or is not a shoal partial result.
Partial read_partial(const std::filesystem::path& dir);

}  // namespace shoal
