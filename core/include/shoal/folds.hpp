#pragma once
/// Stratified k-fold cross-validation: which rows each run trains on and
/// which it is scored on. Every strategy of an experiment gets the same
/// folds, so their scores can be compared pair by pair.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace shoal {

/// The rows of one run: indices into the experiment's data set, ascending.
struct Split {
  std::vector<std::size_t> train;
  std::vector<std::size_t> test;
};

/// The fold (0 .. folds - 1) of every row. Each class's rows are shuffled
/// with `seed` and dealt round the folds in turn, the deal carrying on from
/// one class to the next, so every fold holds floor or ceil of
/// count_c / folds rows of each class c and fold sizes differ by at most
/// one. The same labels, folds and seed give the same folds on every
/// platform. Throws InputError when folds < 2 or when a class has fewer
/// rows than folds (the message names the class, its count, and the
/// largest fold count that would work).
std::vector<std::size_t> stratified_fold_ids(
    const std::vector<int>& labels, const std::vector<std::string>& class_names,
    std::size_t folds, std::uint64_t seed);

/// The `folds` train/test splits of one stratified k-fold partition: fold f
/// tests on the rows with id f and trains on all others.
std::vector<Split> stratified_kfold(const std::vector<int>& labels,
                                    const std::vector<std::string>& class_names,
                                    std::size_t folds, std::uint64_t seed);

/// The seed of repeat `repeat` derived from an experiment seed: distinct,
/// well mixed seeds (SplitMix64), so neighbouring repeats do not get
/// correlated shuffles.
std::uint64_t repeat_seed(std::uint64_t seed, std::size_t repeat);

/// `repeats` independent stratified k-fold partitions, result[r][f], repeat
/// r shuffled with repeat_seed(seed, r).
std::vector<std::vector<Split>> repeated_stratified_kfold(
    const std::vector<int>& labels, const std::vector<std::string>& class_names,
    std::size_t folds, std::size_t repeats, std::uint64_t seed);

/// A holdout split: the rows are shuffled with `seed` and the first
/// ceil(test_fraction x rows) go to the test set, as scikit-learn's
/// train_test_split counts them; with `stratify`, the same is done within
/// each class, so both sets keep the class proportions. Rows come in
/// shuffled order, not ascending. Unlike the other
/// functions here, the order comes from std::shuffle, so it is fixed for a
/// given standard library rather than across all platforms.
Split holdout_split(const std::vector<int>& labels, std::size_t classes,
                    double test_fraction, bool stratify, std::uint64_t seed);

}  // namespace shoal
