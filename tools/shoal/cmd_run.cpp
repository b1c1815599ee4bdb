// `shoal run`: train every strategy of a config and compare them.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "command.hpp"
#include "shoal/config.hpp"
#include "shoal/csv.hpp"
#include "shoal/error.hpp"
#include "shoal/experiment.hpp"
#include "shoal/io.hpp"

namespace fs = std::filesystem;

namespace {

struct RunOptions {
  std::string config;
  std::string out;
  std::vector<std::string> sets;
  std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
};

/// A strategy label made safe to use as a file name.
std::string file_stem(const std::string& label) {
  std::string stem = label;
  for (char& c : stem) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
              c == '_' || c == '.';
    if (!ok) c = '_';
  }
  return stem;
}

void print_table(const shoal::ExperimentConfig& config,
                 const shoal::Dataset& data,
                 const shoal::ExperimentResult& result) {
  const auto& names = data.class_names;
  auto minority = static_cast<std::size_t>(data.minority_class());
  auto majority = 1 - minority;
  std::printf("\n%-22s %11s %9s %9s %9s %8s %8s %8s %8s\n", "strategy",
              "train rows", "recall", "recall", "bal.acc", "G-mean", "MCC",
              "F1", "accuracy");
  std::printf("%-22s %11s %9.9s %9.9s %9s %8s %8s %8.8s %8s\n", "", "",
              names[minority].c_str(), names[majority].c_str(), "", "", "",
              names[minority].c_str(), "");
  for (const auto& run : result.runs) {
    if (run.spec.repeat != 0 || run.spec.fold != 0) continue;
    if (!run.error.empty()) {
      std::printf("%-22s failed: %s\n", run.strategy.c_str(),
                  run.error.c_str());
      continue;
    }
    std::size_t before = 0, after = 0;
    for (auto n : run.counts_before) before += n;
    for (auto n : run.counts_after) after += n;
    std::string rows = std::to_string(before) + ">" + std::to_string(after);
    const auto& m = run.metrics;
    std::printf("%-22s %11s %9.3f %9.3f %9.3f %8.3f %8.3f %8.3f %8.3f\n",
                run.strategy.c_str(), rows.c_str(), m.recall[minority],
                m.recall[majority], m.balanced_accuracy, m.g_mean, m.mcc,
                m.minority_f1, m.accuracy);
  }
  (void)config;
}

void print_confusions(const shoal::ExperimentResult& result) {
  for (const auto& run : result.runs) {
    if (run.spec.repeat != 0 || run.spec.fold != 0 || !run.error.empty()) {
      continue;
    }
    const auto& c = run.confusion;
    std::printf("\n%s: confusion matrix (rows: true class, columns: "
                "predicted)\n%12s",
                run.strategy.c_str(), "");
    for (const auto& name : c.class_names) std::printf(" %10s", name.c_str());
    std::printf("\n");
    for (std::size_t t = 0; t < c.class_names.size(); ++t) {
      std::printf("%12s", c.class_names[t].c_str());
      for (std::size_t p = 0; p < c.class_names.size(); ++p) {
        std::printf(" %10zu", c.counts[t][p]);
      }
      std::printf("\n");
    }
  }
}

void write_history(const fs::path& file,
                   const shoal::ExperimentResult& result) {
  shoal::AtomicFile out(file);
  out.stream() << "strategy,repeat,fold,epoch,loss,accuracy\n";
  char line[256];
  for (const auto& run : result.runs) {
    for (const auto& e : run.history) {
      std::snprintf(line, sizeof line, "%s,%zu,%zu,%zu,%.9g,%.9g\n",
                    run.strategy.c_str(), run.spec.repeat, run.spec.fold,
                    e.epoch, e.loss, e.accuracy);
      out.stream() << line;
    }
  }
  out.commit();
}

int run(const RunOptions& options) {
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  shoal::ExperimentConfig config =
      shoal::load_config(options.config, options.sets);
  shoal::Dataset data = shoal::read_feature_csv(config.data_path, config.csv);
  auto counts = data.class_counts();
  std::cerr << "shoal: " << data.rows() << " rows (" << counts[0] << " "
            << data.class_names[0] << ", " << counts[1] << " "
            << data.class_names[1] << ") from " << config.data_path.string()
            << '\n';

  fs::path out_dir = options.out.empty()
                         ? fs::path("out") / fs::path(options.config).stem()
                         : fs::path(options.out);
  std::error_code ec;
  fs::create_directories(out_dir / "models", ec);
  if (ec) {
    throw shoal::InputError("cannot create output folder '" +
                            out_dir.string() + "': " + ec.message());
  }

  auto plan = shoal::plan_runs(config);
  auto train_start = Clock::now();
  shoal::ExperimentResult result =
      shoal::run_experiment(config, data, plan, options.jobs);
  double train_seconds =
      std::chrono::duration<double>(Clock::now() - train_start).count();

  print_table(config, data, result);
  print_confusions(result);

  nlohmann::json results = shoal::results_to_json(config, data, result);
  shoal::write_file_atomically(out_dir / "results.json",
                               results.dump(2) + "\n");
  write_history(out_dir / "history.csv", result);
  bool all_bad_input = true, failed = false;
  for (const auto& run : result.runs) {
    if (!run.error.empty()) {
      failed = true;
      all_bad_input = all_bad_input && run.bad_input;
      continue;
    }
    if (run.spec.repeat == 0 && run.spec.fold == 0) {
      run.model.save(out_dir / "models" / (file_stem(run.strategy) + ".json"));
    }
  }
  double total =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::fprintf(stderr,
               "\nshoal: %zu runs trained in %.2f s on %zu threads; "
               "%.2f s in all; results in %s\n",
               plan.size(), train_seconds, options.jobs, total,
               out_dir.string().c_str());
  if (!failed) return 0;
  for (const auto& run : result.runs) {
    if (!run.error.empty()) {
      std::cerr << "shoal: error: strategy '" << run.strategy
                << "': " << run.error << '\n';
    }
  }
  return all_bad_input ? shoal::cli::kExitBadInput : shoal::cli::kExitFailure;
}

shoal::cli::Action setup(CLI::App& command) {
  auto options = std::make_shared<RunOptions>();
  command.add_option("config", options->config, "experiment config (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  command.add_option("-o,--out", options->out,
                     "output folder (default: out/<config name>)");
  command.add_option("--set", options->sets,
                     "override a config value, e.g. --set training.epochs=50 "
                     "(repeatable)");
  command.add_option("-j,--jobs", options->jobs,
                     "trainings to run at once (default: one per core)")
      ->check(CLI::PositiveNumber);
  command.footer(
      "Trains the network once per strategy of the config's 'strategies:'\n"
      "list on the same split, prints a comparison table and each\n"
      "confusion matrix, and writes to the output folder:\n"
      "  results.json   metrics, confusion matrices and row counts\n"
      "  history.csv    training loss and accuracy per epoch\n"
      "  models/*.json  one model per strategy, for predict and export\n"
      "Results are the same for the same config, whatever --jobs.\n\n"
      "Example:\n  shoal run configs/fish_compare.yaml --out out/compare");
  return [options] { return run(*options); };
}

}  // namespace

SHOAL_COMMAND(10, "run", "train and compare imbalance strategies from a config",
              setup)
