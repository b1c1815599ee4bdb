// Fixture: never returns from apply() on more than 1000 rows, as a method
// that is far too slow for large training sets would.

#include <chrono>
#include <thread>

#include "broken_plugin.hpp"

namespace {

class Hangs final : public shoal::Strategy {
 public:
  explicit Hangs(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    while (train.rows() > 1000) {
      std::this_thread::sleep_for(std::chrono::hours(1));
    }
    return train;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Hangs, "hangs_on_large_input",
                      "fixture: never returns on more than 1000 rows", "1.0.0",
                      false)
