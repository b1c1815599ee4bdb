#include "shoal/experiment.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <numeric>
#include <random>
#include <thread>

#include "shoal/error.hpp"
#include "shoal/plugin_loader.hpp"
#include "shoal/version.hpp"

namespace shoal {

namespace {

/// Rows of one run: indices into the experiment's data set.
struct Split {
  std::vector<std::size_t> train;
  std::vector<std::size_t> test;
};

/// Shuffles the rows with `seed` and holds out `test_fraction` of them
/// (rounded up, as scikit-learn's train_test_split); with `stratify`, the
/// same fraction of each class.
Split holdout_split(const Dataset& data, const SplitSpec& spec,
                    std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Split split;
  auto take = [&](std::vector<std::size_t> rows) {
    std::shuffle(rows.begin(), rows.end(), rng);
    auto n_test = static_cast<std::size_t>(
        std::ceil(spec.test_fraction * static_cast<double>(rows.size())));
    split.test.insert(split.test.end(), rows.begin(), rows.begin() + n_test);
    split.train.insert(split.train.end(), rows.begin() + n_test, rows.end());
  };
  if (!spec.stratify) {
    std::vector<std::size_t> all(data.rows());
    std::iota(all.begin(), all.end(), 0);
    take(std::move(all));
    return split;
  }
  for (std::size_t c = 0; c < data.class_names.size(); ++c) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < data.rows(); ++i) {
      if (static_cast<std::size_t>(data.labels[i]) == c) rows.push_back(i);
    }
    take(std::move(rows));
  }
  // Keep the training order independent of the class layout.
  std::shuffle(split.train.begin(), split.train.end(), rng);
  return split;
}

/// A strategy configured once per experiment and shared by its runs.
struct PreparedStrategy {
  std::string plugin;
  std::shared_ptr<const Strategy> strategy;
};

std::vector<PreparedStrategy> prepare_strategies(
    const ExperimentConfig& config) {
  auto path = plugin_search_path(config.plugin_search_path);
  std::vector<PreparedStrategy> prepared;
  for (const StrategySpec& spec : config.strategies) {
    LoadedPlugin plugin(find_plugin(spec.plugin, path));
    prepared.push_back({plugin.info().name, plugin.create(spec.params)});
  }
  return prepared;
}

/// Applies the strategy, checking what it hands back.
Dataset rebalance(const PreparedStrategy& prepared, const StrategySpec& spec,
                  const Dataset& train, std::uint64_t seed) {
  const std::string who = "plugin '" + prepared.plugin + "'";
  Dataset out = prepared.strategy->apply(train, seed);
  if (out.feature_names != train.feature_names) {
    throw RunError(who + " changed the feature names or their count");
  }
  if (out.class_names != train.class_names) {
    throw RunError(who + " changed the class names");
  }
  out.validate(who);
  if (out.rows() == 0) throw RunError(who + " returned no rows");
  (void)spec;
  return out;
}

RunResult execute(const ExperimentConfig& config, const Dataset& data,
                  const PreparedStrategy& prepared, const RunSpec& run) {
  const StrategySpec& spec = config.strategies[run.strategy];
  RunResult result;
  result.spec = run;
  result.strategy = spec.name;

  Split split = holdout_split(data, config.split, config.split.seed + run.repeat);
  Dataset train = data.subset(split.train);
  Dataset test = data.subset(split.test);
  result.counts_before = train.class_counts();

  Scaler scaler = Scaler::fit(train);
  scaler.apply(train);
  Dataset balanced = rebalance(prepared, spec, train, spec.seed + run.repeat);
  result.counts_after = balanced.class_counts();

  TrainingOptions options = config.training;
  options.seed = config.training.seed + run.repeat;
  TrainedNetwork trained = train_network(balanced, options);
  result.history = std::move(trained.history);

  Model& model = result.model;
  model.shoal_version = kVersion;
  model.strategy = spec.name;
  model.plugin = prepared.plugin;
  model.feature_names = data.feature_names;
  model.class_names = data.class_names;
  model.minority = data.minority_class();
  model.threshold = config.threshold.value;
  model.scaler = std::move(scaler);
  model.network = std::move(trained.network);
  model.test_set = test;

  std::vector<int> predicted(test.rows());
  result.truth = test.labels;
  result.scores.resize(test.rows());
  for (std::size_t i = 0; i < test.rows(); ++i) {
    result.scores[i] = model.minority_score(test.row(i));
    predicted[i] = model.predict(test.row(i));
  }
  result.metrics = compute_metrics(result.truth, predicted, result.scores,
                                   model.minority, data.class_names.size());
  result.confusion = confusion_matrix(result.truth, predicted,
                                      data.class_names);
  model.metrics = metrics_to_json(result.metrics, data.class_names);
  return result;
}

}  // namespace

