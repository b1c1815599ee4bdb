#include "shoal/threshold.hpp"

#include <algorithm>
#include <functional>

#include "shoal/error.hpp"
#include "shoal/metrics.hpp"

namespace shoal {

namespace {

/// Distinct scores from the highest down.
std::vector<double> distinct_scores(std::vector<double> score) {
  std::sort(score.begin(), score.end(), std::greater<double>());
  score.erase(std::unique(score.begin(), score.end()), score.end());
  return score;
}

void require_both_classes(const std::vector<int>& truth, int minority) {
  bool has_minority = false, has_other = false;
  for (int t : truth) (t == minority ? has_minority : has_other) = true;
  if (!has_minority || !has_other) {
    throw InputError(
        "threshold.validation_fraction: the validation rows hold no " +
        std::string(has_minority ? "majority" : "minority") +
        "-class row to tune the threshold on; raise validation_fraction");
  }
}

/// Metrics when rows scoring >= threshold are flagged as the minority.
Metrics metrics_at(const std::vector<int>& truth,
                   const std::vector<double>& score, int minority,
                   double threshold) {
  std::vector<int> predicted(truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) {
    predicted[i] = score[i] >= threshold ? minority : 1 - minority;
  }
  return compute_metrics(truth, predicted, score, minority, 2);
}

ThresholdChoice describe(const std::vector<int>& truth,
                         const std::vector<double>& score, int minority,
                         double threshold) {
  Metrics m = metrics_at(truth, score, minority, threshold);
  ThresholdChoice choice;
  choice.threshold = threshold;
  choice.recall = metric_value(m, "minority_recall", minority);
  choice.specificity = metric_value(m, "specificity", minority);
  return choice;
}

/// Threshold that flags the rows scoring at least distinct[k], kept
/// inside [kMargin, 1 - kMargin]: the exported header turns the threshold
/// into a logit, which must stay finite.
double threshold_below(const std::vector<double>& distinct, std::size_t k) {
  constexpr double kMargin = 1e-6;
  double t = k + 1 == distinct.size() ? distinct[k]
                                      : (distinct[k] + distinct[k + 1]) / 2;
  return std::clamp(t, kMargin, 1 - kMargin);
}

}  // namespace

ThresholdChoice maximise_threshold(const std::vector<int>& truth,
                                   const std::vector<double>& score,
                                   int minority, const std::string& metric) {
  if (metric == "roc_auc" || metric == "pr_auc") {
    throw InputError("threshold.metric: '" + metric +
                     "' does not depend on the threshold; choose another "
                     "metric, such as balanced_accuracy");
  }
  metric_value(Metrics{}, metric, minority);  // rejects unknown names
  require_both_classes(truth, minority);

  std::vector<double> distinct = distinct_scores(score);
  ThresholdChoice best;
  bool first = true;
  for (std::size_t k = 0; k < distinct.size(); ++k) {
    double t = threshold_below(distinct, k);
    Metrics m = metrics_at(truth, score, minority, t);
    double value = metric_value(m, metric, minority);
    if (!first && value <= best.metric) continue;
    best = describe(truth, score, minority, t);
    best.metric = value;
    first = false;
  }
  return best;
}

ThresholdChoice recall_threshold(const std::vector<int>& truth,
                                 const std::vector<double>& score, int minority,
                                 double target_recall) {
  if (!(target_recall > 0 && target_recall <= 1)) {
    throw InputError("threshold.target_recall: must lie in (0, 1], got " +
                     std::to_string(target_recall));
  }
  require_both_classes(truth, minority);

  // Lowering the threshold only adds flags: recall rises and specificity
  // falls, so the first threshold to reach the target is the best one.
  std::vector<double> distinct = distinct_scores(score);
  for (std::size_t k = 0; k < distinct.size(); ++k) {
    ThresholdChoice c =
        describe(truth, score, minority, threshold_below(distinct, k));
    if (c.recall >= target_recall) return c;
  }
  // Only rows scoring below the lowest threshold allowed stay unflagged.
  return describe(truth, score, minority,
                  threshold_below(distinct, distinct.size() - 1));
}

ThresholdChoice choose_threshold(const ThresholdSpec& spec,
                                 const std::vector<int>& truth,
                                 const std::vector<double>& score,
                                 int minority) {
  if (spec.mode == "maximise") {
    return maximise_threshold(truth, score, minority, spec.metric);
  }
  if (spec.mode == "recall") {
    return recall_threshold(truth, score, minority, spec.target_recall);
  }
  if (spec.mode == "fixed") {
    return describe(truth, score, minority, spec.value);
  }
  throw InputError("threshold.mode: unknown mode '" + spec.mode +
                   "'; valid modes: fixed, maximise, recall");
}

}  // namespace shoal
