// Strategy `none`: the baseline every other strategy is compared against.
// The network trains on the training set exactly as it was read and
// standardised. It takes no parameters and draws no random numbers.

#include "shoal/strategy.hpp"

namespace {

class NoStrategy final : public shoal::Strategy {
 public:
  explicit NoStrategy(shoal::Params&) {}

  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t /*seed*/) const override {
    return train;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(NoStrategy, "none",
                      "baseline: the training set unchanged", "1.0.0", false)
