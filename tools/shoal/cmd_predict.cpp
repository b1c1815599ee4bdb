// `shoal predict`: score rows with a trained model.

#include <cstdio>
#include <iostream>

#include "command.hpp"
#include "shoal/csv.hpp"
#include "shoal/error.hpp"
#include "shoal/io.hpp"
#include "shoal/model.hpp"

namespace {

struct PredictOptions {
  std::string model;
  std::string input;
  std::string output;
  double threshold = -1;  // below zero: the model's own
};

int predict(const PredictOptions& options) {
  shoal::Model model = shoal::Model::load(options.model);
  if (options.threshold >= 0) model.threshold = options.threshold;
  shoal::PredictionInput input =
      shoal::read_prediction_csv(options.input, model.feature_names);

  const std::string minority =
      model.class_names[static_cast<std::size_t>(model.minority)];
  shoal::AtomicFile out(options.output);
  if (!input.ids.empty()) out.stream() << "id,";
  if (!input.labels.empty()) out.stream() << "label,";
  out.stream() << "predicted," << shoal::csv_field(minority + "_score") << '\n';
  std::size_t flagged = 0;
  char score[32];
  for (std::size_t i = 0; i < input.rows(); ++i) {
    const double* row = &input.features[i * input.width];
    float minority_score = model.minority_score(row);
    int cls = model.decide(minority_score);
    flagged += cls == model.minority;
    std::snprintf(score, sizeof score, "%.9g", minority_score);
    if (!input.ids.empty())
      out.stream() << shoal::csv_field(input.ids[i]) << ',';
    if (!input.labels.empty())
      out.stream() << shoal::csv_field(input.labels[i]) << ',';
    out.stream() << shoal::csv_field(
                        model.class_names[static_cast<std::size_t>(cls)])
                 << ',' << score << '\n';
  }
  out.commit();
  std::cerr << "shoal: " << input.rows() << " rows scored, " << flagged
            << " flagged " << minority << " (threshold " << model.threshold
            << "); wrote " << options.output << '\n';
  return 0;
}

shoal::cli::Action setup(CLI::App& command) {
  auto options = std::make_shared<PredictOptions>();
  command
      .add_option("model", options->model,
                  "model file written by 'shoal run' (models/*.json)")
      ->required();
  command
      .add_option("input", options->input,
                  "CSV with the model's feature columns (by name)")
      ->required();
  command.add_option("-o,--output", options->output, "CSV to write")
      ->required();
  command
      .add_option("--threshold", options->threshold,
                  "minority probability at which to flag a row "
                  "(default: the model's)")
      ->check(CLI::Range(0.0, 1.0));
  command.footer(
      "Writes one row per input row: the id and label columns when the\n"
      "input has them, the predicted class, and the minority-class\n"
      "probability. A row is flagged as the minority class when that\n"
      "probability is at least the threshold.\n\n"
      "Example:\n"
      "  shoal predict out/fish_compare/models/smote.json "
      "data/fish_sim_features.csv -o predictions.csv");
  return [options] { return predict(*options); };
}

}  // namespace

SHOAL_COMMAND(65, "predict", "score a CSV of feature rows with a trained model",
              setup)
