// The `shoal` command line end to end: run, predict, resample, plugins, and
// how it answers bad input. These run the real program on real files.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_testing.hpp"

namespace {

namespace fs = std::filesystem;
using shoal::testing::run_shoal;
using shoal::testing::scratch_folder;
using shoal::testing::slurp;
using shoal::testing::source_file;

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// One fish_compare run shared by the tests that only read its outputs.
const fs::path& compare_output() {
  static const fs::path dir = [] {
    auto out = scratch_folder("cli_compare");
    auto r = run_shoal("run " + source_file("configs/fish_compare.yaml") +
                       " --jobs 2 --out \"" + out.string() + "\"");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    slurp(out / "results.json");
    fs::path log = out / "stdout.txt";
    std::ofstream(log) << r.out;
    return out;
  }();
  return dir;
}

TEST(Cli, HelpListsEveryCommand) {
  auto r = run_shoal("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* command : {"run", "plugins", "resample", "predict"}) {
    EXPECT_NE(r.out.find(command), std::string::npos) << command;
    auto sub = run_shoal(std::string(command) + " --help");
    EXPECT_EQ(sub.exit_code, 0) << command;
    EXPECT_NE(sub.out.find("Example"), std::string::npos) << command;
  }
}

TEST(Cli, NoCommandIsAUsageError) {
  auto r = run_shoal("");
  EXPECT_EQ(r.exit_code, 2);
  auto unknown = run_shoal("trian x.yaml");
  EXPECT_EQ(unknown.exit_code, 2);
}

TEST(Cli, FishComparePrintsEveryStrategyAndItsConfusionMatrix) {
  std::string printed = slurp(compare_output() / "stdout.txt");
  for (const char* name :
       {"none", "class_weight", "smote", "random_oversampling"}) {
    EXPECT_NE(printed.find(std::string(name) + ": confusion matrix"),
              std::string::npos)
        << name;
  }
  EXPECT_NE(printed.find("bal.acc"), std::string::npos);
}

TEST(Cli, FishCompareWritesResultsHistoryAndModels) {
  const fs::path& out = compare_output();
  auto results = nlohmann::json::parse(slurp(out / "results.json"));
  ASSERT_EQ(results["strategies"].size(), 4u);
  for (const auto& s : results["strategies"]) {
    const auto& m = s["metrics"];
    for (const char* key : {"accuracy", "balanced_accuracy"}) {
      EXPECT_TRUE(m[key].is_number()) << s["name"] << " " << key;
    }
    for (const char* key : {"recall", "precision"}) {
      EXPECT_TRUE(m[key]["abnormal"].is_number()) << s["name"] << " " << key;
      EXPECT_TRUE(m[key]["normal"].is_number()) << s["name"] << " " << key;
    }
    EXPECT_EQ(s["confusion"]["counts"].size(), 2u);
    EXPECT_TRUE(s["rows_before"].is_number());
    EXPECT_TRUE(s["rows_after"].is_number());
    EXPECT_TRUE(
        fs::exists(out / "models" / (s["name"].get<std::string>() + ".json")));
  }
  // SMOTE with sampling_strategy minority balances the training set.
  const auto& smote = results["strategies"][2];
  EXPECT_EQ(smote["counts_after"]["abnormal"], smote["counts_after"]["normal"]);
  // 4 strategies x 100 epochs, plus the header.
  EXPECT_EQ(count_lines(slurp(out / "history.csv")), 401u);
}

TEST(Cli, ResultsDoNotDependOnTheNumberOfJobs) {
  auto out = scratch_folder("cli_jobs1");
  auto r = run_shoal("run " + source_file("configs/fish_compare.yaml") +
                     " --jobs 1 --out \"" + out.string() + "\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(slurp(out / "results.json"),
            slurp(compare_output() / "results.json"));
}

TEST(Cli, PredictAgreesWithTheModelsTestMetrics) {
  const fs::path& out = compare_output();
  auto scratch = scratch_folder("cli_predict");
  auto predictions = scratch / "predictions.csv";
  auto r = run_shoal("predict \"" + (out / "models" / "smote.json").string() +
                     "\" " + source_file("data/fish_sim_features.csv") +
                     " -o \"" + predictions.string() + "\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = slurp(predictions);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "id,label,predicted,abnormal_score");
  std::string data =
      slurp(std::string(SHOAL_SOURCE_DIR) + "/data/fish_sim_features.csv");
  EXPECT_EQ(count_lines(text), count_lines(data));
}

TEST(Cli, ResampleWritesTheStrategysRowsWithWeights) {
  auto scratch = scratch_folder("cli_resample");
  auto file = scratch / "weighted.csv";
  auto r = run_shoal("resample --strategy class_weight " +
                     source_file("data/fish_sim_features.csv") + " -o \"" +
                     file.string() + "\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = slurp(file);
  std::string header = text.substr(0, text.find('\n'));
  EXPECT_EQ(header.substr(header.size() - 13), ",label,weight");
}

TEST(Cli, PluginsListsTheFourShippedStrategies) {
  auto r = run_shoal("plugins");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name :
       {"none", "class_weight", "smote", "random_oversampling"}) {
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  }
}

TEST(Cli, MissingPluginListsTheAvailableOnes) {
  auto scratch = scratch_folder("cli_missing_plugin");
  auto config = scratch / "c.yaml";
  std::ofstream(config) << "data:\n  path: " << SHOAL_SOURCE_DIR
                        << "/data/fish_sim_features.csv\n"
                        << "strategies:\n  - smoot\n";
  auto r = run_shoal("run \"" + config.string() + "\" --out \"" +
                     (scratch / "out").string() + "\"");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no strategy plugin named 'smoot' (did you mean "
                       "'smote'?)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("class_weight"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch / "out" / "results.json"));
}

TEST(Cli, ConfigErrorNamesFileLineAndKey) {
  auto scratch = scratch_folder("cli_bad_config");
  auto config = scratch / "c.yaml";
  std::ofstream(config) << "data:\n  path: x.csv\ntraining:\n"
                        << "  learnng_rate: 0.1\nstrategies: [none]\n";
  auto r = run_shoal("run \"" + config.string() + "\"");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(config.string() + ":4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'learning_rate'"), std::string::npos)
      << r.err;
}

TEST(Cli, BadParameterOnTheCommandLineIsNamed) {
  auto scratch = scratch_folder("cli_bad_param");
  auto r = run_shoal("resample -s smote -p k_neighbours=3 " +
                     source_file("data/fish_sim_features.csv") + " -o \"" +
                     (scratch / "x.csv").string() + "\"");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("parameter 'k_neighbours'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch / "x.csv"));
}

TEST(Cli, FailedPredictionLeavesNoOutputFile) {
  auto scratch = scratch_folder("cli_bad_predict");
  auto input = scratch / "rows.csv";
  std::ofstream(input) << "f.meanSpeed\n1.0\n";
  auto output = scratch / "out.csv";
  auto r = run_shoal(
      "predict \"" + (compare_output() / "models" / "none.json").string() +
      "\" \"" + input.string() + "\" -o \"" + output.string() + "\"");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no column 'f.sdSpeed'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(output));

  auto not_model =
      run_shoal("predict \"" + input.string() + "\" \"" + input.string() +
                "\" -o \"" + output.string() + "\"");
  EXPECT_EQ(not_model.exit_code, 2);
  EXPECT_NE(not_model.err.find("not a shoal model"), std::string::npos)
      << not_model.err;
  EXPECT_FALSE(fs::exists(output));
}

}  // namespace
