// Tests of the helpers shared by resampling strategies (shoal/sampling.hpp):
// imbalanced-learn's sampling_strategy targets, the k-d tree neighbour
// index against a brute-force search, the portable random draws and
// SMOTE-style synthetic rows.

#include <gtest/gtest.h>

#include <numeric>

#include "sampling_testing.hpp"
#include "shoal/sampling.hpp"

namespace shoal {
namespace {

using nlohmann::json;
using testing::clouds;

/// A table with the given rows per class and one feature (the targets do
/// not look at features).
Dataset with_counts(const std::vector<std::size_t>& counts,
                    std::vector<std::string> names) {
  return clouds(counts, 1, 7, std::move(names));
}

// imbalanced-learn's own cases (imblearn/utils/tests/test_validation.py,
// test_check_sampling_strategy): y = [1] * 50 + [2] * 100 + [3] * 25. It
// reports rows to add (over) or rows to keep (under) per targeted class;
// here they are turned into final counts per class.
struct TargetCase {
  json strategy;
  SamplingKind kind;
  std::vector<std::size_t> expected;

  /// Names the case in test output.
  friend void PrintTo(const TargetCase& c, std::ostream* out) {
    *out << c.strategy.dump();
  }
};

class MulticlassTargets : public ::testing::TestWithParam<TargetCase> {};

TEST_P(MulticlassTargets, MatchImbalancedLearn) {
  Dataset data = with_counts({50, 100, 25}, {"c1", "c2", "c3"});
  const TargetCase& c = GetParam();
  EXPECT_EQ(sampling_targets(data, c.strategy, c.kind, "test"), c.expected)
      << c.strategy.dump();
}

INSTANTIATE_TEST_SUITE_P(
    Sampling, MulticlassTargets,
    ::testing::Values(
        // over-sampling: {1: 50, 3: 75} added, and so on
        TargetCase{"auto", SamplingKind::over, {100, 100, 100}},
        TargetCase{"all", SamplingKind::over, {100, 100, 100}},
        TargetCase{"minority", SamplingKind::over, {50, 100, 100}},
        TargetCase{"not minority", SamplingKind::over, {100, 100, 25}},
        TargetCase{"not majority", SamplingKind::over, {100, 100, 100}},
        TargetCase{json{{"c1", 70}, {"c2", 100}, {"c3", 70}},
                   SamplingKind::over,
                   {70, 100, 70}},
        // under-sampling: {1: 25, 2: 25} kept, and so on
        TargetCase{"auto", SamplingKind::under, {25, 25, 25}},
        TargetCase{"all", SamplingKind::under, {25, 25, 25}},
        TargetCase{"majority", SamplingKind::under, {50, 25, 25}},
        TargetCase{"not minority", SamplingKind::under, {25, 25, 25}},
        TargetCase{"not majority", SamplingKind::under, {25, 100, 25}},
        TargetCase{json{{"c1", 30}, {"c2", 45}, {"c3", 25}},
                   SamplingKind::under,
                   {30, 45, 25}}));

TEST(Sampling, RatioTargetsMatchImbalancedLearn) {
  // test_validation.py: binary_target = [1] * 25 + [0] * 100; ratio 0.5
  // adds 25 minority rows (over) or keeps 50 majority rows (under).
  Dataset data = with_counts({100, 25}, {"0", "1"});
  EXPECT_EQ(sampling_targets(data, 0.5, SamplingKind::over, "test"),
            (std::vector<std::size_t>{100, 50}));
  EXPECT_EQ(sampling_targets(data, 0.5, SamplingKind::under, "test"),
            (std::vector<std::size_t>{50, 25}));
}

TEST(Sampling, RatioTruncatesLikeImbalancedLearn) {
  // int(547 * 0.3 - 26) = int(138.1) = 138 new rows; int(26 / 0.3) = 86.
  Dataset data = with_counts({26, 547}, {"abnormal", "normal"});
  EXPECT_EQ(sampling_targets(data, 0.3, SamplingKind::over, "test"),
            (std::vector<std::size_t>{164, 547}));
  EXPECT_EQ(sampling_targets(data, 0.3, SamplingKind::under, "test"),
            (std::vector<std::size_t>{26, 86}));
}

TEST(Sampling, RatioBelowCurrentIsRefused) {
  // test_validation.py: ratio 0.1 on 10 / 20 rows fails both ways.
  Dataset data = with_counts({10, 20}, {"abnormal", "normal"});
  std::string over = testing::input_error_of(
      [&] { sampling_targets(data, 0.1, SamplingKind::over, "smote"); });
  EXPECT_EQ(over,
            "strategy 'smote': parameter 'sampling_strategy' is the ratio "
            "0.1, not above the current minority/majority ratio 0.5: an "
            "over-sampler cannot remove rows; use a ratio in (0.5, 1]");
  std::string under = testing::input_error_of([&] {
    sampling_targets(data, 0.1, SamplingKind::under, "random_undersampling");
  });
  EXPECT_NE(under.find("below the current minority/majority ratio 0.5"),
            std::string::npos)
      << under;
}

TEST(Sampling, RatioOutsideUnitIntervalIsRefused) {
  Dataset data = with_counts({10, 20}, {"abnormal", "normal"});
  for (double ratio : {-10.0, 0.0, 10.0}) {
    EXPECT_THROW(sampling_targets(data, ratio, SamplingKind::over, "t"),
                 ParamError);
  }
}

TEST(Sampling, RatioNeedsTwoClasses) {
  Dataset data = with_counts({50, 100, 25}, {"c1", "c2", "c3"});
  std::string message = testing::input_error_of(
      [&] { sampling_targets(data, 0.5, SamplingKind::under, "t"); });
  EXPECT_NE(message.find("needs exactly two classes"), std::string::npos)
      << message;
}

TEST(Sampling, WrongWordForTheKindIsRefused) {
  // imbalanced-learn: "'majority' cannot be used with over-sampler", and
  // "'minority'" likewise with under-samplers.
  Dataset data = with_counts({10, 20}, {"abnormal", "normal"});
  EXPECT_THROW(sampling_targets(data, "majority", SamplingKind::over, "t"),
               ParamError);
  EXPECT_THROW(sampling_targets(data, "minority", SamplingKind::under, "t"),
               ParamError);
}

TEST(Sampling, MisspeltWordSuggestsTheNearest) {
  Dataset data = with_counts({10, 20}, {"abnormal", "normal"});
  try {
    sampling_targets(data, "minorty", SamplingKind::over, "smote");
    FAIL() << "no error";
  } catch (const ParamError& e) {
    EXPECT_EQ(e.key(), "sampling_strategy");
    std::string message = e.what();
    EXPECT_NE(message.find("is 'minorty'"), std::string::npos) << message;
    EXPECT_NE(message.find("did you mean 'minority'?"), std::string::npos)
        << message;
  }
}

TEST(Sampling, MappingNamesClassesByName) {
  Dataset data = with_counts({26, 547}, {"abnormal", "normal"});
  EXPECT_EQ(
      sampling_targets(data, json{{"abnormal", 300}}, SamplingKind::over, "t"),
      (std::vector<std::size_t>{300, 547}));
  std::string message = testing::input_error_of([&] {
    sampling_targets(data, json{{"abnormel", 300}}, SamplingKind::over,
                     "smote");
  });
  EXPECT_EQ(message,
            "strategy 'smote': parameter 'sampling_strategy' names class "
            "'abnormel', which is not in the training set; its classes are: "
            "abnormal normal (did you mean 'abnormal'?)");
}

TEST(Sampling, MappingCannotMoveTheWrongWay) {
  // test_validation.py, test_sampling_strategy_dict_error: 45 of 50 rows
  // when over-sampling, and 70 of 25 when under-sampling, are refused.
  Dataset data = with_counts({50, 100, 25}, {"c1", "c2", "c3"});
  std::string over = testing::input_error_of([&] {
    sampling_targets(data, json{{"c1", 45}}, SamplingKind::over, "smote");
  });
  EXPECT_EQ(over,
            "strategy 'smote': parameter 'sampling_strategy' asks for 45 "
            "rows of class 'c1', which has 50: an over-sampler cannot "
            "remove rows; give at least 50");
  EXPECT_THROW(
      sampling_targets(data, json{{"c3", 70}}, SamplingKind::under, "t"),
      ParamError);
  EXPECT_THROW(
      sampling_targets(data, json{{"c3", -1}}, SamplingKind::under, "t"),
      ParamError);
  EXPECT_THROW(
      sampling_targets(data, json{{"c3", 2.5}}, SamplingKind::over, "t"),
      ParamError);
}

TEST(Sampling, OneClassIsRefused) {
  Dataset data = with_counts({0, 30}, {"abnormal", "normal"});
  EXPECT_THROW(sampling_targets(data, "auto", SamplingKind::over, "t"),
               InputError);
}

TEST(Sampling, ReadSamplingStrategyChecksFormEarly) {
  Params defaults(json::object(), "smote");
  EXPECT_EQ(read_sampling_strategy(defaults, SamplingKind::over), "auto");
  defaults.finish();  // the key is known even when absent

  Params wrong(json{{"sampling_strategy", true}}, "smote");
  EXPECT_THROW(read_sampling_strategy(wrong, SamplingKind::over), ParamError);
}

// --- NeighbourIndex -------------------------------------------------------

TEST(NeighbourIndex, MatchesBruteForceSearch) {
  Dataset data = clouds({120, 300}, 4, 11);
  std::vector<std::size_t> members = testing::class_rows(data, 0);
  NeighbourIndex index(data, members);
  ASSERT_EQ(index.size(), members.size());
  for (std::size_t query = 0; query < data.rows(); ++query) {
    for (std::size_t k : {1u, 5u, 17u}) {
      EXPECT_EQ(index.nearest(data.row(query), k, query),
                testing::brute_force_nearest(data, members, data.row(query), k,
                                             query))
          << "query row " << query << ", k " << k;
    }
  }
}

TEST(NeighbourIndex, BreaksTiesByLowerRowIndex) {
  // A 6 x 6 integer grid, every point twice: many neighbours are exactly
  // equally far, so only the (distance, row) order decides.
  Dataset data;
  data.feature_names = {"x", "y"};
  data.class_names = {"a"};
  for (int copy = 0; copy < 2; ++copy) {
    for (int i = 0; i < 6; ++i) {
      for (int j = 0; j < 6; ++j) {
        double x[2] = {double(i), double(j)};
        data.add_row(x, 0);
      }
    }
  }
  std::vector<std::size_t> members(data.rows());
  std::iota(members.begin(), members.end(), 0);
  NeighbourIndex index(data, members);
  for (std::size_t query = 0; query < data.rows(); ++query) {
    for (std::size_t k : {1u, 4u, 9u, 30u}) {
      EXPECT_EQ(index.nearest(data.row(query), k, query),
                testing::brute_force_nearest(data, members, data.row(query), k,
                                             query))
          << "query row " << query << ", k " << k;
    }
  }
  // The duplicate of row 0 is row 36, at distance 0.
  EXPECT_EQ(index.nearest(data.row(0), 1, 0), (std::vector<std::size_t>{36}));
}

TEST(NeighbourIndex, ReturnsWhatThereIsWhenKExceedsMembers) {
  Dataset data = clouds({3, 10}, 2, 5);
  auto members = testing::class_rows(data, 0);
  NeighbourIndex index(data, members);
  EXPECT_EQ(index.nearest(data.row(members[0]), 10, members[0]).size(), 2u);
  EXPECT_EQ(index.nearest(data.row(members[0]), 10).size(), 3u);
  EXPECT_TRUE(index.nearest(data.row(0), 0).empty());
}

TEST(NeighbourIndex, NeighbourListsExcludeTheQueryRow) {
  Dataset data = clouds({20, 40}, 3, 8);
  auto members = testing::class_rows(data, 0);
  NeighbourIndex index(data, members);
  auto lists = neighbour_lists(index, data, members, 4);
  ASSERT_EQ(lists.size(), members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    EXPECT_EQ(lists[i].size(), 4u);
    EXPECT_EQ(std::count(lists[i].begin(), lists[i].end(), members[i]), 0);
  }
}

// --- SampleRandom ---------------------------------------------------------

TEST(SampleRandom, SameSeedSameDraws) {
  SampleRandom a(99), b(99), c(100);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    double x = a.unit();
    EXPECT_EQ(x, b.unit());
    differs = differs || x != c.unit();
  }
  EXPECT_TRUE(differs);
}

TEST(SampleRandom, IndexCoversTheRangeEvenly) {
  // 60000 draws over 6 values: each count is 10000 +- 4 standard deviations
  // (sd = sqrt(60000 * 1/6 * 5/6) = 91).
  SampleRandom random(3);
  std::vector<int> counts(6, 0);
  for (int i = 0; i < 60000; ++i) ++counts.at(random.index(6));
  for (int count : counts) EXPECT_NEAR(count, 10000, 4 * 91);
}

TEST(SampleRandom, UnitIsInHalfOpenInterval) {
  SampleRandom random(4);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    double u = random.unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Mean 0.5, sd of the mean sqrt(1/12 / 1e5) = 0.0009.
  EXPECT_NEAR(sum / 100000, 0.5, 0.004);
}

TEST(SampleRandom, NormalHasUnitVariance) {
  SampleRandom random(5);
  double sum = 0, squares = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    double z = random.normal();
    sum += z;
    squares += z * z;
  }
  // sd of the mean 0.003, of the variance about sqrt(2 / n) = 0.0045.
  EXPECT_NEAR(sum / n, 0.0, 0.015);
  EXPECT_NEAR(squares / n, 1.0, 0.025);
}

