// Tests of the `random_oversampling` strategy plugin (imbalanced-learn's
// RandomOverSampler): copies drawn with replacement from the class's own
// rows, optionally smoothed with Gaussian noise (shrinkage).

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "sampling_testing.hpp"

namespace shoal {
namespace {

using nlohmann::json;

/// Index of the row of `train` equal to row `r` of `out`, or SIZE_MAX.
std::size_t source_row(const Dataset& train, const Dataset& out,
                       std::size_t r) {
  for (std::size_t i = 0; i < train.rows(); ++i) {
    if (std::equal(train.row(i), train.row(i) + train.cols(), out.row(r))) {
      return i;
    }
  }
  return SIZE_MAX;
}

TEST(RandomOversamplingPlugin, CopiesRowsOfTheSameClass) {
  Dataset train = testing::clouds({26, 300}, 3, 1);
  for (std::size_t i = 0; i < train.rows(); ++i) train.weights[i] = 1.0 + i;
  Dataset out = testing::load_strategy("random_oversampling")->apply(train, 4);
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{300, 300}));
  EXPECT_TRUE(testing::starts_with_rows(out, train));
  for (std::size_t r = train.rows(); r < out.rows(); ++r) {
    std::size_t source = source_row(train, out, r);
    ASSERT_NE(source, SIZE_MAX) << "row " << r << " is not a copy";
    EXPECT_EQ(train.labels[source], out.labels[r]);
    EXPECT_EQ(train.weights[source], out.weights[r]);  // a copy keeps it
  }
}

TEST(RandomOversamplingPlugin, DrawsEveryRowAboutEqually) {
  // 274 * 20 = 5480 draws from 26 rows: each about 210.8 times, sd 14.2.
  Dataset train = testing::clouds({26, 5506}, 2, 2);
  Dataset out = testing::load_strategy("random_oversampling")->apply(train, 4);
  std::map<std::size_t, int> drawn;
  for (std::size_t r = train.rows(); r < out.rows(); ++r) {
    ++drawn[source_row(train, out, r)];
  }
  ASSERT_EQ(drawn.size(), 26u);
  for (const auto& [row, times] : drawn) EXPECT_NEAR(times, 210.8, 5 * 14.2);
}

struct CountCase {
  json strategy;
  std::vector<std::size_t> expected;

  /// Names the case in test output.
  friend void PrintTo(const CountCase& c, std::ostream* out) {
    *out << c.strategy.dump();
  }
};

class RandomOversamplingCounts : public ::testing::TestWithParam<CountCase> {};

TEST_P(RandomOversamplingCounts, FollowSamplingStrategy) {
  Dataset train = testing::clouds({30, 100, 12}, 2, 4, {"a", "b", "c"});
  Dataset out =
      testing::load_strategy("random_oversampling",
                             {{"sampling_strategy", GetParam().strategy}})
          ->apply(train, 5);
  EXPECT_EQ(out.class_counts(), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    RandomOversampling, RandomOversamplingCounts,
    ::testing::Values(CountCase{"auto", {100, 100, 100}},
                      CountCase{"minority", {30, 100, 100}},
                      CountCase{"not minority", {100, 100, 12}},
                      CountCase{json{{"c", 13}}, {30, 100, 13}}));

TEST(RandomOversamplingPlugin, SingleMinorityRowIsEnough) {
  Dataset train = testing::clouds({1, 20}, 2, 3);
  Dataset out = testing::load_strategy("random_oversampling")->apply(train, 1);
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{20, 20}));
}

