// Fixture: apply() writes into the Dataset it was given (through a
// const_cast) and returns an unchanged copy, so only the input shows it.

#include "broken_plugin.hpp"

namespace {

class Scribbles final : public shoal::Strategy {
 public:
  explicit Scribbles(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    shoal::Dataset out = train;
    const_cast<shoal::Dataset&>(train).features[0] += 1.0;
    return out;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Scribbles, "modifies_input", "fixture: changes its input",
                      "1.0.0", false)
