// Tests of the `adasyn` strategy plugin against imbalanced-learn's ADASYN
// (imblearn/over_sampling/_adasyn.py): rows with more neighbours of other
// classes seed more synthetic rows, g_i = rint(r_i / sum(r) * G), and every
// synthetic row lies between a row and one of its same-class neighbours.

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

#include "sampling_testing.hpp"

namespace shoal {
namespace {

using nlohmann::json;

/// Three groups of 6 abnormal rows, 100 apart on the x axis, so each
/// abnormal row's 5 nearest abnormal rows are the rest of its group:
///   x = 0:   among 30 normal rows (most neighbours are normal);
///   x = 100: around a single normal row (some neighbours are normal);
///   x = 200: alone (no normal neighbour).
/// 300 more normal rows sit far away at y = 1000.
Dataset three_neighbourhoods() {
  Dataset data;
  data.feature_names = {"x", "y"};
  data.class_names = {"abnormal", "normal"};
  std::mt19937_64 engine(17);
  std::normal_distribution<double> spread(0.0, 1.0);
  auto add = [&](double cx, double cy, double sd, int label, int n) {
    for (int i = 0; i < n; ++i) {
      double x[2] = {cx + sd * spread(engine), cy + sd * spread(engine)};
      data.add_row(x, label);
    }
  };
  add(0, 0, 0.3, 1, 30);
  add(0, 0, 0.3, 0, 6);
  add(100, 0, 0.3, 0, 6);
  double centre[2] = {100, 0};
  data.add_row(centre, 1);
  add(200, 0, 0.3, 0, 6);
  add(0, 1000, 5.0, 1, 300);
  return data;
}

/// g_i for every abnormal row, recomputed by brute force from the
/// definition (He et al. 2008, step (c)-(d); imbalanced-learn's rounding).
std::vector<std::size_t> expected_shares(const Dataset& train, std::size_t n,
                                         std::size_t wanted) {
  std::vector<std::size_t> everyone(train.rows());
  std::iota(everyone.begin(), everyone.end(), 0);
  auto minority = testing::class_rows(train, 0);
  std::vector<double> ratio;
  double total = 0;
  for (std::size_t row : minority) {
    auto near =
        testing::brute_force_nearest(train, everyone, train.row(row), n, row);
    double others = 0;
    for (std::size_t r : near) others += train.labels[r] != 0;
    ratio.push_back(others / n);
    total += ratio.back();
  }
  std::vector<std::size_t> shares;
  for (double r : ratio) {
    shares.push_back(
        static_cast<std::size_t>(std::nearbyint(r / total * wanted)));
  }
  return shares;
}

TEST(AdasynPlugin, RowsWithMoreOtherClassNeighboursSeedMoreRows) {
  Dataset train = three_neighbourhoods();
  Dataset out = testing::load_strategy("adasyn")->apply(train, 3);
  auto counts = train.class_counts();
  auto shares = expected_shares(train, 5, counts[1] - counts[0]);
  auto minority = testing::class_rows(train, 0);

  // Expected and actual synthetic rows per group (by x position).
  std::vector<std::size_t> expected(3, 0), actual(3, 0);
  for (std::size_t i = 0; i < minority.size(); ++i) {
    expected[static_cast<std::size_t>(
        std::lround(train.row(minority[i])[0] / 100))] += shares[i];
  }
  for (std::size_t r = train.rows(); r < out.rows(); ++r) {
    ++actual.at(static_cast<std::size_t>(std::lround(out.row(r)[0] / 100)));
  }
  EXPECT_EQ(actual, expected);
  EXPECT_GT(actual[0], actual[1]);
  EXPECT_GT(actual[1], 0u);
  EXPECT_EQ(actual[2], 0u);
}

TEST(AdasynPlugin, SyntheticRowsLieBetweenSameClassNeighbours) {
  Dataset train = testing::clouds({30, 200}, 3, 4);
  Dataset out =
      testing::load_strategy("adasyn", {{"n_neighbors", 4}})->apply(train, 5);
  auto minority = testing::class_rows(train, 0);
  ASSERT_GT(out.rows(), train.rows());
  EXPECT_TRUE(testing::starts_with_rows(out, train));
  for (std::size_t r = train.rows(); r < out.rows(); ++r) {
    EXPECT_EQ(out.labels[r], 0);
    EXPECT_EQ(out.weights[r], 1.0);
    EXPECT_TRUE(testing::lies_on_neighbour_segment(train, out, r, minority,
                                                   minority, 4))
        << "synthetic row " << r;
  }
}

TEST(AdasynPlugin, CountIsTheSumOfRoundedShares) {
  // The class ends at n_minority + sum(g_i), which rounding may move a
  // little off the target (imbalanced-learn's example: 904 for 900).
  Dataset train = testing::clouds({30, 200}, 3, 6);
  Dataset out = testing::load_strategy("adasyn")->apply(train, 1);
  auto shares = expected_shares(train, 5, 170);
  std::size_t sum = std::accumulate(shares.begin(), shares.end(), 0u);
  EXPECT_EQ(out.class_counts(), (std::vector<std::size_t>{30 + sum, 200}));
  EXPECT_NEAR(static_cast<double>(sum), 170.0, 15.0);
}

TEST(AdasynPlugin, NoOtherClassNeighbourIsAClearError) {
  Dataset train = testing::clouds({10, 60}, 2, 7, {"abnormal", "normal"},
                                  /*spacing=*/100.0);
  std::string message = testing::input_error_of(
      [&] { testing::load_strategy("adasyn")->apply(train, 1); });
  EXPECT_EQ(message,
            "strategy 'adasyn': no row of class 'abnormal' has a row of "
            "another class among its 5 nearest neighbours, so ADASYN has no "
            "density to weight rows by; use smote, or a larger n_neighbors");
}

TEST(AdasynPlugin, TooFewRowsSayWhatWorks) {
  Dataset train = testing::clouds({4, 60}, 2, 8);
  std::string message = testing::input_error_of(
      [&] { testing::load_strategy("adasyn")->apply(train, 1); });
  EXPECT_EQ(message,
            "strategy 'adasyn': parameter 'n_neighbors' is 5, which needs at "
            "least 6 rows, but class 'abnormal' has 4; set n_neighbors to at "
            "most 3");
}

TEST(AdasynPlugin, SameSeedSameRowsDifferentSeedsDiffer) {
  Dataset train = testing::clouds({30, 200}, 3, 9);
  auto adasyn = testing::load_strategy("adasyn");
  EXPECT_TRUE(
      testing::same_rows(adasyn->apply(train, 1), adasyn->apply(train, 1)));
  EXPECT_FALSE(
      testing::same_rows(adasyn->apply(train, 1), adasyn->apply(train, 2)));
}

TEST(AdasynPlugin, DoesNotModifyTheInput) {
  Dataset train = testing::clouds({30, 200}, 3, 10);
  Dataset copy = train;
  testing::load_strategy("adasyn")->apply(train, 1);
  EXPECT_TRUE(testing::same_rows(train, copy));
}

TEST(AdasynPlugin, FollowsSamplingStrategy) {
  // A ratio of 0.5 asks for int(200 * 0.5 - 30) = 70 rows, give or take
  // rounding; a class not asked for does not grow.
  Dataset train = testing::clouds({30, 200, 60}, 2, 11, {"a", "b", "c"});
  Dataset out = testing::load_strategy(
                    "adasyn", {{"sampling_strategy", json{{"a", 100}}}})
                    ->apply(train, 1);
  auto counts = out.class_counts();
  EXPECT_NEAR(static_cast<double>(counts[0]), 100.0, 8.0);
  EXPECT_EQ(counts[1], 200u);
  EXPECT_EQ(counts[2], 60u);
}

TEST(AdasynPlugin, UnknownParameterIsRejected) {
  std::string message = testing::input_error_of([] {
    testing::load_strategy("adasyn", {{"k_neighbors", 3}});
  });
  EXPECT_EQ(message,
            "strategy 'adasyn': parameter 'k_neighbors' is not a parameter "
            "of this strategy (did you mean 'n_neighbors'?); it takes: "
            "n_neighbors sampling_strategy");
}

TEST(AdasynPlugin, DescribesItself) {
  auto info = testing::strategy_info("adasyn");
  EXPECT_EQ(info.name, "adasyn");
  EXPECT_FALSE(info.reduces_minority_share);
}

}  // namespace
}  // namespace shoal
