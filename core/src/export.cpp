#include "shoal/export.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include "shoal/error.hpp"
#include "shoal/export_templates.inc"
#include "shoal/metrics.hpp"
#include "shoal/version.hpp"

namespace shoal {

// ---- Names --------------------------------------------------------------

std::string to_string(Precision precision) {
  return precision == Precision::int8 ? "int8" : "float32";
}

Precision parse_precision(const std::string& text) {
  if (text == "float32") return Precision::float32;
  if (text == "int8") return Precision::int8;
  throw InputError("precision '" + text + "' is not one of: float32, int8");
}

namespace {

/// Keywords of C (C89 to C23) and C++ (to C++20), alternative operator
/// spellings included: the header compiles as both languages, and the
/// prefix alone must not be one of them.
const std::set<std::string>& keywords() {
  static const std::set<std::string> all = {"_Alignas",
                                            "_Alignof",
                                            "_Atomic",
                                            "_BitInt",
                                            "_Bool",
                                            "_Complex",
                                            "_Decimal128",
                                            "_Decimal32",
                                            "_Decimal64",
                                            "_Generic",
                                            "_Imaginary",
                                            "_Noreturn",
                                            "_Pragma",
                                            "_Static_assert",
                                            "_Thread_local",
                                            "alignas",
                                            "alignof",
                                            "and",
                                            "and_eq",
                                            "asm",
                                            "auto",
                                            "bitand",
                                            "bitor",
                                            "bool",
                                            "break",
                                            "case",
                                            "catch",
                                            "char",
                                            "char16_t",
                                            "char32_t",
                                            "char8_t",
                                            "class",
                                            "co_await",
                                            "co_return",
                                            "co_yield",
                                            "compl",
                                            "concept",
                                            "const",
                                            "const_cast",
                                            "consteval",
                                            "constexpr",
                                            "constinit",
                                            "continue",
                                            "decltype",
                                            "default",
                                            "delete",
                                            "do",
                                            "double",
                                            "dynamic_cast",
                                            "else",
                                            "enum",
                                            "explicit",
                                            "export",
                                            "extern",
                                            "false",
                                            "float",
                                            "for",
                                            "friend",
                                            "goto",
                                            "if",
                                            "inline",
                                            "int",
                                            "long",
                                            "mutable",
                                            "namespace",
                                            "new",
                                            "noexcept",
                                            "not",
                                            "not_eq",
                                            "nullptr",
                                            "operator",
                                            "or",
                                            "or_eq",
                                            "private",
                                            "protected",
                                            "public",
                                            "register",
                                            "reinterpret_cast",
                                            "requires",
                                            "restrict",
                                            "return",
                                            "short",
                                            "signed",
                                            "sizeof",
                                            "static",
                                            "static_assert",
                                            "static_cast",
                                            "struct",
                                            "switch",
                                            "template",
                                            "this",
                                            "thread_local",
                                            "throw",
                                            "true",
                                            "try",
                                            "typedef",
                                            "typeid",
                                            "typename",
                                            "typeof",
                                            "typeof_unqual",
                                            "union",
                                            "unsigned",
                                            "using",
                                            "virtual",
                                            "void",
                                            "volatile",
                                            "wchar_t",
                                            "while",
                                            "xor",
                                            "xor_eq"};
  return all;
}

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

/// Why `prefix` cannot be used, or "" when it can.
std::string prefix_problem(const std::string& prefix) {
  if (prefix.empty()) return "it is empty";
  if (prefix.size() > kMaxPrefixLength) {
    return "it is longer than " + std::to_string(kMaxPrefixLength) +
           " characters";
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = prefix[i];
    if (is_ascii_letter(c) || c == '_' || (i > 0 && is_ascii_digit(c))) {
      continue;
    }
    return std::string(i == 0 && is_ascii_digit(c)
                           ? "it starts with a digit"
                           : "character " + std::to_string(i + 1) +
                                 " is not a letter, digit or underscore");
  }
  if (keywords().count(prefix)) return "it is a C or C++ keyword";
  if (prefix == "shoal_track" || prefix.rfind("shoal_track_", 0) == 0) {
    return "shoal_track is the prefix of the feature extractor "
           "(shoal_track.h), which a firmware may include beside the model";
  }
  if (prefix[0] == '_') {
    return "names starting with an underscore are reserved for the C "
           "implementation";
  }
  if (prefix.find("__") != std::string::npos) {
    return "names holding a double underscore are reserved in C++";
  }
  if (prefix.back() == '_') {
    return "it ends with an underscore, so the generated names would hold "
           "a double underscore";
  }
  return "";
}

}  // namespace

void check_c_prefix(const std::string& prefix) {
  std::string problem = prefix_problem(prefix);
  if (!problem.empty()) {
    throw InputError("prefix '" + prefix +
                     "' cannot start C names: " + problem);
  }
}

// ---- Quantisation -------------------------------------------------------

namespace {

/// The largest b in [-60, 60] with |value| * 2^b < limit, so that
/// round(value * 2^b) keeps as many digits as fit below `limit`.
int fraction_bits(double magnitude, double limit) {
  int bits = 60;
  while (bits > -60 && std::ldexp(magnitude, bits) >= limit) --bits;
  return bits;
}

/// Quantises one layer whose input carries the factor `scale_before`;
/// `bias` replaces the layer's own (in double, so that an offset added to
/// it loses nothing); returns the factor of the output in `scale_after`.
QuantisedLayer quantise_layer(const DenseLayer& layer,
                              const std::vector<double>& bias,
                              double scale_before, double& scale_after) {
  QuantisedLayer q;
  q.inputs = layer.inputs;
  q.outputs = layer.outputs;
  q.relu = layer.relu;
  float top = 0;
  for (float w : layer.weights) top = std::max(top, std::fabs(w));
  q.weight_scale = top > 0 ? top / 127.0 : 1.0;
  for (float w : layer.weights) {
    long v = std::lround(w / q.weight_scale);
    q.weights.push_back(static_cast<std::int8_t>(std::clamp(v, -127L, 127L)));
  }
  scale_after = scale_before * q.weight_scale;

  // Biases in the units of this layer's sums: divided by C_l.
  double largest = 0;
  for (double b : bias) largest = std::max(largest, std::fabs(b / scale_after));
  q.bias_bits = fraction_bits(largest, 0x1p28);
  for (double b : bias) {
    q.bias.push_back(static_cast<std::int32_t>(
        std::llround(std::ldexp(b / scale_after, q.bias_bits))));
  }
  return q;
}

}  // namespace

QuantisedMlp QuantisedMlp::from(const Mlp& mlp, double threshold,
                                int minority) {
  QuantisedMlp q;
  q.threshold_logit = std::log(threshold / (1 - threshold));
  double scale = 1;
  for (std::size_t k = 0; k < mlp.layers.size(); ++k) {
    const DenseLayer& layer = mlp.layers[k];
    std::vector<double> bias(layer.bias.begin(), layer.bias.end());
    if (k + 1 == mlp.layers.size()) {
      bias[static_cast<std::size_t>(minority)] -= q.threshold_logit;
    }
    double next = scale;
    q.layers.push_back(quantise_layer(layer, bias, scale, next));
    scale = next;
  }
  q.logit_scale = scale;
  return q;
}

// ---- The device's arithmetic --------------------------------------------

namespace {

void check_exportable(const Model& model, Precision precision) {
  if (model.class_names.size() != 2) {
    throw InputError("export: the model has " +
                     std::to_string(model.class_names.size()) +
                     " classes; the device header supports two");
  }
  for (std::size_t k = 0; k < model.network.layers.size(); ++k) {
    const DenseLayer& layer = model.network.layers[k];
    auto finite = [](float v) { return std::isfinite(v); };
    if (!std::all_of(layer.weights.begin(), layer.weights.end(), finite) ||
        !std::all_of(layer.bias.begin(), layer.bias.end(), finite)) {
      throw InputError("export: layer " + std::to_string(k) +
                       " holds a weight that is not a finite number");
    }
    if (precision == Precision::int8 && layer.inputs > kMaxInt8LayerInputs) {
      throw InputError("export: layer " + std::to_string(k) + " has " +
                       std::to_string(layer.inputs) +
                       " inputs; int8 supports at most " +
                       std::to_string(kMaxInt8LayerInputs));
    }
  }
  for (std::size_t j = 0; j < model.scaler.scale.size(); ++j) {
    float s = static_cast<float>(model.scaler.scale[j]);
    float m = static_cast<float>(model.scaler.mean[j]);
    if (!std::isfinite(m) || !std::isfinite(s) || !(s > 0)) {
      throw InputError("export: feature '" + model.feature_names[j] +
                       "' has a mean or scale that is not a finite positive "
                       "float");
    }
  }
}

/// The smallest float f with f >= t (t in double).
float float_at_least(double t) {
  float f = static_cast<float>(t);
  if (static_cast<double>(f) < t) f = std::nextafter(f, 2.0f);
  return f;
}

/// v * 2^-shift rounded half up; the C header's shift_round().
std::int32_t shift_round(std::int32_t v, int shift) {
  if (shift == 0) return v;
  if (shift > 30) return 0;
  std::uint32_t biased = static_cast<std::uint32_t>(v + 0x40000000) +
                         (std::uint32_t{1} << (shift - 1));
  return static_cast<std::int32_t>(biased >> shift) -
         static_cast<std::int32_t>(std::uint32_t{1} << (30 - shift));
}

/// The C header's dense(): returns the exponent of `out`.
int dense_int8(const QuantisedLayer& layer, const std::int16_t* q, int e,
               std::int32_t* out) {
  int g = std::max(e, -layer.bias_bits);
  for (std::size_t o = 0; o < layer.outputs; ++o) {
    const std::int8_t* w = &layer.weights[o * layer.inputs];
    std::int32_t acc = 0;
    for (std::size_t i = 0; i < layer.inputs; ++i) {
      acc += static_cast<std::int32_t>(w[i]) * q[i];
    }
    acc = shift_round(acc, g - e) +
          shift_round(layer.bias[o], g + layer.bias_bits);
    out[o] = (layer.relu && acc < 0) ? 0 : acc;
  }
  return g;
}

/// The C header's requantise(): returns the new exponent.
int requantise(const std::int32_t* v, std::size_t n, int g, std::int16_t* q) {
  std::uint32_t top = 0;
  for (std::size_t j = 0; j < n; ++j) {
    std::uint32_t m = v[j] < 0 ? static_cast<std::uint32_t>(-v[j])
                               : static_cast<std::uint32_t>(v[j]);
    top = std::max(top, m);
  }
  int r = 0;
  while ((top >> r) >= 0x4000u) ++r;
  for (std::size_t j = 0; j < n; ++j) {
    q[j] = static_cast<std::int16_t>(shift_round(v[j], r));
  }
  return g + r;
}

/// The C header's quantise_input(): q[j] = z[j] * 2^(140 - top) rounded,
/// top the largest biased binary exponent among the z[j]; returns the
/// exponent of q.
int quantise_input(const std::vector<float>& z, std::int16_t* q) {
  auto bits = [](float f) {
    std::uint32_t b;
    std::memcpy(&b, &f, sizeof b);
    return b;
  };
  int top = 0;
  for (float v : z)
    top = std::max(top, static_cast<int>((bits(v) >> 23) & 0xFFu));
  for (std::size_t j = 0; j < z.size(); ++j) {
    std::uint32_t b = bits(z[j]);
    int exponent = static_cast<int>((b >> 23) & 0xFFu);
    auto m = static_cast<std::int32_t>(b & 0x7FFFFFu);
    if (exponent > 0) {
      m += 0x800000;
    } else {
      exponent = 1;
    }
    if (b >> 31) m = -m;
    q[j] = static_cast<std::int16_t>(shift_round(m, top + 10 - exponent));
  }
  return top - 140;
}

}  // namespace

DeviceModel::DeviceModel(const Model& model, Precision precision,
                         double threshold)
    : network_(model.network),
      minority_(model.minority),
      precision_(precision),
      threshold_(float_at_least(threshold)) {
  if (!(threshold > 0 && threshold < 1)) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", threshold);
    throw InputError(std::string("export: decision threshold ") + text +
                     " must lie strictly between 0 and 1 (at 0 or 1 every "
                     "track would get the same class)");
  }
  check_exportable(model, precision);
  for (std::size_t j = 0; j < model.scaler.mean.size(); ++j) {
    mean_.push_back(static_cast<float>(model.scaler.mean[j]));
    scale_.push_back(static_cast<float>(model.scaler.scale[j]));
  }
  if (precision == Precision::int8) {
    int8_ = QuantisedMlp::from(network_, threshold, minority_);
  }
}

