// Repeated evaluation through the real `shoal` program: cross-validation
// runs pair up across strategies, the strategy never touches validation or
// test rows, threshold tuning reaches its target on the inner split, the
// results do not depend on --jobs, and merging shards gives the unsharded
// files byte for byte.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `shoal <arguments>` through the shell, capturing both streams.
Outcome shoal(const std::string& arguments, const fs::path& scratch) {
  std::string command = std::string("\"") + SHOAL_EXE + "\" " + arguments +
                        " >\"" + (scratch / "stdout").string() + "\" 2>\"" +
                        (scratch / "stderr").string() + "\" </dev/null";
  int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1,
          slurp(scratch / "stdout"), slurp(scratch / "stderr")};
}

/// 150 rows, 24 of them abnormal, two features that separate the classes
/// with some overlap; fixed pseudo-random noise, so the file never changes.
void write_data(const fs::path& file) {
  std::ofstream out(file);
  out << "id,label,speed,turn\n";
  std::uint32_t state = 12345;
  auto noise = [&] {
    state = state * 1664525u + 1013904223u;
    return static_cast<double>(state >> 8) / 16777216.0 - 0.5;
  };
  for (int i = 0; i < 150; ++i) {
    bool abnormal = i % 25 < 4;
    double centre = abnormal ? 1.0 : -0.3;
    out << "r" << i << ',' << (abnormal ? "abnormal" : "normal") << ','
        << centre + 1.6 * noise() << ',' << centre + 1.6 * noise() << '\n';
  }
}

