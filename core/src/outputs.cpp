#include "shoal/outputs.hpp"

#include <cstdio>
#include <numeric>
#include <sstream>

#include "shoal/csv.hpp"
#include "shoal/error.hpp"
#include "shoal/io.hpp"
#include "shoal/report.hpp"

namespace fs = std::filesystem;

namespace shoal {

namespace {

constexpr int kPartialVersion = 2;

std::size_t total(const std::vector<std::size_t>& counts) {
  return std::accumulate(counts.begin(), counts.end(), std::size_t{0});
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

std::string data_summary(const ExperimentConfig& config, const Dataset& data) {
  auto counts = data.class_counts();
  std::string text = std::to_string(data.rows()) + " rows (";
  for (std::size_t c = 0; c < counts.size(); ++c) {
    text +=
        (c ? ", " : "") + std::to_string(counts[c]) + " " + data.class_names[c];
  }
  return text + ") from " + config.data_path.filename().string() + ", " +
         std::to_string(data.cols()) + " features";
}

void save_models(const fs::path& dir, const ExperimentResult& result) {
  fs::create_directories(dir / "models");
  for (const auto& run : result.runs) {
    if (run.spec.repeat != 0 || run.spec.fold != 0) continue;
    fs::path file = dir / "models" / (file_stem(run.strategy) + ".json");
    if (run.error.empty()) {
      run.model.save(file);
    } else {
      // A model left by an earlier run into this folder would not match
      // results.json, which reports this strategy as failed.
      fs::remove(file);
    }
  }
}

}  // namespace

std::string file_stem(const std::string& label) {
  std::string stem = label;
  for (char& c : stem) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
              c == '_' || c == '.' || c == '+';
    if (!ok) c = '_';
  }
  return stem;
}

std::string runs_csv(const ExperimentConfig& config, const Dataset& data,
                     const ExperimentResult& result) {
  std::ostringstream out;
  out << "strategy,repeat,fold,train_rows,resampled_rows,validation_rows,"
         "test_rows,threshold";
  for (const auto& name : metric_names()) out << ',' << name;
  out << ",error\n";
  int minority = data.minority_class();
  for (const auto& run : result.runs) {
    out << csv_field(config.strategies[run.spec.strategy].name) << ','
        << run.spec.repeat << ',' << run.spec.fold << ',';
    if (!run.error.empty()) {
      out << ",,,,";
      for (std::size_t k = 0; k < metric_names().size(); ++k) out << ',';
      out << csv_field(run.error) << '\n';
      continue;
    }
    out << total(run.counts_before) << ',' << total(run.counts_after) << ','
        << run.validation_rows << ',' << run.truth.size() << ','
        << number(run.model.threshold);
    for (const auto& name : metric_names()) {
      out << ',' << number(metric_value(run.metrics, name, minority));
    }
    out << ",\n";
  }
  return out.str();
}

std::string history_csv(const ExperimentResult& result) {
  std::ostringstream out;
  out << "strategy,repeat,fold,epoch,loss,accuracy\n";
  for (const auto& run : result.runs) {
    for (const auto& e : run.history) {
      out << csv_field(run.strategy) << ',' << run.spec.repeat << ','
          << run.spec.fold << ',' << e.epoch << ',' << number(e.loss) << ','
          << number(e.accuracy) << '\n';
    }
  }
  return out.str();
}

void write_outputs(const fs::path& dir, const ExperimentConfig& config,
                   const Dataset& data, const ExperimentResult& result,
                   const Comparison& comparison) {
  nlohmann::json results = results_to_json(config, data, result);
  results["comparison"] = comparison_to_json(comparison);
  write_file_atomically(dir / "results.json", results.dump(2) + "\n");
  write_file_atomically(dir / "runs.csv", runs_csv(config, data, result));
  write_file_atomically(dir / "history.csv", history_csv(result));

  ReportInput report;
  report.title = config.source.filename().string();
  report.data_summary = data_summary(config, data);
  report.minority =
      data.class_names[static_cast<std::size_t>(data.minority_class())];
  report.config_text = config.text;
  report.comparison = comparison;
  write_report(dir / "report.html", report);
  save_models(dir, result);
}

void write_partial(const fs::path& dir, const Partial& partial) {
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& run : partial.result.runs) {
    bool saved = run.spec.repeat == 0 && run.spec.fold == 0;
    runs.push_back(run_to_json(run, saved));
  }
  nlohmann::json j = {{"format", "shoal-partial"},
                      {"format_version", kPartialVersion},
                      {"config_path", partial.config_path.string()},
                      {"overrides", partial.overrides},
                      {"config_text", partial.config_text},
                      {"shard", partial.shard},
                      {"shards", partial.shards},
                      {"data_rows", partial.data_rows},
                      {"data_fingerprint", partial.data_fingerprint},
                      {"runs", runs}};
  write_file_atomically(dir / "partial.json", j.dump() + "\n");
}

Partial read_partial(const fs::path& dir) {
  fs::path file = dir / "partial.json";
  nlohmann::json j = nlohmann::json::parse(read_file(file), nullptr, false);
  if (j.is_discarded() || !j.is_object() ||
      j.value("format", "") != "shoal-partial") {
    throw InputError(file.string() +
                     ": not a shoal partial result (run with --shard)");
  }
  if (j.value("format_version", 0) != kPartialVersion) {
    throw InputError(file.string() + ": partial result format version " +
                     j.value("format_version", nlohmann::json()).dump() +
                     " is not supported");
  }
  Partial p;
  try {
    p.config_path = j.at("config_path").get<std::string>();
    p.overrides = j.at("overrides").get<std::vector<std::string>>();
    p.config_text = j.at("config_text").get<std::string>();
    p.shard = j.at("shard").get<std::size_t>();
    p.shards = j.at("shards").get<std::size_t>();
    p.data_rows = j.at("data_rows").get<std::size_t>();
    p.data_fingerprint = j.at("data_fingerprint").get<std::string>();
    for (const auto& run : j.at("runs")) {
      p.result.runs.push_back(run_from_json(run, file.string()));
      p.result.plan.push_back(p.result.runs.back().spec);
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file.string() + ": " + e.what());
  }
  return p;
}

}  // namespace shoal
