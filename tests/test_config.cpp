// Experiment configs: defaults, every section, path resolution, strategy
// forms, --set overrides, and the exact text of every config error.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "shoal/config.hpp"
#include "shoal/error.hpp"
#include "shoal/metrics.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using shoal::ExperimentConfig;
using shoal::InputError;
using shoal::load_config;

namespace {

const fs::path kSource = fs::path(SHOAL_SOURCE_DIR);
const fs::path kConfigData = kSource / "tests/data/config";

// The smallest valid config, as a prefix for the error cases below.
const std::string kValid = "data:\n  path: fish.csv\nstrategies: [none]\n";

/// A fresh folder for each test (ctest may run tests at the same time),
/// removed afterwards.
class Config : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    folder_ = fs::temp_directory_path() /
              ("shoal_config_" + std::string(test->name()) + "_" +
               std::to_string(::getpid()));
    fs::create_directories(folder_);
    file_ = folder_ / "experiment.yaml";
  }
  void TearDown() override { fs::remove_all(folder_); }

  ExperimentConfig load(const std::string& yaml,
                        const std::vector<std::string>& overrides = {}) {
    std::ofstream(file_, std::ios::binary) << yaml;
    return load_config(file_, overrides);
  }

  /// The message load_config throws for `yaml` with `overrides`.
  std::string error_for(const std::string& yaml,
                        const std::vector<std::string>& overrides = {}) {
    try {
      load(yaml, overrides);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }

  /// The config's name followed by `rest`, as messages start.
  std::string at(const std::string& rest) const {
    return file_.string() + rest;
  }

  fs::path folder_;
  fs::path file_;
};

TEST_F(Config, OmittedSectionsTakeTheirDefaults) {
  ExperimentConfig config = load_config(kConfigData / "minimal.yaml");
  ExperimentConfig defaults;
  EXPECT_EQ(config.csv.label_column, defaults.csv.label_column);
  EXPECT_EQ(config.csv.drop_columns, defaults.csv.drop_columns);
  EXPECT_EQ(config.csv.weight_column, "");
  EXPECT_EQ(config.split.test_fraction, defaults.split.test_fraction);
  EXPECT_EQ(config.split.stratify, defaults.split.stratify);
  EXPECT_EQ(config.split.seed, defaults.split.seed);
  EXPECT_EQ(config.training.hidden, defaults.training.hidden);
  EXPECT_EQ(config.training.learning_rate, defaults.training.learning_rate);
  EXPECT_EQ(config.training.batch_size, defaults.training.batch_size);
  EXPECT_EQ(config.training.epochs, defaults.training.epochs);
  EXPECT_EQ(config.training.seed, defaults.training.seed);
  EXPECT_EQ(config.evaluation.mode, defaults.evaluation.mode);
  EXPECT_EQ(config.evaluation.repeats, defaults.evaluation.repeats);
  EXPECT_EQ(config.evaluation.folds, defaults.evaluation.folds);
  EXPECT_EQ(config.evaluation.primary_metric,
            defaults.evaluation.primary_metric);
  EXPECT_EQ(config.threshold.mode, defaults.threshold.mode);
  EXPECT_EQ(config.threshold.value, defaults.threshold.value);
  EXPECT_TRUE(config.plugin_search_path.empty());
  EXPECT_EQ(config.source, kConfigData / "minimal.yaml");
}

// Expected values are those written in tests/data/config/full.yaml.
TEST_F(Config, ReadsEverySection) {
  ExperimentConfig config = load_config(kConfigData / "full.yaml");
  EXPECT_EQ(config.csv.drop_columns, (std::vector<std::string>{"id", "track"}));
  EXPECT_EQ(config.split.test_fraction, 0.3);
  EXPECT_TRUE(config.split.stratify);
  EXPECT_EQ(config.split.seed, 7u);
  EXPECT_EQ(config.training.hidden, (std::vector<std::size_t>{32, 16, 4}));
  EXPECT_EQ(config.training.learning_rate, 0.05);
  EXPECT_EQ(config.training.batch_size, 64u);
  EXPECT_EQ(config.training.epochs, 20u);
  EXPECT_EQ(config.training.seed, 3u);
  EXPECT_EQ(config.evaluation.mode, "cv");
  EXPECT_EQ(config.evaluation.repeats, 3u);
  EXPECT_EQ(config.evaluation.folds, 4u);
  EXPECT_EQ(config.evaluation.primary_metric, "mcc");
  EXPECT_EQ(config.threshold.mode, "recall");
  EXPECT_EQ(config.threshold.value, 0.4);
  EXPECT_EQ(config.threshold.metric, "g_mean");
  EXPECT_EQ(config.threshold.target_recall, 0.8);
  EXPECT_EQ(config.threshold.validation_fraction, 0.2);
}

