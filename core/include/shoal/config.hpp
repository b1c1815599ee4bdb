#pragma once
/// Experiment configs: the YAML file behind `shoal run`.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shoal/csv.hpp"
#include "shoal/trainer.hpp"

namespace shoal {

/// One entry of `strategies:`.
struct StrategySpec {
  std::string name;    ///< label in reports; defaults to the plugin name
  std::string plugin;  ///< plugin to load
  nlohmann::json params = nlohmann::json::object();
  std::uint64_t seed = 0;  ///< seed handed to the plugin
  /// Where the entry and each of its parameters stand in the config
  /// ("file:line:column: "), so that a plugin's complaint about a
  /// parameter can point at it. Empty for a spec not read from a file.
  std::string place;
  std::map<std::string, std::string> param_places;

  /// The place of parameter `key`, or of the entry when `key` is not in
  /// the config (a missing parameter, or one the plugin names itself).
  std::string place_of(const std::string& key) const;
};

struct SplitSpec {
  double test_fraction = 0.5;
  bool stratify = false;
  std::uint64_t seed = 42;
};

/// `evaluation:`: how runs are repeated and scored.
struct EvaluationSpec {
  std::string mode = "holdout";  ///< "holdout" or "cv"
  std::size_t repeats = 1;
  std::size_t folds = 5;
  std::string primary_metric = "balanced_accuracy";
};

/// `threshold:`: optional tuning of the decision threshold on an inner
/// validation split of the training rows.
struct ThresholdSpec {
  std::string mode = "fixed";  ///< "fixed", "maximise" or "recall"
  double value = 0.5;          ///< the threshold for "fixed"
  std::string metric = "balanced_accuracy";  ///< for "maximise"
  double target_recall = 0.9;                ///< for "recall"
  double validation_fraction = 0.25;
};

struct ExperimentConfig {
  std::filesystem::path source;  ///< the YAML file, for messages
  std::string text;              ///< its contents after --set overrides
  std::filesystem::path data_path;
  CsvOptions csv;
  SplitSpec split;
  TrainingOptions training;
  std::vector<StrategySpec> strategies;
  std::vector<std::filesystem::path> plugin_search_path;
  EvaluationSpec evaluation;
  ThresholdSpec threshold;
};

/// A strategy parameter written as in a config's `params:` (0.5, minority,
/// [1, 2], {abnormal: 300}), as the JSON a strategy reads. Plain scalars
/// are typed as in a config; throws InputError naming the text when it is
/// not YAML.
nlohmann::json parse_param_value(const std::string& text);

/// Loads and checks a config. `overrides` are "dotted.key=value" strings
/// (from --set) applied before checking. Relative paths are resolved
/// against the config's folder. Throws InputError naming file, line and key
/// for: unknown keys (with the nearest valid one suggested), wrong types,
/// out-of-range values (epochs < 1, learning rate <= 0, ...).
ExperimentConfig load_config(const std::filesystem::path& path,
                             const std::vector<std::string>& overrides = {});

}  // namespace shoal