TEST(SampleRandom, BetaTenTenHasItsMoments) {
  // Beta(10, 10): mean 1/2, variance ab / ((a+b)^2 (a+b+1)) = 100/8400.
  SampleRandom random(6);
  double sum = 0, squares = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    double x = random.beta(10, 10);
    sum += x;
    squares += x * x;
  }
  double mean = sum / n;
  EXPECT_NEAR(mean, 0.5, 0.005);
  EXPECT_NEAR(squares / n - mean * mean, 100.0 / 8400.0, 0.001);
}

// --- synthetic rows -------------------------------------------------------

TEST(Sampling, AddBetweenInterpolates) {
  Dataset data;
  data.feature_names = {"x", "y"};
  data.class_names = {"a", "b"};
  double p[2] = {0, 10}, q[2] = {4, 2};
  data.add_row(p, 0, 3.0);
  data.add_row(q, 0, 3.0);
  Dataset out = data.empty_like();
  add_between(out, data, 0, 1, 0.25, 1);
  ASSERT_EQ(out.rows(), 1u);
  EXPECT_DOUBLE_EQ(out.row(0)[0], 1.0);  // 0 + 0.25 * (4 - 0)
  EXPECT_DOUBLE_EQ(out.row(0)[1], 8.0);  // 10 + 0.25 * (2 - 10)
  EXPECT_EQ(out.labels[0], 1);
  EXPECT_EQ(out.weights[0], 1.0);
}

