// Threshold tuning on validation rows: the requested minority recall is
// reached at the best specificity, and a maximised metric is really the
// best over all thresholds. Expected values are worked out by hand.

#include <gtest/gtest.h>

#include <random>

#include "shoal/error.hpp"
#include "shoal/metrics.hpp"
#include "shoal/threshold.hpp"

namespace shoal {
namespace {

// Minority (class 0) rows score 0.9, 0.8, 0.3; the others 0.7, 0.2, 0.1.
const std::vector<int> kTruth{0, 0, 0, 1, 1, 1};
const std::vector<double> kScore{0.9, 0.8, 0.3, 0.7, 0.2, 0.1};

double recall_at(const std::vector<int>& truth,
                 const std::vector<double>& score, double threshold) {
  double flagged = 0, minority = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] != 0) continue;
    ++minority;
    flagged += score[i] >= threshold;
  }
  return flagged / minority;
}

TEST(Threshold, RecallTargetTakesTheHighestThresholdThatReachesIt) {
  // All three minority rows: flag down to 0.3, halfway to 0.2; the 0.7
  // normal row is then flagged too, so specificity is 2/3.
  ThresholdChoice all = recall_threshold(kTruth, kScore, 0, 0.9);
  EXPECT_DOUBLE_EQ(all.threshold, 0.25);
  EXPECT_DOUBLE_EQ(all.recall, 1.0);
  EXPECT_DOUBLE_EQ(all.specificity, 2.0 / 3.0);
  // Two of three suffice for 0.6: flag 0.9 and 0.8, no false alarm.
  ThresholdChoice two = recall_threshold(kTruth, kScore, 0, 0.6);
  EXPECT_DOUBLE_EQ(two.threshold, 0.75);
  EXPECT_DOUBLE_EQ(two.recall, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(two.specificity, 1.0);
}

TEST(Threshold, ReachesRequestedRecallOnNoisyScores) {
  std::mt19937_64 engine(3);
  std::normal_distribution<double> noise(0.0, 0.2);
  std::vector<int> truth;
  std::vector<double> score;
  for (int i = 0; i < 400; ++i) {
    int label = i % 8 == 0 ? 0 : 1;  // one minority row in eight
    truth.push_back(label);
    score.push_back((label == 0 ? 0.6 : 0.4) + noise(engine));
  }
  for (double target : {0.5, 0.8, 0.9, 1.0}) {
    ThresholdChoice c = recall_threshold(truth, score, 0, target);
    EXPECT_GE(c.recall, target);
    EXPECT_DOUBLE_EQ(recall_at(truth, score, c.threshold), c.recall);
    // Best specificity: the next higher distinct score misses the target.
    double above = 2;
    for (double s : score) {
      if (s > c.threshold && s < above) above = s;
    }
    if (above <= 1.5) EXPECT_LT(recall_at(truth, score, above + 1e-12), target);
  }
}

TEST(Threshold, MaximiseFindsBestBalancedAccuracyAndPrefersFewerAlarms) {
  // By hand: thresholds 0.85, 0.75, 0.5, 0.25, 0.15, 0.1 give balanced
  // accuracy 2/3, 5/6, 2/3, 5/6, 2/3, 1/2; the tie goes to 0.75.
  ThresholdChoice c =
      maximise_threshold(kTruth, kScore, 0, "balanced_accuracy");
  EXPECT_DOUBLE_EQ(c.threshold, 0.75);
  EXPECT_NEAR(c.metric, 5.0 / 6.0, 1e-12);
}

TEST(Threshold, MaximisedMetricBeatsEveryOtherThreshold) {
  std::mt19937_64 engine(11);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<int> truth;
  std::vector<double> score;
  for (int i = 0; i < 120; ++i) {
    truth.push_back(i % 5 == 0 ? 0 : 1);
    score.push_back(unit(engine) * (truth.back() == 0 ? 1.0 : 0.7));
  }
  ThresholdChoice best = maximise_threshold(truth, score, 0, "mcc");
  for (double t = 0.0; t <= 1.0; t += 0.01) {
    std::vector<int> predicted;
    for (double s : score) predicted.push_back(s >= t ? 0 : 1);
    Metrics m = compute_metrics(truth, predicted, score, 0, 2);
    EXPECT_LE(m.mcc, best.metric + 1e-12) << "threshold " << t;
  }
}

TEST(Threshold, FixedModeKeepsTheConfiguredValue) {
  ThresholdSpec spec;
  spec.value = 0.5;
  ThresholdChoice c = choose_threshold(spec, kTruth, kScore, 0);
  EXPECT_EQ(c.threshold, 0.5);
  EXPECT_DOUBLE_EQ(c.recall, 2.0 / 3.0);
  spec.mode = "recall";
  spec.target_recall = 0.9;
  EXPECT_DOUBLE_EQ(choose_threshold(spec, kTruth, kScore, 0).threshold, 0.25);
}

TEST(Threshold, StaysStrictlyBetweenZeroAndOne) {
  // Flagging every row would put the threshold on the lowest score, 0 here;
  // it is kept at 1e-6 so the exported logit stays finite, and the row
  // scoring 0 stays unflagged: recall 1/2 is reported, short of the target.
  ThresholdChoice c = recall_threshold({0, 1, 0}, {1.0, 0.5, 0.0}, 0, 1.0);
  EXPECT_DOUBLE_EQ(c.threshold, 1e-6);
  EXPECT_DOUBLE_EQ(c.recall, 0.5);
  ThresholdChoice top = recall_threshold({0, 1}, {1.0, 1.0}, 0, 0.5);
  EXPECT_DOUBLE_EQ(top.threshold, 1 - 1e-6);
}

TEST(Threshold, RejectsWhatCannotBeTuned) {
  EXPECT_THROW(maximise_threshold(kTruth, kScore, 0, "roc_auc"), InputError);
  EXPECT_THROW(maximise_threshold(kTruth, kScore, 0, "recal"), InputError);
  EXPECT_THROW(recall_threshold(kTruth, kScore, 0, 0.0), InputError);
  EXPECT_THROW(recall_threshold(kTruth, kScore, 0, 1.5), InputError);
  EXPECT_THROW(recall_threshold({1, 1}, {0.2, 0.3}, 0, 0.9), InputError);
  ThresholdSpec spec;
  spec.mode = "median";
  EXPECT_THROW(choose_threshold(spec, kTruth, kScore, 0), InputError);
}

}  // namespace
}  // namespace shoal