std::size_t DeviceModel::max_width() const {
  std::size_t width = network_.inputs();
  for (const DenseLayer& layer : network_.layers) {
    width = std::max(width, layer.outputs);
  }
  return width;
}

std::vector<float> DeviceModel::standardise(const float* features) const {
  std::vector<float> z(mean_.size());
  for (std::size_t j = 0; j < z.size(); ++j) {
    z[j] = (features[j] - mean_[j]) / scale_[j];
  }
  return z;
}

float DeviceModel::score_float32(const float* features) const {
  // Mlp::probabilities sums and normalises exactly as the header does.
  std::vector<float> z = standardise(features);
  return network_.probabilities(z.data())[static_cast<std::size_t>(minority_)];
}

void DeviceModel::logit_difference_int8(const float* features,
                                        std::int32_t& mantissa,
                                        int& exponent) const {
  std::vector<std::int16_t> q(max_width());
  std::vector<std::int32_t> v(max_width());
  int e = quantise_input(standardise(features), q.data());
  for (std::size_t k = 0; k < int8_.layers.size(); ++k) {
    e = dense_int8(int8_.layers[k], q.data(), e, v.data());
    if (k + 1 < int8_.layers.size()) {
      e = requantise(v.data(), int8_.layers[k].outputs, e, q.data());
    }
  }
  mantissa = v[static_cast<std::size_t>(minority_)] -
             v[static_cast<std::size_t>(1 - minority_)];
  exponent = e;
}

