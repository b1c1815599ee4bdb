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
#include "shoal/folds.hpp"
#include "shoal/params.hpp"
#include "shoal/plugin_loader.hpp"
#include "shoal/threshold.hpp"
#include "shoal/version.hpp"

namespace shoal {

namespace {

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
    check_file_name(plugin);
    try {
      prepared.push_back({plugin.info().name, plugin.create(spec.params)});
    } catch (const ParamError& e) {
      throw InputError(spec.place_of(e.key()) + e.what());
    }
  }
  return prepared;
}

/// Runs per repeat: the folds in cross-validation, one split in holdout.
std::size_t folds_per_repeat(const EvaluationSpec& e) {
  return e.mode == "cv" ? e.folds : 1;
}

/// Position of a run within its strategy's runs; it offsets the seeds of
/// the strategy and of training so that every strategy of one (repeat,
/// fold) starts from the same network, keeping the comparison paired.
std::uint64_t run_offset(const ExperimentConfig& config, const RunSpec& run) {
  return run.repeat * folds_per_repeat(config.evaluation) + run.fold;
}

/// The rows of every (repeat, fold), made once and shared by all
/// strategies so that their scores pair up run by run.
std::vector<std::vector<Split>> make_splits(const ExperimentConfig& config,
                                            const Dataset& data) {
  const EvaluationSpec& e = config.evaluation;
  if (e.mode == "cv") {
    return repeated_stratified_kfold(data.labels, data.class_names, e.folds,
                                     e.repeats, config.split.seed);
  }
  std::vector<std::vector<Split>> splits;
  for (std::size_t r = 0; r < e.repeats; ++r) {
    const SplitSpec& spec = config.split;
    splits.push_back(
        {holdout_split(data.labels, data.class_names.size(), spec.test_fraction,
                       spec.stratify, spec.seed + r)});
  }
  return splits;
}

bool tunes_threshold(const ExperimentConfig& config) {
  return config.threshold.mode != "fixed";
}

/// Holds back a stratified share of the training rows for threshold
/// tuning; returns the validation rows and leaves the rest in `train`.
Dataset hold_back_validation(const ExperimentConfig& config, const RunSpec& run,
                             Dataset& train) {
  std::uint64_t seed =
      repeat_seed(config.split.seed + 1, run_offset(config, run));
  Split split = holdout_split(train.labels, train.class_names.size(),
                              config.threshold.validation_fraction, true, seed);
  Dataset validation = train.subset(split.test);
  train = train.subset(split.train);
  return validation;
}

ThresholdChoice tune_threshold(const ExperimentConfig& config,
                               const Model& model, const Dataset& validation) {
  std::vector<double> scores(validation.rows());
  for (std::size_t i = 0; i < validation.rows(); ++i) {
    scores[i] = model.minority_score(validation.row(i));
  }
  return choose_threshold(config.threshold, validation.labels, scores,
                          model.minority);
}

void score_test_set(RunResult& result, const Dataset& test,
                    std::size_t classes) {
  const Model& model = result.model;
  std::vector<int> predicted(test.rows());
  result.truth = test.labels;
  result.scores.resize(test.rows());
  for (std::size_t i = 0; i < test.rows(); ++i) {
    float score = model.minority_score(test.row(i));
    result.scores[i] = score;
    predicted[i] = model.decide(score);
  }
  result.metrics = compute_metrics(result.truth, predicted, result.scores,
                                   model.minority, classes);
  result.confusion =
      confusion_matrix(result.truth, predicted, model.class_names);
}

/// One run. The strategy sees only the training rows of this run (less the
/// validation rows when the threshold is tuned); validation and test rows
/// are never resampled.
RunResult execute(const ExperimentConfig& config, const Dataset& data,
                  const PreparedStrategy& prepared, const RunSpec& run,
                  const Split& split) {
  const StrategySpec& spec = config.strategies[run.strategy];
  const std::uint64_t offset = run_offset(config, run);
  RunResult result;
  result.spec = run;
  result.strategy = spec.name;

  Dataset train = data.subset(split.train);
  Dataset test = data.subset(split.test);
  Dataset validation;
  if (tunes_threshold(config)) {
    validation = hold_back_validation(config, run, train);
    result.validation_rows = validation.rows();
  }
  result.counts_before = train.class_counts();

  Scaler scaler = Scaler::fit(train);
  scaler.apply(train);
  Dataset balanced = apply_strategy(*prepared.strategy, prepared.plugin, train,
                                    spec.seed + offset);
  result.counts_after = balanced.class_counts();

  TrainingOptions options = config.training;
  options.seed = config.training.seed + offset;
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
  if (tunes_threshold(config)) {
    ThresholdChoice choice = tune_threshold(config, model, validation);
    model.threshold = choice.threshold;
    result.validation_recall = choice.recall;
    result.validation_specificity = choice.specificity;
  }
  model.test_set = test;

  score_test_set(result, test, data.class_names.size());
  model.metrics = metrics_to_json(result.metrics, data.class_names);
  return result;
}

}  // namespace

