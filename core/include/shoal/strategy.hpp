#pragma once
/// The imbalance-strategy plugin interface.
///
/// A strategy receives the standardised training set and returns a new
/// training set: it may add rows (over-sampling), drop rows
/// (under-sampling) or change per-row weights (cost-sensitive learning). The
/// test set never reaches a strategy.
///
/// A plugin is one shared library built with shoal_add_plugin(); it defines
/// a class derived from Strategy and registers it with
/// SHOAL_STRATEGY_PLUGIN, which exports the entry points the loader looks for.
///
/// Rules a plugin must keep:
///  - do not modify the input; return a new Dataset (start from
///    `train.empty_like()` or a copy);
///  - keep feature_names and class_names as they are; labels must index
///    class_names; features finite; weights finite and > 0;
///  - draw all randomness from the `seed` argument (e.g. std::mt19937_64),
///    never from global state: the same seed must give the same output, and
///    apply() may run on several threads at once on different inputs, so
///    keep no mutable state in the object;
///  - report bad parameters by throwing ParamError (see params.hpp) from the
///    constructor, and data the method cannot handle (say, too few minority
///    rows) by throwing InputError with a message that says what would work.
///
/// API versions: the loader refuses a plugin whose shoal_strategy_api_version
/// differs from kStrategyApiVersion. The number changes whenever this header
/// changes in a way that breaks already-built plugins; rebuild them then.

#include <cstdint>
#include <memory>

#include <nlohmann/json.hpp>

#include "shoal/dataset.hpp"
#include "shoal/error.hpp"
#include "shoal/params.hpp"

namespace shoal {

/// Version of this interface; see the rule above.
inline constexpr int kStrategyApiVersion = 1;

/// What a plugin says about itself.
struct StrategyInfo {
  const char* name;     ///< the name configs use, e.g. "smote"
  const char* summary;  ///< one line for `shoal plugins`
  const char* version;  ///< the plugin's own version, e.g. "1.0.0"
  /// True for under-samplers: they may lower the minority share.
  bool reduces_minority_share;
};

/// One configured instance of a strategy.
class Strategy {
 public:
  virtual ~Strategy() = default;

  /// Returns the rebalanced training set. Must be deterministic for a seed
  /// and must not keep state between calls.
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