float DeviceModel::score(const float* features) const {
  if (precision_ == Precision::float32) return score_float32(features);
  std::int32_t d = 0;
  int g = 0;
  logit_difference_int8(features, d, g);
  float logit = std::ldexp(static_cast<float>(d), g) *
                    static_cast<float>(int8_.logit_scale) +
                static_cast<float>(int8_.threshold_logit);
  return 1.0f / (1.0f + std::exp(-logit));
}

int DeviceModel::predict(const float* features) const {
  bool flag;
  if (precision_ == Precision::float32) {
    flag = score_float32(features) >= threshold_;
  } else {
    std::int32_t d = 0;
    int g = 0;
    logit_difference_int8(features, d, g);
    flag = d >= 0;
  }
  return flag ? minority_ : 1 - minority_;
}

// ---- C text ---------------------------------------------------------------

namespace {

/// The shortest decimal that reads back as the same float, as a C literal.
std::string c_float(float v) {
  char text[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(v));
    if (std::strtof(text, nullptr) == v) break;
  }
  std::string literal = text;
  if (literal.find_first_of(".e") == std::string::npos) literal += ".0";
  return literal + "f";
}

/// `text` as the inside of a C string literal: quotes, backslashes and
/// anything outside printable ASCII escaped (octal, three digits, so a
/// following digit cannot join the escape).
std::string c_string(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c > 0x7e || c == '?') {
      // '?' too: two of them could start a trigraph in C99.
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\%03o", c);
      out += escape;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

/// `text` as adjacent C string literals, one per line ending in a macro
/// continuation except the last, so that a long string stays in 80 columns.
std::string c_string_lines(const std::string& text) {
  std::string out, chunk;
  for (char c : text) {
    std::string piece = c_string(std::string(1, c));
    if (chunk.size() + piece.size() > 70) {
      out += "    \"" + chunk + "\" \\\n";
      chunk.clear();
    }
    chunk += piece;
  }
  return out + "    \"" + chunk + "\"";
}

/// `text` safe inside a C block comment, on one line.
std::string comment_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') c = ' ';
    if (c == '/' && !out.empty() && out.back() == '*') out += ' ';
    out += c;
  }
  return out;
}

