// Fixture: entry points written by hand that never call Params::finish(),
// so a misspelt parameter passes silently.

#include "broken_plugin.hpp"

namespace {

class Copy final : public shoal::Strategy {
 public:
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    return train;
  }
};

}  // namespace

extern "C" __attribute__((visibility("default"))) int
shoal_strategy_api_version() {
  return shoal::kStrategyApiVersion;
}

extern "C" __attribute__((visibility("default"))) const shoal::StrategyInfo*
shoal_strategy_info() {
  static const shoal::StrategyInfo info{"accepts_unknown_parameters",
                                        "fixture: ignores unknown parameters",
                                        "1.0.0", false};
  return &info;
}

extern "C" __attribute__((visibility("default"))) shoal::Strategy*
shoal_strategy_create(const nlohmann::json*) {
  return new Copy;
}
