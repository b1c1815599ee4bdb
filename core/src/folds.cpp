#include "shoal/folds.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "shoal/error.hpp"

namespace shoal {

namespace {

/// Uniform in [0, n) from the raw engine output by rejection, so the draw
/// does not depend on the standard library's distribution algorithms.
std::size_t draw_below(std::mt19937_64& engine, std::size_t n) {
  const std::uint64_t bound = static_cast<std::uint64_t>(n);
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  std::uint64_t x = engine();
  while (x >= limit) x = engine();
  return static_cast<std::size_t>(x % bound);
}

/// Fisher-Yates shuffle with draw_below.
void shuffle_rows(std::vector<std::size_t>& rows, std::mt19937_64& engine) {
  for (std::size_t i = rows.size(); i > 1; --i) {
    std::swap(rows[i - 1], rows[draw_below(engine, i)]);
  }
}

std::vector<std::vector<std::size_t>> rows_by_class(
    const std::vector<int>& labels, std::size_t classes) {
  std::vector<std::vector<std::size_t>> rows(classes);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    auto c = static_cast<std::size_t>(labels[i]);
    if (labels[i] < 0 || c >= classes) {
      throw InputError("folds: label " + std::to_string(labels[i]) +
                       " of row " + std::to_string(i) + " is not a class");
    }
    rows[c].push_back(i);
  }
  return rows;
}

void require_rows_per_fold(const std::vector<std::vector<std::size_t>>& rows,
                           const std::vector<std::string>& class_names,
                           std::size_t folds) {
  if (folds < 2) {
    throw InputError("evaluation.folds: need at least 2 folds, got " +
                     std::to_string(folds));
  }
  for (std::size_t c = 0; c < rows.size(); ++c) {
    if (rows[c].size() >= folds) continue;
    // Every test fold must hold a row of each class, or its recall for
    // that class would be undefined.
    std::string fix =
        rows[c].size() >= 2
            ? "use folds: " + std::to_string(rows[c].size()) + " or fewer"
            : "cross-validation needs 2 rows of each class";
    throw InputError("evaluation.folds: class '" + class_names[c] + "' has " +
                     std::to_string(rows[c].size()) + " rows, fewer than the " +
                     std::to_string(folds) + " folds; " + fix);
  }
}

}  // namespace

std::vector<std::size_t> stratified_fold_ids(
    const std::vector<int>& labels, const std::vector<std::string>& class_names,
    std::size_t folds, std::uint64_t seed) {
  auto rows = rows_by_class(labels, class_names.size());
  require_rows_per_fold(rows, class_names, folds);

  std::mt19937_64 engine(seed);
  std::vector<std::size_t> fold_of(labels.size(), 0);
  std::size_t deal = 0;
  for (auto& members : rows) {
    shuffle_rows(members, engine);
    for (std::size_t row : members) fold_of[row] = deal++ % folds;
  }
  return fold_of;
}

std::vector<Split> stratified_kfold(const std::vector<int>& labels,
                                    const std::vector<std::string>& class_names,
                                    std::size_t folds, std::uint64_t seed) {
  auto fold_of = stratified_fold_ids(labels, class_names, folds, seed);
  std::vector<Split> splits(folds);
  for (std::size_t i = 0; i < fold_of.size(); ++i) {
    for (std::size_t f = 0; f < folds; ++f) {
      (f == fold_of[i] ? splits[f].test : splits[f].train).push_back(i);
    }
  }
  return splits;
}

std::uint64_t repeat_seed(std::uint64_t seed, std::size_t repeat) {
  // SplitMix64's output function applied to seed + (repeat + 1) * gamma.
  std::uint64_t z =
      seed + (static_cast<std::uint64_t>(repeat) + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::vector<std::vector<Split>> repeated_stratified_kfold(
    const std::vector<int>& labels, const std::vector<std::string>& class_names,
    std::size_t folds, std::size_t repeats, std::uint64_t seed) {
  std::vector<std::vector<Split>> out;
  for (std::size_t r = 0; r < repeats; ++r) {
    out.push_back(
        stratified_kfold(labels, class_names, folds, repeat_seed(seed, r)));
  }
  return out;
}

Split holdout_split(const std::vector<int>& labels, std::size_t classes,
                    double test_fraction, bool stratify, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Split split;
  auto take = [&](std::vector<std::size_t> rows) {
    std::shuffle(rows.begin(), rows.end(), rng);
    auto n_test = static_cast<std::size_t>(
        std::ceil(test_fraction * static_cast<double>(rows.size())));
    split.test.insert(split.test.end(), rows.begin(), rows.begin() + n_test);
    split.train.insert(split.train.end(), rows.begin() + n_test, rows.end());
  };
  if (!stratify) {
    std::vector<std::size_t> all(labels.size());
    std::iota(all.begin(), all.end(), 0);
    take(std::move(all));
    return split;
  }
  for (std::size_t c = 0; c < classes; ++c) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (static_cast<std::size_t>(labels[i]) == c) rows.push_back(i);
    }
    take(std::move(rows));
  }
  // Keep the training order independent of the class layout.
  std::shuffle(split.train.begin(), split.train.end(), rng);
  return split;
}

}  // namespace shoal
