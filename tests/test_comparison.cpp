// Aggregating runs into a verdict: summaries skip failed runs, pairs are
// matched by repeat and fold, and the conclusion names the winner and says
// whether its lead stands out from the noise.

#include <gtest/gtest.h>

#include "shoal/comparison.hpp"
#include "shoal/error.hpp"

namespace shoal {
namespace {

/// A run whose minority recall is `hits` of 8 abnormal rows (32 normal rows
/// all correct), scored so the ROC curve is defined.
RunResult fake_run(std::size_t strategy, std::size_t repeat, std::size_t fold,
                   int hits) {
  RunResult run;
  run.spec = {strategy, repeat, fold};
  std::vector<int> predicted;
  for (int i = 0; i < 40; ++i) {
    int truth = i < 8 ? 0 : 1;
    run.truth.push_back(truth);
    predicted.push_back(truth == 0 && i >= hits ? 1 : truth);
    run.scores.push_back(truth == 0 ? (i < hits ? 0.9 : 0.3) : 0.1 + i * 0.01);
  }
  run.metrics = compute_metrics(run.truth, predicted, run.scores, 0, 2);
  run.confusion =
      confusion_matrix(run.truth, predicted, {"abnormal", "normal"});
  run.counts_before = {32, 128};  // 40 tested / 160 trained = 0.25
  for (std::size_t e = 1; e <= 5; ++e) {
    run.history.push_back({e, 1.0 / static_cast<double>(e), 0.8});
  }
  return run;
}

ExperimentConfig config_of(const std::vector<std::string>& names) {
  ExperimentConfig config;
  for (const auto& n : names) config.strategies.push_back({n, n, {}, 0});
  config.evaluation.mode = "cv";
  config.evaluation.folds = 5;
  config.evaluation.repeats = 2;
  config.evaluation.primary_metric = "minority_recall";
  return config;
}

Dataset fish() {
  Dataset d;
  d.class_names = {"abnormal", "normal"};
  d.labels = {0, 1, 1};
  return d;
}

/// Strategy 0 finds `a[k]` of 8 abnormal fish in run k, strategy 1 `b[k]`.
ExperimentResult two_strategies(const std::vector<int>& a,
                                const std::vector<int>& b) {
  ExperimentResult result;
  for (std::size_t s = 0; s < 2; ++s) {
    for (std::size_t k = 0; k < a.size(); ++k) {
      result.runs.push_back(fake_run(s, k / 5, k % 5, s == 0 ? a[k] : b[k]));
      result.plan.push_back(result.runs.back().spec);
    }
  }
  return result;
}

TEST(Comparison, SummarisesEveryMetricOverRuns) {
  auto result = two_strategies({8, 6, 8, 6, 8, 6, 8, 6, 8, 6},
                               {4, 4, 4, 4, 4, 4, 4, 4, 4, 4});
  Comparison c =
      compare_strategies(config_of({"smote", "none"}), fish(), result);
  ASSERT_EQ(c.strategies.size(), 2u);
  const auto& smote = c.strategies[0];
  EXPECT_EQ(smote.runs, 10u);
  // Recall 1 and 0.75 alternating: mean 0.875.
  EXPECT_DOUBLE_EQ(smote.metrics.at("minority_recall").mean, 0.875);
  EXPECT_EQ(smote.primary.size(), 10u);
  for (const auto& name : metric_names())
    EXPECT_EQ(smote.metrics.count(name), 1u);
  // Confusion summed: 10 runs x 8 abnormal = 80 rows, 70 found.
  EXPECT_EQ(smote.confusion.counts[0][0], 70u);
  EXPECT_EQ(smote.confusion.counts[0][1], 10u);
  EXPECT_DOUBLE_EQ(c.test_train_ratio, 0.25);
  EXPECT_EQ(c.design, "5-fold stratified cross-validation x 2 repeats");
  ASSERT_EQ(smote.loss.mean.size(), 5u);
  EXPECT_DOUBLE_EQ(smote.loss.mean[1], 0.5);
  EXPECT_EQ(smote.roc.x.size(), 101u);
  EXPECT_DOUBLE_EQ(smote.roc.mean.back(), 1.0);
}

TEST(Comparison, ClearLeadIsDistinguishableFromNoise) {
  auto result = two_strategies({8, 7, 8, 7, 8, 7, 8, 7, 8, 7},
                               {4, 3, 4, 3, 4, 3, 4, 3, 4, 3});
  Comparison c =
      compare_strategies(config_of({"smote", "none"}), fish(), result);
  ASSERT_EQ(c.pairs.size(), 1u);
  EXPECT_DOUBLE_EQ(c.pairs[0].corrected_t.mean_difference, 0.5);
  EXPECT_LT(c.pairs[0].corrected_t.p_value, 0.05);
  EXPECT_NE(c.conclusion.find("Best on minority_recall: smote"),
            std::string::npos)
      << c.conclusion;
  EXPECT_NE(c.conclusion.find(": distinguishable from noise."),
            std::string::npos)
      << c.conclusion;
}

TEST(Comparison, SmallNoisyLeadIsNotDistinguishable) {
  auto result = two_strategies({8, 4, 7, 5, 6, 8, 4, 7, 5, 6},
                               {7, 5, 6, 4, 8, 7, 5, 6, 4, 7});
  Comparison c = compare_strategies(config_of({"a", "b"}), fish(), result);
  EXPECT_GT(c.pairs[0].corrected_t.p_value, 0.05);
  EXPECT_NE(c.conclusion.find("not distinguishable from noise"),
            std::string::npos)
      << c.conclusion;
}

TEST(Comparison, RunnerUpListedFirstInConfigStillReadsAsLead) {
  // "b" wins; the pair is stored as a - b, the conclusion reports b - a.
  auto result = two_strategies({4, 3, 4, 3, 4, 3, 4, 3, 4, 3},
                               {8, 7, 8, 7, 8, 7, 8, 7, 8, 7});
  Comparison c = compare_strategies(config_of({"a", "b"}), fish(), result);
  EXPECT_NE(c.conclusion.find("Best on minority_recall: b"), std::string::npos);
  EXPECT_NE(c.conclusion.find("The lead is 0.500"), std::string::npos)
      << c.conclusion;
}

TEST(Comparison, FailedRunsAreCountedAndLeftOutOfPairs) {
  auto result = two_strategies({8, 7, 8, 7, 8, 7, 8, 7, 8, 7},
                               {4, 3, 4, 3, 4, 3, 4, 3, 4, 3});
  result.runs[12] = RunResult{};
  result.runs[12].spec = {1, 0, 2};
  result.runs[12].error = "plugin 'smote' failed";
  Comparison c = compare_strategies(config_of({"a", "b"}), fish(), result);
  EXPECT_EQ(c.strategies[1].runs, 9u);
  EXPECT_EQ(c.strategies[1].failed, 1u);
  EXPECT_EQ(c.strategies[1].first_error, "plugin 'smote' failed");
  EXPECT_EQ(c.pairs[0].corrected_t.n, 9u);
  auto j = comparison_to_json(c);
  EXPECT_EQ(j["strategies"][1]["failed"], 1);
  EXPECT_EQ(j["strategies"][1]["error"], "plugin 'smote' failed");
}

TEST(Comparison, SingleRunSaysNoTestIsPossible) {
  auto result = two_strategies({8}, {4});
  auto config = config_of({"a", "b"});
  config.evaluation.mode = "holdout";
  config.evaluation.repeats = 1;
  Comparison c = compare_strategies(config, fish(), result);
  EXPECT_FALSE(c.pairs[0].corrected_t.defined);
  EXPECT_NE(c.conclusion.find("cannot be told from noise"), std::string::npos);
  auto j = comparison_to_json(c);
  EXPECT_TRUE(j["pairs"][0]["corrected_t"]["p_value"].is_null());
  EXPECT_EQ(j["design"], "holdout split x 1 repeat");
}

TEST(Comparison, UnknownPrimaryMetricIsBadInput) {
  auto config = config_of({"a", "b"});
  config.evaluation.primary_metric = "balanced_acc";
  EXPECT_THROW(compare_strategies(config, fish(), two_strategies({8}, {4})),
               InputError);
}

}  // namespace
}  // namespace shoal
