// `shoal resample`: apply one strategy plugin to a CSV file.

#include <iostream>

#include "command.hpp"
#include "shoal/csv.hpp"
#include "shoal/error.hpp"
#include "shoal/plugin_loader.hpp"

namespace {

struct ResampleOptions {
  std::string strategy;
  std::vector<std::string> params;
  std::string input;
  std::string output;
  std::uint64_t seed = 1;
  shoal::CsvOptions csv;
  std::vector<std::string> plugin_folders;
};

int resample(const ResampleOptions& options) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& assignment : options.params) {
    shoal::parse_param_assignment(assignment, params);
  }
  std::vector<std::filesystem::path> extra(options.plugin_folders.begin(),
                                           options.plugin_folders.end());
  auto path = shoal::plugin_search_path(extra);
  shoal::LoadedPlugin plugin(shoal::find_plugin(options.strategy, path));
  shoal::check_file_name(plugin);
  auto strategy = plugin.create(params);

  shoal::Dataset data = shoal::read_feature_csv(options.input, options.csv);
  shoal::Dataset out =
      shoal::apply_strategy(*strategy, plugin.info().name, data, options.seed);
  shoal::write_feature_csv(options.output, out, true, options.csv.label_column);

  auto before = data.class_counts(), after = out.class_counts();
  std::cerr << "shoal: " << plugin.info().name << ": ";
  for (std::size_t c = 0; c < before.size(); ++c) {
    std::cerr << (c ? ", " : "") << data.class_names[c] << ' ' << before[c]
              << " -> " << after[c];
  }
  std::cerr << "; wrote " << options.output << '\n';
  return 0;
}

shoal::cli::Action setup(CLI::App& command) {
  auto options = std::make_shared<ResampleOptions>();
  command
      .add_option("-s,--strategy", options->strategy,
                  "plugin name (see 'shoal plugins') or path to a .so")
      ->required();
  command
      .add_option("-p,--param", options->params,
                  "strategy parameter key=value (repeatable)")
      ->allow_extra_args(false);
  command.add_option("input", options->input, "feature CSV to resample")
      ->required()
      ->check(CLI::ExistingFile);
  command.add_option("-o,--output", options->output, "CSV to write")
      ->required();
  command.add_option("--seed", options->seed, "seed handed to the strategy");
  command.add_option("--label-column", options->csv.label_column,
                     "column holding the class (default: label)");
  command
      .add_option("--drop", options->csv.drop_columns,
                  "columns to ignore (default: id)")
      ->allow_extra_args(false);
  command
      .add_option("--plugin-path", options->plugin_folders,
                  "folder to search for plugins first (repeatable)")
      ->allow_extra_args(false);
  command.footer(
      "Reads the CSV as given (no standardisation), applies the strategy\n"
      "and writes its features, the label and a 'weight' column. Ignored\n"
      "columns are not written.\n\n"
      "Example:\n"
      "  shoal resample -s smote -p k_neighbors=3 data/fish_sim_features.csv"
      " -o smoted.csv");
  return [options] { return resample(*options); };
}

}  // namespace

SHOAL_COMMAND(60, "resample", "apply one strategy plugin to a CSV file", setup)
