#pragma once
// Test support shared by the sampling and strategy-plugin suites: small
// synthetic training sets, loading a built plugin by name, and brute-force
// references (nearest neighbours, points on a segment) that do not reuse the
// code under test.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "plugin_files.hpp"
#include "shoal/dataset.hpp"
#include "shoal/plugin_loader.hpp"
#include "shoal/strategy.hpp"

namespace shoal::testing {

/// Gaussian clouds, one per class: class c has counts[c] rows centred at
/// (spacing * c, ..., spacing * c) with unit spread, rows shuffled so the
/// classes interleave. Class names are `names` (sorted, as the CSV reader
/// keeps them).
inline Dataset clouds(const std::vector<std::size_t>& counts, std::size_t cols,
                      std::uint64_t seed,
                      std::vector<std::string> names = {"abnormal", "normal"},
                      double spacing = 2.0) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> spread(0.0, 1.0);
  std::vector<int> labels;
  for (std::size_t c = 0; c < counts.size(); ++c) {
    labels.insert(labels.end(), counts[c], static_cast<int>(c));
  }
  std::shuffle(labels.begin(), labels.end(), engine);

  Dataset data;
  for (std::size_t j = 0; j < cols; ++j) {
    data.feature_names.push_back("f" + std::to_string(j));
  }
  data.class_names = std::move(names);
  std::vector<double> x(cols);
  for (int label : labels) {
    for (auto& v : x) v = spacing * label + spread(engine);
    data.add_row(x.data(), label);
  }
  return data;
}

/// A configured strategy from the plugin file built in this tree.
inline std::shared_ptr<const Strategy> load_strategy(
    const std::string& name,
    const nlohmann::json& params = nlohmann::json::object()) {
  LoadedPlugin plugin(shipped_plugin(name));
  return plugin.create(params);
}

/// What a plugin says about itself, copied out of the plugin (its own
/// strings go away when the library is unloaded).
struct PluginFacts {
  std::string name;
  std::string summary;
  bool reduces_minority_share;
};

inline PluginFacts strategy_info(const std::string& name) {
  LoadedPlugin plugin(shipped_plugin(name));
  const StrategyInfo& info = plugin.info();
  return {info.name, info.summary, info.reduces_minority_share};
}

inline double squared_distance(const double* a, const double* b,
                               std::size_t cols) {
  double sum = 0;
  for (std::size_t j = 0; j < cols; ++j) {
    double d = a[j] - b[j];
    sum += d * d;
  }
  return sum;
}

/// The k rows of `members` nearest to `point` (other than `exclude`), by
/// sorting every member on (squared distance, row index).
inline std::vector<std::size_t> brute_force_nearest(
    const Dataset& data, const std::vector<std::size_t>& members,
    const double* point, std::size_t k, std::size_t exclude = SIZE_MAX) {
  std::vector<std::pair<double, std::size_t>> all;
  for (std::size_t row : members) {
    if (row == exclude) continue;
    all.emplace_back(squared_distance(point, data.row(row), data.cols()), row);
  }
  std::sort(all.begin(), all.end());
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < std::min(k, all.size()); ++i) {
    out.push_back(all[i].second);
  }
  return out;
}

/// u such that x = a + u (b - a), when x lies on the line through a and b
/// (within rounding); nothing otherwise, or when a == b and x differs.
inline std::optional<double> segment_position(const double* a, const double* b,
                                              const double* x,
                                              std::size_t cols) {
  std::size_t widest = 0;
  for (std::size_t j = 1; j < cols; ++j) {
    if (std::abs(b[j] - a[j]) > std::abs(b[widest] - a[widest])) widest = j;
  }
  double span = b[widest] - a[widest];
  double u = span == 0 ? 0.0 : (x[widest] - a[widest]) / span;
  for (std::size_t j = 0; j < cols; ++j) {
    double expected = a[j] + u * (b[j] - a[j]);
    double tolerance = 1e-9 * (1 + std::abs(a[j]) + std::abs(b[j]));
    if (std::abs(expected - x[j]) > tolerance) return std::nullopt;
  }
  return u;
}

/// True when row `r` of `out` lies on a segment from one of the rows
/// `seeds` of `train` towards one of that seed's k nearest rows among
/// `pool` (found by brute force, the seed itself excluded), at a position
/// u in [0, max_step).
inline bool lies_on_neighbour_segment(const Dataset& train, const Dataset& out,
                                      std::size_t r,
                                      const std::vector<std::size_t>& seeds,
                                      const std::vector<std::size_t>& pool,
                                      std::size_t k, double max_step = 1.0) {
  for (std::size_t seed : seeds) {
    auto nearest = brute_force_nearest(train, pool, train.row(seed), k, seed);
    for (std::size_t nn : nearest) {
      auto u = segment_position(train.row(seed), train.row(nn), out.row(r),
                                train.cols());
      if (u && *u >= 0 && *u < max_step) return true;
    }
  }
  return false;
}

/// True when both tables hold exactly the same rows in the same order.
inline bool same_rows(const Dataset& a, const Dataset& b) {
  return a.feature_names == b.feature_names && a.class_names == b.class_names &&
         a.features == b.features && a.labels == b.labels &&
         a.weights == b.weights;
}

/// True when the first rows of `out` are exactly the rows of `in`.
inline bool starts_with_rows(const Dataset& out, const Dataset& in) {
  if (out.rows() < in.rows()) return false;
  return std::equal(in.features.begin(), in.features.end(),
                    out.features.begin()) &&
         std::equal(in.labels.begin(), in.labels.end(), out.labels.begin()) &&
         std::equal(in.weights.begin(), in.weights.end(), out.weights.begin());
}

/// Rows of class `label`.
inline std::vector<std::size_t> class_rows(const Dataset& data, int label) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < data.rows(); ++i) {
    if (data.labels[i] == label) rows.push_back(i);
  }
  return rows;
}

/// The message of the InputError (or subclass) `run` throws; fails the test
/// when it throws nothing.
template <class Run>
std::string input_error_of(Run run) {
  try {
    run();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

}  // namespace shoal::testing
