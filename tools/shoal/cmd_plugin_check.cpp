// `shoal plugin-check`: run the conformance battery on one strategy plugin
// and print each check with its outcome.

#include <cstdio>
#include <sstream>

#include "command.hpp"
#include "shoal/conformance.hpp"
#include "shoal/error.hpp"
#include "shoal/params.hpp"
#include "shoal/plugin_loader.hpp"

namespace {

struct PluginCheckOptions {
  std::string plugin;
  std::vector<std::string> params;
  std::vector<std::string> plugin_folders;
  std::size_t rows = 100000;
  double timeout = 300;
  bool in_process = false;
};

const char* status_word(shoal::CheckStatus status) {
  switch (status) {
    case shoal::CheckStatus::passed:
      return "pass";
    case shoal::CheckStatus::failed:
      return "FAIL";
    case shoal::CheckStatus::skipped:
      return "skip";
  }
  return "?";
}

/// Prints `text` word-wrapped to 80 columns, each line indented.
void print_wrapped(const std::string& text, std::size_t indent) {
  const std::size_t width = 80 - indent;
  std::istringstream words(text);
  std::string word, line;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      std::printf("%*s%s\n", static_cast<int>(indent), "", line.c_str());
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) {
    std::printf("%*s%s\n", static_cast<int>(indent), "", line.c_str());
  }
}

void print_report(const shoal::ConformanceReport& report) {
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& check : report.checks) {
    ++counts[static_cast<int>(check.status)];
    std::printf("%s  %s\n", status_word(check.status), check.name.c_str());
    print_wrapped(check.detail, 6);
  }
  std::printf("\n%zu checks: %zu passed, %zu failed, %zu skipped\n",
              report.checks.size(), counts[0], counts[1], counts[2]);
}

int plugin_check(const PluginCheckOptions& options) {
  shoal::ConformanceOptions settings;
  for (const auto& assignment : options.params) {
    shoal::parse_param_assignment(assignment, settings.params);
  }
  settings.runtime_rows = options.rows;
  settings.timeout_seconds = options.timeout;
  settings.isolate = !options.in_process;

  std::vector<std::filesystem::path> extra(options.plugin_folders.begin(),
                                           options.plugin_folders.end());
  auto file =
      shoal::find_plugin(options.plugin, shoal::plugin_search_path(extra));
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw shoal::InputError("plugin file '" + file.string() +
                            "': no such file");
  }
  std::printf("checking %s\n\n", file.string().c_str());
  shoal::ConformanceReport report = shoal::check_plugin(file, settings);
  print_report(report);
  return report.passed() ? 0 : shoal::cli::kExitFailure;
}

shoal::cli::Action setup(CLI::App& command) {
  auto options = std::make_shared<PluginCheckOptions>();
  command
      .add_option("plugin", options->plugin,
                  "plugin name (see 'shoal plugins') or path to a .so")
      ->required();
  command.add_option("-p,--param", options->params,
                     "create the strategy with parameter key=value "
                     "(repeatable)");
  command.add_option("--plugin-path", options->plugin_folders,
                     "folder to search for plugins first (repeatable)");
  command
      .add_option("--rows", options->rows,
                  "rows of the data set the runtime is measured on")
      ->check(CLI::Range(std::size_t{2}, std::size_t{100000000}));
  command
      .add_option("--timeout", options->timeout,
                  "seconds a plugin call may take before it counts as hung")
      ->check(CLI::PositiveNumber);
  command.add_flag("--in-process", options->in_process,
                   "call the plugin in this process (to debug it under a "
                   "debugger; a crash then ends the check)");
  command.footer(
      "Runs a fixed battery on built-in data sets: the plugin loads with\n"
      "this shoal's API version; names, labels, features and weights of\n"
      "every output are valid; the input is left unchanged; the same seed\n"
      "gives the same output and different seeds differ (or none does);\n"
      "the minority share does not fall unless the plugin declares it may;\n"
      "an unknown parameter is refused by name; minorities of 1, 2, 5 and\n"
      "6 rows (and of v and v + 1 rows for a whole-number --param value v)\n"
      "give a result or a clear InputError; the time on --rows rows is\n"
      "reported. Each plugin call runs in a child process, so a crash\n"
      "or a hang fails a check instead of the command.\n\n"
      "Exit status: 0 when every check passes, 1 when one fails, 2 when\n"
      "the plugin cannot be found.\n\n"
      "Example:\n"
      "  shoal plugin-check smote -p k_neighbors=3\n"
      "  shoal plugin-check ./build/shoal_my_strategy.so");
  return [options] { return plugin_check(*options); };
}

}  // namespace

SHOAL_COMMAND(30, "plugin-check",
              "check that a strategy plugin keeps the plugin contract", setup)
