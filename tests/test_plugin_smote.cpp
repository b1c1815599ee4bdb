// Tests of the `smote` strategy plugin against imbalanced-learn's SMOTE
// semantics: x_i + u (x_nn - x_i) with x_nn one of x_i's k nearest
// same-class rows and u in [0, 1); counts for each sampling_strategy;
// determinism; errors.

#include <gtest/gtest.h>

#include "sampling_testing.hpp"

namespace shoal {
namespace {

using nlohmann::json;

/// True when row `r` of `out` lies on a segment from a row of class `label`
/// of `train` to one of that row's k nearest same-class rows, at u in [0, 1).
bool lies_between_neighbours(const Dataset& train, const Dataset& out,
                             std::size_t r, int label, std::size_t k) {
  auto members = testing::class_rows(train, label);
  return testing::lies_on_neighbour_segment(train, out, r, members, members, k);
}

TEST(SmotePlugin, GrowsTheMinorityToTheMajorityByDefault) {
  // sampling_strategy "auto" = "not majority": for two classes, the
  // minority grows to the majority's count (imblearn's SMOTE example:
  // {0: 900, 1: 100} becomes {0: 900, 1: 900}).
  Dataset train = testing::clouds({26, 300}, 4, 1);
  Dataset out = testing::load_strategy("smote")->apply(train, 42);
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{300, 300}));
  EXPECT_TRUE(testing::starts_with_rows(out, train));
  EXPECT_EQ(out.feature_names, train.feature_names);
  EXPECT_EQ(out.class_names, train.class_names);
}

TEST(SmotePlugin, SyntheticRowsLieBetweenNeighbours) {
  Dataset train = testing::clouds({26, 120}, 3, 2);
  for (std::size_t k : {1u, 3u, 5u}) {
    Dataset out =
        testing::load_strategy("smote", {{"k_neighbors", k}})->apply(train, 7);
    ASSERT_EQ(out.rows(), 240u);
    for (std::size_t r = train.rows(); r < out.rows(); ++r) {
      ASSERT_EQ(out.labels[r], 0);
      EXPECT_TRUE(lies_between_neighbours(train, out, r, 0, k))
          << "synthetic row " << r << " with k " << k;
    }
  }
}

TEST(SmotePlugin, SyntheticRowsAreNotOnlyNearestNeighbourSegments) {
  // With k = 5 the draws must reach beyond each row's first neighbour;
  // checking against k = 1 would otherwise pass a plugin that ignored k.
  Dataset train = testing::clouds({26, 120}, 3, 2);
  Dataset out =
      testing::load_strategy("smote", {{"k_neighbors", 5}})->apply(train, 7);
  std::size_t beyond_first = 0;
  for (std::size_t r = train.rows(); r < out.rows(); ++r) {
    if (!lies_between_neighbours(train, out, r, 0, 1)) ++beyond_first;
  }
  EXPECT_GT(beyond_first, 30u);
}

TEST(SmotePlugin, SyntheticRowsHaveWeightOne) {
  Dataset train = testing::clouds({10, 40}, 2, 3);
  for (auto& w : train.weights) w = 3.0;
  Dataset out = testing::load_strategy("smote")->apply(train, 1);
  for (std::size_t r = train.rows(); r < out.rows(); ++r) {
    EXPECT_EQ(out.weights[r], 1.0);
  }
}

struct CountCase {
  json strategy;
  std::vector<std::size_t> expected;

  /// Names the case in test output.
  friend void PrintTo(const CountCase& c, std::ostream* out) {
    *out << c.strategy.dump();
  }
};

class SmoteCounts : public ::testing::TestWithParam<CountCase> {};

TEST_P(SmoteCounts, FollowSamplingStrategy) {
  // Three classes of 30, 100 and 12 rows (see sampling.hpp for the rules).
  Dataset train = testing::clouds({30, 100, 12}, 2, 4, {"a", "b", "c"});
  Dataset out = testing::load_strategy(
                    "smote", {{"sampling_strategy", GetParam().strategy}})
                    ->apply(train, 5);
  EXPECT_EQ(out.class_counts(), GetParam().expected)
      << GetParam().strategy.dump();
}

