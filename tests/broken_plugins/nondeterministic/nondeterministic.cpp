// Fixture: draws from std::random_device instead of the seed, so two calls
// with the same seed differ. It appends a copy of the first minority row
// nudged by a random amount.

#include <random>

#include "broken_plugin.hpp"

namespace {

class Unseeded final : public shoal::Strategy {
 public:
  explicit Unseeded(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    std::random_device entropy;
    std::uniform_real_distribution<double> nudge(0.001, 0.002);
    shoal::Dataset out = train;
    std::size_t row = broken::first_minority_row(train);
    std::vector<double> x(train.row(row), train.row(row) + train.cols());
    x[0] += nudge(entropy);
    out.add_row(x.data(), train.labels[row], train.weights[row]);
    return out;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Unseeded, "nondeterministic",
                      "fixture: draws from std::random_device", "1.0.0", false)
