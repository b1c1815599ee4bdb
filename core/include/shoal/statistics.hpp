#pragma once
/// Statistics over repeated runs: summaries with a 95% interval, and paired
/// tests that say whether one strategy beats another by more than the
/// run-to-run noise.

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace shoal {

/// Mean, sample standard deviation and a 95% interval of the mean over runs.
/// The interval is mean +/- t(0.975, n - 1) * se with se = sd / sqrt(n) for
/// independent values; see summarise() for runs that share training rows.
/// With fewer than two values there is no spread to measure: sd is 0 and
/// the interval collapses onto the mean.
struct Summary {
  std::size_t n = 0;
  double mean = 0;
  double sd = 0;
  double low = 0;
  double high = 0;
};

/// Arithmetic mean; 0 for no values.
double mean_of(const std::vector<double>& values);

/// Sample standard deviation (divides by n - 1); 0 for fewer than 2 values.
double sample_sd(const std::vector<double>& values);

/// Summary of `values` with a 95% Student-t interval. A positive
/// `test_train_ratio` (rows tested / rows trained on in one run) applies
/// Nadeau and Bengio's correction for resampled runs whose training sets
/// overlap, as corrected_resampled_t_test() does for differences: se =
/// sqrt(1 / n + test_train_ratio) * sd. The interval is then clipped to
/// [lowest, highest], the range the metric can take.
Summary summarise(const std::vector<double>& values,
                  double test_train_ratio = 0,
                  double lowest = -std::numeric_limits<double>::infinity(),
                  double highest = std::numeric_limits<double>::infinity());

/// Quantile of Student's t distribution with `dof` degrees of freedom
/// (R's qt(probability, dof)). `dof` must be > 0.
double student_t_quantile(double probability, double dof);

/// Two-sided p-value of a t statistic: P(|T| >= |t|) with `dof` degrees of
/// freedom. An infinite t gives 0.
double student_t_two_sided_p(double t, double dof);

/// A paired comparison of two strategies scored on the same runs, on
/// differences a - b.
struct PairedTest {
  std::string method;
  std::size_t n = 0;           ///< pairs that entered the test
  double mean_difference = 0;  ///< mean of a - b over all pairs
  double low = 0;              ///< 95% interval of the mean difference
  double high = 0;
  double statistic = 0;
  double p_value = 1;  ///< two-sided
  /// False when there are too few pairs (fewer than 2) for a test; p_value
  /// is then 1 and the interval collapses onto the mean difference.
  bool defined = false;
};

/// Wilcoxon signed-rank test, two-sided, on the differences a - b, with
/// zero_method "wilcox" as in scipy.stats.wilcoxon: the differences are
/// rounded to multiples of 1e-12 (so that roundoff in a - b neither breaks
/// ties nor hides zeros), zero differences are dropped, tied |differences|
/// share their mean rank. The statistic is min(W+, W-). The p-value is
/// exact (the distribution of W+ counted over all sign patterns) when there
/// were at most 50 differences, none zero and none tied, as R's wilcox.test
/// and scipy's method "auto" (1.9 to 1.12) decide; otherwise it is the
/// normal approximation with the tie correction of the variance and no
/// continuity correction. The interval is the plain t interval of the
/// differences. Throws InputError when the sizes differ.
PairedTest wilcoxon_signed_rank(const std::vector<double>& a,
                                const std::vector<double>& b);

/// Corrected resampled t-test of Nadeau and Bengio (2003) for scores from
/// repeated resampling (repeated k-fold CV or repeated holdout), where
/// training sets overlap and the plain paired t-test is far too eager. With
/// J differences d_j, mean m and sample variance s^2:
///   t = m / sqrt((1 / J + test_train_ratio) * s^2),  J - 1 dof,
/// test_train_ratio = rows tested / rows trained on in one run (1 / (k - 1)
/// for k-fold). The interval uses the same corrected standard error. When
/// every difference is equal (s = 0), p is 1 if they are all zero and 0
/// otherwise. Throws InputError when the sizes differ or the ratio is not
/// positive.
PairedTest corrected_resampled_t_test(const std::vector<double>& a,
                                      const std::vector<double>& b,
                                      double test_train_ratio);

}  // namespace shoal