std::string uppercase(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

/// `open`, the items separated by ", ", then `close` and a newline, wrapped
/// to 80 columns; every line starts with `indent`, continuation lines also
/// with spaces as wide as `open`.
std::string wrap(const std::vector<std::string>& items,
                 const std::string& indent, const std::string& open = "",
                 const std::string& close = "") {
  const std::string hang = indent + std::string(open.size(), ' ');
  std::string out, line = indent + open;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string item = items[i] + (i + 1 < items.size() ? "," : close);
    if (line.size() > hang.size()) {
      if (line.size() + 1 + item.size() > 80) {
        out += line + "\n";
        line = hang;
      } else {
        line += " ";
      }
    }
    line += item;
  }
  return out + line + "\n";
}

/// Items for the body of an initialiser: 4-space indent, wrapped.
std::string wrap_items(const std::vector<std::string>& items) {
  return wrap(items, "    ");
}

template <typename T, typename Format>
std::string table_body(const std::vector<T>& values, Format format) {
  std::vector<std::string> items;
  for (const T& v : values) items.push_back(format(v));
  return wrap_items(items);
}

std::string quoted_names(const std::vector<std::string>& names) {
  return table_body(
      names, [](const std::string& n) { return "\"" + c_string(n) + "\""; });
}

std::string float_body(const std::vector<float>& values) {
  return table_body(values, c_float);
}

std::string float_body(const std::vector<double>& values) {
  return table_body(values,
                    [](double v) { return c_float(static_cast<float>(v)); });
}

/// Replaces every {{key}} of `text` with values.at(key).
std::string fill(const std::string& text,
                 const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    std::size_t open = text.find("{{", at);
    if (open == std::string::npos) break;
    std::size_t close = text.find("}}", open);
    std::string key = text.substr(open + 2, close - open - 2);
    auto it = values.find(key);
    if (close == std::string::npos || it == values.end()) {
      throw RunError("export template: no value for '{{" + key + "}}'");
    }
    out += text.substr(at, open - at) + it->second;
    at = close + 2;
  }
  return out + text.substr(at);
}

}  // namespace

// ---- Layer tables and the forward pass ---------------------------------

