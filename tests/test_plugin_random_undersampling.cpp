// Tests of the `random_undersampling` strategy plugin (imbalanced-learn's
// RandomUnderSampler): kept rows are a subset of the input in input order,
// class counts match the under-sampling targets.

#include <gtest/gtest.h>

#include "sampling_testing.hpp"

namespace shoal {
namespace {

using nlohmann::json;

/// For each output row, the input row it is, matching in order: an
/// increasing list when `out` is an ordered subset of `in` without repeats;
/// empty when some row cannot be matched so.
std::vector<std::size_t> match_in_order(const Dataset& in, const Dataset& out) {
  std::vector<std::size_t> match;
  std::size_t i = 0;
  for (std::size_t r = 0; r < out.rows(); ++r) {
    while (i < in.rows() &&
           !(std::equal(in.row(i), in.row(i) + in.cols(), out.row(r)) &&
             in.labels[i] == out.labels[r] &&
             in.weights[i] == out.weights[r])) {
      ++i;
    }
    if (i == in.rows()) return {};
    match.push_back(i++);
  }
  return match;
}

TEST(RandomUndersamplingPlugin, KeptRowsAreAnOrderedSubsetOfTheInput) {
  Dataset train = testing::clouds({26, 547}, 3, 1);
  for (std::size_t i = 0; i < train.rows(); ++i) train.weights[i] = 1.0 + i;
  Dataset out = testing::load_strategy("random_undersampling")->apply(train, 2);
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{26, 26}));
  auto match = match_in_order(train, out);
  ASSERT_EQ(match.size(), out.rows());
  // Every abnormal row is kept.
  std::size_t abnormal_kept = 0;
  for (std::size_t i : match) abnormal_kept += train.labels[i] == 0;
  EXPECT_EQ(abnormal_kept, 26u);
}

struct CountCase {
  json strategy;
  std::vector<std::size_t> expected;

  /// Names the case in test output.
  friend void PrintTo(const CountCase& c, std::ostream* out) {
    *out << c.strategy.dump();
  }
};

class RandomUndersamplingCounts : public ::testing::TestWithParam<CountCase> {};

TEST_P(RandomUndersamplingCounts, MatchTheTargets) {
  // 50 / 100 / 25 rows, imbalanced-learn's multiclass test target.
  Dataset train = testing::clouds({50, 100, 25}, 2, 3, {"c1", "c2", "c3"});
  Dataset out =
      testing::load_strategy("random_undersampling",
                             {{"sampling_strategy", GetParam().strategy}})
          ->apply(train, 4);
  EXPECT_EQ(out.class_counts(), GetParam().expected);
  EXPECT_EQ(match_in_order(train, out).size(), out.rows());
}

INSTANTIATE_TEST_SUITE_P(
    RandomUndersampling, RandomUndersamplingCounts,
    ::testing::Values(CountCase{"auto", {25, 25, 25}},
                      CountCase{"majority", {50, 25, 25}},
                      CountCase{"not majority", {25, 100, 25}},
                      CountCase{"all", {25, 25, 25}},
                      CountCase{json{{"c2", 60}, {"c1", 0}}, {0, 60, 25}}));

TEST(RandomUndersamplingPlugin, RatioKeepsMinorityOverRatioMajorityRows) {
  // int(26 / 0.25) = 104 normal rows kept.
  Dataset train = testing::clouds({26, 547}, 2, 5);
  Dataset out = testing::load_strategy("random_undersampling",
                                       {{"sampling_strategy", 0.25}})
                    ->apply(train, 1);
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{26, 104}));
}

TEST(RandomUndersamplingPlugin, DrawsEveryRowAboutEqually) {
  // 2000 draws of 10 rows out of 100: each row kept about 200 times
  // (sd = sqrt(2000 * 0.1 * 0.9) = 13.4).
  Dataset train = testing::clouds({10, 100}, 1, 6);
  auto strategy = testing::load_strategy("random_undersampling");
  std::vector<int> kept(train.rows(), 0);
  for (std::uint64_t seed = 0; seed < 2000; ++seed) {
    for (std::size_t i : match_in_order(train, strategy->apply(train, seed))) {
      ++kept[i];
    }
  }
  for (std::size_t i = 0; i < train.rows(); ++i) {
    if (train.labels[i] == 0) {
      EXPECT_EQ(kept[i], 2000);
    } else {
      EXPECT_NEAR(kept[i], 200, 5 * 13.4) << "row " << i;
    }
  }
}

TEST(RandomUndersamplingPlugin, ReplacementMayRepeatRows) {
  Dataset train = testing::clouds({150, 200}, 2, 7);
  Dataset out =
      testing::load_strategy("random_undersampling", {{"replacement", true}})
          ->apply(train, 1);
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{150, 150}));
  // 150 draws from 200 rows repeat one almost surely (birthday problem).
  EXPECT_TRUE(match_in_order(train, out).empty());
  std::size_t repeats = 0;
  for (std::size_t r = 1; r < out.rows(); ++r) {
    repeats += std::equal(out.row(r), out.row(r) + out.cols(), out.row(r - 1));
  }
  EXPECT_GT(repeats, 0u);
}

TEST(RandomUndersamplingPlugin, RaisesTheMinorityShare) {
  auto info = testing::strategy_info("random_undersampling");
  EXPECT_EQ(info.name, "random_undersampling");
  EXPECT_FALSE(info.reduces_minority_share);
  Dataset train = testing::clouds({30, 100, 60}, 2, 8, {"a", "b", "c"});
  for (const char* strategy : {"auto", "majority", "not majority", "all"}) {
    Dataset out = testing::load_strategy("random_undersampling",
                                         {{"sampling_strategy", strategy}})
                      ->apply(train, 1);
    double before = 30.0 / train.rows();
    double after = double(out.class_counts()[0]) / out.rows();
    EXPECT_GE(after, before) << strategy;
  }
}

TEST(RandomUndersamplingPlugin, SameSeedSameRowsDifferentSeedsDiffer) {
  Dataset train = testing::clouds({26, 547}, 2, 9);
  auto strategy = testing::load_strategy("random_undersampling");
  EXPECT_TRUE(
      testing::same_rows(strategy->apply(train, 1), strategy->apply(train, 1)));
  EXPECT_FALSE(
      testing::same_rows(strategy->apply(train, 1), strategy->apply(train, 2)));
}

TEST(RandomUndersamplingPlugin, DoesNotModifyTheInput) {
  Dataset train = testing::clouds({26, 547}, 2, 10);
  Dataset copy = train;
  testing::load_strategy("random_undersampling")->apply(train, 1);
  EXPECT_TRUE(testing::same_rows(train, copy));
}

TEST(RandomUndersamplingPlugin, BadParametersAreRejected) {
  EXPECT_THROW(testing::load_strategy("random_undersampling",
                                      {{"sampling_strategy", "minority"}}),
               ParamError);
  EXPECT_THROW(
      testing::load_strategy("random_undersampling", {{"replacement", "no"}}),
      ParamError);
  Dataset train = testing::clouds({26, 547}, 2, 11);
  EXPECT_THROW(
      testing::load_strategy("random_undersampling",
                             {{"sampling_strategy", json{{"abnormal", 27}}}})
          ->apply(train, 1),
      ParamError);
  std::string message = testing::input_error_of([] {
    testing::load_strategy("random_undersampling", {{"k_neighbors", 5}});
  });
  EXPECT_EQ(message,
            "strategy 'random_undersampling': parameter 'k_neighbors' is not "
            "a parameter of this strategy; it takes: replacement "
            "sampling_strategy");
}

}  // namespace
}  // namespace shoal