TEST(Sampling, SmoteRowsUseOnlyListedPairs) {
  Dataset data = clouds({15, 15}, 3, 21);
  auto seeds = testing::class_rows(data, 0);
  NeighbourIndex index(data, seeds);
  auto lists = neighbour_lists(index, data, seeds, 3);
  Dataset out = data.empty_like();
  SampleRandom random(1);
  add_smote_rows(out, data, seeds, lists, 200, 0.5, 0, random);
  ASSERT_EQ(out.rows(), 200u);
  for (std::size_t r = 0; r < out.rows(); ++r) {
    bool found = false;
    for (std::size_t s = 0; s < seeds.size() && !found; ++s) {
      for (std::size_t nn : lists[s]) {
        auto u = testing::segment_position(data.row(seeds[s]), data.row(nn),
                                           out.row(r), data.cols());
        if (u && *u >= 0 && *u < 0.5) found = true;
      }
    }
    EXPECT_TRUE(found) << "synthetic row " << r;
  }
}

TEST(Sampling, TooFewRowsMessageGivesCountAndWorkingK) {
  EXPECT_NO_THROW(
      require_neighbour_rows(6, 5, "class 'abnormal'", "k_neighbors", "smote"));
  std::string message = testing::input_error_of([] {
    require_neighbour_rows(3, 5, "class 'abnormal'", "k_neighbors", "smote");
  });
  EXPECT_EQ(message,
            "strategy 'smote': parameter 'k_neighbors' is 5, which needs at "
            "least 6 rows, but class 'abnormal' has 3; set k_neighbors to at "
            "most 2");
}

}  // namespace
}  // namespace shoal
