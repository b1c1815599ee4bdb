#include "shoal/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "shoal/error.hpp"

namespace shoal {

namespace {

double ratio(double numerator, double denominator) {
  // scikit-learn's zero_division=0: an undefined ratio counts as 0.
  return denominator > 0 ? numerator / denominator : 0.0;
}

void check_label(int label, std::size_t classes, const char* what) {
  if (label < 0 || static_cast<std::size_t>(label) >= classes) {
    throw InputError(std::string("metrics: ") + what + " label " +
                     std::to_string(label) + " is outside 0.." +
                     std::to_string(classes == 0 ? 0 : classes - 1));
  }
}

void check_sizes(std::size_t truth, std::size_t other, const char* what) {
  if (truth != other) {
    throw InputError("metrics: " + std::to_string(truth) + " true labels but " +
                     std::to_string(other) + " " + what);
  }
}

/// Counts at each distinct score, from the highest down: after the k-th
/// step, tp[k] positives and fp[k] negatives score at least threshold[k].
struct ThresholdSweep {
  std::vector<double> tp;
  std::vector<double> fp;
  std::vector<double> threshold;
  double positives = 0;
  double negatives = 0;
};

ThresholdSweep sweep(const std::vector<int>& truth,
                     const std::vector<double>& score, int positive) {
  check_sizes(truth.size(), score.size(), "scores");
  std::vector<std::size_t> order(truth.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return score[a] > score[b]; });

  ThresholdSweep out;
  double tp = 0, fp = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    std::size_t i = order[k];
    (truth[i] == positive ? tp : fp) += 1;
    // Rows with equal scores share one threshold: record the point only
    // after the last of them, which is what counts ties as half in the AUC.
    bool last_of_tie = k + 1 == order.size() || score[order[k + 1]] != score[i];
    if (!last_of_tie) continue;
    out.tp.push_back(tp);
    out.fp.push_back(fp);
    out.threshold.push_back(score[i]);
  }
  out.positives = tp;
  out.negatives = fp;
  return out;
}

std::vector<double> class_recall(const Confusion& c) {
  std::vector<double> recall;
  for (const auto& row : c.counts) {
    double total = std::accumulate(row.begin(), row.end(), 0.0);
    recall.push_back(ratio(static_cast<double>(row[recall.size()]), total));
  }
  return recall;
}

std::vector<double> class_precision(const Confusion& c) {
  std::vector<double> precision;
  for (std::size_t p = 0; p < c.counts.size(); ++p) {
    double predicted = 0;
    for (const auto& row : c.counts) predicted += static_cast<double>(row[p]);
    precision.push_back(ratio(static_cast<double>(c.counts[p][p]), predicted));
  }
  return precision;
}

/// Matthews correlation for any number of classes (Gorodkin's R_K, the
/// form scikit-learn's matthews_corrcoef uses); equals the binary
/// (tp tn - fp fn) / sqrt(...) for two classes. 0 when undefined.
double matthews(const Confusion& c) {
  std::size_t k = c.counts.size();
  std::vector<double> true_totals(k, 0), predicted_totals(k, 0);
  double correct = 0, samples = 0;
  for (std::size_t t = 0; t < k; ++t) {
    for (std::size_t p = 0; p < k; ++p) {
      double n = static_cast<double>(c.counts[t][p]);
      true_totals[t] += n;
      predicted_totals[p] += n;
      samples += n;
      if (t == p) correct += n;
    }
  }
  double cross = 0, true_square = 0, predicted_square = 0;
  for (std::size_t j = 0; j < k; ++j) {
    cross += true_totals[j] * predicted_totals[j];
    true_square += true_totals[j] * true_totals[j];
    predicted_square += predicted_totals[j] * predicted_totals[j];
  }
  double denominator = std::sqrt(samples * samples - predicted_square) *
                       std::sqrt(samples * samples - true_square);
  return ratio(correct * samples - cross, denominator);
}

double geometric_mean(const std::vector<double>& values) {
  if (values.empty()) return 0.0;
  double product = 1.0;
  for (double v : values) product *= v;
  return std::pow(product, 1.0 / static_cast<double>(values.size()));
}

double mean(const std::vector<double>& values) {
  if (values.empty()) return 0.0;
  return std::accumulate(values.begin(), values.end(), 0.0) /
         static_cast<double>(values.size());
}

}  // namespace

Confusion confusion_matrix(const std::vector<int>& truth,
                           const std::vector<int>& predicted,
                           const std::vector<std::string>& class_names) {
  check_sizes(truth.size(), predicted.size(), "predictions");
  std::size_t k = class_names.size();
  Confusion c{class_names, std::vector<std::vector<std::size_t>>(
                               k, std::vector<std::size_t>(k, 0))};
  for (std::size_t i = 0; i < truth.size(); ++i) {
    check_label(truth[i], k, "true");
    check_label(predicted[i], k, "predicted");
    ++c.counts[static_cast<std::size_t>(truth[i])]
              [static_cast<std::size_t>(predicted[i])];
  }
  return c;
}