TEST_F(Config, RelativePathsAreTakenFromTheConfigFolder) {
  ExperimentConfig config = load_config(kConfigData / "full.yaml");
  EXPECT_EQ(config.data_path, kSource / "tests/data/csv/fish_small.csv");
  EXPECT_EQ(config.plugin_search_path,
            (std::vector<fs::path>{kSource / "plugins", "/opt/shoal/plugins"}));
}

TEST_F(Config, ShorthandAndFullStrategyForms) {
  ExperimentConfig config = load_config(kConfigData / "full.yaml");
  ASSERT_EQ(config.strategies.size(), 3u);
  const auto& none = config.strategies[0];
  EXPECT_EQ(none.name, "none");
  EXPECT_EQ(none.plugin, "none");
  EXPECT_EQ(none.seed, 1000u);  // 1000 + its index
  EXPECT_EQ(none.params, json::object());
  const auto& smote = config.strategies[1];
  EXPECT_EQ(smote.name, "smote_k3");
  EXPECT_EQ(smote.plugin, "smote");
  EXPECT_EQ(smote.seed, 7u);
  EXPECT_EQ(smote.params,
            json({{"k_neighbors", 3}, {"sampling_strategy", "minority"}}));
  EXPECT_EQ(config.strategies[2].seed, 1002u);
}

TEST_F(Config, PluginGivenAsFileIsResolvedAndNamedAfterIt) {
  ExperimentConfig config = load(
      "data: {path: fish.csv}\n"
      "strategies:\n  - plugin: lib/shoal_mine.so\n  - ./other.so\n");
  EXPECT_EQ(config.strategies[0].plugin,
            (folder_ / "lib/shoal_mine.so").string());
  EXPECT_EQ(config.strategies[0].name, "mine");
  EXPECT_EQ(config.strategies[1].plugin, (folder_ / "other.so").string());
  EXPECT_EQ(config.strategies[1].name, "other");
}

TEST_F(Config, ParamsKeepTheirYamlTypes) {
  ExperimentConfig config = load(
      "data: {path: fish.csv}\n"
      "strategies:\n"
      "  - plugin: smote\n"
      "    params:\n"
      "      k: 3\n"
      "      ratio: 0.5\n"
      "      big: 1e3\n"
      "      shrink: true\n"
      "      target: minority\n"
      "      quoted: \"5\"\n"
      "      counts: {abnormal: 100, normal: 547}\n"
      "      list: [1, -2.5, x, false]\n"
      "      nothing: ~\n");
  json expected = {{"k", 3},
                   {"ratio", 0.5},
                   {"big", 1000.0},
                   {"shrink", true},
                   {"target", "minority"},
                   {"quoted", "5"},
                   {"counts", {{"abnormal", 100}, {"normal", 547}}},
                   {"list", {1, -2.5, "x", false}},
                   {"nothing", nullptr}};
  EXPECT_EQ(config.strategies[0].params, expected);
  EXPECT_TRUE(config.strategies[0].params["k"].is_number_integer());
  EXPECT_TRUE(config.strategies[0].params["big"].is_number_float());
}

TEST_F(Config, OverridesAreTypedLikeYaml) {
  ExperimentConfig config = load_config(
      kConfigData / "full.yaml",
      {"training.epochs=50", "model.hidden=[8, 4]", "split.stratify=false",
       "strategies.1.seed=99", "strategies.1.params.k_neighbors=5",
       "data.weight_column=w"});
  EXPECT_EQ(config.training.epochs, 50u);
  EXPECT_EQ(config.training.hidden, (std::vector<std::size_t>{8, 4}));
  EXPECT_FALSE(config.split.stratify);
  EXPECT_EQ(config.strategies[1].seed, 99u);
  EXPECT_EQ(config.strategies[1].params["k_neighbors"], 5);
  EXPECT_EQ(config.csv.weight_column, "w");
}

TEST_F(Config, OverrideKeyMayHaveBlanksBeforeTheEqualsSign) {
  EXPECT_EQ(load(kValid, {"training.epochs =7"}).training.epochs, 7u);
}

TEST_F(Config, EmptyOverrideValueClearsText) {
  ExperimentConfig config =
      load("data: {path: fish.csv, weight_column: w}\nstrategies: [none]\n",
           {"data.weight_column="});
  EXPECT_EQ(config.csv.weight_column, "");
}

