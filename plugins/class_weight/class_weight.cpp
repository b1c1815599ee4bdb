// Strategy `class_weight`: cost-sensitive learning. No row is added or
// removed; each row's training weight is multiplied by its class's weight,
// so errors on the rare class cost more in the loss.
//
// Parameters:
//   weights  "balanced" (default) or a mapping {class name: weight > 0}.
//            "balanced" gives class c the weight
//              n_rows / (n_classes * n_rows_of_c),
//            scikit-learn's compute_class_weight("balanced") and the formula
//            of the Keras notebook this project reproduces: on its 547/26
//            training split, 573 / (2 * 26) = 11.02 for the abnormal class
//            and 573 / (2 * 547) = 0.52 for the normal one. In a mapping,
//            classes left out keep weight 1, as in Keras' class_weight.

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "shoal/strategy.hpp"

namespace {

const char* const kName = "class_weight";

class ClassWeight final : public shoal::Strategy {
 public:
  explicit ClassWeight(shoal::Params& params) {
    const nlohmann::json* given = params.find("weights");
    if (!given || *given == "balanced") return;
    if (!given->is_object()) {
      params.fail("weights",
                  "must be \"balanced\" or a mapping {class name: "
                  "weight}, got " +
                      given->dump());
    }
    for (const auto& item : given->items()) {
      const auto& value = item.value();
      if (!value.is_number() || !(value.get<double>() > 0) ||
          !std::isfinite(value.get<double>())) {
        params.fail("weights", "gives class '" + item.key() + "' the weight " +
                                   value.dump() +
                                   "; weights must be finite numbers > 0");
      }
      named_[item.key()] = value.get<double>();
    }
    explicit_ = true;
  }

  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t /*seed*/) const override {
    std::vector<double> factor =
        explicit_ ? named_weights(train) : balanced_weights(train);
    shoal::Dataset out = train;
    for (std::size_t i = 0; i < out.rows(); ++i) {
      out.weights[i] *= factor[static_cast<std::size_t>(out.labels[i])];
    }
    return out;
  }

 private:
  static std::vector<double> balanced_weights(const shoal::Dataset& train) {
    auto counts = train.class_counts();
    // Only classes that have rows count, as scikit-learn counts the labels
    // present in y; a class without rows needs no weight.
    double present = 0;
    for (auto n : counts) present += n > 0 ? 1 : 0;
    std::vector<double> factor(counts.size(), 1.0);
    for (std::size_t c = 0; c < counts.size(); ++c) {
      if (counts[c] == 0) continue;
      factor[c] = static_cast<double>(train.rows()) /
                  (present * static_cast<double>(counts[c]));
    }
    return factor;
  }

  std::vector<double> named_weights(const shoal::Dataset& train) const {
    const auto& names = train.class_names;
    std::vector<double> factor(names.size(), 1.0);
    for (const auto& [name, weight] : named_) {
      auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end()) {
        std::string problem = "names class '" + name +
                              "', which is not in the training set; its "
                              "classes are:";
        for (const auto& known : names) problem += " " + known;
        std::string hint = shoal::nearest_word(name, names);
        if (!hint.empty()) problem += " (did you mean '" + hint + "'?)";
        throw shoal::ParamError(kName, "weights", problem);
      }
      factor[static_cast<std::size_t>(it - names.begin())] = weight;
    }
    return factor;
  }

  bool explicit_ = false;
  std::map<std::string, double> named_;
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(ClassWeight, kName,
                      "cost-sensitive: weight rows by inverse class frequency",
                      "1.0.0", false)
