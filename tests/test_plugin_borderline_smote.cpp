// Tests of the `borderline_smote` strategy plugin (Han et al. 2005;
// imbalanced-learn's BorderlineSMOTE): only "danger" rows, whose m nearest
// rows are at least half but not all of other classes, seed synthetic rows.

#include <gtest/gtest.h>

#include <numeric>

#include "sampling_testing.hpp"

namespace shoal {
namespace {

using nlohmann::json;

/// Danger rows of class 0, by brute force from the definition.
std::vector<std::size_t> danger_rows(const Dataset& train, std::size_t m) {
  std::vector<std::size_t> everyone(train.rows());
  std::iota(everyone.begin(), everyone.end(), 0);
  std::vector<std::size_t> danger;
  for (std::size_t row : testing::class_rows(train, 0)) {
    auto near =
        testing::brute_force_nearest(train, everyone, train.row(row), m, row);
    std::size_t others = 0;
    for (std::size_t r : near) others += train.labels[r] != 0;
    if (2 * others >= m && others < m) danger.push_back(row);
  }
  return danger;
}

/// Overlapping clouds: some abnormal rows are safe, some in danger, some
/// noise.
Dataset overlapping() { return testing::clouds({40, 200}, 2, 3); }

TEST(BorderlineSmotePlugin, EverySyntheticRowIsSeededAtADangerRow) {
  Dataset train = overlapping();
  auto danger = danger_rows(train, 10);
  auto minority = testing::class_rows(train, 0);
  ASSERT_FALSE(danger.empty());
  ASSERT_LT(danger.size(), minority.size());  // the filter has work to do

  Dataset out = testing::load_strategy("borderline_smote")->apply(train, 4);
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{200, 200}));
  EXPECT_TRUE(testing::starts_with_rows(out, train));
  for (std::size_t r = train.rows(); r < out.rows(); ++r) {
    EXPECT_TRUE(
        testing::lies_on_neighbour_segment(train, out, r, danger, minority, 5))
        << "synthetic row " << r;
  }
}

TEST(BorderlineSmotePlugin, KindTwoAlsoStepsTowardsOtherClasses) {
  Dataset train = overlapping();
  auto danger = danger_rows(train, 10);
  auto minority = testing::class_rows(train, 0);
  auto majority = testing::class_rows(train, 1);
  Dataset out =
      testing::load_strategy("borderline_smote", {{"kind", "borderline-2"}})
          ->apply(train, 4);
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{200, 200}));
  std::size_t towards_others = 0;
  for (std::size_t r = train.rows(); r < out.rows(); ++r) {
    EXPECT_EQ(out.labels[r], 0);
    if (testing::lies_on_neighbour_segment(train, out, r, danger, minority,
                                           5)) {
      continue;
    }
    // Otherwise: from a danger row towards one of its 5 nearest normal
    // rows, at most half way.
    EXPECT_TRUE(testing::lies_on_neighbour_segment(train, out, r, danger,
                                                   majority, 5, 0.5))
        << "synthetic row " << r;
    ++towards_others;
  }
  // f ~ Beta(10, 10) sends about half of the 160 rows each way.
  EXPECT_GT(towards_others, 30u);
  EXPECT_LT(towards_others, 130u);
}

TEST(BorderlineSmotePlugin, NoDangerRowsLeavesTheSetUnchanged) {
  // Clouds 100 apart: every abnormal row's 10 nearest are abnormal.
  Dataset train = testing::clouds({20, 80}, 2, 5, {"abnormal", "normal"},
                                  /*spacing=*/100.0);
  ASSERT_TRUE(danger_rows(train, 10).empty());
  Dataset out = testing::load_strategy("borderline_smote")->apply(train, 1);
  EXPECT_TRUE(testing::same_rows(out, train));
}

TEST(BorderlineSmotePlugin, FollowsSamplingStrategy) {
  Dataset train = overlapping();
  Dataset out =
      testing::load_strategy("borderline_smote", {{"sampling_strategy", 0.5}})
          ->apply(train, 1);
  // int(200 * 0.5 - 40) = 60 new rows.
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{100, 200}));
}

TEST(BorderlineSmotePlugin, SameSeedSameRowsDifferentSeedsDiffer) {
  Dataset train = overlapping();
  for (const char* kind : {"borderline-1", "borderline-2"}) {
    auto strategy =
        testing::load_strategy("borderline_smote", {{"kind", kind}});
    EXPECT_TRUE(testing::same_rows(strategy->apply(train, 1),
                                   strategy->apply(train, 1)));
    EXPECT_FALSE(testing::same_rows(strategy->apply(train, 1),
                                    strategy->apply(train, 2)));
  }
}

TEST(BorderlineSmotePlugin, DoesNotModifyTheInput) {
  Dataset train = overlapping();
  Dataset copy = train;
  testing::load_strategy("borderline_smote", {{"kind", "borderline-2"}})
      ->apply(train, 1);
  EXPECT_TRUE(testing::same_rows(train, copy));
}

TEST(BorderlineSmotePlugin, TooFewRowsSayWhatWorks) {
  Dataset tiny_class = testing::clouds({3, 40}, 2, 6);
  std::string message = testing::input_error_of([&] {
    testing::load_strategy("borderline_smote")->apply(tiny_class, 1);
  });
  EXPECT_EQ(message,
            "strategy 'borderline_smote': parameter 'k_neighbors' is 5, which "
            "needs at least 6 rows, but class 'abnormal' has 3; set "
            "k_neighbors to at most 2");

  Dataset tiny_set = testing::clouds({3, 6}, 2, 6);
  message = testing::input_error_of([&] {
    testing::load_strategy("borderline_smote", {{"k_neighbors", 2}})
        ->apply(tiny_set, 1);
  });
  EXPECT_EQ(message,
            "strategy 'borderline_smote': parameter 'm_neighbors' is 10, which "
            "needs at least 11 rows, but the training set has 9; set "
            "m_neighbors to at most 8");
}

TEST(BorderlineSmotePlugin, BadKindIsRejected) {
  std::string message = testing::input_error_of([] {
    testing::load_strategy("borderline_smote", {{"kind", "borderline1"}});
  });
  EXPECT_EQ(message,
            "strategy 'borderline_smote': parameter 'kind' is 'borderline1'; "
            "use 'borderline-1' or 'borderline-2' (did you mean "
            "'borderline-1'?)");
}

TEST(BorderlineSmotePlugin, UnknownParameterIsRejected) {
  std::string message = testing::input_error_of([] {
    testing::load_strategy("borderline_smote", {{"m_neighbours", 8}});
  });
  EXPECT_EQ(message,
            "strategy 'borderline_smote': parameter 'm_neighbours' is not a "
            "parameter of this strategy (did you mean 'm_neighbors'?); it "
            "takes: k_neighbors kind m_neighbors sampling_strategy");
}

TEST(BorderlineSmotePlugin, DescribesItself) {
  auto info = testing::strategy_info("borderline_smote");
  EXPECT_EQ(info.name, "borderline_smote");
  EXPECT_FALSE(info.reduces_minority_share);
}

}  // namespace
}  // namespace shoal
