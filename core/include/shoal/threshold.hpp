#pragma once
/// Choosing the decision threshold: the minority score at which a row is
/// flagged. Chosen on validation rows held out of the training data, never
/// on the test rows that score the run.

#include <string>
#include <vector>

#include "shoal/config.hpp"

namespace shoal {

/// A threshold and what it achieved on the rows it was chosen on. A row is
/// flagged as the minority when its score >= threshold.
struct ThresholdChoice {
  double threshold = 0.5;
  double recall = 0;       ///< minority recall on the validation rows
  double specificity = 0;  ///< recall of the other class there
  double metric = 0;       ///< value of the maximised metric ("maximise")
};

/// The threshold that maximises `metric` (a name from metric_names(),
/// except the threshold-free "roc_auc" and "pr_auc") on two-class
/// validation rows. Candidates flag the rows scoring at least each distinct
/// score; the threshold is put halfway between the lowest flagged score and
/// the next lower one, so it does not sit on a validation score. On a tie
/// the higher threshold (fewer alarms) wins. Thresholds are kept within
/// [1e-6, 1 - 1e-6] so that a model's threshold always has a finite logit.
/// Throws InputError when the rows lack a class or the metric is unknown or
/// threshold-free.
ThresholdChoice maximise_threshold(const std::vector<int>& truth,
                                   const std::vector<double>& score,
                                   int minority, const std::string& metric);

/// The highest threshold whose minority recall on the validation rows is at
/// least `target_recall` (0 < target <= 1), which is the one with the best
/// specificity among those that reach the target; placed as in
/// maximise_threshold. Throws InputError for a target outside (0, 1] or
/// rows lacking a class.
ThresholdChoice recall_threshold(const std::vector<int>& truth,
                                 const std::vector<double>& score, int minority,
                                 double target_recall);

/// What the config's `threshold:` section asks for: "fixed" returns
/// spec.value (with its validation figures), "maximise" and "recall" call
/// the functions above.
ThresholdChoice choose_threshold(const ThresholdSpec& spec,
                                 const std::vector<int>& truth,
                                 const std::vector<double>& score,
                                 int minority);

}  // namespace shoal
