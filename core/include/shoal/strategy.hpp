#pragma once
/// The imbalance-strategy plugin interface: everything a plugin author
/// must know. docs/PLUGINS.md walks through writing one.
///
/// A strategy receives the training set and returns a new training set: it
/// may add rows (over-sampling), drop rows (under-sampling) or change
/// per-row weights (cost-sensitive learning). The test set never reaches a
/// strategy.
///
/// A plugin is one shared library built with shoal_add_plugin(); it defines
/// a class derived from Strategy, constructible from `shoal::Params&`, and
/// registers it with SHOAL_STRATEGY_PLUGIN, which exports the entry points
/// the loader looks for. Configs find it by its file name, shoal_<name>.so.
///
/// What the input holds. In `shoal run`, the training rows of one split,
/// shuffled, with every feature standardised on those rows (mean 0,
/// population standard deviation 1; a constant column is only centred);
/// in `shoal resample`, a CSV's rows as read, not standardised. Labels
/// index class_names, which are sorted ("abnormal" = 0, "normal" = 1 for
/// the fish data); find the minority from the counts
/// (Dataset::minority_class()), never from the label number. Weights are 1
/// unless the data carries a weight column. The data has two classes, but
/// code written for class_names.size() classes costs nothing more.
///
/// What a plugin may return: any number of rows (at least one), in any
/// order (training reshuffles every epoch), with any labels that index
/// class_names, finite features and finite weights > 0. It must keep
/// feature_names and class_names exactly as they came, and must not lower
/// the minority class's share of the total weight unless it declares
/// `reduces_minority_share` (some under-samplers and cleaning methods).
/// The core checks the names, labels, features and weights of every output
/// and fails the run, naming the plugin, when one breaks these rules.
///
/// What a plugin must not do: modify the input (return a new Dataset,
/// starting from `train.empty_like()` or a copy); keep mutable state in the
/// object (apply() may run on several threads at once, on different
/// inputs); keep pointers into the input after returning; print, exit,
/// abort, or change process-wide state (locale, signal handlers,
/// environment, global random generators).
///
/// The seed. Draw every random number from the `seed` argument and nothing
/// else, using all its 64 bits (std::mt19937_64 engine(seed), or
/// shoal::SampleRandom from sampling.hpp, whose draws are the same on every
/// platform): the same seed must give the same output, bit for bit, and
/// different seeds different outputs. A method that draws nothing ignores
/// the seed. shoal hands each run its own seed (the strategy's `seed` in
/// the config plus the run's position among repeats and folds).
///
/// Errors. Read parameters in the constructor through Params: its getters
/// throw ParamError naming the key and the bad value, and once the
/// constructor returns, SHOAL_STRATEGY_PLUGIN rejects every key nobody
/// asked for. A parameter that can only be checked against the data (a
/// class name in a mapping) throws ParamError from apply(). Data the method
/// cannot handle (say, fewer minority rows than neighbours) throws
/// InputError whose message names the strategy ("strategy 'smote': ...")
/// and says what would work. Any other exception is taken for a bug in the
/// plugin: that run fails with a message naming the plugin, and the other
/// runs go on.
///
/// API versions. The loader refuses a plugin whose
/// shoal_strategy_api_version() differs from kStrategyApiVersion, before
/// calling anything else in it. The number goes up whenever a change here
/// or in the types a plugin exchanges with shoal (Dataset, Params,
/// StrategyInfo, the error types) would break already-built plugins;
/// rebuild them against the new SDK then. Those types cross the library
/// boundary as C++ objects, so build plugins with the same compiler family,
/// C++ standard library and nlohmann_json major version as shoal (what
/// find_package(shoal) gives you on the same system).
///
/// `shoal plugin-check` (conformance.hpp) tests a plugin against these
/// rules.

#include <cstdint>
#include <memory>

#include <nlohmann/json.hpp>

#include "shoal/dataset.hpp"
#include "shoal/error.hpp"
#include "shoal/params.hpp"

namespace shoal {

/// Version of this interface; see the rule above.
inline constexpr int kStrategyApiVersion = 1;

/// What a plugin says about itself. The strings must live as long as the
/// library (string literals do).
struct StrategyInfo {
  /// The name configs use, e.g. "smote"; the file must be shoal_<name>.so.
  const char* name;
  const char* summary;  ///< one line for `shoal plugins`
  const char* version;  ///< the plugin's own version, e.g. "1.0.0"
  /// True when the method may lower the minority class's share of the
  /// total row weight (a cleaning method that also drops minority rows,
  /// say). A method that only drops majority rows raises the share and
  /// leaves this false.
  bool reduces_minority_share;
};

/// One configured instance of a strategy.
class Strategy {
 public:
  virtual ~Strategy() = default;

  /// Returns the rebalanced training set, a new Dataset; `train` stays as
  /// it is. The same `seed` gives the same output; nothing is remembered
  /// between calls, which may come from several threads at once.
  virtual Dataset apply(const Dataset& train, std::uint64_t seed) const = 0;
};

}  // namespace shoal

/// Registers `Class` (constructible from `shoal::Params&`) as the plugin of
/// this shared library. Exports, with C linkage:
///   int shoal_strategy_api_version();
///   const shoal::StrategyInfo* shoal_strategy_info();
///   shoal::Strategy* shoal_strategy_create(const nlohmann::json* params);
/// The constructor should read every parameter through Params; unknown keys
/// are rejected after it returns.
#define SHOAL_STRATEGY_PLUGIN(Class, name, summary, version,                \
                              reduces_minority_share)                       \
  extern "C" __attribute__((visibility("default"))) int                     \
  shoal_strategy_api_version() {                                            \
    return ::shoal::kStrategyApiVersion;                                    \
  }                                                                         \
  extern "C" __attribute__((visibility("default")))                         \
  const ::shoal::StrategyInfo* shoal_strategy_info() {                      \
    static const ::shoal::StrategyInfo info{name, summary, version,         \
                                            reduces_minority_share};        \
    return &info;                                                           \
  }                                                                         \
  extern "C" __attribute__((visibility("default")))::shoal::Strategy*       \
  shoal_strategy_create(const ::nlohmann::json* values) {                   \
    ::shoal::Params params(values ? *values : ::nlohmann::json::object(),   \
                           name);                                           \
    auto strategy = std::make_unique<Class>(params);                        \
    params.finish();                                                        \
    return strategy.release();                                              \
  }