INSTANTIATE_TEST_SUITE_P(
    Smote, SmoteCounts,
    ::testing::Values(CountCase{"auto", {100, 100, 100}},
                      CountCase{"minority", {30, 100, 100}},
                      CountCase{"not minority", {100, 100, 12}},
                      CountCase{"not majority", {100, 100, 100}},
                      CountCase{"all", {100, 100, 100}},
                      CountCase{json{{"c", 50}, {"a", 31}}, {31, 100, 50}}));

TEST(SmotePlugin, RatioCountsOnTwoClasses) {
  // int(547 * 0.5 - 26) = 247 new rows.
  Dataset train = testing::clouds({26, 547}, 2, 5);
  Dataset out = testing::load_strategy("smote", {{"sampling_strategy", 0.5}})
                    ->apply(train, 5);
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{273, 547}));
}

TEST(SmotePlugin, SameSeedSameRows) {
  Dataset train = testing::clouds({26, 200}, 4, 6);
  auto smote = testing::load_strategy("smote");
  EXPECT_TRUE(
      testing::same_rows(smote->apply(train, 9), smote->apply(train, 9)));
}

TEST(SmotePlugin, DifferentSeedsGiveDifferentRows) {
  Dataset train = testing::clouds({26, 200}, 4, 6);
  auto smote = testing::load_strategy("smote");
  EXPECT_FALSE(
      testing::same_rows(smote->apply(train, 9), smote->apply(train, 10)));
}

TEST(SmotePlugin, DoesNotModifyTheInput) {
  Dataset train = testing::clouds({26, 200}, 4, 8);
  Dataset copy = train;
  testing::load_strategy("smote")->apply(train, 1);
  EXPECT_TRUE(testing::same_rows(train, copy));
}

TEST(SmotePlugin, TooFewMinorityRowsSayWhatKWorks) {
  Dataset train = testing::clouds({3, 50}, 2, 9);
  auto smote = testing::load_strategy("smote");
  std::string message =
      testing::input_error_of([&] { smote->apply(train, 1); });
  EXPECT_EQ(message,
            "strategy 'smote': parameter 'k_neighbors' is 5, which needs at "
            "least 6 rows, but class 'abnormal' has 3; set k_neighbors to at "
            "most 2");
  // ... and that advice works.
  Dataset out =
      testing::load_strategy("smote", {{"k_neighbors", 2}})->apply(train, 1);
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{50, 50}));
}

TEST(SmotePlugin, SingleMinorityRowIsAClearError) {
  Dataset train = testing::clouds({1, 50}, 2, 10);
  std::string message = testing::input_error_of(
      [&] { testing::load_strategy("smote")->apply(train, 1); });
  EXPECT_EQ(message,
            "strategy 'smote': parameter 'k_neighbors' is 5, which needs at "
            "least 6 rows, but class 'abnormal' has 1; no value works with "
            "fewer than 2 rows (random_oversampling needs only 1)");
}

TEST(SmotePlugin, UnknownParameterIsRejected) {
  std::string message = testing::input_error_of([] {
    testing::load_strategy("smote", {{"k_neighbours", 3}});
  });
  EXPECT_EQ(message,
            "strategy 'smote': parameter 'k_neighbours' is not a parameter "
            "of this strategy (did you mean 'k_neighbors'?); it takes: "
            "k_neighbors sampling_strategy");
}

TEST(SmotePlugin, BadParameterValuesAreRejected) {
  EXPECT_THROW(testing::load_strategy("smote", {{"k_neighbors", 0}}),
               ParamError);
  EXPECT_THROW(testing::load_strategy("smote", {{"k_neighbors", 2.5}}),
               ParamError);
  EXPECT_THROW(
      testing::load_strategy("smote", {{"sampling_strategy", "majority"}}),
      ParamError);
}

TEST(SmotePlugin, DescribesItself) {
  auto info = testing::strategy_info("smote");
  EXPECT_EQ(info.name, "smote");
  EXPECT_FALSE(info.summary.empty());
  EXPECT_FALSE(info.reduces_minority_share);
}

}  // namespace
}  // namespace shoal
