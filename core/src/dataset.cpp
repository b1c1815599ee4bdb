#include "shoal/dataset.hpp"

#include <cmath>
#include <sstream>

#include "fnv1a.hpp"
#include "shoal/error.hpp"

namespace shoal {

void Dataset::add_row(const double* x, int label, double weight) {
  features.insert(features.end(), x, x + cols());
  labels.push_back(label);
  weights.push_back(weight);
}

Dataset Dataset::empty_like() const {
  Dataset out;
  out.feature_names = feature_names;
  out.class_names = class_names;
  return out;
}

Dataset Dataset::subset(const std::vector<std::size_t>& indices) const {
  Dataset out = empty_like();
  out.features.reserve(indices.size() * cols());
  out.labels.reserve(indices.size());
  out.weights.reserve(indices.size());
  for (std::size_t i : indices) out.add_row(row(i), labels[i], weights[i]);
  return out;
}

std::vector<std::size_t> Dataset::class_counts() const {
  std::vector<std::size_t> counts(class_names.size(), 0);
  for (int label : labels) ++counts[static_cast<std::size_t>(label)];
  return counts;
}

int Dataset::minority_class() const {
  auto counts = class_counts();
  std::size_t best = 0;
  for (std::size_t c = 1; c < counts.size(); ++c) {
    if (counts[c] < counts[best]) best = c;
  }
  return static_cast<int>(best);
}

int Dataset::majority_class() const {
  auto counts = class_counts();
  std::size_t best = 0;
  for (std::size_t c = 1; c < counts.size(); ++c) {
    if (counts[c] > counts[best]) best = c;
  }
  return static_cast<int>(best);
}

void Dataset::validate(const std::string& who) const {
  auto fail = [&](const std::string& what) {
    throw RunError(who + " returned an invalid training set: " + what);
  };
  if (features.size() != rows() * cols()) {
    std::ostringstream m;
    m << features.size() << " feature values for " << rows() << " rows of "
      << cols() << " features (rows of the wrong width)";
    fail(m.str());
  }
  if (weights.size() != rows()) {
    fail(std::to_string(weights.size()) + " weights for " +
         std::to_string(rows()) + " rows");
  }
  for (std::size_t i = 0; i < rows(); ++i) {
    if (labels[i] < 0 ||
        static_cast<std::size_t>(labels[i]) >= class_names.size()) {
      fail("row " + std::to_string(i) + " has label " +
           std::to_string(labels[i]) + ", outside 0.." +
           std::to_string(class_names.size() - 1));
    }
    if (!std::isfinite(weights[i]) || weights[i] <= 0) {
      std::ostringstream m;
      m << "row " << i << " has weight " << weights[i]
        << " (weights must be finite and > 0)";
      fail(m.str());
    }
    for (std::size_t j = 0; j < cols(); ++j) {
      if (!std::isfinite(row(i)[j])) {
        std::ostringstream m;
        m << "row " << i << " feature '" << feature_names[j] << "' is "
          << row(i)[j];
        fail(m.str());
      }
    }
  }
}

std::string Dataset::fingerprint() const {
  Fnv1a h;
  for (const auto& name : feature_names) h.mix_text(name);
  for (const auto& name : class_names) h.mix_text(name);
  h.mix(features.data(), features.size() * sizeof(double));
  h.mix(labels.data(), labels.size() * sizeof(int));
  h.mix(weights.data(), weights.size() * sizeof(double));
  return h.hex();
}

}  // namespace shoal