TEST(RandomOversamplingPlugin, ShrinkageNoiseFollowsImbalancedLearnsScale) {
  // imblearn/over_sampling/_random_over_sampler.py: noise sd on feature j is
  // shrinkage * std_j * (4 / ((d + 2) n)) ^ (1 / (d + 4)), with std_j over
  // the class's rows and n all rows. Here d = 2 and n = 2200:
  // (4 / 8800) ^ (1 / 6) = 0.2776. Feature 1 is stretched tenfold, so its
  // noise must be ten times larger. A small shrinkage keeps the noise far
  // below the spacing of the rows, so each copy's source is its nearest row.
  Dataset train = testing::clouds({200, 2000}, 2, 5);
  for (std::size_t i = 0; i < train.rows(); ++i) train.row(i)[1] *= 10;
  Dataset out =
      testing::load_strategy("random_oversampling", {{"shrinkage", 0.01}})
          ->apply(train, 6);
  auto minority = testing::class_rows(train, 0);
  std::vector<double> mean(2, 0), sd(2, 0);
  for (std::size_t r : minority) {
    for (std::size_t j = 0; j < 2; ++j) mean[j] += train.row(r)[j];
  }
  for (auto& m : mean) m /= minority.size();
  for (std::size_t r : minority) {
    for (std::size_t j = 0; j < 2; ++j) {
      sd[j] += std::pow(train.row(r)[j] - mean[j], 2);
    }
  }
  for (auto& s : sd) s = std::sqrt(s / minority.size());

  std::vector<double> squares(2, 0);
  std::size_t n = 0;
  for (std::size_t r = train.rows(); r < out.rows(); ++r, ++n) {
    auto nearest = testing::brute_force_nearest(train, minority, out.row(r), 1);
    for (std::size_t j = 0; j < 2; ++j) {
      squares[j] += std::pow(out.row(r)[j] - train.row(nearest[0])[j], 2);
    }
  }
  ASSERT_EQ(n, 1800u);
  double bandwidth = std::pow(4.0 / (4.0 * 2200.0), 1.0 / 6.0);
  for (std::size_t j = 0; j < 2; ++j) {
    double expected = 0.01 * bandwidth * sd[j];
    // The sd of an sd estimated from 3600 normal draws is 1.2 %.
    EXPECT_NEAR(std::sqrt(squares[j] / n), expected, 0.06 * expected)
        << "feature " << j;
  }
}

TEST(RandomOversamplingPlugin, ZeroShrinkageGivesExactCopies) {
  Dataset train = testing::clouds({10, 40}, 2, 7);
  Dataset plain =
      testing::load_strategy("random_oversampling")->apply(train, 3);
  Dataset zero =
      testing::load_strategy("random_oversampling", {{"shrinkage", 0}})
          ->apply(train, 3);
  EXPECT_TRUE(testing::same_rows(plain, zero));
}

TEST(RandomOversamplingPlugin, SameSeedSameRowsDifferentSeedsDiffer) {
  Dataset train = testing::clouds({26, 200}, 3, 8);
  auto ros = testing::load_strategy("random_oversampling", {{"shrinkage", 1}});
  EXPECT_TRUE(testing::same_rows(ros->apply(train, 1), ros->apply(train, 1)));
  EXPECT_FALSE(testing::same_rows(ros->apply(train, 1), ros->apply(train, 2)));
}

TEST(RandomOversamplingPlugin, DoesNotModifyTheInput) {
  Dataset train = testing::clouds({26, 200}, 3, 9);
  Dataset copy = train;
  testing::load_strategy("random_oversampling", {{"shrinkage", 1}})
      ->apply(train, 1);
  EXPECT_TRUE(testing::same_rows(train, copy));
}

TEST(RandomOversamplingPlugin, BadParametersAreRejected) {
  EXPECT_THROW(
      testing::load_strategy("random_oversampling", {{"shrinkage", -0.1}}),
      ParamError);
  EXPECT_THROW(
      testing::load_strategy("random_oversampling", {{"shrinkage", "high"}}),
      ParamError);
  std::string message = testing::input_error_of([] {
    testing::load_strategy("random_oversampling", {{"shrinkge", 1}});
  });
  EXPECT_EQ(message,
            "strategy 'random_oversampling': parameter 'shrinkge' is not a "
            "parameter of this strategy (did you mean 'shrinkage'?); it "
            "takes: sampling_strategy shrinkage");
}

}  // namespace
}  // namespace shoal