namespace {

std::string layer_comment(std::size_t k, const DenseLayer& layer) {
  return "/* Layer " + std::to_string(k) + ": " + std::to_string(layer.inputs) +
         " inputs, " + std::to_string(layer.outputs) + " outputs, " +
         (layer.relu ? "ReLU" : "linear (the logits)") + "; weight[o * " +
         std::to_string(layer.inputs) + " + i]. */\n";
}

/// The layer type and the table of layers that the forward loop walks.
std::string layer_index(const std::string& p, std::size_t count,
                        const std::string& fields,
                        const std::vector<std::string>& rows) {
  std::string out =
      "/* One layer: weight[o * n_in + i], bias[o], and whether ReLU follows\n"
      " * (every layer but the last, which gives the logits). */\n"
      "typedef struct " +
      p + "_layer {\n" + fields +
      "  uint16_t n_in;\n  uint16_t n_out;\n  uint16_t relu;\n} " + p +
      "_layer;\n\n#define " + uppercase(p) + "_N_LAYERS " +
      std::to_string(count) + "\nstatic const " + p + "_layer\n    " + p +
      "_layers[" + uppercase(p) + "_N_LAYERS] = {\n";
  for (const std::string& row : rows) out += "    {" + row + "},\n";
  return out + "};\n\n";
}

std::string layer_row(const std::string& p, std::size_t k,
                      const std::string& extra, std::size_t inputs,
                      std::size_t outputs, bool relu) {
  std::string n = std::to_string(k);
  return p + "_w" + n + ", " + p + "_b" + n + ", " + extra +
         std::to_string(inputs) + ", " + std::to_string(outputs) + ", " +
         (relu ? "1" : "0");
}

std::string layer_tables_float32(const Mlp& mlp, const std::string& p) {
  std::string out;
  std::vector<std::string> rows;
  for (std::size_t k = 0; k < mlp.layers.size(); ++k) {
    const DenseLayer& layer = mlp.layers[k];
    std::string n = std::to_string(k);
    out += layer_comment(k, layer);
    out += "static const float " + p + "_w" + n + "[" +
           std::to_string(layer.inputs) + " * " +
           std::to_string(layer.outputs) + "] = {\n" +
           float_body(layer.weights) + "};\n";
    out += "static const float " + p + "_b" + n + "[" +
           std::to_string(layer.outputs) + "] = {\n" + float_body(layer.bias) +
           "};\n\n";
    rows.push_back(
        layer_row(p, k, "", layer.inputs, layer.outputs, layer.relu));
  }
  return out + layer_index(p, mlp.layers.size(),
                           "  const float* weights;\n  const float* bias;\n",
                           rows);
}

std::string layer_tables_int8(const Mlp& mlp, const QuantisedMlp& q,
                              const std::string& p) {
  const std::string P = uppercase(p);
  std::string out =
      "/* The logit difference is the network's value times this (the\n"
      " * product of the layers' weight scales). */\n"
      "#define " +
      P + "_LOGIT_SCALE " + c_float(static_cast<float>(q.logit_scale)) +
      "\n/* ln(t / (1 - t)) for the threshold t: subtracted from the minority\n"
      " * logit's bias, so that the decision is the sign of the difference. "
      "*/\n"
      "#define " +
      P + "_THRESHOLD_LOGIT " + c_float(static_cast<float>(q.threshold_logit)) +
      "\n\n";
  std::vector<std::string> rows;
  for (std::size_t k = 0; k < q.layers.size(); ++k) {
    const QuantisedLayer& layer = q.layers[k];
    std::string n = std::to_string(k);
    out += layer_comment(k, mlp.layers[k]);
    out += "/* Weight = table value * " +
           c_float(static_cast<float>(layer.weight_scale)) +
           ". Bias = table value * 2^-" + std::to_string(layer.bias_bits) +
           ",\n * in the network's units. */\n";
    out += "static const int8_t " + p + "_w" + n + "[" +
           std::to_string(layer.inputs) + " * " +
           std::to_string(layer.outputs) + "] = {\n" +
           table_body(layer.weights,
                      [](std::int8_t v) { return std::to_string(v); }) +
           "};\n";
    out += "static const int32_t " + p + "_b" + n + "[" +
           std::to_string(layer.outputs) + "] = {\n" +
           table_body(layer.bias,
                      [](std::int32_t v) { return std::to_string(v); }) +
           "};\n\n";
    rows.push_back(layer_row(p, k, std::to_string(layer.bias_bits) + ", ",
                             layer.inputs, layer.outputs, layer.relu));
  }
  return out + layer_index(p, q.layers.size(),
                           "  const int8_t* weights;\n  const int32_t* bias;\n"
                           "  int16_t bias_bits; /* bias[o] * 2^-bias_bits "
                           "*/\n",
                           rows);
}

}  // namespace

// ---- Self-test vectors, metrics, footprint -------------------------------

namespace {

struct SelfTestVector {
  std::vector<float> features;
  int predicted = 0;
  float score = 0;
  std::vector<bool> live;  ///< parameters that can change its output
};

/// Candidate inputs: the test rows, or points around the training mean
/// when the model carries no test set.
std::vector<std::vector<float>> candidate_inputs(const Model& model) {
  std::vector<std::vector<float>> rows;
  const Dataset& t = model.test_set;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    rows.emplace_back(t.row(i), t.row(i) + t.cols());
  }
  if (!rows.empty()) return rows;
  for (int step = -3; step <= 3; ++step) {
    std::vector<float> x;
    for (std::size_t j = 0; j < model.scaler.mean.size(); ++j) {
      double sign = (j % 2 == 0) ? 1 : -1;
      x.push_back(static_cast<float>(model.scaler.mean[j] +
                                     sign * step * model.scaler.scale[j]));
    }
    rows.push_back(x);
  }
  return rows;
}

/// Which parameters (each layer's weights, then its biases, in order) can
/// change the output for raw input `x`: a weight whose input is zero, or
/// that feeds a ReLU unit held at zero, cannot. Computed in float like the
/// header.
std::vector<bool> live_parameters(const Model& model,
                                  const std::vector<float>& x) {
  std::vector<float> in(x.size());
  for (std::size_t j = 0; j < x.size(); ++j) {
    in[j] = (x[j] - static_cast<float>(model.scaler.mean[j])) /
            static_cast<float>(model.scaler.scale[j]);
  }
  std::vector<bool> live;
  for (const DenseLayer& layer : model.network.layers) {
    std::vector<float> out(layer.outputs);
    std::vector<bool> bias_live(layer.outputs);
    for (std::size_t o = 0; o < layer.outputs; ++o) {
      float acc = layer.bias[o];
      for (std::size_t i = 0; i < layer.inputs; ++i) {
        acc += layer.weights[o * layer.inputs + i] * in[i];
      }
      bool passes = !layer.relu || acc > 0;
      out[o] = passes ? acc : 0;
      bias_live[o] = passes;
      for (std::size_t i = 0; i < layer.inputs; ++i) {
        live.push_back(passes && in[i] != 0);
      }
    }
    live.insert(live.end(), bias_live.begin(), bias_live.end());
    in.swap(out);
  }
  return live;
}

