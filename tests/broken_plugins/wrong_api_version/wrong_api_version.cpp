// Fixture: a plugin built for a plugin API version this shoal does not use.
// The loader must refuse it before calling anything else in it.

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
  return shoal::kStrategyApiVersion + 1;
}

extern "C" __attribute__((visibility("default"))) const shoal::StrategyInfo*
shoal_strategy_info() {
  static const shoal::StrategyInfo info{
      "wrong_api_version", "built for the next plugin API", "1.0.0", false};
  return &info;
}

extern "C" __attribute__((visibility("default"))) shoal::Strategy*
shoal_strategy_create(const nlohmann::json*) {
  return new Copy;
}