/// A scratch folder with the data and a 3-fold x 2-repeat CV config.
fs::path experiment_folder(const std::string& name,
                           const std::string& extra = "") {
  fs::path dir = fs::temp_directory_path() / ("shoal_evaluation_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_data(dir / "fish.csv");
  std::ofstream(dir / "cv.yaml")
      << "data:\n  path: fish.csv\n"
      << "training:\n  epochs: 8\n  seed: 3\n"
      << "evaluation:\n  mode: cv\n  folds: 3\n  repeats: 2\n"
      << "strategies:\n  - plugin: none\n  - plugin: class_weight\n"
      << "  - plugin: smote\n    params: {k_neighbors: 3}\n    seed: 5\n"
      << "plugins:\n  search_path: [\"" << SHOAL_PLUGIN_DIR << "\"]\n"
      << extra;
  return dir;
}

Outcome run_cv(const fs::path& dir, const std::string& out,
               const std::string& options = "") {
  return shoal("run \"" + (dir / "cv.yaml").string() + "\" --out \"" +
                   (dir / out).string() + "\" " + options,
               dir);
}

nlohmann::json results(const fs::path& out) {
  return nlohmann::json::parse(slurp(out / "results.json"));
}

const char* const kOutputs[] = {"results.json",     "runs.csv",
                                "history.csv",      "report.html",
                                "models/none.json", "models/smote.json"};

TEST(Evaluation, CrossValidationPrintsTestsAndConclusion) {
  fs::path dir = experiment_folder("print");
  Outcome r = run_cv(dir, "out", "--jobs 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3-fold stratified cross-validation x 2 repeats"),
            std::string::npos);
  EXPECT_NE(r.out.find("paired tests on balanced_accuracy"), std::string::npos);
  EXPECT_NE(r.out.find("conclusion: Best on balanced_accuracy: "),
            std::string::npos)
      << r.out;
  // 3 strategies x 2 repeats x 3 folds: a header and 18 rows.
  std::string csv = slurp(dir / "out" / "runs.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 19);
  auto j = results(dir / "out");
  EXPECT_EQ(j["comparison"]["pairs"].size(), 3u);
  EXPECT_EQ(j["comparison"]["strategies"][0]["runs"], 6);
  EXPECT_EQ(j["evaluation"]["folds"], 3);
  // Not a terminal: no progress line.
  EXPECT_EQ(r.err.find("runs, "), std::string::npos) << r.err;
}

TEST(Evaluation, StrategyNeverSeesTestRows) {
  fs::path dir = experiment_folder("leak");
  ASSERT_EQ(run_cv(dir, "out").exit_code, 0);
  auto j = results(dir / "out");
  for (const auto& strategy : j["strategies"]) {
    std::map<int, std::size_t> tested_abnormal;
    for (const auto& run : strategy["runs"]) {
      // Training rows before the strategy and test rows split the data.
      const auto& test = run["confusion"]["counts"];
      std::size_t test_abnormal =
          test[0][0].get<std::size_t>() + test[0][1].get<std::size_t>();
      std::size_t test_normal =
          test[1][0].get<std::size_t>() + test[1][1].get<std::size_t>();
      EXPECT_EQ(
          run["counts_before"]["abnormal"].get<std::size_t>() + test_abnormal,
          24u);
      EXPECT_EQ(run["counts_before"]["normal"].get<std::size_t>() + test_normal,
                126u);
      // Stratified: 24 / 3 = 8 abnormal rows in every test fold.
      EXPECT_EQ(test_abnormal, 8u);
      tested_abnormal[run["repeat"].get<int>()] += test_abnormal;
    }
    for (const auto& [repeat, n] : tested_abnormal) EXPECT_EQ(n, 24u);
  }
  // SMOTE grew only its training rows: 16 abnormal became 84.
  const auto& smote = j["strategies"][2]["runs"][0];
  EXPECT_EQ(smote["counts_after"]["abnormal"], 84);
}

TEST(Evaluation, ResultsDoNotDependOnJobs) {
  fs::path dir = experiment_folder("jobs");
  ASSERT_EQ(run_cv(dir, "one", "--jobs 1").exit_code, 0);
  ASSERT_EQ(run_cv(dir, "three", "--jobs 3").exit_code, 0);
  for (const char* file : kOutputs) {
    EXPECT_EQ(slurp(dir / "one" / file), slurp(dir / "three" / file)) << file;
  }
}

TEST(Evaluation, MergedShardsEqualOneRunByteForByte) {
  fs::path dir = experiment_folder("shards");
  Outcome whole = run_cv(dir, "whole", "--jobs 2");
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  for (int i = 1; i <= 3; ++i) {
    std::string shard = "--shard " + std::to_string(i) + "/3";
    Outcome r = run_cv(dir, "s" + std::to_string(i), shard + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(dir / ("s" + std::to_string(i)) / "partial.json"));
    EXPECT_FALSE(fs::exists(dir / ("s" + std::to_string(i)) / "report.html"));
  }
  auto folder = [&](const char* name) {
    return " \"" + (dir / name).string() + "\"";
  };
  Outcome merged = shoal("merge" + folder("s3") + folder("s1") + folder("s2") +
                             " -o" + folder("merged"),
                         dir);
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(merged.out, whole.out);
  for (const char* file : kOutputs) {
    EXPECT_EQ(slurp(dir / "whole" / file), slurp(dir / "merged" / file))
        << file;
  }
}

TEST(Evaluation, MergeNamesTheMissingShard) {
  fs::path dir = experiment_folder("missing");
  ASSERT_EQ(run_cv(dir, "s1", "--shard 1/2").exit_code, 0);
  Outcome r = shoal("merge \"" + (dir / "s1").string() + "\" -o \"" +
                        (dir / "merged").string() + "\"",
                    dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is a shard missing?"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "merged" / "results.json"));
}

TEST(Evaluation, MergeRefusesShardsOfDataThatChanged) {
  // Same file, same row count, one label flipped: the shards were trained
  // on other data than the merge would score them against.
  fs::path dir = experiment_folder("changed_data");
  ASSERT_EQ(run_cv(dir, "s1", "--shard 1/2").exit_code, 0);
  ASSERT_EQ(run_cv(dir, "s2", "--shard 2/2").exit_code, 0);
  std::string data = slurp(dir / "fish.csv");
  auto at = data.find(",normal,");
  ASSERT_NE(at, std::string::npos);
  data.replace(at, 8, ",abnormal,");
  std::ofstream(dir / "fish.csv", std::ios::binary) << data;
  Outcome r = shoal("merge \"" + (dir / "s1").string() + "\" \"" +
                        (dir / "s2").string() + "\" -o \"" +
                        (dir / "merged").string() + "\"",
                    dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("the data changed since the shards ran"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "merged" / "results.json"));
}

TEST(Evaluation, BadShardIsBadInput) {
  fs::path dir = experiment_folder("bad_shard");
  Outcome r = run_cv(dir, "out", "--shard 4/3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--shard"), std::string::npos) << r.err;
}

TEST(Evaluation, TunedThresholdReachesRecallOnTheInnerSplit) {
  fs::path dir =
      experiment_folder("threshold",
                        "threshold:\n  mode: recall\n  target_recall: 0.9\n"
                        "  validation_fraction: 0.25\n");
  ASSERT_EQ(run_cv(dir, "out").exit_code, 0);
  auto j = results(dir / "out");
  for (const auto& strategy : j["strategies"]) {
    for (const auto& run : strategy["runs"]) {
      // 100 training rows (16 abnormal) less a stratified quarter: 4
      // abnormal and 21 normal rows held back, never seen by the strategy.
      EXPECT_EQ(run["validation_rows"], 25);
      EXPECT_EQ(run["counts_before"]["abnormal"], 12);
      EXPECT_NE(run["threshold"].get<double>(), 0.5);
      // 4 abnormal validation rows: recall 0.9 needs all four found.
      EXPECT_EQ(run["validation_recall"].get<double>(), 1.0);
      EXPECT_GT(run["validation_specificity"].get<double>(), 0.0);
    }
  }
  // The saved model carries the tuned threshold of its run.
  auto model = nlohmann::json::parse(slurp(dir / "out/models/smote.json"));
  EXPECT_EQ(model["threshold"], j["strategies"][2]["runs"][0]["threshold"]);
}

}  // namespace
