// Fixture: the last row's label is one past the last class.

#include "broken_plugin.hpp"

namespace {

class BadLabel final : public shoal::Strategy {
 public:
  explicit BadLabel(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    shoal::Dataset out = train;
    out.labels.back() = static_cast<int>(out.class_names.size());
    return out;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(BadLabel, "invalid_labels",
                      "fixture: labels a row with a class that does not "
                      "exist",
                      "1.0.0", false)
