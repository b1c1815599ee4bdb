#include "shoal/model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "fnv1a.hpp"
#include "shoal/error.hpp"
#include "shoal/io.hpp"
#include "shoal/version.hpp"

namespace shoal {

namespace {

constexpr const char* kFormat = "shoal-model";
constexpr int kFormatVersion = 1;

}  // namespace

Scaler Scaler::fit(const Dataset& data) {
  Scaler s;
  const std::size_t n = data.rows(), d = data.cols();
  s.mean.assign(d, 0.0);
  s.scale.assign(d, 1.0);
  if (n == 0) return s;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < d; ++j) s.mean[j] += data.row(i)[j];
  }
  for (double& m : s.mean) m /= static_cast<double>(n);
  std::vector<double> var(d, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < d; ++j) {
      double dev = data.row(i)[j] - s.mean[j];
      var[j] += dev * dev;
    }
  }
  for (std::size_t j = 0; j < d; ++j) {
    double sd = std::sqrt(var[j] / static_cast<double>(n));
    // A constant column carries no information; scale 1 maps it to 0.
    s.scale[j] = sd > 0 ? sd : 1.0;
  }
  return s;
}

void Scaler::apply(Dataset& data) const {
  for (std::size_t i = 0; i < data.rows(); ++i) {
    double* x = data.row(i);
    for (std::size_t j = 0; j < data.cols(); ++j) {
      x[j] = (x[j] - mean[j]) / scale[j];
    }
  }
}

namespace {

/// Softmax in place, shifted by the largest logit so exp() cannot overflow.
void softmax(std::vector<float>& logits) {
  float top = logits[0];
  for (float v : logits) top = std::max(top, v);
  float sum = 0.0f;
  for (float& v : logits) {
    v = std::exp(v - top);
    sum += v;
  }
  for (float& v : logits) v /= sum;
}

}  // namespace

std::vector<float> Mlp::probabilities(const float* standardised) const {
  std::vector<float> out, scratch;
  probabilities(standardised, out, scratch);
  return out;
}

void Mlp::probabilities(const float* standardised, std::vector<float>& out,
                        std::vector<float>& scratch) const {
  out.assign(standardised, standardised + inputs());
  for (const DenseLayer& layer : layers) {
    scratch.resize(layer.outputs);
    for (std::size_t o = 0; o < layer.outputs; ++o) {
      float acc = layer.bias[o];
      const float* w = &layer.weights[o * layer.inputs];
      for (std::size_t i = 0; i < layer.inputs; ++i) acc += w[i] * out[i];
      scratch[o] = (layer.relu && acc < 0.0f) ? 0.0f : acc;
    }
    out.swap(scratch);
  }
  softmax(out);
}

std::vector<float> Mlp::probabilities_of_rows(const float* rows,
                                              std::size_t n) const {
  // Unit-major activations: act[unit * n + row]. The inner loops then run
  // over rows, which the compiler vectorises, while each row still sums its
  // terms in the same order as probabilities() does, so the results agree
  // to the last bit.
  std::vector<float> act(inputs() * n), next;
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < inputs(); ++i) {
      act[i * n + r] = rows[r * inputs() + i];
    }
  }
  for (const DenseLayer& layer : layers) {
    next.resize(layer.outputs * n);
    for (std::size_t o = 0; o < layer.outputs; ++o) {
      float* y = &next[o * n];
      std::fill(y, y + n, layer.bias[o]);
      for (std::size_t i = 0; i < layer.inputs; ++i) {
        const float w = layer.weights[o * layer.inputs + i];
        const float* x = &act[i * n];
        for (std::size_t r = 0; r < n; ++r) y[r] += w * x[r];
      }
      if (layer.relu) {
        for (std::size_t r = 0; r < n; ++r) y[r] = y[r] < 0.0f ? 0.0f : y[r];
      }
    }
    act.swap(next);
  }
  std::vector<float> out(n * outputs()), row(outputs());
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < outputs(); ++c) row[c] = act[c * n + r];
    softmax(row);
    std::copy(row.begin(), row.end(), &out[r * outputs()]);
  }
  return out;
}

float Model::minority_score(const double* raw) const {
  std::vector<float> z(feature_names.size());
  for (std::size_t j = 0; j < z.size(); ++j) {
    z[j] = static_cast<float>((raw[j] - scaler.mean[j]) / scaler.scale[j]);
  }
  return network.probabilities(z.data())[static_cast<std::size_t>(minority)];
}

int Model::decide(float score) const {
  if (score >= threshold) return minority;
  return minority == 0 ? 1 : 0;
}

int Model::predict(const double* raw) const {
  return decide(minority_score(raw));
}

std::string Model::hash() const {
  // Everything that decides a prediction.
  Fnv1a h;
  for (double v : scaler.mean) h.mix(&v, sizeof v);
  for (double v : scaler.scale) h.mix(&v, sizeof v);
  for (const auto& layer : network.layers) {
    h.mix(layer.weights.data(), layer.weights.size() * sizeof(float));
    h.mix(layer.bias.data(), layer.bias.size() * sizeof(float));
  }
  h.mix(&threshold, sizeof threshold);
  h.mix(&minority, sizeof minority);
  return h.hex();
}

