// Fixture: the constructor throws a value that is not a std::exception; a
// caller that catches std::exception only would let it end the program.

#include "broken_plugin.hpp"

namespace {

class ThrowsInt final : public shoal::Strategy {
 public:
  explicit ThrowsInt(shoal::Params&) { throw 7; }
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    return train;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(ThrowsInt, "throws_int_in_constructor",
                      "fixture: its constructor throws an int", "1.0.0", false)
