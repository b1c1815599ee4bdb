// `shoal merge`: join the partial results of `shoal run --shard` into the
// results and report one unsharded run would have written.

#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "run_summary.hpp"
#include "shoal/comparison.hpp"
#include "shoal/config.hpp"
#include "shoal/csv.hpp"
#include "shoal/error.hpp"
#include "shoal/experiment.hpp"
#include "shoal/outputs.hpp"

namespace fs = std::filesystem;

namespace {

struct MergeOptions {
  std::vector<std::string> dirs;
  std::string out;
  bool quiet = false;
};

/// Every shard must come from the same config and data as the first.
void check_same_experiment(const shoal::Partial& first,
                           const shoal::Partial& other,
                           const std::string& dir) {
  if (other.config_text != first.config_text) {
    throw shoal::InputError(dir +
                            ": its config differs from the first "
                            "shard's; merge only shards of one run");
  }
  if (other.shards != first.shards ||
      other.data_fingerprint != first.data_fingerprint) {
    throw shoal::InputError(
        dir + ": shard " + std::to_string(other.shard) + "/" +
        std::to_string(other.shards) + " does not belong with shard " +
        std::to_string(first.shard) + "/" + std::to_string(first.shards));
  }
}

int merge(const MergeOptions& options) {
  std::vector<shoal::Partial> parts;
  for (const auto& dir : options.dirs) {
    parts.push_back(shoal::read_partial(dir));
    check_same_experiment(parts.front(), parts.back(), dir);
  }
  const shoal::Partial& first = parts.front();
  shoal::ExperimentConfig config =
      shoal::load_config(first.config_path, first.overrides);
  if (config.text != first.config_text) {
    throw shoal::InputError(first.config_path.string() +
                            ": the config changed since the shards ran");
  }
  shoal::Dataset data = shoal::read_feature_csv(config.data_path, config.csv);
  if (data.fingerprint() != first.data_fingerprint) {
    throw shoal::InputError(config.data_path.string() +
                            ": the data changed since the shards ran (" +
                            std::to_string(first.data_rows) + " rows then, " +
                            std::to_string(data.rows()) +
                            " now; rerun the shards)");
  }

  std::vector<shoal::ExperimentResult> results;
  for (auto& part : parts) results.push_back(std::move(part.result));
  shoal::ExperimentResult result =
      shoal::merge_results(shoal::plan_runs(config), results);
  shoal::Comparison comparison =
      shoal::compare_strategies(config, data, result);
  shoal::cli::print_comparison(data, result, comparison);

  std::error_code ec;
  fs::create_directories(options.out, ec);
  if (ec) {
    throw shoal::InputError("cannot create output folder '" + options.out +
                            "': " + ec.message());
  }
  shoal::write_outputs(options.out, config, data, result, comparison);
  if (!options.quiet) {
    std::cerr << "shoal: merged " << parts.size() << " shards, "
              << result.runs.size() << " runs; results and report.html in "
              << options.out << '\n';
  }
  return shoal::cli::report_failures(result);
}

shoal::cli::Action setup(CLI::App& command) {
  auto options = std::make_shared<MergeOptions>();
  command
      .add_option("dirs", options->dirs,
                  "output folders of 'shoal run --shard'")
      ->required()
      ->check(CLI::ExistingDirectory);
  command.add_option("-o,--out", options->out, "output folder")->required();
  command.add_flag("-q,--quiet", options->quiet, "no summary line on stderr");
  command.footer(
      "Reads partial.json from each folder, checks that together they hold\n"
      "every run of one experiment, and writes the same files, byte for\n"
      "byte, as the unsharded 'shoal run' would have: results.json,\n"
      "runs.csv, history.csv, report.html and models/. The config and data\n"
      "are read again from where the shards found them.\n\n"
      "Example (a job array of 4):\n"
      "  shoal run configs/fish_compare_cv.yaml --shard $I/4 --out out/s$I\n"
      "  shoal merge out/s1 out/s2 out/s3 out/s4 -o out/fish_compare_cv");
  return [options] { return merge(*options); };
}

}  // namespace

SHOAL_COMMAND(15, "merge", "join the shards of a sharded run", setup)