/// How many of `units` are set and not yet in `covered`.
std::size_t newly_covered(const std::vector<bool>& units,
                          const std::vector<bool>& covered) {
  std::size_t n = 0;
  for (std::size_t u = 0; u < units.size(); ++u) n += units[u] && !covered[u];
  return n;
}

/// The distance in score from `v` to the nearest chosen vector.
float score_gap(const SelfTestVector& v,
                const std::vector<SelfTestVector>& chosen) {
  float gap = 2;
  for (const auto& c : chosen)
    gap = std::min(gap, std::fabs(v.score - c.score));
  return gap;
}

/// Up to `count` vectors, chosen greedily: first the lowest and highest
/// scores (both classes when there are both), then each time the vector
/// that brings the most parameters into play for the first time, so that a
/// damaged weight is likely to show, or, once no vector adds any, the one
/// farthest in score from those chosen. Vectors stay away from the
/// threshold (by 0.05 when enough rows allow) so that small differences in
/// libm or rounding cannot flip a class on the device.
std::vector<SelfTestVector> select_self_test(const Model& model,
                                             const DeviceModel& device,
                                             std::size_t count) {
  std::vector<SelfTestVector> all, clear;
  for (auto& x : candidate_inputs(model)) {
    SelfTestVector v{x, device.predict(x.data()), device.score(x.data()),
                     live_parameters(model, x)};
    if (std::fabs(v.score - device.threshold()) >= 0.05f) clear.push_back(v);
    all.push_back(std::move(v));
  }
  std::vector<SelfTestVector> pool = clear.empty() ? all : clear;
  std::stable_sort(pool.begin(), pool.end(), [](const auto& a, const auto& b) {
    return a.score < b.score;
  });
  std::vector<SelfTestVector> chosen{pool.front()};
  if (pool.size() > 1 && count > 1) chosen.push_back(pool.back());
  std::vector<bool> covered(pool.front().live.size(), false);
  for (const auto& c : chosen) {
    for (std::size_t u = 0; u < covered.size(); ++u)
      covered[u] = covered[u] || c.live[u];
  }
  while (chosen.size() < std::min(count, pool.size())) {
    auto better = [&](const SelfTestVector& a, const SelfTestVector& b) {
      std::size_t na = newly_covered(a.live, covered);
      std::size_t nb = newly_covered(b.live, covered);
      if (na != nb) return na < nb;
      return score_gap(a, chosen) < score_gap(b, chosen);
    };
    const SelfTestVector& next =
        *std::max_element(pool.begin(), pool.end(), better);
    for (std::size_t u = 0; u < covered.size(); ++u)
      covered[u] = covered[u] || next.live[u];
    chosen.push_back(next);
  }
  std::stable_sort(
      chosen.begin(), chosen.end(),
      [](const auto& a, const auto& b) { return a.score < b.score; });
  return chosen;
}

/// Scalar leaves of a metrics object, keys joined with '.'.
void flatten_metrics(const nlohmann::json& j, const std::string& key,
                     std::vector<std::pair<std::string, double>>& out) {
  if (j.is_number()) {
    out.emplace_back(key, j.get<double>());
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      flatten_metrics(v, key.empty() ? k : key + "." + k, out);
    }
  }
}

std::string metric_number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

/// Metrics of this header's decisions on the model's test set, or the
/// model's training-time metrics when it carries no test set.
nlohmann::json header_metrics(const Model& model, const DeviceModel& device) {
  const Dataset& t = model.test_set;
  if (t.rows() == 0) return model.metrics;
  std::vector<int> predicted;
  std::vector<double> scores;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    std::vector<float> x(t.row(i), t.row(i) + t.cols());
    predicted.push_back(device.predict(x.data()));
    scores.push_back(device.score(x.data()));
  }
  Metrics m = compute_metrics(t.labels, predicted, scores, model.minority,
                              model.class_names.size());
  return metrics_to_json(m, model.class_names);
}

/// The largest inputs + outputs of a layer: the float32 header's buffer.
std::size_t activation_room(const Mlp& mlp) {
  std::size_t room = 0;
  for (const DenseLayer& layer : mlp.layers) {
    room = std::max(room, layer.inputs + layer.outputs);
  }
  return room;
}