std::vector<RunSpec> plan_runs(const ExperimentConfig& config) {
  std::vector<RunSpec> plan;
  std::size_t folds = folds_per_repeat(config.evaluation);
  for (std::size_t s = 0; s < config.strategies.size(); ++s) {
    for (std::size_t r = 0; r < config.evaluation.repeats; ++r) {
      for (std::size_t f = 0; f < folds; ++f) plan.push_back({s, r, f});
    }
  }
  return plan;
}

std::vector<RunSpec> shard_plan(const std::vector<RunSpec>& plan,
                                std::size_t index, std::size_t count) {
  if (count < 1 || index < 1 || index > count) {
    throw InputError("--shard: expected i/n with 1 <= i <= n, got " +
                     std::to_string(index) + "/" + std::to_string(count));
  }
  std::vector<RunSpec> slice;
  for (std::size_t k = index - 1; k < plan.size(); k += count) {
    slice.push_back(plan[k]);
  }
  return slice;
}

ExperimentResult run_experiment(const ExperimentConfig& config,
                                const Dataset& data,
                                const std::vector<RunSpec>& plan,
                                std::size_t jobs, const ProgressFn& progress) {
  std::vector<PreparedStrategy> prepared = prepare_strategies(config);
  const auto splits = make_splits(config, data);
  for (const RunSpec& run : plan) {
    if (run.strategy >= prepared.size() || run.repeat >= splits.size() ||
        run.fold >= splits[run.repeat].size()) {
      throw InputError("run (strategy " + std::to_string(run.strategy) +
                       ", repeat " + std::to_string(run.repeat) + ", fold " +
                       std::to_string(run.fold) + ") is not in this config");
    }
  }
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
        out = execute(config, data, prepared[run.strategy], run,
                      splits[run.repeat][run.fold]);
      } catch (const std::exception& e) {
        // One failing strategy must not take the other runs down.
        const StrategySpec& spec = config.strategies[run.strategy];
        auto* param = dynamic_cast<const ParamError*>(&e);
        out = RunResult{};
        out.spec = run;
        out.strategy = spec.name;
        out.error = (param ? spec.place_of(param->key()) : "") + e.what();
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
  if (run.validation_rows > 0) {
    j["validation_rows"] = run.validation_rows;
    j["validation_recall"] = run.validation_recall;
    j["validation_specificity"] = run.validation_specificity;
  }
  j["threshold"] = run.model.threshold;
  j["metrics"] = metrics_to_json(run.metrics, names);
  j["confusion"] = confusion_to_json(run.confusion);
  j["model_hash"] = run.model.hash();
  return j;
}

nlohmann::json evaluation_json(const ExperimentConfig& config) {
  const EvaluationSpec& e = config.evaluation;
  nlohmann::json j = {{"mode", e.mode}, {"repeats", e.repeats}};
  if (e.mode == "cv") j["folds"] = e.folds;
  j["primary_metric"] = e.primary_metric;
  return j;
}

nlohmann::json threshold_json(const ThresholdSpec& t) {
  nlohmann::json j = {{"mode", t.mode}};
  if (t.mode == "fixed") j["value"] = t.value;
  if (t.mode == "maximise") j["metric"] = t.metric;
  if (t.mode == "recall") j["target_recall"] = t.target_recall;
  if (t.mode != "fixed") j["validation_fraction"] = t.validation_fraction;
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
    for (const char* key :
         {"error", "rows_before", "rows_after", "counts_before", "counts_after",
          "metrics", "confusion"}) {
      if (first.contains(key)) entry[key] = first[key];
    }
    entry["runs"] = runs;
    strategies.push_back(entry);
  }
  return {
      {"shoal_version", kVersion},
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
      {"evaluation", evaluation_json(config)},
      {"threshold", threshold_json(config.threshold)},
      {"strategies", strategies}};
}

