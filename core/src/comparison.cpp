#include "shoal/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <utility>

#include "shoal/error.hpp"

namespace shoal {

namespace {

constexpr std::size_t kCurvePoints = 101;  ///< x = 0, 0.01, ..., 1

/// Mean +/- one sample sd of each column of `rows` (all the same length).
BandCurve band(const std::vector<double>& x,
               const std::vector<std::vector<double>>& rows) {
  BandCurve out;
  out.x = x;
  for (std::size_t k = 0; k < x.size(); ++k) {
    std::vector<double> column;
    for (const auto& row : rows) column.push_back(row[k]);
    double m = mean_of(column), sd = sample_sd(column);
    out.mean.push_back(m);
    out.low.push_back(m - sd);
    out.high.push_back(m + sd);
  }
  return out;
}

std::vector<double> unit_grid() {
  std::vector<double> x(kCurvePoints);
  for (std::size_t k = 0; k < x.size(); ++k) {
    x[k] = static_cast<double>(k) / static_cast<double>(kCurvePoints - 1);
  }
  return x;
}

/// Height of a ROC curve at false-positive rate `at`: linear between its
/// points, the upper end of a vertical step.
double roc_height(const Curve& c, double at) {
  double y = 0;
  for (std::size_t k = 1; k < c.x.size(); ++k) {
    if (c.x[k - 1] > at || c.x[k] < at) continue;
    double span = c.x[k] - c.x[k - 1];
    double t = span > 0 ? (at - c.x[k - 1]) / span : 1.0;
    y = std::max(y, c.y[k - 1] + t * (c.y[k] - c.y[k - 1]));
  }
  return y;
}

/// Interpolated precision at recall `at`: the best precision reached at
/// any recall >= at (the usual precision envelope).
double pr_height(const Curve& c, double at) {
  double y = 0;
  for (std::size_t k = 0; k < c.x.size(); ++k) {
    if (c.x[k] >= at - 1e-12) y = std::max(y, c.y[k]);
  }
  return y;
}

void add_history(StrategyAggregate& s,
                 const std::vector<const RunResult*>& runs) {
  std::size_t epochs = runs.empty() ? 0 : runs.front()->history.size();
  for (const RunResult* run : runs) {
    epochs = std::min(epochs, run->history.size());
  }
  std::vector<double> x;
  std::vector<std::vector<double>> loss, accuracy;
  for (std::size_t e = 0; e < epochs; ++e) {
    x.push_back(static_cast<double>(runs.front()->history[e].epoch));
  }
  for (const RunResult* run : runs) {
    loss.emplace_back();
    accuracy.emplace_back();
    for (std::size_t e = 0; e < epochs; ++e) {
      loss.back().push_back(run->history[e].loss);
      accuracy.back().push_back(run->history[e].accuracy);
    }
  }
  s.loss = band(x, loss);
  s.accuracy = band(x, accuracy);
}

void add_curves(StrategyAggregate& s, const std::vector<const RunResult*>& runs,
                int minority) {
  std::vector<double> grid = unit_grid();
  std::vector<std::vector<double>> roc, pr;
  for (const RunResult* run : runs) {
    Curve r = roc_curve(run->truth, run->scores, minority);
    Curve p = precision_recall_curve(run->truth, run->scores, minority);
    if (r.x.empty() || p.x.empty()) continue;  // a test set with one class
    roc.emplace_back();
    pr.emplace_back();
    for (double at : grid) {
      roc.back().push_back(roc_height(r, at));
      pr.back().push_back(pr_height(p, at));
    }
  }
  if (roc.empty()) return;
  s.roc = band(grid, roc);
  s.pr = band(grid, pr);
}

void add_confusion(StrategyAggregate& s,
                   const std::vector<const RunResult*>& runs,
                   const std::vector<std::string>& class_names) {
  std::size_t k = class_names.size();
  s.confusion = {class_names, std::vector<std::vector<std::size_t>>(
                                  k, std::vector<std::size_t>(k, 0))};
  for (const RunResult* run : runs) {
    for (std::size_t t = 0; t < k; ++t) {
      for (std::size_t p = 0; p < k; ++p) {
        s.confusion.counts[t][p] += run->confusion.counts[t][p];
      }
    }
  }
}

/// The range a metric can take, to which its interval is clipped.
std::pair<double, double> metric_range(const std::string& metric) {
  return {metric == "mcc" ? -1.0 : 0.0, 1.0};
}

/// `test_train_ratio` widens the intervals for the overlap of the runs'
/// training sets (see summarise()).
StrategyAggregate aggregate(const std::string& name,
                            const std::vector<const RunResult*>& runs,
                            std::size_t failed, const std::string& error,
                            const std::string& primary, const Dataset& data,
                            double test_train_ratio) {
  int minority = data.minority_class();
  StrategyAggregate s;
  s.name = name;
  s.runs = runs.size();
  s.failed = failed;
  s.first_error = error;
  for (const auto& metric : metric_names()) {
    std::vector<double> values;
    for (const RunResult* run : runs) {
      values.push_back(metric_value(run->metrics, metric, minority));
    }
    auto [lowest, highest] = metric_range(metric);
    s.metrics[metric] = summarise(values, test_train_ratio, lowest, highest);
    if (metric == primary) s.primary = values;
  }
  add_confusion(s, runs, data.class_names);
  add_history(s, runs);
  add_curves(s, runs, minority);
  return s;
}

std::string describe_design(const EvaluationSpec& e) {
  std::string repeats =
      std::to_string(e.repeats) + (e.repeats == 1 ? " repeat" : " repeats");
  if (e.mode == "cv") {
    return std::to_string(e.folds) + "-fold stratified cross-validation x " +
           repeats;
  }
  return "holdout split x " + repeats;
}

/// Primary-metric values of two strategies on the runs both finished,
/// matched by (repeat, fold).
std::pair<std::vector<double>, std::vector<double>> paired_values(
    const ExperimentResult& result, std::size_t first, std::size_t second,
    const std::string& primary, int minority) {
  std::map<std::pair<std::size_t, std::size_t>, double> a, b;
  for (const RunResult& run : result.runs) {
    if (!run.error.empty()) continue;
    auto key = std::make_pair(run.spec.repeat, run.spec.fold);
    double v = metric_value(run.metrics, primary, minority);
    if (run.spec.strategy == first) a[key] = v;
    if (run.spec.strategy == second) b[key] = v;
  }
  std::pair<std::vector<double>, std::vector<double>> out;
  for (const auto& [key, v] : a) {
    auto it = b.find(key);
    if (it == b.end()) continue;
    out.first.push_back(v);
    out.second.push_back(it->second);
  }
  return out;
}

double mean_test_train_ratio(const ExperimentResult& result) {
  std::vector<double> ratios;
  for (const RunResult& run : result.runs) {
    if (!run.error.empty()) continue;
    double trained = std::accumulate(run.counts_before.begin(),
                                     run.counts_before.end(), 0.0);
    if (trained > 0) {
      ratios.push_back(static_cast<double>(run.truth.size()) / trained);
    }
  }
  return mean_of(ratios);
}

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::string p_text(double p) {
  return p < 0.001 ? "p < 0.001" : "p = " + format("%.3f", p);
}

}  // namespace

namespace {

/// The aggregate of strategy `s` over its finished runs.
StrategyAggregate aggregate_strategy(const ExperimentConfig& config,
                                     const Dataset& data,
                                     const ExperimentResult& result,
                                     std::size_t s, const std::string& primary,
                                     double test_train_ratio) {
  std::vector<const RunResult*> finished;
  std::size_t failed = 0;
  std::string error;
  for (const RunResult& run : result.runs) {
    if (run.spec.strategy != s) continue;
    if (run.error.empty()) {
      finished.push_back(&run);
    } else if (failed++ == 0) {
      error = run.error;
    }
  }
  return aggregate(config.strategies[s].name, finished, failed, error, primary,
                   data, test_train_ratio);
}

/// Position of the pair (i, j), i < j, in Comparison::pairs.
std::size_t pair_index(std::size_t strategies, std::size_t i, std::size_t j) {
  return i * strategies - i * (i + 1) / 2 + (j - i - 1);
}

/// The corrected test of strategy `a` against `b`, as differences a - b
/// whichever order the pair was stored in.
PairedTest oriented_test(const Comparison& c, std::size_t a, std::size_t b) {
  std::size_t n = c.strategies.size();
  if (a < b) return c.pairs[pair_index(n, a, b)].corrected_t;
  PairedTest t = c.pairs[pair_index(n, b, a)].corrected_t;
  t.mean_difference = -t.mean_difference;
  std::swap(t.low, t.high);
  t.low = -t.low;
  t.high = -t.high;
  return t;
}

std::string best_sentence(const StrategyAggregate& best,
                          const std::string& metric) {
  const Summary& top = best.metrics.at(metric);
  std::string text =
      "Best on " + metric + ": " + best.name + " (" + format("%.3f", top.mean);
  if (top.n >= 2) {
    text += ", 95% interval " + format("%.3f", top.low) + " to " +
            format("%.3f", top.high);
  }
  return text + ", " + std::to_string(top.n) +
         (top.n == 1 ? " run)." : " runs).");
}

std::string lead_sentence(const PairedTest& t) {
  if (!t.defined) {
    return " With a single run per strategy the difference cannot be told "
           "from noise; set evaluation.repeats or use mode: cv.";
  }
  return " The lead is " + format("%.3f", t.mean_difference) +
         " (95% interval " + format("%.3f", t.low) + " to " +
         format("%.3f", t.high) + ", " + p_text(t.p_value) +
         ", corrected resampled t-test over " + std::to_string(t.n) +
         " paired runs): " +
         (t.p_value < 0.05 ? "distinguishable from noise."
                           : "not distinguishable from noise.");
}

}  // namespace

Comparison compare_strategies(const ExperimentConfig& config,
                              const Dataset& data,
                              const ExperimentResult& result) {
  Comparison c;
  c.primary_metric = config.evaluation.primary_metric;
  int minority = data.minority_class();
  metric_value(Metrics{}, c.primary_metric, minority);  // checks the name
  c.design = describe_design(config.evaluation);
  c.test_train_ratio = mean_test_train_ratio(result);
  for (std::size_t s = 0; s < config.strategies.size(); ++s) {
    c.strategies.push_back(aggregate_strategy(
        config, data, result, s, c.primary_metric, c.test_train_ratio));
  }

  // Every pair (i, j), i < j, in the order pair_index() assumes.
  for (std::size_t i = 0; i < config.strategies.size(); ++i) {
    for (std::size_t j = i + 1; j < config.strategies.size(); ++j) {
      auto [a, b] = paired_values(result, i, j, c.primary_metric, minority);
      PairComparison pair{c.strategies[i].name, c.strategies[j].name, {}, {}};
      if (c.test_train_ratio > 0) {
        pair.corrected_t = corrected_resampled_t_test(a, b, c.test_train_ratio);
      }
      pair.wilcoxon = wilcoxon_signed_rank(a, b);
      c.pairs.push_back(pair);
    }
  }
  c.conclusion = write_conclusion(c);
  return c;
}

std::string write_conclusion(const Comparison& c) {
  const std::string& metric = c.primary_metric;
  std::vector<std::size_t> ranked;
  for (std::size_t s = 0; s < c.strategies.size(); ++s) {
    if (c.strategies[s].runs > 0) ranked.push_back(s);
  }
  if (ranked.empty()) return "No strategy finished a run.";
  std::stable_sort(ranked.begin(), ranked.end(), [&](auto a, auto b) {
    return c.strategies[a].metrics.at(metric).mean >
           c.strategies[b].metrics.at(metric).mean;
  });

  std::string text = best_sentence(c.strategies[ranked[0]], metric);
  if (ranked.size() < 2) return text;
  const StrategyAggregate& second = c.strategies[ranked[1]];
  text += " Runner-up: " + second.name + " (" +
          format("%.3f", second.metrics.at(metric).mean) + ").";
  return text + lead_sentence(oriented_test(c, ranked[0], ranked[1]));
}

namespace {

nlohmann::json summary_json(const Summary& s) {
  return {{"n", s.n},
          {"mean", s.mean},
          {"sd", s.sd},
          {"low", s.low},
          {"high", s.high}};
}

nlohmann::json test_json(const PairedTest& t) {
  nlohmann::json j = {{"method", t.method},
                      {"n", t.n},
                      {"mean_difference", t.mean_difference},
                      {"low", t.low},
                      {"high", t.high},
                      {"statistic", t.statistic},
                      {"p_value", t.p_value}};
  // A statistic of +/- infinity (identical differences) is not JSON.
  if (!std::isfinite(t.statistic)) j["statistic"] = nullptr;
  if (!t.defined) j["p_value"] = nullptr;
  return j;
}

}  // namespace

nlohmann::json comparison_to_json(const Comparison& c) {
  nlohmann::json strategies = nlohmann::json::array();
  for (const auto& s : c.strategies) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [name, summary] : s.metrics) {
      metrics[name] = summary_json(summary);
    }
    nlohmann::json entry = {{"name", s.name},
                            {"runs", s.runs},
                            {"failed", s.failed},
                            {"metrics", metrics},
                            {"confusion", confusion_to_json(s.confusion)}};
    if (!s.first_error.empty()) entry["error"] = s.first_error;
    strategies.push_back(entry);
  }
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& p : c.pairs) {
    pairs.push_back({{"first", p.first},
                     {"second", p.second},
                     {"corrected_t", test_json(p.corrected_t)},
                     {"wilcoxon", test_json(p.wilcoxon)}});
  }
  return {{"primary_metric", c.primary_metric},
          {"design", c.design},
          {"test_train_ratio", c.test_train_ratio},
          {"strategies", strategies},
          {"pairs", pairs},
          {"conclusion", c.conclusion}};
}

}  // namespace shoal