std::vector<RunSpec> plan_runs(const ExperimentConfig& config) {
  std::vector<RunSpec> plan;
  for (std::size_t s = 0; s < config.strategies.size(); ++s) {
    for (std::size_t r = 0; r < config.evaluation.repeats; ++r) {
      plan.push_back({s, r, 0});
    }
  }
  return plan;
}

ExperimentResult run_experiment(const ExperimentConfig& config,
                                const Dataset& data,
                                const std::vector<RunSpec>& plan,
                                std::size_t jobs, const ProgressFn& progress) {
  std::vector<PreparedStrategy> prepared = prepare_strategies(config);
  ExperimentResult result;
  result.plan = plan;
  result.runs.resize(plan.size());

  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress_mutex;
  auto worker = [&] {
    for (std::size_t k = next++; k < plan.size(); k = next++) {
      const RunSpec& run = plan[k];
      auto start = std::chrono::steady_clock::now();
      RunResult& out = result.runs[k];
      try {
        out = execute(config, data, prepared[run.strategy], run);
      } catch (const std::exception& e) {
        // One failing strategy must not take the other runs down.
        out = RunResult{};
        out.spec = run;
        out.strategy = config.strategies[run.strategy].name;
        out.error = e.what();
        out.bad_input = dynamic_cast<const InputError*>(&e) != nullptr;
      }
      out.seconds = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start)
                        .count();
      if (progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        progress(++done, plan.size());
      }
    }
  };
  jobs = std::max<std::size_t>(1, std::min(jobs, plan.size()));
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  return result;
}

namespace {

nlohmann::json counts_json(const std::vector<std::size_t>& counts,
                           const std::vector<std::string>& names) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t c = 0; c < counts.size(); ++c) j[names[c]] = counts[c];
  return j;
}

std::size_t total(const std::vector<std::size_t>& counts) {
  return std::accumulate(counts.begin(), counts.end(), std::size_t{0});
}

nlohmann::json run_json(const RunResult& run,
                        const std::vector<std::string>& names) {
  nlohmann::json j = {{"repeat", run.spec.repeat}, {"fold", run.spec.fold}};
  if (!run.error.empty()) {
    j["error"] = run.error;
    return j;
  }
  j["rows_before"] = total(run.counts_before);
  j["rows_after"] = total(run.counts_after);
  j["counts_before"] = counts_json(run.counts_before, names);
  j["counts_after"] = counts_json(run.counts_after, names);
  j["metrics"] = metrics_to_json(run.metrics, names);
  j["confusion"] = confusion_to_json(run.confusion);
  j["model_hash"] = run.model.hash();
  return j;
}

}  // namespace

nlohmann::json results_to_json(const ExperimentConfig& config,
                               const Dataset& data,
                               const ExperimentResult& result) {
  const auto& names = data.class_names;
  nlohmann::json strategies = nlohmann::json::array();
  for (std::size_t s = 0; s < config.strategies.size(); ++s) {
    const StrategySpec& spec = config.strategies[s];
    nlohmann::json entry = {{"name", spec.name},
                            {"plugin", spec.plugin},
                            {"params", spec.params},
                            {"seed", spec.seed}};
    nlohmann::json runs = nlohmann::json::array();
    for (const RunResult& run : result.runs) {
      if (run.spec.strategy == s) runs.push_back(run_json(run, names));
    }
    // The first run's figures stand for the strategy: with one holdout
    // split that is the whole result.
    const nlohmann::json& first = runs.at(0);
    for (const char* key : {"error", "rows_before", "rows_after",
                            "counts_before", "counts_after", "metrics",
                            "confusion"}) {
      if (first.contains(key)) entry[key] = first[key];
    }
    entry["runs"] = runs;
    strategies.push_back(entry);
  }
  return {{"shoal_version", kVersion},
          {"data",
           {{"path", config.data_path.filename().string()},
            {"rows", data.rows()},
            {"features", data.feature_names},
            {"class_names", names},
            {"minority", names[static_cast<std::size_t>(data.minority_class())]},
            {"counts", counts_json(data.class_counts(), names)}}},
          {"split",
           {{"test_fraction", config.split.test_fraction},
            {"stratify", config.split.stratify},
            {"seed", config.split.seed}}},
          {"training",
           {{"hidden", config.training.hidden},
            {"learning_rate", config.training.learning_rate},
            {"batch_size", config.training.batch_size},
            {"epochs", config.training.epochs},
            {"seed", config.training.seed}}},
          {"evaluation",
           {{"mode", config.evaluation.mode},
            {"repeats", config.evaluation.repeats}}},
          {"strategies", strategies}};
}

}  // namespace shoal
