#include "shoal/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "shoal/error.hpp"

namespace shoal {

namespace {

/// Grid to which Wilcoxon differences are rounded before ranking.
constexpr double kRankResolution = 1e-12;

std::vector<double> differences(const std::vector<double>& a,
                                const std::vector<double>& b,
                                const std::string& test) {
  if (a.size() != b.size()) {
    throw InputError(test + ": " + std::to_string(a.size()) +
                     " scores paired with " + std::to_string(b.size()));
  }
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  return d;
}

double normal_two_sided_p(double z) {
  // 2 * (1 - Phi(|z|)) = erfc(|z| / sqrt(2)).
  return std::erfc(std::fabs(z) / std::sqrt(2.0));
}

/// Ranks of |d| (1-based, ties get their mean rank) and the tie term
/// sum(t^3 - t) over groups of t tied values.
struct SignedRanks {
  double w_plus = 0;
  double w_minus = 0;
  double tie_term = 0;
};

SignedRanks signed_ranks(const std::vector<double>& d) {
  std::vector<std::size_t> order(d.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](auto x, auto y) { return std::fabs(d[x]) < std::fabs(d[y]); });
  SignedRanks out;
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start;
    while (end < order.size() &&
           std::fabs(d[order[end]]) == std::fabs(d[order[start]])) {
      ++end;
    }
    double rank = (static_cast<double>(start + end) + 1.0) / 2.0;
    double tied = static_cast<double>(end - start);
    out.tie_term += tied * tied * tied - tied;
    for (std::size_t k = start; k < end; ++k) {
      (d[order[k]] > 0 ? out.w_plus : out.w_minus) += rank;
    }
    start = end;
  }
  return out;
}

/// P(W+ <= w) under the null, with n untied non-zero differences: each of
/// the 2^n sign patterns is equally likely, and the count of patterns whose
/// positive ranks sum to s is built up one rank at a time.
double exact_lower_tail(std::size_t n, double w) {
  std::size_t top = n * (n + 1) / 2;
  std::vector<double> ways(top + 1, 0.0);
  ways[0] = 1;
  for (std::size_t rank = 1; rank <= n; ++rank) {
    for (std::size_t s = top; s >= rank; --s) ways[s] += ways[s - rank];
  }
  double below = 0;
  for (std::size_t s = 0; s <= top && static_cast<double>(s) <= w; ++s) {
    below += ways[s];
  }
  return below / std::ldexp(1.0, static_cast<int>(n));
}

/// Mean of `d` with a 95% t interval built on `standard_error`.
void fill_interval(PairedTest& test, double standard_error) {
  double half = 0;
  if (test.n >= 2) {
    half = student_t_quantile(0.975, static_cast<double>(test.n - 1)) *
           standard_error;
  }
  test.low = test.mean_difference - half;
  test.high = test.mean_difference + half;
}

}  // namespace

double mean_of(const std::vector<double>& values) {
  if (values.empty()) return 0.0;
  return std::accumulate(values.begin(), values.end(), 0.0) /
         static_cast<double>(values.size());
}

double sample_sd(const std::vector<double>& values) {
  if (values.size() < 2) return 0.0;
  double m = mean_of(values), squares = 0;
  for (double v : values) squares += (v - m) * (v - m);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

Summary summarise(const std::vector<double>& values, double test_train_ratio,
                  double lowest, double highest) {
  Summary s;
  s.n = values.size();
  s.mean = mean_of(values);
  s.sd = sample_sd(values);
  double half = 0;
  if (s.n >= 2) {
    auto n = static_cast<double>(s.n);
    double se = std::sqrt(1.0 / n + std::max(0.0, test_train_ratio)) * s.sd;
    half = student_t_quantile(0.975, n - 1) * se;
  }
  s.low = std::max(lowest, s.mean - half);
  s.high = std::min(highest, s.mean + half);
  return s;
}

double student_t_quantile(double probability, double dof) {
  boost::math::students_t_distribution<double> t(dof);
  return boost::math::quantile(t, probability);
}

double student_t_two_sided_p(double t, double dof) {
  if (std::isinf(t)) return 0.0;
  boost::math::students_t_distribution<double> dist(dof);
  return 2.0 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
}

PairedTest wilcoxon_signed_rank(const std::vector<double>& a,
                                const std::vector<double>& b) {
  std::vector<double> all = differences(a, b, "Wilcoxon signed-rank test");
  PairedTest test;
  test.method = "Wilcoxon signed-rank";
  test.n = all.size();
  test.mean_difference = mean_of(all);
  fill_interval(test, sample_sd(all) / std::sqrt(std::max<double>(
                                           1.0, static_cast<double>(test.n))));

  // Differences of scores are rounded to a grid of 1e-12 before ranking, so
  // that floating-point noise in a - b (0.9 - 0.8 against 0.8 - 0.7) neither
  // hides a zero nor breaks a tie.
  std::vector<double> d;
  for (double x : all) {
    double rounded = std::round(x / kRankResolution) * kRankResolution;
    if (rounded != 0.0) d.push_back(rounded);
  }
  test.defined = test.n >= 2;
  if (d.empty()) return test;  // every pair equal: no evidence, p = 1

  SignedRanks r = signed_ranks(d);
  auto n = static_cast<double>(d.size());
  test.statistic = std::min(r.w_plus, r.w_minus);
  bool zeros_dropped = d.size() < all.size();
  if (d.size() <= 50 && r.tie_term == 0 && !zeros_dropped) {
    test.p_value =
        std::min(1.0, 2.0 * exact_lower_tail(d.size(), test.statistic));
    return test;
  }
  double expected = n * (n + 1) / 4;
  double variance = n * (n + 1) * (2 * n + 1) / 24 - r.tie_term / 48;
  test.p_value = variance > 0 ? normal_two_sided_p((test.statistic - expected) /
                                                   std::sqrt(variance))
                              : 1.0;
  return test;
}

PairedTest corrected_resampled_t_test(const std::vector<double>& a,
                                      const std::vector<double>& b,
                                      double test_train_ratio) {
  const std::string name = "corrected resampled t-test";
  if (!(test_train_ratio > 0) || std::isinf(test_train_ratio)) {
    throw InputError(name + ": test/train ratio must be positive, got " +
                     std::to_string(test_train_ratio));
  }
  std::vector<double> d = differences(a, b, name);
  PairedTest test;
  test.method = name + " (Nadeau-Bengio)";
  test.n = d.size();
  test.mean_difference = mean_of(d);
  test.defined = test.n >= 2;

  auto j = static_cast<double>(test.n);
  double sd = sample_sd(d);
  double standard_error =
      test.n > 0 ? std::sqrt(1.0 / j + test_train_ratio) * sd : 0.0;
  fill_interval(test, standard_error);
  if (!test.defined) return test;

  if (standard_error == 0) {
    test.statistic =
        test.mean_difference == 0
            ? 0.0
            : std::copysign(std::numeric_limits<double>::infinity(),
                            test.mean_difference);
    test.p_value = test.mean_difference == 0 ? 1.0 : 0.0;
    return test;
  }
  test.statistic = test.mean_difference / standard_error;
  test.p_value = student_t_two_sided_p(test.statistic, j - 1);
  return test;
}

}  // namespace shoal
