// Console output shared by `shoal run` and `shoal merge`.

#include "run_summary.hpp"

#include <cstdio>
#include <iostream>

#include "command.hpp"

namespace shoal::cli {

namespace {

std::size_t total(const std::vector<std::size_t>& counts) {
  std::size_t n = 0;
  for (auto c : counts) n += c;
  return n;
}

/// One run per strategy: the figures of that run, as the notebook printed.
void print_single_runs(const Dataset& data, const ExperimentResult& result) {
  const auto& names = data.class_names;
  auto minority = static_cast<std::size_t>(data.minority_class());
  auto majority = 1 - minority;
  std::printf("\n%-22s %11s %9s %9s %9s %8s %8s %8s %8s\n", "strategy",
              "train rows", "recall", "recall", "bal.acc", "G-mean", "MCC",
              "F1", "accuracy");
  std::printf("%-22s %11s %9.9s %9.9s %9s %8s %8s %8.8s %8s\n", "", "",
              names[minority].c_str(), names[majority].c_str(), "", "", "",
              names[minority].c_str(), "");
  for (const auto& run : result.runs) {
    if (!run.error.empty()) {
      std::printf("%-22s failed: %s\n", run.strategy.c_str(),
                  run.error.c_str());
      continue;
    }
    std::string rows = std::to_string(total(run.counts_before)) + ">" +
                       std::to_string(total(run.counts_after));
    const auto& m = run.metrics;
    std::printf("%-22s %11s %9.3f %9.3f %9.3f %8.3f %8.3f %8.3f %8.3f\n",
                run.strategy.c_str(), rows.c_str(), m.recall[minority],
                m.recall[majority], m.balanced_accuracy, m.g_mean, m.mcc,
                m.minority_f1, m.accuracy);
  }
}

/// Several runs per strategy: mean and 95% interval of the main metrics.
void print_summaries(const Comparison& c) {
  const char* columns[] = {
      "balanced_accuracy", "minority_recall", "specificity", "mcc",
      "minority_f1",       "roc_auc",         "pr_auc"};
  const char* headings[] = {"bal.acc", "min.recall", "specificity", "MCC",
                            "min.F1",  "ROC-AUC",    "PR-AUC"};
  std::printf("\nmean and [95%% interval] over runs\n%-20s %5s", "strategy",
              "runs");
  for (const char* h : headings) std::printf(" %19s", h);
  std::printf("\n");
  for (const auto& s : c.strategies) {
    std::printf("%-20s %5zu", s.name.c_str(), s.runs);
    if (s.runs == 0) {
      std::printf("  every run failed: %s\n", s.first_error.c_str());
      continue;
    }
    for (const char* name : columns) {
      const Summary& m = s.metrics.at(name);
      std::printf("  %5.3f [%5.3f,%5.3f]", m.mean, m.low, m.high);
    }
    std::printf("\n");
  }
}

void print_confusion(const std::string& title, const Confusion& c) {
  std::printf(
      "\n%s: confusion matrix (rows: true class, columns: "
      "predicted)\n%12s",
      title.c_str(), "");
  for (const auto& name : c.class_names) std::printf(" %10s", name.c_str());
  std::printf("\n");
  for (std::size_t t = 0; t < c.class_names.size(); ++t) {
    std::printf("%12s", c.class_names[t].c_str());
    for (std::size_t p = 0; p < c.class_names.size(); ++p) {
      std::printf(" %10zu", c.counts[t][p]);
    }
    std::printf("\n");
  }
}

std::string p_text(double p) {
  char text[16];
  std::snprintf(text, sizeof text, p < 0.001 ? "<0.001" : "%.3f", p);
  return text;
}

void print_pairs(const Comparison& c) {
  std::printf(
      "\npaired tests on %s (difference first - second; interval and p "
      "from the\ncorrected resampled t-test of Nadeau and Bengio; the "
      "Wilcoxon signed-rank p beside\nit treats runs that share training "
      "rows as independent, a cross-check only)\n",
      c.primary_metric.c_str());
  for (const auto& p : c.pairs) {
    const PairedTest& t = p.corrected_t;
    std::string pair = p.first + " - " + p.second;
    if (!t.defined) {
      std::printf("  %-42s %+.3f  (one run each: no test)\n", pair.c_str(),
                  t.mean_difference);
      continue;
    }
    std::printf("  %-42s %+.3f [%+.3f,%+.3f]  p %s  Wilcoxon p %s\n",
                pair.c_str(), t.mean_difference, t.low, t.high,
                p_text(t.p_value).c_str(), p_text(p.wilcoxon.p_value).c_str());
  }
}

}  // namespace

void print_comparison(const Dataset& data, const ExperimentResult& result,
                      const Comparison& comparison) {
  bool single = true;
  for (const auto& s : comparison.strategies) {
    single = single && s.runs + s.failed <= 1;
  }
  if (single) {
    print_single_runs(data, result);
    for (const auto& s : comparison.strategies) {
      if (s.runs > 0) print_confusion(s.name, s.confusion);
    }
  } else {
    std::printf("\n%s\n", comparison.design.c_str());
    print_summaries(comparison);
    for (const auto& s : comparison.strategies) {
      if (s.runs == 0) continue;
      print_confusion(
          s.name + " (summed over " + std::to_string(s.runs) + " runs)",
          s.confusion);
    }
    if (!comparison.pairs.empty()) print_pairs(comparison);
  }
  std::printf("\nconclusion: %s\n", comparison.conclusion.c_str());
}

int report_failures(const ExperimentResult& result) {
  bool failed = false, all_bad_input = true;
  for (const auto& run : result.runs) {
    if (run.error.empty()) continue;
    failed = true;
    all_bad_input = all_bad_input && run.bad_input;
    std::cerr << "shoal: error: strategy '" << run.strategy << "' (repeat "
              << run.spec.repeat << ", fold " << run.spec.fold
              << "): " << run.error << '\n';
  }
  if (!failed) return 0;
  return all_bad_input ? kExitBadInput : kExitFailure;
}

}  // namespace shoal::cli
