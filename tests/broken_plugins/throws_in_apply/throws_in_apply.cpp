// Fixture: apply() throws an exception that is neither InputError nor
// RunError, as a bug in a plugin would. It throws on ordinary training sets
// only (a minority of more than 6 rows, under 1000 rows in all): the tiny
// and the runtime data sets of the conformance battery pass through, so the
// plugin fails the "applies" check alone.

#include <stdexcept>

#include "broken_plugin.hpp"

namespace {

class Throws final : public shoal::Strategy {
 public:
  explicit Throws(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    if (broken::minority_rows(train) > 6 && train.rows() < 1000) {
      throw std::out_of_range("fixture: index 7 past the end of a table");
    }
    return train;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Throws, "throws_in_apply",
                      "fixture: apply() throws std::out_of_range", "1.0.0",
                      false)
