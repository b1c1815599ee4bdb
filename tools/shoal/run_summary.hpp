#pragma once
/// What `shoal run` and `shoal merge` print: the comparison table, the
/// confusion matrices, the paired tests and the conclusion.

#include <cstddef>
#include <string>

#include "shoal/comparison.hpp"
#include "shoal/dataset.hpp"
#include "shoal/experiment.hpp"

namespace shoal::cli {

/// Prints the comparison to stdout: with one run per strategy the figures
/// of that run; with more, each metric's mean and 95% interval, the
/// confusion counts summed over runs, and the paired tests; then the
/// conclusion.
void print_comparison(const Dataset& data, const ExperimentResult& result,
                      const Comparison& comparison);

/// Prints each failed run's error to stderr and returns the exit code the
/// failures call for (0 when every run finished).
int report_failures(const ExperimentResult& result);

}  // namespace shoal::cli
