#pragma once
/// Strategy parameters as given in a config (`params:`) or on the command
/// line (`--param key=value`), with typed, checked access.

#include <cstdint>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "shoal/error.hpp"

namespace shoal {

/// A parameter has a bad value or is unknown. The message names the
/// strategy, the key and the value.
class ParamError : public InputError {
 public:
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
class Params {
 public:
  Params(nlohmann::json values, std::string strategy);

  bool has(const std::string& key) const;
  /// The raw value, or nullptr when absent (the key is still recorded).
  const nlohmann::json* find(const std::string& key);

  double number(const std::string& key, double fallback);
  /// A whole number in [min, max].
  std::int64_t integer(const std::string& key, std::int64_t fallback,
                       std::int64_t min, std::int64_t max);
  std::string text(const std::string& key, const std::string& fallback);
  bool flag(const std::string& key, bool fallback);

  /// Throws ParamError for the first key no getter asked for.
  void finish() const;

  /// Throws ParamError for `key` with the given explanation.
  [[noreturn]] void fail(const std::string& key,
                         const std::string& problem) const;

  const std::string& strategy() const { return strategy_; }
  const nlohmann::json& values() const { return values_; }

 private:
  nlohmann::json values_;
  std::string strategy_;
  std::set<std::string> asked_;
};

/// Parses "key=value" into a JSON object entry: numbers, true/false and
/// JSON arrays or objects are typed; anything else is a string.
void parse_param_assignment(const std::string& assignment,
                            nlohmann::json& into);

}  // namespace shoal
