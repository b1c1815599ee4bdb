#pragma once
/// Turning a trained model into one self-contained C header for the
/// aquarium device: tables, input scaling, the decision threshold, metadata
/// and self-test vectors, in float32 or with int8 weights.
///
/// The header computes exactly what DeviceModel computes here, operation
/// for operation, so the generator can predict the device's numbers: the
/// self-test vectors it writes and the int8 agreement it reports come from
/// DeviceModel, and the C tests check the compiled header against it and
/// against the engine (Model::minority_score).
///
/// Int8 arithmetic
/// ===============
/// Each layer's weights are quantised symmetrically with one scale per
/// layer, s_l = max|W_l| / 127, to q = round(W / s_l) in [-127, 127].
/// Because ReLU is positively homogeneous (relu(c v) = c relu(v) for c > 0),
/// the scales need not be applied at run time: the network carries values
/// divided by C_l = s_1 ... s_l, and each bias is divided by C_l when
/// exported. What is left at run time is integer work and power-of-two
/// shifts:
/// - the standardised input (computed in float, as in float32) is scaled by
///   a power of two so that its largest magnitude fills 14 bits, and
///   rounded to int16 mantissas sharing one exponent e;
/// - each layer multiplies int8 weights by int16 activations into int32
///   sums, adds the bias aligned to the same power of two, applies ReLU and
///   rescales the sums back to int16 with a new shared exponent;
/// - the threshold's logit ln(t / (1 - t)) is subtracted from the minority
///   output's bias, so the decision is the sign of the integer difference
///   of the two outputs.
/// The exponent is found per inference, so no calibration data is needed
/// and no input is ever clipped. Only the score, for display, uses expf().

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shoal/model.hpp"

namespace shoal {

/// Number format of the exported network.
enum class Precision { float32, int8 };

/// "float32" or "int8".
std::string to_string(Precision precision);

/// Parses "float32" or "int8"; throws InputError naming the bad value.
Precision parse_precision(const std::string& text);

/// Throws InputError unless `prefix` can start every symbol of a header:
/// a C identifier of at most kMaxPrefixLength characters, not a C or C++
/// keyword, not reserved (no leading underscore, no double underscore) and
/// not ending in an underscore (the generated names would then hold one).
/// The message names the prefix and the reason.
void check_c_prefix(const std::string& prefix);

/// Longest prefix accepted: with the longest suffix the header appends,
/// names stay within the 63 significant characters C99 guarantees for
/// internal identifiers.
inline constexpr std::size_t kMaxPrefixLength = 40;

/// Widest layer input the int8 header accepts: keeps every int32 sum of
/// int8 x int16 products, plus the bias, below 2^30.
inline constexpr std::size_t kMaxInt8LayerInputs = 256;

/// One layer of the int8 network.
struct QuantisedLayer {
  std::size_t inputs = 0;
  std::size_t outputs = 0;
  std::vector<std::int8_t> weights;  ///< weights[o * inputs + i]
  double weight_scale = 1;           ///< s_l: real weight = q * s_l
  /// Bias divided by C_l, as bias[o] * 2^-bias_bits.
  std::vector<std::int32_t> bias;
  int bias_bits = 0;
  bool relu = true;
};

/// The int8 network. The threshold is built in: the minority logit's bias
/// is lowered by ln(t / (1 - t)), so that the minority class is chosen
/// exactly when the logit difference it computes is >= 0.
struct QuantisedMlp {
  std::vector<QuantisedLayer> layers;
  double logit_scale = 1;      ///< C_L: real logit = network value * C_L
  double threshold_logit = 0;  ///< ln(t / (1 - t)), added back for scores

  /// Quantises `mlp` (two outputs) for decision threshold `threshold`.
  static QuantisedMlp from(const Mlp& mlp, double threshold, int minority);
};

/// The model as the exported header computes it: float features in, the
/// same roundings as the C code. Used to write self-test vectors, to report
/// int8 agreement, and as the reference in tests.
class DeviceModel {
 public:
  /// Throws InputError when the model cannot be exported (not two classes,
  /// a weight that is not finite, a layer too wide for int8) or the
  /// threshold is not strictly between 0 and 1.
  DeviceModel(const Model& model, Precision precision, double threshold);

  /// Probability of the minority class.
  float score(const float* features) const;
  /// Class index: the minority when its probability reaches the threshold.
  int predict(const float* features) const;

  Precision precision() const { return precision_; }
  /// The threshold as the header stores it: the smallest float that is
  /// >= the requested threshold, so score >= it in float means the same as
  /// score >= the requested value in double.
  float threshold() const { return threshold_; }
  const QuantisedMlp& quantised() const { return int8_; }
  /// Largest layer width: the length of each activation buffer.
  std::size_t max_width() const;

 private:
  std::vector<float> standardise(const float* features) const;
  float score_float32(const float* features) const;
  /// Logit difference minority - other as mantissa * 2^exponent.
  void logit_difference_int8(const float* features, std::int32_t& mantissa,
                             int& exponent) const;

  Mlp network_;
  int minority_;
  Precision precision_;
  float threshold_;
  std::vector<float> mean_;
  std::vector<float> scale_;
  QuantisedMlp int8_;
};

/// How to export.
struct ExportOptions {
  std::string prefix = "shoal_model";
  Precision precision = Precision::float32;
  /// Replaces the model's own threshold when set.
  std::optional<double> threshold;
  /// Upper bound on the self-test vectors taken from the test set.
  std::size_t self_test_vectors = 6;
};

/// Memory the exported model needs on the device.
struct Footprint {
  std::size_t table_bytes = 0;      ///< weights, biases, scaling, layer index
  std::size_t self_test_bytes = 0;  ///< self-test vectors (flash)
  std::size_t name_bytes = 0;       ///< feature, class and status names
  std::size_t stack_bytes = 0;      ///< activation buffers of one inference
};

/// A generated header and what the command reports about it.
struct ExportResult {
  std::string header;
  Footprint footprint;
  float threshold = 0.5f;
  std::size_t self_test_vectors = 0;
  /// Weights and biases of the network, and how many of them can change
  /// the output of at least one self-test vector (not multiplied by a zero
  /// input, not feeding a ReLU held at zero): damage to the others cannot
  /// show in the self-test.
  std::size_t parameters = 0;
  std::size_t parameters_exercised = 0;
  /// Test rows where DeviceModel's decision equals Model::predict at the
  /// same threshold, out of compared_rows (all test rows).
  std::size_t agreeing_rows = 0;
  std::size_t compared_rows = 0;
};

/// Generates the header. Throws InputError for a bad prefix, a threshold
/// outside (0, 1) and everything DeviceModel refuses.
ExportResult export_header(const Model& model, const ExportOptions& options);

}  // namespace shoal
