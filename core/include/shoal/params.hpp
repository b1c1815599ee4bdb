#pragma once
/// Strategy parameters as given in a config (`params:`) or on the command
/// line (`--param key=value`), with typed, checked access.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "shoal/error.hpp"

namespace shoal {

/// A parameter has a bad value or is unknown. The message names the
/// strategy, the key and the value: "strategy 'smote': parameter
/// 'k_neighbors' must be between 1 and 1000, got 0". Plugins throw it
/// through Params (its getters, fail()) or directly, from the constructor
/// or, for a value only the data can judge, from apply().
class ParamError : public InputError {
 public:
  /// `problem` continues the sentence "parameter '<key>' ...".
  ParamError(const std::string& strategy, const std::string& key,
             const std::string& problem);
  ~ParamError() override;  // out of line, as ~InputError
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

/// Read access to a strategy's parameters. Every getter records the key as
/// known; finish() then rejects any key the strategy never asked for, with a
/// "did you mean" hint, so typos do not pass silently.
///
/// A strategy's constructor reads each parameter once, with its default,
/// and checks what the getters cannot:
///
///   explicit MyStrategy(shoal::Params& params)
///       : k_(params.integer("k_neighbors", 5, 1, 1000)),
///         ratio_(params.number("ratio", 1.0)) {
///     if (!(ratio_ > 0)) params.fail("ratio", "must be > 0");
///   }
///
/// SHOAL_STRATEGY_PLUGIN calls finish() after the constructor returns.
class Params {
 public:
  /// `values` is the config's `params:` mapping (null counts as empty);
  /// `strategy` names the strategy in messages. ParamError (key "params")
  /// when `values` is not a mapping.
  Params(nlohmann::json values, std::string strategy);

  /// Whether `key` was given. Does not record the key as known.
  bool has(const std::string& key) const;
  /// The raw value, or nullptr when absent (the key is still recorded).
  /// For parameters of more than one type, e.g. "auto" or a number.
  const nlohmann::json* find(const std::string& key);

  /// A finite number, or `fallback` when absent. ParamError otherwise.
  double number(const std::string& key, double fallback);
  /// A whole number in [min, max], or `fallback` when absent. ParamError
  /// for a fraction, text or a value out of range.
  std::int64_t integer(const std::string& key, std::int64_t fallback,
                       std::int64_t min, std::int64_t max);
  /// Text, or `fallback` when absent. ParamError for any other type.
  std::string text(const std::string& key, const std::string& fallback);
  /// true or false, or `fallback` when absent. ParamError otherwise.
  bool flag(const std::string& key, bool fallback);

  /// Throws ParamError for the first key no getter asked for, listing the
  /// keys the strategy takes.
  void finish() const;

  /// Throws ParamError for `key` with the given explanation.
  [[noreturn]] void fail(const std::string& key,
                         const std::string& problem) const;

  const std::string& strategy() const { return strategy_; }  ///< its name
  const nlohmann::json& values() const { return values_; }   ///< all given

 private:
  nlohmann::json values_;
  std::string strategy_;
  std::set<std::string> asked_;
};

/// Parses "key=value" (a --param) into a JSON object entry; the value is
/// read as in a config's `params:` (see parse_param_value), so
/// `sampling_strategy={abnormal: 300}` means what it means there.
void parse_param_assignment(const std::string& assignment,
                            nlohmann::json& into);

}  // namespace shoal
