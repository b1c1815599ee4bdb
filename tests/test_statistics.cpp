// Summaries over runs and paired tests on known inputs. Reference values
// come from R (qt, pt), scipy.stats.wilcoxon's documented example, and hand
// computation of the formulas (noted at each test).

#include <gtest/gtest.h>

#include <cmath>

#include "shoal/error.hpp"
#include "shoal/statistics.hpp"

namespace shoal {
namespace {

// Darwin's paired plant heights (cross- minus self-fertilised, eighths of
// an inch), the example of scipy.stats.wilcoxon's documentation.
const std::vector<double> kDarwin{6,  8,   14, 16, 23, 24,  28, 29,
                                  41, -48, 49, 56, 60, -67, 75};

std::vector<double> zeros(std::size_t n) { return std::vector<double>(n, 0); }

TEST(Statistics, StudentQuantilesMatchR) {
  // R: qt(0.975, 4), qt(0.975, 9), qt(0.995, 10).
  EXPECT_NEAR(student_t_quantile(0.975, 4), 2.776445, 1e-6);
  EXPECT_NEAR(student_t_quantile(0.975, 9), 2.262157, 1e-6);
  EXPECT_NEAR(student_t_quantile(0.995, 10), 3.169273, 1e-6);
}

TEST(Statistics, TwoSidedPValueMatchesR) {
  // R: 2 * pt(-2, 10) = 2 * (1 - 0.9633062).
  EXPECT_NEAR(student_t_two_sided_p(2.0, 10), 2 * (1 - 0.9633062), 1e-6);
  EXPECT_NEAR(student_t_two_sided_p(-2.262157, 9), 0.05, 1e-6);
  EXPECT_EQ(student_t_two_sided_p(INFINITY, 3), 0.0);
}

TEST(Summary, MeanSampleSdAndTInterval) {
  // By hand: mean 3, sd sqrt(10 / 4), half width qt(0.975, 4) sd / sqrt(5).
  Summary s = summarise({1, 2, 3, 4, 5});
  EXPECT_EQ(s.n, 5u);
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  EXPECT_DOUBLE_EQ(s.sd, std::sqrt(2.5));
  double half = 2.776445 * std::sqrt(2.5) / std::sqrt(5.0);
  EXPECT_NEAR(s.low, 3.0 - half, 1e-6);
  EXPECT_NEAR(s.high, 3.0 + half, 1e-6);
}

TEST(Summary, OneValueHasNoSpread) {
  Summary s = summarise({0.7});
  EXPECT_EQ(s.sd, 0.0);
  EXPECT_EQ(s.low, 0.7);
  EXPECT_EQ(s.high, 0.7);
  EXPECT_EQ(summarise({}).mean, 0.0);
}

TEST(Wilcoxon, ExactPValueMatchesScipyExample) {
  // scipy.stats.wilcoxon(d): statistic 24.0, pvalue 0.041259765625 (the
  // exact distribution: 676 of the 2^15 sign patterns have W+ <= 24).
  PairedTest t = wilcoxon_signed_rank(kDarwin, zeros(kDarwin.size()));
  EXPECT_TRUE(t.defined);
  EXPECT_EQ(t.statistic, 24.0);
  EXPECT_DOUBLE_EQ(t.p_value, 0.041259765625);
  EXPECT_NE(t.method.find("Wilcoxon"), std::string::npos);
}

TEST(Wilcoxon, ZeroDifferencesAreDroppedAndTheNormalApproximationUsed) {
  // zero_method="wilcox": the 15 non-zero differences are ranked as
  // without the zeros (W = 24), but with zeros present the exact
  // distribution no longer applies, so the p-value is the normal one:
  // z = (24 - 60) / sqrt(15 * 16 * 31 / 24), p = 0.04088813291185591, the
  // value scipy's documentation gives for wilcoxon(d, method="approx").
  std::vector<double> d = kDarwin;
  d.insert(d.begin() + 3, {0.0, 0.0});
  PairedTest t = wilcoxon_signed_rank(d, zeros(d.size()));
  EXPECT_EQ(t.statistic, 24.0);
  EXPECT_NEAR(t.p_value, 0.04088813291185591, 1e-12);
  EXPECT_EQ(t.n, 17u);
}

TEST(Wilcoxon, RoundoffInTheDifferencesNeitherBreaksTiesNorHidesZeros) {
  // 0.9 - 0.8, 0.8 - 0.7 and 0.3 - 0.2 are all 0.1 in exact arithmetic but
  // differ in the last bits in binary; 0.3 - (0.1 + 0.2) is 0 exactly but
  // -5.6e-17 in binary. Tied ranks mean the tie-corrected normal
  // approximation: d = 0.1, 0.1, 0.1, -0.2, 0.3 after dropping the zero, mean
  // ranks 2, 2, 2, 4, 5, W+ = 11, W- = 4, var = 5*6*11/24 - (27 - 3)/48 =
  // 13.25, z = (4 - 7.5) / sqrt(13.25), p = erfc(|z| / sqrt 2).
  std::vector<double> a{0.9, 0.8, 0.3, 0.3, 0.5, 0.6};
  std::vector<double> b{0.8, 0.7, 0.2, 0.1 + 0.2, 0.7, 0.3};
  PairedTest t = wilcoxon_signed_rank(a, b);
  EXPECT_EQ(t.statistic, 4.0);
  double z = (4 - 7.5) / std::sqrt(13.25);
  EXPECT_NEAR(t.p_value, std::erfc(std::fabs(z) / std::sqrt(2.0)), 1e-12);
}

TEST(Wilcoxon, SymmetricInTheOrderOfStrategies) {
  PairedTest ab = wilcoxon_signed_rank(kDarwin, zeros(kDarwin.size()));
  PairedTest ba = wilcoxon_signed_rank(zeros(kDarwin.size()), kDarwin);
  EXPECT_EQ(ab.p_value, ba.p_value);
  EXPECT_EQ(ab.mean_difference, -ba.mean_difference);
}

TEST(Wilcoxon, TiesUseNormalApproximationWithTieCorrection) {
  // d = 1, 1, -2, 3, 3, 3: mean ranks 1.5, 1.5, 3, 5, 5, 5, so W+ = 18 and
  // W- = 3. Var = 6*7*13/24 - (2^3 - 2 + 3^3 - 3)/48 = 22.125, z =
  // (3 - 10.5) / sqrt(22.125) = -1.59448, p = erfc(|z| / sqrt 2) = 0.110828
  // (scipy's method="approx", correction=False, gives the same formula).
  PairedTest t = wilcoxon_signed_rank({1, 1, -2, 3, 3, 3}, zeros(6));
  EXPECT_EQ(t.statistic, 3.0);
  EXPECT_NEAR(t.p_value, 0.1108281169, 1e-9);
}

TEST(Wilcoxon, AllEqualGivesNoEvidence) {
  PairedTest t = wilcoxon_signed_rank({0.5, 0.6}, {0.5, 0.6});
  EXPECT_EQ(t.p_value, 1.0);
  EXPECT_EQ(t.mean_difference, 0.0);
}

TEST(Wilcoxon, RejectsUnpairedInput) {
  EXPECT_THROW(wilcoxon_signed_rank({1, 2}, {1}), InputError);
}

TEST(CorrectedT, MatchesHandComputation) {
  // d = 0.01..0.05 twice: mean 0.03, s^2 = 0.002 / 9. 5-fold CV, so
  // n_test / n_train = 1/4 and se = sqrt((1/10 + 1/4) s^2) = 0.0088192;
  // t = 3.401680 on 9 dof, p = 0.0078524 (R: 2 * pt(-3.401680, 9)).
  std::vector<double> a{0.81, 0.82, 0.83, 0.84, 0.85,
                        0.81, 0.82, 0.83, 0.84, 0.85};
  std::vector<double> b(10, 0.80);
  PairedTest t = corrected_resampled_t_test(a, b, 0.25);
  EXPECT_TRUE(t.defined);
  EXPECT_NEAR(t.mean_difference, 0.03, 1e-12);
  EXPECT_NEAR(t.statistic, 3.401680, 1e-5);
  EXPECT_NEAR(t.p_value, 0.0078524, 1e-6);
  double se = std::sqrt(0.35 * 0.002 / 9);
  EXPECT_NEAR(t.low, 0.03 - 2.262157 * se, 1e-6);
  EXPECT_NEAR(t.high, 0.03 + 2.262157 * se, 1e-6);
}

TEST(CorrectedT, CorrectionWidensThePlainPairedT) {
  // With the correction term removed (ratio -> 0) the test approaches the
  // plain paired t-test; any positive ratio gives a larger p-value.
  std::vector<double> a{0.9, 0.8, 0.85, 0.88, 0.83, 0.86};
  std::vector<double> b{0.8, 0.79, 0.8, 0.81, 0.8, 0.82};
  PairedTest plain = corrected_resampled_t_test(a, b, 1e-12);
  PairedTest cv = corrected_resampled_t_test(a, b, 1.0 / 4.0);
  EXPECT_LT(plain.p_value, cv.p_value);
  // Same t quantile, so the widths differ by sqrt((1/6 + 1/4) / (1/6)).
  EXPECT_NEAR((cv.high - cv.low) / (plain.high - plain.low), std::sqrt(2.5),
              1e-9);
}

TEST(CorrectedT, ConstantDifferences) {
  PairedTest same = corrected_resampled_t_test({1, 2}, {1, 2}, 0.25);
  EXPECT_EQ(same.p_value, 1.0);
  PairedTest shifted = corrected_resampled_t_test({2, 3}, {1, 2}, 0.25);
  EXPECT_EQ(shifted.p_value, 0.0);
}

TEST(CorrectedT, OnePairIsUndefined) {
  PairedTest t = corrected_resampled_t_test({0.9}, {0.8}, 0.25);
  EXPECT_FALSE(t.defined);
  EXPECT_EQ(t.p_value, 1.0);
  EXPECT_NEAR(t.low, 0.1, 1e-12);
}

TEST(CorrectedT, RejectsBadRatio) {
  EXPECT_THROW(corrected_resampled_t_test({1, 2}, {1, 2}, 0.0), InputError);
}

}  // namespace
}  // namespace shoal
