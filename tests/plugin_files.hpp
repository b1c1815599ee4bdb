#pragma once
// Where the tests find plugin files: the shipped strategies in the build's
// plugin folder, the broken fixtures (tests/broken_plugins) in test_plugins.

#include <filesystem>
#include <string>

namespace shoal::testing {

/// The built file of shipped strategy `name`.
inline std::filesystem::path shipped_plugin(const std::string& name) {
  return std::filesystem::path(SHOAL_PLUGIN_DIR) / ("shoal_" + name + ".so");
}

/// The built file of broken fixture plugin `name`.
inline std::filesystem::path fixture_plugin(const std::string& name) {
  return std::filesystem::path(SHOAL_BINARY_DIR) / "test_plugins" /
         ("shoal_" + name + ".so");
}

}  // namespace shoal::testing
