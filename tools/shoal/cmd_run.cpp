// `shoal run`: train every strategy of a config and compare them.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

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

using Clock = std::chrono::steady_clock;

struct RunOptions {
  std::string config;
  std::string out;
  std::vector<std::string> sets;
  std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
  std::string shard;
  bool quiet = false;
};

/// "i/n" of --shard.
std::pair<std::size_t, std::size_t> parse_shard(const std::string& text) {
  std::size_t slash = text.find('/');
  try {
    if (slash != std::string::npos) {
      std::size_t used = 0;
      auto i = std::stoul(text.substr(0, slash), &used);
      if (used == slash) {
        auto n = std::stoul(text.substr(slash + 1), &used);
        if (used == text.size() - slash - 1) return {i, n};
      }
    }
  } catch (const std::exception&) {
  }
  throw shoal::InputError("--shard: expected i/n such as 2/8, got '" + text +
                          "'");
}

/// A progress line on stderr, rewritten in place: runs done, elapsed time
/// and an estimate of the time left. Silent when stderr is not a terminal.
class Progress {
 public:
  explicit Progress(bool enabled)
      : enabled_(enabled && isatty(fileno(stderr))), start_(Clock::now()) {}

  void operator()(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    double elapsed =
        std::chrono::duration<double>(Clock::now() - start_).count();
    double left =
        elapsed / static_cast<double>(done) * static_cast<double>(total - done);
    std::fprintf(stderr,
                 "\rshoal: %zu/%zu runs, %.0f s elapsed, about %.0f s "
                 "left   ",
                 done, total, elapsed, left);
    if (done == total) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  Clock::time_point start_;
};

fs::path output_folder(const RunOptions& options) {
  fs::path dir = options.out.empty()
                     ? fs::path("out") / fs::path(options.config).stem()
                     : fs::path(options.out);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw shoal::InputError("cannot create output folder '" + dir.string() +
                            "': " + ec.message());
  }
  return dir;
}

/// --shard i/n: runs one slice of the plan and leaves partial.json for
/// `shoal merge`.
int run_shard(const RunOptions& options, const shoal::ExperimentConfig& config,
              const shoal::Dataset& data, const fs::path& dir) {
  auto [index, count] = parse_shard(options.shard);
  auto plan = shoal::shard_plan(shoal::plan_runs(config), index, count);
  Progress progress(!options.quiet);
  shoal::Partial partial;
  partial.result = shoal::run_experiment(config, data, plan, options.jobs,
                                         std::ref(progress));
  partial.config_path = fs::absolute(options.config);
  partial.overrides = options.sets;
  partial.config_text = config.text;
  partial.shard = index;
  partial.shards = count;
  partial.data_rows = data.rows();
  partial.data_fingerprint = data.fingerprint();
  shoal::write_partial(dir, partial);
  if (!options.quiet) {
    std::fprintf(stderr, "shoal: shard %zu/%zu: %zu runs written to %s\n",
                 index, count, plan.size(), (dir / "partial.json").c_str());
  }
  return shoal::cli::report_failures(partial.result);
}

int run(const RunOptions& options) {
  auto start = Clock::now();
  shoal::ExperimentConfig config =
      shoal::load_config(options.config, options.sets);
  shoal::Dataset data = shoal::read_feature_csv(config.data_path, config.csv);
  auto counts = data.class_counts();
  if (!options.quiet) {
    std::cerr << "shoal: " << data.rows() << " rows (" << counts[0] << " "
              << data.class_names[0] << ", " << counts[1] << " "
              << data.class_names[1] << ") from " << config.data_path.string()
              << '\n';
  }
  fs::path dir = output_folder(options);
  if (!options.shard.empty()) return run_shard(options, config, data, dir);

  auto plan = shoal::plan_runs(config);
  Progress progress(!options.quiet);
  auto train_start = Clock::now();
  shoal::ExperimentResult result = shoal::run_experiment(
      config, data, plan, options.jobs, std::ref(progress));
  double train_seconds =
      std::chrono::duration<double>(Clock::now() - train_start).count();

  shoal::Comparison comparison =
      shoal::compare_strategies(config, data, result);
  shoal::cli::print_comparison(data, result, comparison);
  shoal::write_outputs(dir, config, data, result, comparison);
  double total = std::chrono::duration<double>(Clock::now() - start).count();
  if (!options.quiet) {
    std::fprintf(stderr,
                 "\nshoal: %zu runs trained in %.2f s on %zu threads; "
                 "%.2f s in all; results and report.html in %s\n",
                 plan.size(), train_seconds, options.jobs, total,
                 dir.string().c_str());
  }
  return shoal::cli::report_failures(result);
}

shoal::cli::Action setup(CLI::App& command) {
  auto options = std::make_shared<RunOptions>();
  command.add_option("config", options->config, "experiment config (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  command.add_option("-o,--out", options->out,
                     "output folder (default: out/<config name>)");
  command
      .add_option("--set", options->sets,
                  "override a config value, e.g. --set training.epochs=50 "
                  "(repeatable)")
      ->allow_extra_args(false);
  command
      .add_option("-j,--jobs", options->jobs,
                  "trainings to run at once (default: one per core)")
      ->check(CLI::PositiveNumber);
  command.add_option("--shard", options->shard,
                     "run only slice i of n of the runs (e.g. 3/10) and write "
                     "partial.json for 'shoal merge'");
  command.add_flag("-q,--quiet", options->quiet,
                   "no progress or timing lines on stderr");
  command.footer(
      "Trains the network once per strategy and run of the config: one\n"
      "holdout split per repeat (evaluation.mode: holdout), or repeated\n"
      "stratified k-fold (evaluation.mode: cv), every strategy on the same\n"
      "rows. Prints the comparison, the paired tests and a conclusion, and\n"
      "writes to the output folder:\n"
      "  results.json   per-run metrics, aggregates with 95% intervals,\n"
      "                 paired tests and the conclusion\n"
      "  runs.csv       one row per run\n"
      "  history.csv    training loss and accuracy per epoch\n"
      "  report.html    tables and charts in one self-contained page\n"
      "  models/*.json  the first run's model per strategy, for predict and\n"
      "                 export\n"
      "Results are the same for the same config, whatever --jobs. With\n"
      "--shard i/n only every n-th run is trained, starting at run i, and\n"
      "partial.json is written; 'shoal merge' joins the shards.\n\n"
      "Examples:\n  shoal run configs/fish_compare.yaml --out out/compare\n"
      "  shoal run configs/fish_compare_cv.yaml --shard 1/4 --out out/s1");
  return [options] { return run(*options); };
}

}  // namespace

SHOAL_COMMAND(10, "run", "train and compare imbalance strategies from a config",
              setup)
