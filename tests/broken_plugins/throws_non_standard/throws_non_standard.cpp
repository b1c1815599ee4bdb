// Fixture: apply() throws a value that is not a std::exception at all. A
// caller that catches std::exception only would let it end the program.
// Like throws_in_apply, it throws on ordinary training sets only (a
// minority of more than 6 rows, under 1000 rows in all).

#include "broken_plugin.hpp"

namespace {

class ThrowsInt final : public shoal::Strategy {
 public:
  explicit ThrowsInt(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    if (broken::minority_rows(train) > 6 && train.rows() < 1000) throw 42;
    return train;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(ThrowsInt, "throws_non_standard",
                      "fixture: apply() throws an int", "1.0.0", false)
