// Fixture: one feature value of the output is NaN.

#include <limits>

#include "broken_plugin.hpp"

namespace {

class Nan final : public shoal::Strategy {
 public:
  explicit Nan(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    shoal::Dataset out = train;
    out.features[0] = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Nan, "nan_features",
                      "fixture: writes NaN into the first feature", "1.0.0",
                      false)
