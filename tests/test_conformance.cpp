// Tests of the conformance battery (shoal/conformance.hpp): every broken
// fixture in tests/broken_plugins fails the one check that describes its
// fault, with a reason that says what went wrong, and passes the others;
// the built-in data sets have the documented shape. That the shipped
// plugins pass is checked by the plugin_check.<name> ctest entries, which
// run `shoal plugin-check` on each.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "plugin_files.hpp"
#include "shoal/conformance.hpp"
#include "shoal/strategy.hpp"

namespace shoal {
namespace {

namespace fs = std::filesystem;

using testing::fixture_plugin;
using testing::shipped_plugin;

/// Small and quick: the fixtures do nothing costly, and the one that hangs
/// is stopped after 5 s.
ConformanceOptions quick_options() {
  ConformanceOptions options;
  options.runtime_rows = 5000;
  options.timeout_seconds = 5;
  return options;
}

/// A fixture, the one check it must fail and a piece of the reason.
struct Expectation {
  std::string plugin;
  std::string check;
  std::string reason;
};

void PrintTo(const Expectation& e, std::ostream* out) { *out << e.plugin; }

class BrokenPlugin : public ::testing::TestWithParam<Expectation> {};

TEST_P(BrokenPlugin, FailsExactlyTheCheckForItsFault) {
  const Expectation& expected = GetParam();
  ConformanceReport report =
      check_plugin(fixture_plugin(expected.plugin), quick_options());
  EXPECT_FALSE(report.passed());
  for (const CheckResult& check : report.checks) {
    if (check.name == expected.check) {
      EXPECT_EQ(check.status, CheckStatus::failed) << check.detail;
      EXPECT_NE(check.detail.find(expected.reason), std::string::npos)
          << check.detail;
    } else {
      EXPECT_NE(check.status, CheckStatus::failed)
          << check.name << ": " << check.detail;
    }
  }
}

const std::string kApi = std::to_string(kStrategyApiVersion);

INSTANTIATE_TEST_SUITE_P(
    Fixtures, BrokenPlugin,
    ::testing::Values(
        Expectation{"not_a_library", "loads", "cannot be loaded"},
        Expectation{"no_entry_points", "loads",
                    "does not export 'shoal_strategy_api_version'"},
        Expectation{"wrong_api_version", "loads",
                    "but this shoal uses version " + kApi},
        Expectation{"null_info", "loads", "returned no strategy info"},
        Expectation{"misnamed", "identity",
                    "calls itself 'renamed_strategy' but its file is "
                    "shoal_misnamed.so"},
        Expectation{"throws_in_constructor", "creates",
                    "threw RunError: plugin 'throws_in_constructor' could "
                    "not create its strategy: fixture: this strategy is "
                    "never created"},
        Expectation{"throws_int_in_constructor", "creates",
                    "threw RunError: plugin 'throws_int_in_constructor' threw "
                    "an exception that is not a std::exception while "
                    "creating its strategy"},
        Expectation{"accepts_unknown_parameters", "rejects_unknown_parameter",
                    "was accepted silently"},
        Expectation{"throws_in_apply", "applies",
                    "threw std::out_of_range: fixture: index 7"},
        Expectation{"throws_non_standard", "applies",
                    "threw an exception of unknown type"},
        Expectation{"renames_classes", "keeps_names",
                    "class names changed to 'Abnormal' 'Normal'"},
        Expectation{"wrong_width_rows", "row_shape",
                    "719 feature values for 180 rows of 4 features"},
        Expectation{"invalid_labels", "labels_valid",
                    "has label 2; labels must be 0..1"},
        Expectation{"nan_features", "features_finite",
                    "row 0, feature 0 is nan"},
        Expectation{"negative_weights", "weights_positive",
                    "row 0 has weight -1"},
        Expectation{"modifies_input", "input_unchanged",
                    "apply() changed the Dataset it was given"},
        Expectation{"nondeterministic", "deterministic",
                    "two calls with seed 1 gave different outputs"},
        Expectation{"truncates_seed", "seed_sensitivity",
                    "seeds 1 and 4294967297 gave the same output"},
        Expectation{"lowers_minority_share", "minority_share",
                    "(the minority) fell from"},
        Expectation{"crashes_on_tiny_minority", "tiny_minority",
                    "with a minority of 1 row the plugin crashed (SIGSEGV"},
        Expectation{"hangs_on_large_input", "runtime",
                    "did not return within 5 s and was stopped"}),
    [](const ::testing::TestParamInfo<Expectation>& info) {
      return info.param.plugin;
    });

std::vector<std::string> names_of(const ConformanceReport& report) {
  std::vector<std::string> names;
  for (const CheckResult& check : report.checks) names.push_back(check.name);
  return names;
}

TEST(Conformance, ReportsEveryCheckInOrderWhenAllPass) {
  ConformanceReport report =
      check_plugin(shipped_plugin("none"), quick_options());
  EXPECT_TRUE(report.passed());
  EXPECT_EQ(names_of(report), conformance_check_names());
  for (const CheckResult& check : report.checks) {
    EXPECT_EQ(check.status, CheckStatus::passed) << check.name;
  }
}

TEST(Conformance, SkipsTheRestWhenThePluginDoesNotLoad) {
  ConformanceReport report =
      check_plugin(fixture_plugin("not_a_library"), quick_options());
  EXPECT_EQ(names_of(report), conformance_check_names());
  for (std::size_t i = 1; i < report.checks.size(); ++i) {
    EXPECT_EQ(report.checks[i].status, CheckStatus::skipped);
    EXPECT_EQ(report.checks[i].detail, "not run: the plugin did not load");
  }
}

TEST(Conformance, ParametersReachTheStrategy) {
  // `none` takes no parameters, so asking for one must fail creation and
  // name the key.
  ConformanceOptions options = quick_options();
  options.params = {{"ratio", 0.5}};
  ConformanceReport report = check_plugin(shipped_plugin("none"), options);
  const CheckResult* creates = report.find("creates");
  ASSERT_NE(creates, nullptr);
  EXPECT_EQ(creates->status, CheckStatus::failed);
  EXPECT_NE(creates->detail.find("threw ParamError: strategy 'none': "
                                 "parameter 'ratio'"),
            std::string::npos)
      << creates->detail;
  EXPECT_EQ(report.find("applies")->status, CheckStatus::skipped);
}

TEST(Conformance, MethodWithoutRandomnessPassesTheSeedCheck) {
  ConformanceReport report =
      check_plugin(shipped_plugin("class_weight"), quick_options());
  const CheckResult* seeds = report.find("seed_sensitivity");
  ASSERT_NE(seeds, nullptr);
  EXPECT_EQ(seeds->status, CheckStatus::passed);
  EXPECT_NE(seeds->detail.find("does not depend on the seed"),
            std::string::npos);
}

TEST(Conformance, RandomMethodPassesTheSeedCheckWithDistinctOutputs) {
  ConformanceReport report =
      check_plugin(shipped_plugin("random_oversampling"), quick_options());
  const CheckResult* seeds = report.find("seed_sensitivity");
  ASSERT_NE(seeds, nullptr);
  EXPECT_EQ(seeds->status, CheckStatus::passed);
  EXPECT_NE(seeds->detail.find("four different outputs"), std::string::npos);
}

TEST(Conformance, InProcessGivesTheSameVerdictForAFaultThatDoesNotCrash) {
  ConformanceOptions options = quick_options();
  options.isolate = false;
  ConformanceReport report =
      check_plugin(fixture_plugin("nan_features"), options);
  EXPECT_EQ(report.find("features_finite")->status, CheckStatus::failed);
  EXPECT_EQ(report.find("applies")->status, CheckStatus::passed);
}

TEST(ConformanceData, MainSetsHaveTheDocumentedShape) {
  auto sets = conformance_datasets();
  ASSERT_EQ(sets.size(), 2u);
  const Dataset& clouds = sets[0].data;
  EXPECT_EQ(clouds.cols(), 4u);
  EXPECT_EQ(clouds.class_counts(), (std::vector<std::size_t>{30, 150}));
  EXPECT_EQ(clouds.minority_class(), 0);
  const Dataset& shifted = sets[1].data;
  EXPECT_EQ(shifted.cols(), 6u);
  EXPECT_EQ(shifted.class_counts(), (std::vector<std::size_t>{40, 12}));
  EXPECT_EQ(shifted.minority_class(), 1);  // the minority is not label 0
  EXPECT_EQ(shifted.weights[0], 0.5);
  EXPECT_EQ(shifted.weights[1], 1.0);
  EXPECT_EQ(shifted.weights[2], 2.0);
  for (const auto& set : sets) {
    EXPECT_EQ(set.data.class_names,
              (std::vector<std::string>{"abnormal", "normal"}));
    EXPECT_NO_THROW(set.data.validate(set.label));
  }
}

TEST(ConformanceData, ShiftedSetRepeatsThreeMinorityRows) {
  const Dataset shifted = conformance_datasets()[1].data;
  std::size_t n = shifted.rows();
  for (std::size_t copy = n - 3; copy < n; ++copy) {
    bool found = false;
    for (std::size_t i = 0; i < n - 3 && !found; ++i) {
      found = shifted.labels[i] == 1 &&
              std::equal(shifted.row(i), shifted.row(i) + shifted.cols(),
                         shifted.row(copy));
    }
    EXPECT_TRUE(found) << "row " << copy << " repeats no earlier row";
  }
}

TEST(ConformanceData, SetsAreTheSameOnEveryCall) {
  EXPECT_EQ(conformance_datasets()[0].data.features,
            conformance_datasets()[0].data.features);
  EXPECT_EQ(runtime_dataset(1000).data.features,
            runtime_dataset(1000).data.features);
}

TEST(ConformanceData, TinySetsHaveMinoritiesOfOneTwoFiveAndSix) {
  std::vector<std::size_t> minorities;
  for (const auto& set : tiny_minority_datasets()) {
    EXPECT_EQ(set.data.class_counts()[1], 30u);
    minorities.push_back(set.data.class_counts()[0]);
  }
  EXPECT_EQ(minorities, (std::vector<std::size_t>{1, 2, 5, 6}));
}

TEST(ConformanceData, WholeNumberParametersAddTheirOwnEdge) {
  // k_neighbors 10 needs 11 rows: 10 rows must fail cleanly, 11 must work.
  std::vector<std::size_t> minorities;
  auto params = nlohmann::json{{"k_neighbors", 10},
                               {"sampling_strategy", "minority"},
                               {"shrinkage", 0.5},
                               {"huge", 500}};
  for (const auto& set : tiny_minority_datasets(params)) {
    EXPECT_EQ(set.data.class_counts()[1], 30u);
    minorities.push_back(set.data.class_counts()[0]);
  }
  EXPECT_EQ(minorities, (std::vector<std::size_t>{1, 2, 5, 6, 10, 11}));
}

TEST(ConformanceData, RuntimeSetIsFivePercentAbnormal) {
  ConformanceData set = runtime_dataset(100000);
  EXPECT_EQ(set.data.cols(), 8u);
  EXPECT_EQ(set.data.class_counts(), (std::vector<std::size_t>{5000, 95000}));
}

}  // namespace
}  // namespace shoal
