#pragma once
/// Metrics for a rare class: confusion matrix, per-class recall and
/// precision, balanced accuracy, G-mean, MCC, minority F1, ROC-AUC and
/// PR-AUC (average precision).

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace shoal {

/// counts[t][p]: rows of true class t predicted as class p.
struct Confusion {
  std::vector<std::string> class_names;
  std::vector<std::vector<std::size_t>> counts;
};

Confusion confusion_matrix(const std::vector<int>& truth,
                           const std::vector<int>& predicted,
                           const std::vector<std::string>& class_names);

/// Metrics of one evaluation. A ratio with a zero denominator (precision of
/// a class never predicted, say) is 0, as scikit-learn's zero_division=0.
struct Metrics {
  double accuracy = 0;
  double balanced_accuracy = 0;  ///< mean recall over classes
  double g_mean = 0;             ///< geometric mean of per-class recalls
  double mcc = 0;                ///< Matthews correlation coefficient
  double minority_f1 = 0;
  double roc_auc = 0;             ///< of the minority score; 0.5 is chance
  double pr_auc = 0;              ///< average precision of the minority score
  std::vector<double> recall;     ///< per class
  std::vector<double> precision;  ///< per class
};

/// All metrics from labels, predicted classes and the minority-class score
/// (probability) of each row.
Metrics compute_metrics(const std::vector<int>& truth,
                        const std::vector<int>& predicted,
                        const std::vector<double>& minority_score, int minority,
                        std::size_t classes);

/// Area under the ROC curve of `score` for `positive`, ties counted half
/// (as scikit-learn's roc_auc_score). 0.5 when one class is absent.
double roc_auc(const std::vector<int>& truth, const std::vector<double>& score,
               int positive);

/// Average precision (scikit-learn's average_precision_score): sum over
/// thresholds of (recall step) x precision.
double average_precision(const std::vector<int>& truth,
                         const std::vector<double>& score, int positive);

/// Points of a curve traced by lowering the decision threshold through
/// every distinct score, from the highest score down.
struct Curve {
  std::vector<double> x;
  std::vector<double> y;
  std::vector<double> threshold;  ///< score at which each point starts
};

/// ROC curve (x: false-positive rate, y: true-positive rate), starting at
/// (0, 0), as scikit-learn's roc_curve without dropping collinear points.
/// Empty when one class is absent.
Curve roc_curve(const std::vector<int>& truth, const std::vector<double>& score,
                int positive);

/// Precision-recall curve (x: recall, y: precision), one point per distinct
/// threshold from the highest score down; the (recall 0, precision 1)
/// point scikit-learn appends is left out. Empty without positive rows.
Curve precision_recall_curve(const std::vector<int>& truth,
                             const std::vector<double>& score, int positive);

/// Names accepted by metric_value, in the order reports list them.
const std::vector<std::string>& metric_names();

/// One scalar metric by name: a member of Metrics ("balanced_accuracy",
/// "mcc", ...) or "minority_recall", "minority_precision", "specificity"
/// (recall of the other class, two-class data). Throws InputError naming
/// the metric and listing the valid names when `name` is unknown.
double metric_value(const Metrics& m, const std::string& name, int minority);

/// {"accuracy":..., "recall": {class: ...}, ...} with class names as keys.
nlohmann::json metrics_to_json(const Metrics& m,
                               const std::vector<std::string>& class_names);
nlohmann::json confusion_to_json(const Confusion& c);

}  // namespace shoal