TEST_F(Config, OverrideCreatesAMissingSection) {
  ExperimentConfig config =
      load(kValid, {"threshold.mode=maximise", "threshold.metric=mcc"});
  EXPECT_EQ(config.threshold.mode, "maximise");
  EXPECT_EQ(config.threshold.metric, "mcc");
}

TEST_F(Config, TextHoldsTheConfigAfterOverridesAndReadsBack) {
  ExperimentConfig config = load_config(kConfigData / "full.yaml",
                                        {"training.epochs=50", "split.seed=9"});
  EXPECT_NE(config.text.find("epochs: 50"), std::string::npos);

  fs::path copy = folder_ / "copy.yaml";
  std::ofstream(copy) << config.text;
  ExperimentConfig reread = load_config(copy);
  EXPECT_EQ(reread.training.epochs, 50u);
  EXPECT_EQ(reread.split.seed, 9u);
  EXPECT_EQ(reread.training.hidden, config.training.hidden);
  EXPECT_EQ(reread.strategies[1].params, config.strategies[1].params);
  EXPECT_EQ(reread.text, config.text);
}

TEST_F(Config, QuotedTextStaysTextInTheStoredCopy) {
  ExperimentConfig config = load(
      "data: {path: fish.csv}\n"
      "strategies: [{plugin: smote, params: {ratio: \"0.5\"}}]\n");
  EXPECT_NE(config.text.find("\"0.5\""), std::string::npos);
}

// ---- Errors: file, line, column, key and value. ----

TEST_F(Config, MissingFileIsNamed) {
  fs::path missing = folder_ / "missing.yaml";
  try {
    load_config(missing);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot open '" + missing.string() +
                                         "': no such file or not readable");
  }
}

TEST_F(Config, YamlSyntaxErrorGivesParserPlace) {
  EXPECT_EQ(error_for("data:\n  path: [a, b\nstrategies: [none]\n"),
            at(":3:11: invalid YAML: end of sequence flow not found"));
}

TEST_F(Config, TopLevelMustBeAMapping) {
  EXPECT_EQ(error_for("- data\n- strategies\n"),
            at(":1:1: the config must be a mapping of sections (data, "
               "strategies, ...), got a list"));
}

TEST_F(Config, MissingDataPathAndStrategies) {
  EXPECT_EQ(error_for("strategies: [none]\n"),
            at(": missing 'data.path': the feature CSV to read"));
  EXPECT_EQ(error_for("data:\n  label_column: y\nstrategies: [none]\n"),
            at(": missing 'data.path': the feature CSV to read"));
  EXPECT_EQ(error_for("data: {path: fish.csv}\n"),
            at(": missing 'strategies': list the imbalance strategies to "
               "compare, e.g. '- none'"));
  EXPECT_EQ(error_for(""),
            at(": missing 'data.path': the feature CSV to read"));
}

TEST_F(Config, UnknownKeySuggestsNearest) {
  EXPECT_EQ(error_for(kValid + "training:\n  learnng_rate: 0.1\n"),
            at(":5:3: unknown key 'learnng_rate' in 'training' (did you mean "
               "'learning_rate'?)"));
  EXPECT_EQ(error_for(kValid + "trainig:\n  epochs: 3\n"),
            at(":4:1: unknown key 'trainig' at the top level (did you mean "
               "'training'?)"));
}

TEST_F(Config, UnknownKeyWithoutNearMatchListsTheKeys) {
  EXPECT_EQ(error_for(kValid + "model:\n  optimizer: adam\n"),
            at(":5:3: unknown key 'optimizer' in 'model'; the keys are: "
               "hidden"));
}

TEST_F(Config, UnknownKeyInStrategyEntry) {
  EXPECT_EQ(error_for("data: {path: fish.csv}\nstrategies:\n  - none\n"
                      "  - plugin: smote\n    sed: 3\n"),
            at(":5:5: unknown key 'sed' in 'strategies.1' (did you mean "
               "'seed'?)"));
}

TEST_F(Config, RepeatedKeyIsRefused) {
  EXPECT_EQ(error_for(kValid + "training:\n  epochs: 3\n  epochs: 4\n"),
            at(":6:3: duplicate key 'epochs' in 'training' (first at line "
               "5)"));
}

