// `shoal plugins`: list the strategy plugins shoal can find.

#include <cstdio>
#include <iostream>

#include "command.hpp"
#include "shoal/plugin_loader.hpp"

namespace {

struct PluginsOptions {
  std::vector<std::string> folders;
  bool show_path = false;
};

int list(const PluginsOptions& options) {
  std::vector<std::filesystem::path> extra(options.folders.begin(),
                                           options.folders.end());
  auto path = shoal::plugin_search_path(extra);
  if (options.show_path) {
    std::printf("search path, first match wins:\n");
    for (const auto& folder : path) std::printf("  %s\n", folder.c_str());
    std::printf("\n");
  }
  auto files = shoal::list_plugins(path);
  if (files.empty()) {
    std::cerr << "shoal: no plugins found; searched:";
    for (const auto& folder : path) std::cerr << ' ' << folder.string();
    std::cerr << '\n';
    return shoal::cli::kExitFailure;
  }
  std::printf("%-22s %-9s %s\n", "name", "version", "summary");
  for (const auto& file : files) {
    try {
      shoal::LoadedPlugin plugin(file);
      shoal::check_file_name(plugin);
      const auto& info = plugin.info();
      std::printf("%-22s %-9s %s\n", info.name, info.version, info.summary);
    } catch (const std::exception& e) {
      std::printf("%-22s %-9s unusable: %s\n", file.filename().c_str(), "-",
                  e.what());
    }
  }
  return 0;
}

shoal::cli::Action setup(CLI::App& command) {
  auto options = std::make_shared<PluginsOptions>();
  command
      .add_option("--path", options->folders,
                  "also search this folder first (repeatable)")
      ->allow_extra_args(false);
  command.add_flag("--show-path", options->show_path,
                   "print the folders searched");
  command.footer(
      "Plugins are files named shoal_<name>.so. They are searched for in\n"
      "the --path folders (a config's plugins.search_path), then in each\n"
      "folder of SHOAL_PLUGIN_PATH (colon-separated), then next to the\n"
      "shoal program (build tree and install tree).\n\n"
      "Example:\n  shoal plugins --path ~/my-plugins --show-path");
  return [options] { return list(*options); };
}

}  // namespace

SHOAL_COMMAND(20, "plugins", "list the imbalance-strategy plugins found", setup)