namespace {

nlohmann::json metrics_state(const Metrics& m) {
  return {{"accuracy", m.accuracy},
          {"balanced_accuracy", m.balanced_accuracy},
          {"g_mean", m.g_mean},
          {"mcc", m.mcc},
          {"minority_f1", m.minority_f1},
          {"roc_auc", m.roc_auc},
          {"pr_auc", m.pr_auc},
          {"recall", m.recall},
          {"precision", m.precision}};
}

Metrics metrics_from_state(const nlohmann::json& j) {
  Metrics m;
  m.accuracy = j.at("accuracy").get<double>();
  m.balanced_accuracy = j.at("balanced_accuracy").get<double>();
  m.g_mean = j.at("g_mean").get<double>();
  m.mcc = j.at("mcc").get<double>();
  m.minority_f1 = j.at("minority_f1").get<double>();
  m.roc_auc = j.at("roc_auc").get<double>();
  m.pr_auc = j.at("pr_auc").get<double>();
  m.recall = j.at("recall").get<std::vector<double>>();
  m.precision = j.at("precision").get<std::vector<double>>();
  return m;
}

nlohmann::json history_state(const std::vector<EpochRecord>& history) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& e : history) rows.push_back({e.epoch, e.loss, e.accuracy});
  return rows;
}

std::vector<EpochRecord> history_from_state(const nlohmann::json& j) {
  std::vector<EpochRecord> history;
  for (const auto& row : j) {
    history.push_back({row.at(0).get<std::size_t>(), row.at(1).get<double>(),
                       row.at(2).get<double>()});
  }
  return history;
}

}  // namespace

nlohmann::json run_to_json(const RunResult& run, bool with_test_set) {
  nlohmann::json j = {{"strategy_index", run.spec.strategy},
                      {"repeat", run.spec.repeat},
                      {"fold", run.spec.fold},
                      {"strategy", run.strategy}};
  if (!run.error.empty()) {
    j["error"] = run.error;
    j["bad_input"] = run.bad_input;
    return j;
  }
  nlohmann::json model = run.model.to_json();
  if (!with_test_set) model.erase("test_set");
  j.update({{"counts_before", run.counts_before},
            {"counts_after", run.counts_after},
            {"validation_rows", run.validation_rows},
            {"validation_recall", run.validation_recall},
            {"validation_specificity", run.validation_specificity},
            {"metrics", metrics_state(run.metrics)},
            {"confusion", confusion_to_json(run.confusion)},
            {"history", history_state(run.history)},
            {"truth", run.truth},
            {"scores", run.scores},
            {"model", model}});
  return j;
}

RunResult run_from_json(const nlohmann::json& j, const std::string& source) {
  RunResult run;
  try {
    run.spec = {j.at("strategy_index").get<std::size_t>(),
                j.at("repeat").get<std::size_t>(),
                j.at("fold").get<std::size_t>()};
    run.strategy = j.at("strategy").get<std::string>();
    if (j.contains("error")) {
      run.error = j.at("error").get<std::string>();
      run.bad_input = j.value("bad_input", false);
      return run;
    }
    run.counts_before = j.at("counts_before").get<std::vector<std::size_t>>();
    run.counts_after = j.at("counts_after").get<std::vector<std::size_t>>();
    run.validation_rows = j.at("validation_rows").get<std::size_t>();
    run.validation_recall = j.at("validation_recall").get<double>();
    run.validation_specificity = j.at("validation_specificity").get<double>();
    run.metrics = metrics_from_state(j.at("metrics"));
    const auto& c = j.at("confusion");
    run.confusion = {
        c.at("classes").get<std::vector<std::string>>(),
        c.at("counts").get<std::vector<std::vector<std::size_t>>>()};
    run.history = history_from_state(j.at("history"));
    run.truth = j.at("truth").get<std::vector<int>>();
    run.scores = j.at("scores").get<std::vector<double>>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(source + ": not a shoal run record: " + e.what());
  }
  run.model = Model::from_json(j.at("model"), source);
  return run;
}

ExperimentResult merge_results(const std::vector<RunSpec>& plan,
                               const std::vector<ExperimentResult>& parts) {
  auto describe = [](const RunSpec& r) {
    return "(strategy " + std::to_string(r.strategy) + ", repeat " +
           std::to_string(r.repeat) + ", fold " + std::to_string(r.fold) + ")";
  };
  std::vector<const RunResult*> found(plan.size(), nullptr);
  for (const auto& part : parts) {
    for (const auto& run : part.runs) {
      auto at = std::find(plan.begin(), plan.end(), run.spec);
      if (at == plan.end()) {
        throw InputError("run " + describe(run.spec) + " is not in the plan");
      }
      auto& slot = found[static_cast<std::size_t>(at - plan.begin())];
      if (slot) throw InputError("run " + describe(run.spec) + " is twice");
      slot = &run;
    }
  }
  ExperimentResult merged;
  merged.plan = plan;
  for (std::size_t k = 0; k < plan.size(); ++k) {
    if (!found[k]) {
      throw InputError("no shard holds run " + describe(plan[k]) +
                       "; is a shard missing?");
    }
    merged.runs.push_back(*found[k]);
  }
  return merged;
}

}  // namespace shoal