TEST_F(Config, WrongTypesNameKeyAndValue) {
  EXPECT_EQ(error_for(kValid + "training:\n  epochs: ten\n"),
            at(":5:11: 'training.epochs' must be a whole number, got "
               "'ten'"));
  EXPECT_EQ(error_for(kValid + "training: {learning_rate: fast}\n"),
            at(":4:27: 'training.learning_rate' must be a number, got "
               "'fast'"));
  EXPECT_EQ(error_for(kValid + "split: {stratify: maybe}\n"),
            at(":4:19: 'split.stratify' must be true or false, got 'maybe'"));
  EXPECT_EQ(error_for(kValid + "training: 5\n"),
            at(":4:11: 'training' must be a mapping of keys to values, got "
               "'5'"));
  EXPECT_EQ(error_for("data: {path: fish.csv, drop_columns: id}\n"
                      "strategies: [none]\n"),
            at(":1:38: 'data.drop_columns' must be a list, got 'id'"));
  EXPECT_EQ(error_for("data: {path: [a]}\nstrategies: [none]\n"),
            at(":1:14: 'data.path' must be text, got a list"));
}

TEST_F(Config, TrainingValuesOutOfRange) {
  EXPECT_EQ(error_for(kValid + "training: {epochs: 0}\n"),
            at(":4:20: 'training.epochs' must be at least 1, got '0'"));
  EXPECT_EQ(error_for(kValid + "training: {batch_size: -3}\n"),
            at(":4:24: 'training.batch_size' must be at least 1, got '-3'"));
  EXPECT_EQ(error_for(kValid + "training: {learning_rate: 0}\n"),
            at(":4:27: 'training.learning_rate' must be > 0, got '0'"));
  EXPECT_EQ(error_for(kValid + "training: {learning_rate: inf}\n"),
            at(":4:27: 'training.learning_rate' must be a finite number, "
               "got 'inf'"));
  EXPECT_EQ(error_for(kValid + "training: {seed: 1.5}\n"),
            at(":4:18: 'training.seed' must be a whole number, got '1.5'"));
}

TEST_F(Config, ModelHiddenMustListPositiveWidths) {
  EXPECT_EQ(error_for(kValid + "model: {hidden: []}\n"),
            at(":4:17: 'model.hidden' must list the width of each hidden "
               "layer, e.g. [16, 8]; got a list"));
  EXPECT_EQ(error_for(kValid + "model: {hidden: [16, 0]}\n"),
            at(":4:22: 'model.hidden.1' must be at least 1, got '0'"));
}

TEST_F(Config, SplitFractionMustLieStrictlyBetweenZeroAndOne) {
  EXPECT_EQ(error_for(kValid + "split: {test_fraction: 1}\n"),
            at(":4:24: 'split.test_fraction' must be between 0 and 1 (both "
               "excluded), got '1'"));
  EXPECT_EQ(error_for(kValid + "split: {test_fraction: 0}\n"),
            at(":4:24: 'split.test_fraction' must be between 0 and 1 (both "
               "excluded), got '0'"));
}

TEST_F(Config, EvaluationChoicesAndCounts) {
  EXPECT_EQ(error_for(kValid + "evaluation: {mode: kfold}\n"),
            at(":4:20: 'evaluation.mode' must be one of holdout, cv; got "
               "'kfold'"));
  EXPECT_EQ(error_for(kValid + "evaluation: {folds: 1}\n"),
            at(":4:21: 'evaluation.folds' must be at least 2, got '1'"));
  EXPECT_EQ(error_for(kValid + "evaluation: {repeats: 0}\n"),
            at(":4:23: 'evaluation.repeats' must be at least 1, got '0'"));
  // The valid names are the metrics module's; the message lists them all.
  std::string names;
  for (const auto& n : shoal::metric_names()) {
    names += (names.empty() ? "" : ", ") + n;
  }
  EXPECT_EQ(error_for(kValid + "evaluation: {primary_metric: f1}\n"),
            at(":4:30: 'evaluation.primary_metric' must be one of " + names +
               "; got 'f1'"));
  EXPECT_EQ(error_for(kValid + "evaluation: {primary_metric: roc_acu}\n"),
            at(":4:30: 'evaluation.primary_metric' must be one of " + names +
               "; got 'roc_acu' (did you mean 'roc_auc'?)"));
}

TEST_F(Config, ThresholdMetricMustDependOnTheThreshold) {
  // Every metric but the two ranking ones, which ignore the threshold.
  std::string names;
  for (const auto& n : shoal::metric_names()) {
    if (n == "roc_auc" || n == "pr_auc") continue;
    names += (names.empty() ? "" : ", ") + n;
  }
  EXPECT_EQ(error_for(kValid + "threshold: {metric: roc_auc}\n"),
            at(":4:21: 'threshold.metric' must be one of " + names +
               "; got 'roc_auc'"));
  EXPECT_EQ(
      load(kValid + "threshold: {metric: minority_f1}\n").threshold.metric,
      "minority_f1");
}

