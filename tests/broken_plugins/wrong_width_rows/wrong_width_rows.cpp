// Fixture: the output holds one feature value too few, so its rows do not
// have the width of the feature names.

#include "broken_plugin.hpp"

namespace {

class Narrow final : public shoal::Strategy {
 public:
  explicit Narrow(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    shoal::Dataset out = train;
    out.features.pop_back();
    return out;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Narrow, "wrong_width_rows",
                      "fixture: drops the last feature value", "1.0.0", false)
