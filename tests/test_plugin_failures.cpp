// Tests that `shoal run` and `shoal resample` survive broken plugins
// (tests/broken_plugins): a strategy whose plugin throws or returns an
// invalid training set fails on its own, with a message naming the plugin;
// `run` still writes the other strategies' results, and both exit 1.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_testing.hpp"

namespace shoal {
namespace {

namespace fs = std::filesystem;
using testing::run_shoal;
using testing::scratch_folder;
using testing::slurp;

/// 120 rows, 24 of them abnormal, so each training half has more than the
/// 6 minority rows the throwing fixtures need before they throw.
void write_fish_csv(const fs::path& file) {
  std::ofstream out(file);
  out << "id,speed,turn_rate,label\n";
  for (int i = 1; i <= 120; ++i) {
    bool abnormal = i % 5 == 0;
    out << i << ',' << std::sin(i * 1.7) + (abnormal ? 1.0 : 0.0) << ','
        << std::cos(i * 2.3) << ',' << (abnormal ? "abnormal" : "normal")
        << '\n';
  }
}

/// A config comparing `none` with the given fixture plugins, each under a
/// label of its own so that only the core can add the plugin's name.
fs::path write_config(const fs::path& dir,
                      const std::vector<std::string>& fixtures) {
  write_fish_csv(dir / "fish.csv");
  std::ofstream out(dir / "compare.yaml");
  out << "data:\n  path: fish.csv\n"
      << "training:\n  epochs: 2\n"
      << "plugins:\n  search_path: [" << SHOAL_BINARY_DIR << "/test_plugins]\n"
      << "strategies:\n  - none\n";
  for (const std::string& plugin : fixtures) {
    out << "  - plugin: " << plugin << "\n    name: broken_" << plugin << "\n";
  }
  return dir / "compare.yaml";
}

/// results.json's entry for the strategy labelled `name`.
nlohmann::json entry(const nlohmann::json& results, const std::string& name) {
  for (const auto& strategy : results.at("strategies")) {
    if (strategy.at("name") == name) return strategy;
  }
  ADD_FAILURE() << "no strategy '" << name << "' in results.json";
  return nlohmann::json::object();
}

class FailingPlugin : public ::testing::Test {
 protected:
  // One folder per test: ctest may run the tests of this file at once.
  fs::path dir_ = scratch_folder(
      std::string("plugin_failures_") +
      ::testing::UnitTest::GetInstance()->current_test_info()->name());
};

TEST_F(FailingPlugin, ThrowingPluginFailsItsRunAndTheOthersAreWritten) {
  fs::path config = write_config(dir_, {"throws_in_apply"});
  auto result = run_shoal("run \"" + config.string() + "\" --out \"" +
                          (dir_ / "out").string() + "\" --jobs 2");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("throws_in_apply"), std::string::npos)
      << result.err;

  auto results = nlohmann::json::parse(slurp(dir_ / "out" / "results.json"));
  nlohmann::json none = entry(results, "none");
  EXPECT_FALSE(none.contains("error"));
  EXPECT_TRUE(none.contains("metrics"));
  EXPECT_TRUE(fs::exists(dir_ / "out" / "models" / "none.json"));

  nlohmann::json broken = entry(results, "broken_throws_in_apply");
  ASSERT_TRUE(broken.contains("error"));
  std::string error = broken.at("error");
  EXPECT_NE(error.find("plugin 'throws_in_apply'"), std::string::npos) << error;
  EXPECT_NE(error.find("fixture: index 7"), std::string::npos) << error;
}

TEST_F(FailingPlugin, InvalidOutputsAreRefusedNamingThePlugin) {
  // Each fixture returns a training set the network cannot use; the core
  // checks every strategy's output before training on it.
  std::vector<std::string> fixtures = {"nan_features", "wrong_width_rows",
                                       "negative_weights", "renames_classes",
                                       "invalid_labels"};
  fs::path config = write_config(dir_, fixtures);
  auto result = run_shoal("run \"" + config.string() + "\" --out \"" +
                          (dir_ / "out").string() + "\"");
  EXPECT_EQ(result.exit_code, 1) << result.err;

  auto results = nlohmann::json::parse(slurp(dir_ / "out" / "results.json"));
  EXPECT_FALSE(entry(results, "none").contains("error"));
  for (const std::string& plugin : fixtures) {
    nlohmann::json broken = entry(results, "broken_" + plugin);
    ASSERT_TRUE(broken.contains("error")) << plugin;
    std::string error = broken.at("error");
    EXPECT_NE(error.find("plugin '" + plugin + "'"), std::string::npos)
        << error;
  }
}

TEST_F(FailingPlugin, NonStandardExceptionDoesNotEndTheProgram) {
  fs::path config = write_config(dir_, {"throws_non_standard"});
  auto result = run_shoal("run \"" + config.string() + "\" --out \"" +
                          (dir_ / "out").string() + "\"");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  auto results = nlohmann::json::parse(slurp(dir_ / "out" / "results.json"));
  nlohmann::json broken = entry(results, "broken_throws_non_standard");
  ASSERT_TRUE(broken.contains("error"));
  EXPECT_NE(broken.at("error").get<std::string>().find(
                "plugin 'throws_non_standard' threw an exception that is not "
                "a std::exception"),
            std::string::npos);
}

TEST_F(FailingPlugin, ResampleNamesThePluginAndWritesNothing) {
  // `shoal resample` goes through the same checks as `shoal run`.
  write_fish_csv(dir_ / "fish.csv");
  const std::string plugins = std::string(SHOAL_BINARY_DIR) + "/test_plugins/";
  const fs::path output = dir_ / "resampled.csv";
  for (const char* fixture : {"throws_in_apply", "throws_non_standard",
                              "nan_features", "renames_classes"}) {
    auto result = run_shoal("resample -s \"" + plugins + "shoal_" + fixture +
                            ".so\" \"" + (dir_ / "fish.csv").string() +
                            "\" -o \"" + output.string() + "\"");
    EXPECT_EQ(result.exit_code, 1) << fixture << ": " << result.err;
    EXPECT_NE(result.err.find(std::string("plugin '") + fixture + "'"),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(fs::exists(output)) << fixture;
  }
}

}  // namespace
}  // namespace shoal