nlohmann::json Model::to_json() const {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& layer : network.layers) {
    layers.push_back({{"inputs", layer.inputs},
                      {"outputs", layer.outputs},
                      {"activation", layer.relu ? "relu" : "linear"},
                      {"weights", layer.weights},
                      {"bias", layer.bias}});
  }
  nlohmann::json test_rows = nlohmann::json::array();
  for (std::size_t i = 0; i < test_set.rows(); ++i) {
    test_rows.push_back(std::vector<double>(test_set.row(i),
                                            test_set.row(i) + test_set.cols()));
  }
  return {{"format", kFormat},
          {"format_version", kFormatVersion},
          {"shoal_version", shoal_version},
          {"strategy", strategy},
          {"plugin", plugin},
          {"feature_names", feature_names},
          {"class_names", class_names},
          {"minority", minority},
          {"threshold", threshold},
          {"scaler", {{"mean", scaler.mean}, {"scale", scaler.scale}}},
          {"layers", layers},
          {"output", "softmax"},
          {"hash", hash()},
          {"metrics", metrics},
          {"test_set", {{"features", test_rows}, {"labels", test_set.labels}}}};
}

namespace {

/// Reads j[key] as T, or throws InputError naming the source and the key.
template <typename T>
T field(const nlohmann::json& j, const char* key, const std::string& source) {
  if (!j.is_object() || !j.contains(key)) {
    throw InputError(source + ": not a shoal model: missing field '" + key +
                     "'");
  }
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw InputError(source + ": field '" + key +
                     "' has the wrong type: " + j.at(key).dump().substr(0, 60));
  }
}

void check_layers(const Model& m, const std::string& source) {
  auto bad = [&](const std::string& what) {
    throw InputError(source + ": inconsistent model: " + what);
  };
  if (m.network.layers.empty()) bad("no layers");
  std::size_t width = m.feature_names.size();
  if (m.scaler.mean.size() != width || m.scaler.scale.size() != width) {
    bad("scaler size differs from the " + std::to_string(width) + " features");
  }
  for (std::size_t k = 0; k < m.network.layers.size(); ++k) {
    const auto& layer = m.network.layers[k];
    if (layer.inputs != width) {
      bad("layer " + std::to_string(k) + " takes " +
          std::to_string(layer.inputs) + " inputs, expected " +
          std::to_string(width));
    }
    if (layer.weights.size() != layer.inputs * layer.outputs ||
        layer.bias.size() != layer.outputs) {
      bad("layer " + std::to_string(k) + " has tables of the wrong size");
    }
    width = layer.outputs;
  }
  if (width != m.class_names.size()) bad("output width differs from classes");
  if (m.minority < 0 ||
      static_cast<std::size_t>(m.minority) >= m.class_names.size()) {
    bad("minority index out of range");
  }
}

}  // namespace

Model Model::from_json(const nlohmann::json& j, const std::string& source) {
  if (field<std::string>(j, "format", source) != kFormat) {
    throw InputError(source + ": not a shoal model (format is not '" +
                     std::string(kFormat) + "')");
  }
  int version = field<int>(j, "format_version", source);
  if (version != kFormatVersion) {
    throw InputError(source + ": model format version " +
                     std::to_string(version) + " is not supported (this " +
                     "shoal reads version " + std::to_string(kFormatVersion) +
                     ")");
  }
  Model m;
  m.shoal_version = field<std::string>(j, "shoal_version", source);
  m.strategy = field<std::string>(j, "strategy", source);
  m.plugin = field<std::string>(j, "plugin", source);
  m.feature_names = field<std::vector<std::string>>(j, "feature_names", source);
  m.class_names = field<std::vector<std::string>>(j, "class_names", source);
  m.minority = field<int>(j, "minority", source);
  m.threshold = field<double>(j, "threshold", source);
  auto scaler = field<nlohmann::json>(j, "scaler", source);
  m.scaler.mean = field<std::vector<double>>(scaler, "mean", source);
  m.scaler.scale = field<std::vector<double>>(scaler, "scale", source);
  for (const auto& l : field<nlohmann::json>(j, "layers", source)) {
    DenseLayer layer;
    layer.inputs = field<std::size_t>(l, "inputs", source);
    layer.outputs = field<std::size_t>(l, "outputs", source);
    layer.relu = field<std::string>(l, "activation", source) == "relu";
    layer.weights = field<std::vector<float>>(l, "weights", source);
    layer.bias = field<std::vector<float>>(l, "bias", source);
    m.network.layers.push_back(std::move(layer));
  }
  check_layers(m, source);
  if (!(m.threshold >= 0.0 && m.threshold <= 1.0)) {
    throw InputError(source + ": threshold must be in [0, 1]");
  }
  m.metrics = j.value("metrics", nlohmann::json::object());
  m.test_set.feature_names = m.feature_names;
  m.test_set.class_names = m.class_names;
  if (j.contains("test_set")) {
    const auto& t = j.at("test_set");
    auto rows = field<std::vector<std::vector<double>>>(t, "features", source);
    auto labels = field<std::vector<int>>(t, "labels", source);
    if (rows.size() != labels.size()) {
      throw InputError(source + ": test_set has " +
                       std::to_string(rows.size()) + " rows but " +
                       std::to_string(labels.size()) + " labels");
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].size() != m.feature_names.size()) {
        throw InputError(source + ": test_set row " + std::to_string(i) +
                         " has the wrong width");
      }
      m.test_set.add_row(rows[i].data(), labels[i]);
    }
  }
  return m;
}

void Model::save(const std::filesystem::path& path) const {
  write_file_atomically(path, to_json().dump() + "\n");
}

Model Model::load(const std::filesystem::path& path) {
  std::string text = read_file(path);
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    throw InputError(path.string() + ": not a shoal model (not valid JSON)");
  }
  return from_json(j, path.string());
}

}  // namespace shoal
