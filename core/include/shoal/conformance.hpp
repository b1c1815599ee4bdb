#pragma once
/// The plugin conformance battery behind `shoal plugin-check`: a fixed set
/// of checks that a strategy plugin keeps the contract of strategy.hpp, run
/// on small built-in data sets.
///
/// Every call into the plugin (creating the strategy, apply()) runs in a
/// forked child process by default, so a plugin that crashes, calls exit()
/// or hangs is reported as a failed check instead of taking the checker
/// down. Forking copies only the calling thread: call check_plugin() from a
/// program that runs no other threads at the time (the `shoal` command and
/// a GoogleTest test both qualify).
///
/// The checks, in the order they run and are reported:
///  - loads: the file is a shared library with the three entry points of
///    SHOAL_STRATEGY_PLUGIN and the API version of this shoal;
///  - identity: the declared name is a valid strategy name and matches the
///    file name (shoal_<name>.so); summary and version are not empty;
///  - creates: the strategy can be created with the given parameters;
///  - rejects_unknown_parameter: a parameter the strategy does not know
///    gives a ParamError naming that key;
///  - applies: apply() returns on the two main data sets (see
///    conformance_datasets()) for every seed tried;
///  - keeps_names: feature names (so their count) and class names are those
///    of the input;
///  - row_shape: at least one row, and one label, one weight and cols()
///    feature values per row;
///  - labels_valid: every label indexes class_names;
///  - features_finite: no NaN or infinite feature value;
///  - weights_positive: every weight finite and > 0;
///  - input_unchanged: the Dataset handed to apply() is unchanged after it;
///  - deterministic: two calls with the same seed, in one process, give
///    identical output (bit for bit);
///  - seed_sensitivity: the seeds 1, 2, 3 and 2^32 + 1 give either four
///    identical outputs (a method that draws no random numbers, such as
///    `none` or `class_weight`, or one whose `seed` parameter is fixed) or
///    four different ones. Some equal and some different means the plugin
///    uses only part of the seed, e.g. seed % n or its low 32 bits;
///  - minority_share: the input's minority class holds no smaller share of
///    the total row weight after apply() than before (not required of a
///    plugin that declares reduces_minority_share);
///  - tiny_minority: minority classes of 1, 2, 5 and 6 rows (and of v and
///    v + 1 rows for each whole-number parameter value v) give a valid
///    result or an InputError (ParamError included) with a message, never a
///    crash or another kind of error;
///  - runtime: apply() finishes on runtime_rows rows (100 000 by default,
///    8 features, 5% minority); the time is reported.
///
/// Every output the battery obtains, from any data set, goes through the
/// output checks (keeps_names .. minority_share), so each broken behaviour
/// fails the one check that describes it.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shoal/dataset.hpp"

namespace shoal {

/// How one check ended. A check is skipped when an earlier failure leaves
/// nothing to check (no strategy could be created, no output obtained).
enum class CheckStatus { passed, failed, skipped };

/// One line of a conformance report.
struct CheckResult {
  std::string name;  ///< the check's identifier, e.g. "deterministic"
  CheckStatus status = CheckStatus::skipped;
  std::string detail;  ///< why it failed, or what was measured
};

/// Settings of a conformance run.
struct ConformanceOptions {
  /// Parameters the strategy is created with, as in a config's `params:`.
  nlohmann::json params = nlohmann::json::object();
  /// Rows of the runtime data set.
  std::size_t runtime_rows = 100000;
  /// A plugin call still running after this long is killed and reported
  /// as hung.
  double timeout_seconds = 300;
  /// Run plugin calls in child processes. Turn off only to debug a plugin
  /// under a debugger: a crash then ends the calling program.
  bool isolate = true;
};

/// The outcome of check_plugin().
struct ConformanceReport {
  std::filesystem::path file;
  std::vector<CheckResult> checks;  ///< in the order listed above

  /// True when no check failed and the plugin could be loaded.
  bool passed() const;
  /// The check called `name`, or nullptr.
  const CheckResult* find(const std::string& name) const;
};

/// Runs the whole battery on the plugin library `file`.
ConformanceReport check_plugin(const std::filesystem::path& file,
                               const ConformanceOptions& options = {});

/// The identifiers of the checks, in report order.
const std::vector<std::string>& conformance_check_names();

/// A built-in data set and how reports name it.
struct ConformanceData {
  std::string label;  ///< e.g. "clouds (4 features, 150 normal, 30 abnormal)"
  Dataset data;
};

/// The two main data sets, standing in for standardised training sets.
/// Both use the fish classes "abnormal" and "normal" (so parameters that
/// name classes work on all of them):
///  - "clouds": 4 features, 150 normal and 30 abnormal rows from two
///    overlapping Gaussian clouds, weights 1, abnormal the minority;
///  - "shifted": 6 features far from zero mean and unit spread, 40 abnormal
///    and 12 normal rows (so the minority has label 1), weights 0.5, 1 and
///    2, and three minority rows duplicated (zero distances).
/// Generated from fixed seeds with portable arithmetic: the same on every
/// platform.
std::vector<ConformanceData> conformance_datasets();

/// Data sets with 30 normal rows and 1, 2, 5 or 6 abnormal ones, 3
/// features: the smallest minorities a strategy may meet. Each whole-number
/// value v from 1 to 28 in `params` (such as k_neighbors) adds minorities
/// of v and v + 1 rows, the edge of what that value allows.
std::vector<ConformanceData> tiny_minority_datasets(
    const nlohmann::json& params = nlohmann::json::object());

/// `rows` rows of 8 features, 5% abnormal, for timing a strategy.
ConformanceData runtime_dataset(std::size_t rows);

}  // namespace shoal
