// Fixture: a segmentation fault when the minority has fewer than 3 rows, as
// a plugin that reads past the end of a short neighbour list would.

#include "broken_plugin.hpp"

namespace {

class Crashes final : public shoal::Strategy {
 public:
  explicit Crashes(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    if (broken::minority_rows(train) < 3) {
      // Both volatile, or the compiler may drop the faulting store.
      volatile int* volatile nowhere = nullptr;
      *nowhere = 1;
    }
    return train;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Crashes, "crashes_on_tiny_minority",
                      "fixture: segfaults on a minority under 3 rows", "1.0.0",
                      false)