TEST_F(Config, ThresholdChoicesAndRanges) {
  EXPECT_EQ(error_for(kValid + "threshold: {mode: maximize}\n"),
            at(":4:19: 'threshold.mode' must be one of fixed, maximise, "
               "recall; got 'maximize' (did you mean 'maximise'?)"));
  EXPECT_EQ(error_for(kValid + "threshold: {target_recall: 0}\n"),
            at(":4:28: 'threshold.target_recall' must be > 0 and <= 1, got "
               "'0'"));
  EXPECT_EQ(error_for(kValid + "threshold: {target_recall: 1.2}\n"),
            at(":4:28: 'threshold.target_recall' must be > 0 and <= 1, got "
               "'1.2'"));
  EXPECT_EQ(error_for(kValid + "threshold: {value: -0.1}\n"),
            at(":4:20: 'threshold.value' must be >= 0 and <= 1, got "
               "'-0.1'"));
}

TEST_F(Config, StrategiesMustBeANonEmptyListOfUniqueNames) {
  EXPECT_EQ(error_for("data: {path: fish.csv}\nstrategies: []\n"),
            at(":2:13: 'strategies' is empty; list at least one strategy, "
               "e.g. '- none'"));
  EXPECT_EQ(error_for("data: {path: fish.csv}\nstrategies: none\n"),
            at(":2:13: 'strategies' must be a list, got 'none'"));
  EXPECT_EQ(error_for("data: {path: fish.csv}\nstrategies:\n  - smote\n"
                      "  - plugin: smote\n    params: {k_neighbors: 3}\n"),
            at(":4:13: duplicate strategy name 'smote' (also strategies.0); "
               "give one of them a different 'name'"));
  EXPECT_EQ(error_for("data: {path: fish.csv}\nstrategies:\n"
                      "  - {name: a}\n"),
            at(":3:5: 'strategies.0' has no 'plugin': name the plugin to "
               "load"));
  EXPECT_EQ(error_for("data: {path: fish.csv}\nstrategies:\n"
                      "  - {plugin: smote, name: ../x}\n"),
            at(":3:27: strategy name '../x' may hold only letters, digits, "
               "'_', '-', '.' and '+' and must not start with '.'"));
  EXPECT_EQ(error_for("data: {path: fish.csv}\nstrategies:\n"
                      "  - {plugin: smote, params: [3]}\n"),
            at(":3:29: 'strategies.0.params' must be a mapping of parameter "
               "names to values, got a list"));
}

TEST_F(Config, OverrideOfUnknownKeyNamesTheOverride) {
  EXPECT_EQ(error_for(kValid, {"training.epocs=5"}),
            at(": --set training.epocs=5: unknown key 'epocs' in 'training' "
               "(did you mean 'epochs'?)"));
  EXPECT_EQ(error_for(kValid, {"optimiser.kind=adam"}),
            at(": --set optimiser.kind=adam: unknown key 'optimiser' at the "
               "top level; the keys are: data, split, model, training, "
               "evaluation, threshold, plugins, strategies"));
}

TEST_F(Config, BadOverrideValueNamesTheOverride) {
  EXPECT_EQ(
      error_for(kValid + "training: {epochs: 5}\n", {"training.epochs=0"}),
      at(": --set training.epochs=0: 'training.epochs' must be at "
         "least 1, got '0'"));
  EXPECT_EQ(error_for(kValid, {"model.hidden=[32, x]"}),
            at(": --set model.hidden=[32, x]: 'model.hidden.1' must be a "
               "whole number, got 'x'"));
}

TEST_F(Config, MalformedOverrides) {
  EXPECT_EQ(error_for(kValid, {"epochs"}),
            at(": --set epochs: expected key=value, e.g. "
               "training.epochs=50"));
  EXPECT_EQ(error_for(kValid, {"=5"}),
            at(": --set =5: expected key=value, e.g. training.epochs=50"));
  EXPECT_EQ(error_for(kValid, {"training..epochs=5"}),
            at(": --set training..epochs=5: the key has an empty part"));
  EXPECT_EQ(error_for(kValid, {"model.hidden=[32,"}),
            at(": --set model.hidden=[32,: the value is not valid YAML: end "
               "of sequence flow not found"));
  EXPECT_EQ(error_for(kValid, {"strategies.0.seed=3"}),
            at(": --set strategies.0.seed=3: 'strategies.0' holds 'none', "
               "not a mapping, so it has no key 'seed'"));
  EXPECT_EQ(error_for(kValid, {"strategies.4.seed=3"}),
            at(": --set strategies.4.seed=3: 'strategies' is a list of 1; "
               "'4' is not one of its indices"));
}

}  // namespace
