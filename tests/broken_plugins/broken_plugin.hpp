#pragma once
// Test fixtures: strategy plugins that break one rule of the plugin
// contract (shoal/strategy.hpp) each, on purpose, so the tests can show
// that the loader, the runner and `shoal plugin-check` catch the fault and
// name it. Apart from its fault, each behaves like the `none` strategy, so
// it fails one conformance check and passes the others.

#include <cstddef>

#include "shoal/strategy.hpp"

namespace broken {

/// Rows of the minority class of `data`.
inline std::size_t minority_rows(const shoal::Dataset& data) {
  return data.class_counts()[static_cast<std::size_t>(data.minority_class())];
}

/// The index of the first row of the minority class.
inline std::size_t first_minority_row(const shoal::Dataset& data) {
  int minority = data.minority_class();
  std::size_t row = 0;
  while (data.labels[row] != minority) ++row;
  return row;
}

}  // namespace broken
