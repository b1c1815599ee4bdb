#pragma once
/// A trained detector: input scaling, the network's weights, the decision
/// threshold and its provenance. This is what `shoal run` saves, what
/// `shoal predict` uses, and what `shoal export` turns into a C header.

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shoal/dataset.hpp"

namespace shoal {

/// Per-feature standardisation: z = (x - mean) / scale.
struct Scaler {
  std::vector<double> mean;
  std::vector<double> scale;

  /// Mean and population standard deviation of each column; a constant
  /// column gets scale 1 so it maps to 0 instead of dividing by zero.
  static Scaler fit(const Dataset& data);
  /// Standardises the features of `data` in place.
  void apply(Dataset& data) const;
};

/// One fully connected layer, y = act(W x + b). Weights are stored one row
/// per output unit: weights[o * inputs + i].
struct DenseLayer {
  std::size_t inputs = 0;
  std::size_t outputs = 0;
  std::vector<float> weights;
  std::vector<float> bias;
  bool relu = true;  ///< false for the last layer, which feeds the softmax
};

/// The network: dense layers, ReLU between them, softmax at the end.
/// Evaluated in float, in the same order of operations as the exported C
/// header, so both give the same numbers.
struct Mlp {
  std::vector<DenseLayer> layers;

  std::size_t inputs() const { return layers.front().inputs; }
  std::size_t outputs() const { return layers.back().outputs; }
  /// Class probabilities for one standardised input row.
  std::vector<float> probabilities(const float* standardised) const;
  /// The same into `out`, using `scratch`: no allocation once both have
  /// grown to the widest layer.
  void probabilities(const float* standardised, std::vector<float>& out,
                     std::vector<float>& scratch) const;
  /// Probabilities of `n` standardised rows (row-major, n x inputs()), as
  /// n x outputs() row-major; the same numbers as probabilities(), faster.
  std::vector<float> probabilities_of_rows(const float* rows,
                                           std::size_t n) const;
};

/// A trained, self-describing detector.
struct Model {
  std::string shoal_version;
  std::string strategy;  ///< the config's label for the strategy run
  std::string plugin;    ///< the plugin that rebalanced the training set
  std::vector<std::string> feature_names;
  std::vector<std::string> class_names;
  int minority = 0;        ///< index of the rare class in class_names
  double threshold = 0.5;  ///< minority probability at which to flag
  Scaler scaler;
  Mlp network;
  nlohmann::json metrics;  ///< test-set metrics at training time
  Dataset test_set;        ///< raw (unscaled) held-out rows, for checks

  /// Probability of the minority class for one raw feature row.
  float minority_score(const double* raw) const;
  /// Class index for a minority score: the minority when score >=
  /// threshold, else the other class.
  int decide(float score) const;
  /// decide(minority_score(raw)).
  int predict(const double* raw) const;

  /// A short hex digest of the parameters that decide predictions.
  std::string hash() const;

  nlohmann::json to_json() const;
  /// Throws InputError naming `source` and the missing or bad field.
  static Model from_json(const nlohmann::json& j, const std::string& source);

  /// Atomic write as JSON.
  void save(const std::filesystem::path& path) const;
  /// Throws InputError when the file is missing or is not a shoal model.
  static Model load(const std::filesystem::path& path);
};

}  // namespace shoal
