// Metric functions against values documented by scikit-learn and values
// computed by hand from the confusion matrix.

#include <gtest/gtest.h>

#include <cmath>

#include "shoal/error.hpp"
#include "shoal/metrics.hpp"

namespace shoal {
namespace {

const std::vector<std::string> kFish{"abnormal", "normal"};

TEST(Metrics, ConfusionCountsTrueRowsAndPredictedColumns) {
  // Hand count: two abnormal fish, one missed; three normal, one flagged.
  Confusion c = confusion_matrix({0, 0, 1, 1, 1}, {0, 1, 1, 0, 1}, kFish);
  EXPECT_EQ(c.class_names, kFish);
  ASSERT_EQ(c.counts.size(), 2u);
  EXPECT_EQ(c.counts[0], (std::vector<std::size_t>{1, 1}));
  EXPECT_EQ(c.counts[1], (std::vector<std::size_t>{1, 2}));
}

TEST(Metrics, ConfusionRejectsLabelOutsideClasses) {
  EXPECT_THROW(confusion_matrix({0, 2}, {0, 1}, kFish), InputError);
  EXPECT_THROW(confusion_matrix({0, 1}, {0}, kFish), InputError);
}

TEST(Metrics, BalancedAccuracyMatchesScikitLearnExample) {
  // scikit-learn's balanced_accuracy_score docstring: 0.625.
  std::vector<int> truth{0, 1, 0, 0, 1, 0};
  std::vector<int> predicted{0, 1, 0, 0, 0, 1};
  std::vector<double> score(6, 0.5);
  Metrics m = compute_metrics(truth, predicted, score, 1, 2);
  EXPECT_DOUBLE_EQ(m.balanced_accuracy, 0.625);
  // By hand: recall 3/4 and 1/2, accuracy 4/6.
  EXPECT_DOUBLE_EQ(m.recall[0], 0.75);
  EXPECT_DOUBLE_EQ(m.recall[1], 0.5);
  EXPECT_DOUBLE_EQ(m.accuracy, 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(m.g_mean, std::sqrt(0.75 * 0.5));
}

TEST(Metrics, MccMatchesScikitLearnExample) {
  // scikit-learn's matthews_corrcoef docstring: y_true [+1, +1, +1, -1],
  // y_pred [+1, -1, +1, +1] gives -0.33... (-1 mapped to 0, +1 to 1).
  Metrics m =
      compute_metrics({1, 1, 1, 0}, {1, 0, 1, 1}, {0.9, 0.1, 0.8, 0.7}, 0, 2);
  EXPECT_NEAR(m.mcc, -1.0 / 3.0, 1e-12);
}

TEST(Metrics, HandComputedFishExample) {
  // tp=3 fn=1 (abnormal), fp=2 tn=14 (normal); minority 0.
  std::vector<int> truth, predicted;
  auto add = [&](int t, int p, int n) {
    for (int i = 0; i < n; ++i) truth.push_back(t), predicted.push_back(p);
  };
  add(0, 0, 3);
  add(0, 1, 1);
  add(1, 0, 2);
  add(1, 1, 14);
  std::vector<double> score(truth.size(), 0.5);
  Metrics m = compute_metrics(truth, predicted, score, 0, 2);

  EXPECT_DOUBLE_EQ(m.accuracy, 17.0 / 20.0);
  EXPECT_DOUBLE_EQ(m.recall[0], 0.75);
  EXPECT_DOUBLE_EQ(m.recall[1], 14.0 / 16.0);
  EXPECT_DOUBLE_EQ(m.precision[0], 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.precision[1], 14.0 / 15.0);
  EXPECT_DOUBLE_EQ(m.balanced_accuracy, (0.75 + 0.875) / 2);
  // F1 = 2 P R / (P + R) = 2 * 0.6 * 0.75 / 1.35.
  EXPECT_NEAR(m.minority_f1, 2 * 0.6 * 0.75 / 1.35, 1e-12);
  // Binary MCC: (tp tn - fp fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)).
  double mcc = (3.0 * 14 - 2.0 * 1) / std::sqrt(5.0 * 4 * 16 * 15);
  EXPECT_NEAR(m.mcc, mcc, 1e-12);
}

TEST(Metrics, NoPredictedMinorityGivesZeroPrecisionAndF1) {
  // scikit-learn's zero_division=0: a class never predicted has precision 0.
  Metrics m =
      compute_metrics({0, 1, 1, 1}, {1, 1, 1, 1}, {0.2, 0.1, 0.1, 0.1}, 0, 2);
  EXPECT_EQ(m.precision[0], 0.0);
  EXPECT_EQ(m.recall[0], 0.0);
  EXPECT_EQ(m.minority_f1, 0.0);
  EXPECT_EQ(m.g_mean, 0.0);
  EXPECT_EQ(m.mcc, 0.0);  // one predicted class: undefined, reported as 0
  EXPECT_DOUBLE_EQ(m.balanced_accuracy, 0.5);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.75);
  EXPECT_DOUBLE_EQ(m.roc_auc, 1.0);  // the score still ranks perfectly
}

TEST(Metrics, EmptyEvaluationIsAllZeroNotNan) {
  Metrics m = compute_metrics({}, {}, {}, 0, 2);
  EXPECT_EQ(m.accuracy, 0.0);
  EXPECT_EQ(m.balanced_accuracy, 0.0);
  EXPECT_EQ(m.roc_auc, 0.5);
  EXPECT_EQ(m.pr_auc, 0.0);
}

TEST(RocAuc, MatchesScikitLearnExample) {
  // scikit-learn's roc_auc_score docstring: 0.75.
  EXPECT_DOUBLE_EQ(roc_auc({0, 0, 1, 1}, {0.1, 0.4, 0.35, 0.8}, 1), 0.75);
}

TEST(RocAuc, TiesCountHalf) {
  // One positive and one negative at the same score: 0.5 pairs correct.
  EXPECT_DOUBLE_EQ(roc_auc({0, 1}, {0.3, 0.3}, 1), 0.5);
  // Pairs (positive > negative): 0.9 beats both, 0.5 ties 0.5 and beats 0.2:
  // (2 + 1.5) / 4.
  EXPECT_DOUBLE_EQ(roc_auc({1, 1, 0, 0}, {0.9, 0.5, 0.5, 0.2}, 1), 3.5 / 4);
}

TEST(RocAuc, PositiveLabelSelectsTheClass) {
  // Scoring class 0 with class-1 scores inverts the ranking: 1 - 0.75.
  EXPECT_DOUBLE_EQ(roc_auc({0, 0, 1, 1}, {0.1, 0.4, 0.35, 0.8}, 0), 0.25);
}

TEST(RocAuc, OneClassAbsentIsChance) {
  EXPECT_DOUBLE_EQ(roc_auc({1, 1, 1}, {0.1, 0.2, 0.3}, 1), 0.5);
  EXPECT_TRUE(roc_curve({1, 1}, {0.1, 0.2}, 1).x.empty());
}

TEST(RocCurve, StartsAtOriginAndEndsAtOne) {
  Curve c = roc_curve({0, 0, 1, 1}, {0.1, 0.4, 0.35, 0.8}, 1);
  // By hand, thresholds 0.8, 0.4, 0.35, 0.1.
  std::vector<double> fpr{0, 0, 0.5, 0.5, 1}, tpr{0, 0.5, 0.5, 1, 1};
  EXPECT_EQ(c.x, fpr);
  EXPECT_EQ(c.y, tpr);
}

TEST(AveragePrecision, MatchesScikitLearnExample) {
  // scikit-learn's average_precision_score docstring: 0.83...; by hand
  // 0.5 * 1 + 0 * 0.5 + 0.5 * 2/3.
  EXPECT_NEAR(average_precision({0, 0, 1, 1}, {0.1, 0.4, 0.35, 0.8}, 1),
              5.0 / 6.0, 1e-12);
}

TEST(AveragePrecision, PerfectRankingIsOneAndNoPositivesIsZero) {
  EXPECT_DOUBLE_EQ(average_precision({1, 1, 0}, {0.9, 0.8, 0.1}, 1), 1.0);
  EXPECT_DOUBLE_EQ(average_precision({0, 0}, {0.9, 0.8}, 1), 0.0);
}

TEST(PrecisionRecallCurve, OnePointPerDistinctScore) {
  Curve c = precision_recall_curve({1, 0, 1}, {0.9, 0.5, 0.5}, 1);
  ASSERT_EQ(c.x.size(), 2u);
  EXPECT_DOUBLE_EQ(c.x[0], 0.5);  // 0.9: one of two positives
  EXPECT_DOUBLE_EQ(c.y[0], 1.0);
  EXPECT_DOUBLE_EQ(c.x[1], 1.0);  // 0.5: all three rows flagged
  EXPECT_DOUBLE_EQ(c.y[1], 2.0 / 3.0);
}

TEST(MetricValue, NamesReachEveryMetric) {
  Metrics m = compute_metrics({0, 0, 1, 1, 1}, {0, 1, 1, 0, 1},
                              {0.9, 0.4, 0.2, 0.6, 0.1}, 0, 2);
  EXPECT_EQ(metric_value(m, "minority_recall", 0), 0.5);
  EXPECT_EQ(metric_value(m, "specificity", 0), 2.0 / 3.0);
  EXPECT_EQ(metric_value(m, "balanced_accuracy", 0), m.balanced_accuracy);
  for (const auto& name : metric_names()) {
    EXPECT_NO_THROW(metric_value(m, name, 0)) << name;
  }
}

TEST(MetricValue, UnknownNameSuggestsTheNearest) {
  Metrics m;
  try {
    metric_value(m, "balanced_acuracy", 0);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'balanced_accuracy'"),
              std::string::npos)
        << e.what();
  }
}

TEST(MetricsJson, KeysPerClassByName) {
  Metrics m = compute_metrics({0, 1}, {0, 0}, {0.8, 0.6}, 0, 2);
  nlohmann::json j = metrics_to_json(m, kFish);
  EXPECT_DOUBLE_EQ(j["recall"]["abnormal"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["recall"]["normal"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(j["precision"]["abnormal"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["balanced_accuracy"].get<double>(), 0.5);
  for (const char* key :
       {"accuracy", "g_mean", "mcc", "minority_f1", "roc_auc", "pr_auc"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_THROW(metrics_to_json(m, {"only"}), RunError);
}

TEST(MetricsJson, ConfusionKeepsClassOrder) {
  nlohmann::json j = confusion_to_json(confusion_matrix({0, 1}, {1, 1}, kFish));
  EXPECT_EQ(j["classes"], nlohmann::json(kFish));
  EXPECT_EQ(j["counts"], nlohmann::json::parse("[[0, 1], [0, 1]]"));
}

}  // namespace
}  // namespace shoal
