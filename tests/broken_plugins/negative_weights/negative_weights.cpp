// Fixture: the first row of the output has a negative weight.

#include "broken_plugin.hpp"

namespace {

class Negative final : public shoal::Strategy {
 public:
  explicit Negative(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    shoal::Dataset out = train;
    out.weights[0] = -1.0;
    return out;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Negative, "negative_weights",
                      "fixture: gives the first row weight -1", "1.0.0", false)
