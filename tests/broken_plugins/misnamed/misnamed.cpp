// Fixture: the file is shoal_misnamed.so, so configs load it as `misnamed`,
// but the plugin calls itself something else.

#include "broken_plugin.hpp"

namespace {

class Copy final : public shoal::Strategy {
 public:
  explicit Copy(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    return train;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Copy, "renamed_strategy",
                      "fixture: its name differs from its file name", "1.0.0",
                      false)
