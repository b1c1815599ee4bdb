// Tests of plugin loading with real files: the shipped plugins in
// <build>/plugins and the broken fixtures in <build>/test_plugins
// (tests/broken_plugins). Messages are checked word for word where a user
// acts on them.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "plugin_files.hpp"
#include "shoal/error.hpp"
#include "shoal/params.hpp"
#include "shoal/plugin_loader.hpp"

namespace shoal {
namespace {

namespace fs = std::filesystem;

using testing::fixture_plugin;
using testing::shipped_plugin;

/// The message of the InputError that loading `file` throws, or "".
std::string load_error(const fs::path& file) {
  try {
    LoadedPlugin plugin(file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

/// Sets SHOAL_PLUGIN_PATH for one test and restores it afterwards.
class PluginPathVariable {
 public:
  explicit PluginPathVariable(const std::string& value) {
    if (const char* old = std::getenv("SHOAL_PLUGIN_PATH")) old_ = old;
    ::setenv("SHOAL_PLUGIN_PATH", value.c_str(), 1);
  }
  ~PluginPathVariable() { ::setenv("SHOAL_PLUGIN_PATH", old_.c_str(), 1); }

 private:
  std::string old_;
};

TEST(PluginLoader, LoadsAShippedPluginAndReadsItsInfo) {
  LoadedPlugin plugin(shipped_plugin("none"));
  EXPECT_EQ(plugin.api_version(), kStrategyApiVersion);
  EXPECT_STREQ(plugin.info().name, "none");
  EXPECT_FALSE(plugin.info().reduces_minority_share);
}

TEST(PluginLoader, PluginWhoseFileNameIsNotItsNameIsRefused) {
  // shoal_misnamed.so calls itself 'renamed_strategy'.
  LoadedPlugin misnamed(fixture_plugin("misnamed"));
  try {
    check_file_name(misnamed);
    ADD_FAILURE() << "a misnamed plugin passed";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              fixture_plugin("misnamed").string() +
                  " calls itself 'renamed_strategy', not 'misnamed': name the "
                  "file shoal_renamed_strategy.so, or build the plugin under "
                  "the name 'misnamed'");
  }
  EXPECT_NO_THROW(check_file_name(LoadedPlugin(shipped_plugin("smote"))));
}

TEST(PluginLoader, MissingFileIsNamed) {
  fs::path file = fixture_plugin("no_such_plugin");
  EXPECT_EQ(load_error(file), "plugin '" + file.string() + "': no such file");
}

TEST(PluginLoader, TextFileIsRefusedAsNotLoadable) {
  fs::path file = fixture_plugin("not_a_library");
  std::string message = load_error(file);
  std::string start = "plugin '" + file.string() + "' cannot be loaded: ";
  EXPECT_EQ(message.substr(0, start.size()), start) << message;
}

TEST(PluginLoader, LibraryWithoutEntryPointsIsNotAPlugin) {
  fs::path file = fixture_plugin("no_entry_points");
  EXPECT_EQ(load_error(file),
            "plugin '" + file.string() +
                "' is not a shoal strategy plugin: it does not export "
                "'shoal_strategy_api_version' (define the strategy with "
                "SHOAL_STRATEGY_PLUGIN)");
}

TEST(PluginLoader, OtherApiVersionIsRefusedWithBothVersions) {
  fs::path file = fixture_plugin("wrong_api_version");
  std::string ours = std::to_string(kStrategyApiVersion);
  std::string theirs = std::to_string(kStrategyApiVersion + 1);
  EXPECT_EQ(load_error(file),
            "plugin '" + file.string() + "' was built for plugin API version " +
                theirs + ", but this shoal uses version " + ours +
                "; rebuild the plugin against this shoal");
}

TEST(PluginLoader, PluginWithoutInfoIsRefused) {
  fs::path file = fixture_plugin("null_info");
  EXPECT_EQ(load_error(file),
            "plugin '" + file.string() +
                "' returned no strategy info, or info without a name, "
                "summary or version");
}

TEST(PluginLoader, UnknownParameterIsAParamErrorNamingIt) {
  LoadedPlugin plugin(shipped_plugin("none"));
  try {
    plugin.create({{"k_neigbors", 3}});
    FAIL() << "the unknown parameter was accepted";
  } catch (const ParamError& e) {
    EXPECT_EQ(e.key(), "k_neigbors");
    EXPECT_EQ(std::string(e.what()),
              "strategy 'none': parameter 'k_neigbors' is not a parameter "
              "of this strategy; it takes no parameters");
  }
}

TEST(PluginLoader, ConstructorFailureNamesThePlugin) {
  LoadedPlugin plugin(fixture_plugin("throws_in_constructor"));
  try {
    plugin.create(nlohmann::json::object());
    FAIL() << "no error";
  } catch (const RunError& e) {
    EXPECT_EQ(std::string(e.what()),
              "plugin 'throws_in_constructor' could not create its "
              "strategy: fixture: this strategy is never created");
  }
}

TEST(PluginLoader, ConstructorThrowingANonExceptionBecomesARunError) {
  LoadedPlugin plugin(fixture_plugin("throws_int_in_constructor"));
  try {
    plugin.create(nlohmann::json::object());
    FAIL() << "no error";
  } catch (const RunError& e) {
    EXPECT_EQ(std::string(e.what()),
              "plugin 'throws_int_in_constructor' threw an exception that is "
              "not a std::exception while creating its strategy");
  }
}

TEST(PluginLoader, StrategyOutlivesItsLoadedPlugin) {
  // The strategy holds the library: its code must stay mapped after the
  // LoadedPlugin that made it is gone.
  std::shared_ptr<const Strategy> strategy;
  {
    LoadedPlugin plugin(shipped_plugin("none"));
    strategy = plugin.create(nlohmann::json::object());
  }
  Dataset data;
  data.feature_names = {"speed"};
  data.class_names = {"abnormal", "normal"};
  double x = 0.5;
  data.add_row(&x, 1);
  EXPECT_EQ(strategy->apply(data, 1).rows(), 1u);
}

TEST(PluginSearch, MissingNameListsTheAvailablePluginsAndSuggestsOne) {
  std::vector<fs::path> path = {SHOAL_PLUGIN_DIR};
  try {
    find_plugin("nome", path);
    FAIL() << "no error for a missing plugin";
  } catch (const InputError& e) {
    std::string message = e.what();
    EXPECT_EQ(message.rfind("no strategy plugin named 'nome' (did you mean "
                            "'none'?); available:",
                            0),
              0u)
        << message;
    EXPECT_NE(message.find(" class_weight"), std::string::npos) << message;
    EXPECT_NE(message.find("; searched: " + path[0].string()),
              std::string::npos)
        << message;
  }
}

TEST(PluginSearch, NameWithASlashOrSoSuffixIsAPath) {
  EXPECT_EQ(find_plugin("./shoal_x.so", {}), fs::path("./shoal_x.so"));
  EXPECT_EQ(find_plugin("custom.so", {}), fs::path("custom.so"));
}

TEST(PluginSearch, FirstFolderWithTheNameWins) {
  std::vector<fs::path> path = {fs::path(SHOAL_BINARY_DIR) / "test_plugins",
                                SHOAL_PLUGIN_DIR};
  EXPECT_EQ(find_plugin("none", path), shipped_plugin("none"));
  EXPECT_EQ(find_plugin("misnamed", path), fixture_plugin("misnamed"));
}

TEST(PluginSearch, ConfigFoldersComeFirstThenTheEnvironment) {
  PluginPathVariable variable("/opt/a::/opt/b");
  auto path = plugin_search_path({"/from/config"});
  ASSERT_GE(path.size(), 3u);
  EXPECT_EQ(path[0], fs::path("/from/config"));
  EXPECT_EQ(path[1], fs::path("/opt/a"));  // the empty entry is skipped
  EXPECT_EQ(path[2], fs::path("/opt/b"));
}

TEST(PluginSearch, EndsWithTheFolderBesideTheLibrary) {
  // An installed libshoal finds the plugins in <libdir>/shoal/plugins,
  // whatever program loaded it; here libshoal is in <build>/lib.
  PluginPathVariable variable("");
  auto path = plugin_search_path();
  fs::path beside_library =
      (fs::path(SHOAL_BINARY_DIR) / "lib" / "shoal" / "plugins")
          .lexically_normal();
  ASSERT_FALSE(path.empty());
  EXPECT_EQ(path.back(), beside_library);
}

TEST(PluginSearch, FolderListedTwiceIsKeptOnce) {
  PluginPathVariable variable("/opt/a:/opt/a");
  auto path = plugin_search_path({"/opt/a"});
  EXPECT_EQ(std::count(path.begin(), path.end(), fs::path("/opt/a")), 1);
}

TEST(PluginSearch, ListingSkipsFilesThatAreNotPluginNames) {
  auto files = list_plugins({SHOAL_PLUGIN_DIR});
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) {
    std::string base = file.filename().string();
    EXPECT_EQ(base.rfind("shoal_", 0), 0u) << base;
    EXPECT_EQ(file.extension(), ".so") << base;
  }
}

}  // namespace
}  // namespace shoal