Footprint measure(const Model& model, const DeviceModel& device,
                  std::size_t self_tests) {
  Footprint f;
  const std::size_t n = model.feature_names.size();
  const std::size_t width = device.max_width();
  const bool int8 = device.precision() == Precision::int8;
  f.table_bytes = 2 * n * sizeof(float);
  for (const DenseLayer& layer : model.network.layers) {
    f.table_bytes += layer.inputs * layer.outputs * (int8 ? 1 : 4);
    f.table_bytes += layer.outputs * 4;
    // Its entry in the layer index: two pointers and 16-bit fields, which
    // pad to 16 bytes on a 32-bit core in both precisions.
    f.table_bytes += 16;
  }
  f.self_test_bytes = self_tests * (n * sizeof(float) + sizeof(float) + 1);
  // Pointer tables are counted at 4 bytes, the size on a Cortex-M.
  for (const auto& name : model.feature_names) f.name_bytes += name.size() + 5;
  for (const auto& name : model.class_names) f.name_bytes += name.size() + 5;
  f.stack_bytes = int8 ? width * (2 + 4) + n * sizeof(float)
                       : activation_room(model.network) * sizeof(float);
  return f;
}

}  // namespace

// ---- The header ----------------------------------------------------------

namespace {

/// What a firmware engineer should know about each fish feature.
std::string feature_meaning(const std::string& name) {
  static const std::map<std::string, std::string> known = {
      {"f.meanSpeed", "mean speed, pixels per frame"},
      {"f.sdSpeed", "standard deviation of speed, pixels per frame"},
      {"f.minSpeed", "minimum speed, pixels per frame"},
      {"f.maxSpeed", "maximum speed, pixels per frame"},
      {"f.meanAcc", "mean acceleration, pixels per frame^2"},
      {"f.sdAcc", "standard deviation of acceleration, pixels per frame^2"},
      {"f.minAcc", "minimum acceleration, pixels per frame^2"},
      {"f.maxAcc", "maximum acceleration, pixels per frame^2"}};
  auto it = known.find(name);
  return it != known.end() ? it->second : "units of the training CSV's column";
}

struct BannerFacts {
  std::string prefix;
  std::string threshold_source;
  std::size_t test_rows = 0;
  nlohmann::json metrics;
  Footprint footprint;
};

std::string banner_features(const Model& model) {
  std::string out;
  char line[160];
  for (std::size_t j = 0; j < model.feature_names.size(); ++j) {
    std::snprintf(line, sizeof line, " *   %2zu  %-12s %s\n", j,
                  comment_text(model.feature_names[j]).c_str(),
                  feature_meaning(model.feature_names[j]).c_str());
    out += line;
  }
  return out;
}

std::string banner_metrics(const BannerFacts& facts) {
  std::vector<std::pair<std::string, double>> flat;
  flatten_metrics(facts.metrics, "", flat);
  std::vector<std::string> items;
  for (const auto& [key, value] : flat) {
    items.push_back(comment_text(key) + " " + metric_number(value));
  }
  std::string body = wrap_items(items), out;
  std::istringstream lines(body);
  for (std::string line; std::getline(lines, line);) {
    out += " *" + line.substr(1) + "\n";
  }
  return out;
}

/// `text` as block-comment lines (" * ..."), words wrapped at 80 columns.
std::string comment_paragraph(const std::string& text) {
  std::istringstream words(text);
  std::string out, line = " *", word;
  while (words >> word) {
    if (line.size() + 1 + word.size() > 80 && line.size() > 2) {
      out += line + "\n";
      line = " *";
    }
    line += " " + word;
  }
  return out + line + "\n";
}

std::string banner_decision(const Model& model, const DeviceModel& device,
                            const BannerFacts& facts) {
  const std::string& p = facts.prefix;
  const int other = 1 - model.minority;
  const std::string rare = comment_text(model.class_names[model.minority]);
  return comment_paragraph(
      "Decision: " + p + "_predict() returns " +
      std::to_string(model.minority) + " (\"" + rare +
      "\", the minority class) when the network's probability of \"" + rare +
      "\" is at least " + uppercase(p) +
      "_THRESHOLD = " + c_float(device.threshold()) + " (" +
      facts.threshold_source + "), otherwise " + std::to_string(other) +
      " (\"" + comment_text(model.class_names[other]) +
      "\"). A higher threshold raises fewer alarms and misses more \"" + rare +
      "\" cases; a lower one the reverse. " + p +
      "_score() returns the probability.");
}

std::string banner(const Model& model, const DeviceModel& device,
                   const BannerFacts& facts) {
  const std::string& p = facts.prefix;
  const Footprint& f = facts.footprint;
  const bool int8 = device.precision() == Precision::int8;
  std::string text =
      "/*\n * " + p + ": detects the class \"" +
      comment_text(model.class_names[model.minority]) + "\" from " +
      std::to_string(model.feature_names.size()) +
      " features.\n *\n * GENERATED FILE, written by shoal " + kVersion +
      " (`shoal export`). Do not edit:\n * export the model again instead."
      "\n *\n * Model:     " +
      model.hash() + ", trained by shoal " + comment_text(model.shoal_version) +
      "\n * Strategy:  " + comment_text(model.strategy) + " (plugin " +
      comment_text(model.plugin) + ")\n * Precision: " +
      (int8 ? "int8 weights, integer multiply-accumulate\n"
            : "float32, IEEE single precision throughout\n") +
      " *\n * Input: the raw features, in this order and these units; the "
      "header\n * standardises them itself.\n" +
      banner_features(model) + " *\n" + banner_decision(model, device, facts) +
      " *\n";
  text += facts.test_rows > 0
              ? " * This header's metrics on the model's " +
                    std::to_string(facts.test_rows) + " test rows:\n"
              : " * Test-set metrics recorded at training time:\n";
  text += banner_metrics(facts);
  text +=
      " *\n * Linkage: every function is static inline and every table "
      "static const,\n * so the header may be included in several files of "
      "a program, next to\n * headers exported with other prefixes. No heap, "
      "no mutable globals.\n * Memory: " +
      std::to_string(f.table_bytes) + " bytes of tables and " +
      std::to_string(f.self_test_bytes) +
      " bytes of self-test vectors in flash;\n * " +
      std::to_string(f.stack_bytes) +
      " bytes of stack for one inference's activations, plus the call\n"
      " * frames of the inference and of any floating-point library.\n */";
  return text;
}

std::string self_test_rows(const std::vector<SelfTestVector>& vectors) {
  std::string out;
  for (const auto& v : vectors) {
    std::vector<std::string> items;
    for (float x : v.features) items.push_back(c_float(x));
    out += wrap(items, "    ", "{", "},");
  }
  return out;
}

std::map<std::string, std::string> header_values(
    const Model& model, const DeviceModel& device, const BannerFacts& facts,
    const std::vector<SelfTestVector>& tests) {
  const std::string& p = facts.prefix;
  std::vector<int> classes;
  std::vector<float> scores;
  for (const auto& v : tests) {
    classes.push_back(v.predicted);
    scores.push_back(v.score);
  }
  const bool int8 = device.precision() == Precision::int8;
  std::map<std::string, std::string> values = {
      {"prefix", p},
      {"PREFIX", uppercase(p)},
      {"banner", banner(model, device, facts)},
      {"shoal_version", c_string(kVersion)},
      {"model_hash", model.hash()},
      {"strategy", c_string(model.strategy)},
      {"precision", to_string(device.precision())},
      {"metrics_json", c_string_lines(facts.metrics.dump())},
      {"n_features", std::to_string(model.feature_names.size())},
      {"minority", std::to_string(model.minority)},
      {"other", std::to_string(1 - model.minority)},
      {"threshold", c_float(device.threshold())},
      {"max_width", std::to_string(device.max_width())},
      {"activations", std::to_string(activation_room(model.network))},
      {"feature_names", quoted_names(model.feature_names)},
      {"class_names", quoted_names(model.class_names)},
      {"mean", float_body(model.scaler.mean)},
      {"scale", float_body(model.scaler.scale)},
      {"layer_tables",
       int8 ? layer_tables_int8(model.network, device.quantised(), p)
            : layer_tables_float32(model.network, p)},
      {"n_self_test", std::to_string(tests.size())},
      {"self_test_features", self_test_rows(tests)},
      {"self_test_classes",
       table_body(classes, [](int c) { return std::to_string(c); })},
      {"self_test_scores", float_body(scores)}};
  values["inference"] = fill(int8 ? export_templates::kInferenceInt8
                                  : export_templates::kInferenceFloat32,
                             values);
  return values;
}

}  // namespace

