// Fixture: seeds its generator with the low 32 bits of the seed only, so
// seeds 1 and 2^32 + 1 give the same output. It appends a copy of the
// first minority row nudged by a random amount.

#include <cstdint>
#include <random>

#include "broken_plugin.hpp"

namespace {

class Truncates final : public shoal::Strategy {
 public:
  explicit Truncates(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t seed) const override {
    std::mt19937_64 engine(static_cast<std::uint32_t>(seed));
    shoal::Dataset out = train;
    std::size_t row = broken::first_minority_row(train);
    std::vector<double> x(train.row(row), train.row(row) + train.cols());
    x[0] += 0.001 * static_cast<double>(engine() >> 11) * 0x1.0p-53;
    out.add_row(x.data(), train.labels[row], train.weights[row]);
    return out;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Truncates, "truncates_seed",
                      "fixture: uses the low 32 bits of the seed", "1.0.0",
                      false)
