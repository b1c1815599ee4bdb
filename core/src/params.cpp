#include "shoal/params.hpp"

#include <cmath>
#include <vector>

#include "shoal/config.hpp"

namespace shoal {

ParamError::ParamError(const std::string& strategy, const std::string& key,
                       const std::string& problem)
    : InputError("strategy '" + strategy + "': parameter '" + key + "' " +
                 problem),
      key_(key) {}

ParamError::~ParamError() = default;

Params::Params(nlohmann::json values, std::string strategy)
    : values_(std::move(values)), strategy_(std::move(strategy)) {
  if (values_.is_null()) values_ = nlohmann::json::object();
  if (!values_.is_object()) {
    throw ParamError(
        strategy_, "params",
        "must be a mapping of names to values, got " + values_.dump());
  }
}

bool Params::has(const std::string& key) const { return values_.contains(key); }

const nlohmann::json* Params::find(const std::string& key) {
  asked_.insert(key);
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &*it;
}

void Params::fail(const std::string& key, const std::string& problem) const {
  throw ParamError(strategy_, key, problem);
}

double Params::number(const std::string& key, double fallback) {
  const nlohmann::json* v = find(key);
  if (!v) return fallback;
  if (!v->is_number()) fail(key, "must be a number, got " + v->dump());
  double x = v->get<double>();
  if (!std::isfinite(x)) fail(key, "must be finite, got " + v->dump());
  return x;
}

std::int64_t Params::integer(const std::string& key, std::int64_t fallback,
                             std::int64_t min, std::int64_t max) {
  const nlohmann::json* v = find(key);
  if (!v) return fallback;
  if (!v->is_number_integer()) {
    fail(key, "must be a whole number, got " + v->dump());
  }
  std::int64_t x = v->get<std::int64_t>();
  if (x < min || x > max) {
    fail(key, "must be between " + std::to_string(min) + " and " +
                  std::to_string(max) + ", got " + std::to_string(x));
  }
  return x;
}

std::string Params::text(const std::string& key, const std::string& fallback) {
  const nlohmann::json* v = find(key);
  if (!v) return fallback;
  if (!v->is_string()) fail(key, "must be text, got " + v->dump());
  return v->get<std::string>();
}

bool Params::flag(const std::string& key, bool fallback) {
  const nlohmann::json* v = find(key);
  if (!v) return fallback;
  if (!v->is_boolean()) fail(key, "must be true or false, got " + v->dump());
  return v->get<bool>();
}

void Params::finish() const {
  std::vector<std::string> known(asked_.begin(), asked_.end());
  for (const auto& item : values_.items()) {
    if (asked_.count(item.key())) continue;
    std::string hint = nearest_word(item.key(), known);
    std::string problem = "is not a parameter of this strategy";
    if (!hint.empty()) problem += " (did you mean '" + hint + "'?)";
    if (!known.empty()) {
      problem += "; it takes:";
      for (const auto& k : known) problem += " " + k;
    } else {
      problem += "; it takes no parameters";
    }
    throw ParamError(strategy_, item.key(), problem);
  }
}

void parse_param_assignment(const std::string& assignment,
                            nlohmann::json& into) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw InputError("expected key=value, got '" + assignment + "'");
  }
  std::string key = assignment.substr(0, eq);
  std::string text = assignment.substr(eq + 1);
  // An empty value is the empty text, not YAML's null.
  try {
    into[key] = text.empty() ? nlohmann::json(text) : parse_param_value(text);
  } catch (const InputError& e) {
    throw InputError("parameter '" + key + "': " + e.what());
  }
}

}  // namespace shoal
