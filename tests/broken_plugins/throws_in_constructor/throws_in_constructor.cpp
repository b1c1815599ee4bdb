// Fixture: the strategy cannot be created, whatever the parameters.

#include <stdexcept>

#include "broken_plugin.hpp"

namespace {

class Refuses final : public shoal::Strategy {
 public:
  explicit Refuses(shoal::Params&) {
    throw std::logic_error("fixture: this strategy is never created");
  }
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    return train;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Refuses, "throws_in_constructor",
                      "fixture: its constructor always throws", "1.0.0", false)