Metrics compute_metrics(const std::vector<int>& truth,
                        const std::vector<int>& predicted,
                        const std::vector<double>& minority_score, int minority,
                        std::size_t classes) {
  check_label(minority, classes, "minority");
  check_sizes(truth.size(), minority_score.size(), "scores");
  Confusion c =
      confusion_matrix(truth, predicted, std::vector<std::string>(classes));

  Metrics m;
  double correct = 0;
  for (std::size_t j = 0; j < classes; ++j) correct += c.counts[j][j];
  m.accuracy = ratio(correct, static_cast<double>(truth.size()));
  m.recall = class_recall(c);
  m.precision = class_precision(c);
  m.balanced_accuracy = mean(m.recall);
  m.g_mean = geometric_mean(m.recall);
  m.mcc = matthews(c);

  auto r = m.recall[static_cast<std::size_t>(minority)];
  auto p = m.precision[static_cast<std::size_t>(minority)];
  m.minority_f1 = ratio(2 * p * r, p + r);
  m.roc_auc = roc_auc(truth, minority_score, minority);
  m.pr_auc = average_precision(truth, minority_score, minority);
  return m;
}

Curve roc_curve(const std::vector<int>& truth, const std::vector<double>& score,
                int positive) {
  ThresholdSweep s = sweep(truth, score, positive);
  Curve curve;
  if (s.positives == 0 || s.negatives == 0) return curve;
  curve.x.push_back(0.0);
  curve.y.push_back(0.0);
  curve.threshold.push_back(s.threshold.front());
  for (std::size_t k = 0; k < s.tp.size(); ++k) {
    curve.x.push_back(s.fp[k] / s.negatives);
    curve.y.push_back(s.tp[k] / s.positives);
    curve.threshold.push_back(s.threshold[k]);
  }
  return curve;
}

double roc_auc(const std::vector<int>& truth, const std::vector<double>& score,
               int positive) {
  Curve curve = roc_curve(truth, score, positive);
  if (curve.x.empty()) return 0.5;
  // Trapezoids between successive thresholds: a tie between a positive and
  // a negative row becomes a diagonal step, which is the half credit.
  double area = 0;
  for (std::size_t k = 1; k < curve.x.size(); ++k) {
    area += (curve.x[k] - curve.x[k - 1]) * (curve.y[k] + curve.y[k - 1]) / 2;
  }
  return area;
}

Curve precision_recall_curve(const std::vector<int>& truth,
                             const std::vector<double>& score, int positive) {
  ThresholdSweep s = sweep(truth, score, positive);
  Curve curve;
  if (s.positives == 0) return curve;
  for (std::size_t k = 0; k < s.tp.size(); ++k) {
    curve.x.push_back(s.tp[k] / s.positives);
    curve.y.push_back(s.tp[k] / (s.tp[k] + s.fp[k]));
    curve.threshold.push_back(s.threshold[k]);
  }
  return curve;
}

double average_precision(const std::vector<int>& truth,
                         const std::vector<double>& score, int positive) {
  Curve curve = precision_recall_curve(truth, score, positive);
  // Step-wise sum, no interpolation: AP = sum_n (R_n - R_{n-1}) P_n.
  double ap = 0, previous_recall = 0;
  for (std::size_t k = 0; k < curve.x.size(); ++k) {
    ap += (curve.x[k] - previous_recall) * curve.y[k];
    previous_recall = curve.x[k];
  }
  return ap;
}

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names{"balanced_accuracy",
                                              "accuracy",
                                              "g_mean",
                                              "mcc",
                                              "minority_f1",
                                              "minority_recall",
                                              "minority_precision",
                                              "specificity",
                                              "roc_auc",
                                              "pr_auc"};
  return names;
}

double metric_value(const Metrics& m, const std::string& name, int minority) {
  auto at = [&](const std::vector<double>& v, std::size_t i) {
    return i < v.size() ? v[i] : 0.0;
  };
  auto own = static_cast<std::size_t>(minority);
  if (name == "balanced_accuracy") return m.balanced_accuracy;
  if (name == "accuracy") return m.accuracy;
  if (name == "g_mean") return m.g_mean;
  if (name == "mcc") return m.mcc;
  if (name == "minority_f1") return m.minority_f1;
  if (name == "minority_recall") return at(m.recall, own);
  if (name == "minority_precision") return at(m.precision, own);
  if (name == "specificity") return at(m.recall, 1 - own);
  if (name == "roc_auc") return m.roc_auc;
  if (name == "pr_auc") return m.pr_auc;

  std::string valid;
  for (const auto& n : metric_names()) valid += (valid.empty() ? "" : ", ") + n;
  std::string hint = nearest_word(name, metric_names());
  throw InputError("unknown metric '" + name + "'" +
                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                   "; valid metrics: " + valid);
}

nlohmann::json metrics_to_json(const Metrics& m,
                               const std::vector<std::string>& class_names) {
  if (m.recall.size() != class_names.size() ||
      m.precision.size() != class_names.size()) {
    throw RunError("metrics: " + std::to_string(m.recall.size()) +
                   " per-class values for " +
                   std::to_string(class_names.size()) + " class names");
  }
  nlohmann::json j = {{"accuracy", m.accuracy},
                      {"balanced_accuracy", m.balanced_accuracy},
                      {"g_mean", m.g_mean},
                      {"mcc", m.mcc},
                      {"minority_f1", m.minority_f1},
                      {"roc_auc", m.roc_auc},
                      {"pr_auc", m.pr_auc}};
  j["recall"] = nlohmann::json::object();
  j["precision"] = nlohmann::json::object();
  for (std::size_t c = 0; c < class_names.size(); ++c) {
    j["recall"][class_names[c]] = m.recall[c];
    j["precision"][class_names[c]] = m.precision[c];
  }
  return j;
}

nlohmann::json confusion_to_json(const Confusion& c) {
  // Rows are true classes, columns predicted classes, both in class order.
  return {{"classes", c.class_names}, {"counts", c.counts}};
}

}  // namespace shoal