ExportResult export_header(const Model& model, const ExportOptions& options) {
  check_c_prefix(options.prefix);
  BannerFacts facts;
  facts.prefix = options.prefix;
  double threshold = options.threshold.value_or(model.threshold);
  facts.threshold_source =
      options.threshold ? "set at export" : "the model's own threshold";
  DeviceModel device(model, options.precision, threshold);

  std::vector<SelfTestVector> tests =
      select_self_test(model, device, options.self_test_vectors);
  facts.test_rows = model.test_set.rows();
  facts.metrics = header_metrics(model, device);
  facts.footprint = measure(model, device, tests.size());

  ExportResult result;
  result.header = fill(export_templates::kHeader,
                       header_values(model, device, facts, tests));
  result.footprint = facts.footprint;
  result.threshold = device.threshold();
  result.self_test_vectors = tests.size();
  std::vector<bool> covered = tests.front().live;
  for (const auto& v : tests) {
    for (std::size_t u = 0; u < covered.size(); ++u) {
      covered[u] = covered[u] || v.live[u];
    }
  }
  result.parameters = covered.size();
  result.parameters_exercised = static_cast<std::size_t>(
      std::count(covered.begin(), covered.end(), true));
  const Dataset& t = model.test_set;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    std::vector<float> x(t.row(i), t.row(i) + t.cols());
    int engine = model.minority_score(t.row(i)) >= threshold
                     ? model.minority
                     : 1 - model.minority;
    result.agreeing_rows += device.predict(x.data()) == engine ? 1 : 0;
  }
  result.compared_rows = t.rows();
  return result;
}

}  // namespace shoal
