// Stratified k-fold assignment: every row tested exactly once per repeat,
// each fold keeps the class proportions, the same seed gives the same folds.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "shoal/error.hpp"
#include "shoal/folds.hpp"

namespace shoal {
namespace {

const std::vector<std::string> kFish{"abnormal", "normal"};

/// 26 abnormal and 547 normal rows, interleaved as in the notebook's
/// training set (so class order and row order differ).
std::vector<int> notebook_labels() {
  std::vector<int> labels;
  for (int i = 0; i < 573; ++i) labels.push_back(i % 22 == 5 ? 0 : 1);
  return labels;
}

std::size_t count_class(const std::vector<int>& labels,
                        const std::vector<std::size_t>& rows, int c) {
  std::size_t n = 0;
  for (auto i : rows) n += labels[i] == c;
  return n;
}

TEST(Folds, EveryRowIsTestedExactlyOnce) {
  auto labels = notebook_labels();
  auto splits = stratified_kfold(labels, kFish, 5, 7);
  ASSERT_EQ(splits.size(), 5u);
  std::vector<int> tested(labels.size(), 0);
  for (const Split& s : splits) {
    for (auto i : s.test) ++tested[i];
    // Train and test partition the rows.
    std::set<std::size_t> train(s.train.begin(), s.train.end());
    for (auto i : s.test) EXPECT_EQ(train.count(i), 0u);
    EXPECT_EQ(s.train.size() + s.test.size(), labels.size());
  }
  for (int n : tested) EXPECT_EQ(n, 1);
}

TEST(Folds, EachFoldKeepsClassProportions) {
  auto labels = notebook_labels();
  ASSERT_EQ(std::count(labels.begin(), labels.end(), 0), 26);
  for (std::uint64_t seed : {1u, 2u, 99u}) {
    auto splits = stratified_kfold(labels, kFish, 5, seed);
    std::size_t smallest = labels.size(), largest = 0;
    for (const Split& s : splits) {
      // 26 / 5 = 5.2 and 547 / 5 = 109.4: floor or ceil in every fold.
      std::size_t abnormal = count_class(labels, s.test, 0);
      std::size_t normal = count_class(labels, s.test, 1);
      EXPECT_TRUE(abnormal == 5 || abnormal == 6) << abnormal;
      EXPECT_TRUE(normal == 109 || normal == 110) << normal;
      smallest = std::min(smallest, s.test.size());
      largest = std::max(largest, s.test.size());
    }
    EXPECT_LE(largest - smallest, 1u);
  }
}

TEST(Folds, SameSeedSameFoldsOtherSeedOtherFolds) {
  auto labels = notebook_labels();
  auto a = stratified_fold_ids(labels, kFish, 5, 42);
  auto b = stratified_fold_ids(labels, kFish, 5, 42);
  auto c = stratified_fold_ids(labels, kFish, 5, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Folds, RepeatsShuffleIndependently) {
  auto labels = notebook_labels();
  auto repeats = repeated_stratified_kfold(labels, kFish, 5, 3, 42);
  ASSERT_EQ(repeats.size(), 3u);
  EXPECT_NE(repeats[0][0].test, repeats[1][0].test);
  EXPECT_NE(repeats[1][0].test, repeats[2][0].test);
  // Repeat r is the plain k-fold with the derived seed.
  EXPECT_EQ(repeats[2][4].test,
            stratified_kfold(labels, kFish, 5, repeat_seed(42, 2))[4].test);
  EXPECT_NE(repeat_seed(42, 0), repeat_seed(42, 1));
  EXPECT_NE(repeat_seed(42, 0), repeat_seed(43, 0));
}

TEST(Folds, TooFewMinorityRowsExplainsTheLimit) {
  std::vector<int> labels{0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
  try {
    stratified_fold_ids(labels, kFish, 5, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("class 'abnormal' has 3 rows"), std::string::npos)
        << message;
    EXPECT_NE(message.find("folds: 3 or fewer"), std::string::npos) << message;
  }
  // With 3 folds each fold gets exactly one abnormal row.
  for (const Split& s : stratified_kfold(labels, kFish, 3, 1)) {
    EXPECT_EQ(count_class(labels, s.test, 0), 1u);
  }
}

TEST(Folds, RejectsOneFoldAndBadLabels) {
  EXPECT_THROW(stratified_fold_ids({0, 1, 0, 1}, kFish, 1, 1), InputError);
  EXPECT_THROW(stratified_fold_ids({0, 2, 0, 1}, kFish, 2, 1), InputError);
}

}  // namespace
}  // namespace shoal
