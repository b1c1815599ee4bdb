#pragma once
/// Finding and loading strategy plugins (shared libraries) with Boost.DLL.

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shoal/strategy.hpp"

namespace shoal {

/// A loaded plugin library. Strategies it creates keep the library loaded
/// (they hold a reference), so they stay valid after the LoadedPlugin is
/// gone.
class LoadedPlugin {
 public:
  /// Loads `file`; throws InputError when it is not a shared library, has
  /// no shoal entry points, or was built for another API version.
  explicit LoadedPlugin(const std::filesystem::path& file);
  ~LoadedPlugin();

  const StrategyInfo& info() const { return *info_; }
  int api_version() const { return api_version_; }
  const std::filesystem::path& file() const { return file_; }

  /// A configured strategy; ParamError for bad parameters.
  std::shared_ptr<const Strategy> create(const nlohmann::json& params) const;

 private:
  struct Library;
  std::shared_ptr<Library> library_;
  std::filesystem::path file_;
  const StrategyInfo* info_ = nullptr;
  int api_version_ = 0;
};

/// Throws InputError when `plugin` comes from a file named shoal_<x>.so
/// but calls itself something other than x: a renamed copy would
/// otherwise be listed, run and reported under a name that is not its own.
void check_file_name(const LoadedPlugin& plugin);

/// Runs `strategy`, made by plugin `plugin`, on `train` and checks what it
/// hands back: the same feature and class names, valid labels, finite
/// features, finite positive weights, at least one row. Errors name the
/// plugin: an InputError stays an InputError, anything else it throws
/// (a std::exception or not) becomes a RunError, converted here while the
/// plugin that defined the exception's type is still loaded.
Dataset apply_strategy(const Strategy& strategy, const std::string& plugin,
                       const Dataset& train, std::uint64_t seed);

/// Where plugins are looked for, in order: `extra` folders (from the
/// config), then each folder of SHOAL_PLUGIN_PATH (colon-separated), then
/// the build and install folders next to the running program
/// (<bin>/../plugins, <bin>/../lib/shoal/plugins), then the install folder
/// next to libshoal (<libdir>/shoal/plugins). A folder listed twice is
/// kept at its first place.
std::vector<std::filesystem::path> plugin_search_path(
    const std::vector<std::filesystem::path>& extra = {});

/// The file for plugin `name` (shoal_<name>.so) on `path`; a `name` that
/// contains a slash or ends in .so is taken as a file path. Throws
/// InputError listing the plugins available when none matches.
std::filesystem::path find_plugin(
    const std::string& name, const std::vector<std::filesystem::path>& path);

/// Every plugin file on `path`, first one of each name wins.
std::vector<std::filesystem::path> list_plugins(
    const std::vector<std::filesystem::path>& path);

}  // namespace shoal
