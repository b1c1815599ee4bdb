// Stratified k-fold assignment: every row tested exactly once per repeat,
// each fold keeps the class proportions, the same seed gives the same folds.

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
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

namespace holdout {

std::vector<int> labels_with(std::size_t minority, std::size_t majority) {
  std::vector<int> labels(minority, 0);
  labels.insert(labels.end(), majority, 1);
  return labels;
}

std::size_t count_class(const std::vector<int>& labels,
                        const std::vector<std::size_t>& rows, int c) {
  return static_cast<std::size_t>(std::count_if(
      rows.begin(), rows.end(), [&](std::size_t i) { return labels[i] == c; }));
}

TEST(HoldoutSplit, TestSizeIsRoundedUpAsScikitLearnDoes) {
  // train_test_split: n_test = ceil(test_size x n). 1147 x 0.5 = 573.5 -> 574
  // test rows and 573 training rows, the notebook's split of the real data.
  auto labels = labels_with(54, 1093);
  auto split = shoal::holdout_split(labels, 2, 0.5, false, 42);
  EXPECT_EQ(split.test.size(), 574u);
  EXPECT_EQ(split.train.size(), 573u);
  // 7 rows x 0.3 = 2.1 -> 3.
  auto small = shoal::holdout_split(labels_with(2, 5), 2, 0.3, false, 1);
  EXPECT_EQ(small.test.size(), 3u);
  EXPECT_EQ(small.train.size(), 4u);
}

TEST(HoldoutSplit, EveryRowLandsInExactlyOneSet) {
  auto labels = labels_with(30, 170);
  auto split = shoal::holdout_split(labels, 2, 0.25, false, 7);
  std::vector<std::size_t> all = split.train;
  all.insert(all.end(), split.test.begin(), split.test.end());
  std::sort(all.begin(), all.end());
  std::vector<std::size_t> expected(200);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(all, expected);
}

TEST(HoldoutSplit, StratifiedKeepsEachClassesShare) {
  // Per class: ceil(0.5 x 3) = 2 and ceil(0.5 x 7) = 4 test rows.
  auto labels = labels_with(3, 7);
  auto split = shoal::holdout_split(labels, 2, 0.5, true, 3);
  EXPECT_EQ(count_class(labels, split.test, 0), 2u);
  EXPECT_EQ(count_class(labels, split.test, 1), 4u);
  EXPECT_EQ(count_class(labels, split.train, 0), 1u);
  EXPECT_EQ(count_class(labels, split.train, 1), 3u);
}

TEST(HoldoutSplit, SameSeedSameSplitOtherSeedOtherSplit) {
  auto labels = labels_with(20, 80);
  auto a = shoal::holdout_split(labels, 2, 0.5, false, 11);
  auto b = shoal::holdout_split(labels, 2, 0.5, false, 11);
  auto c = shoal::holdout_split(labels, 2, 0.5, false, 12);
  EXPECT_EQ(a.test, b.test);
  EXPECT_NE(a.test, c.test);
}

}  // namespace holdout
