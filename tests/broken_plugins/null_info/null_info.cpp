// Fixture: a plugin whose info entry point returns no info.

#include "broken_plugin.hpp"

extern "C" __attribute__((visibility("default"))) int
shoal_strategy_api_version() {
  return shoal::kStrategyApiVersion;
}

extern "C" __attribute__((visibility("default"))) const shoal::StrategyInfo*
shoal_strategy_info() {
  return nullptr;
}

extern "C" __attribute__((visibility("default"))) shoal::Strategy*
shoal_strategy_create(const nlohmann::json*) {
  return nullptr;
}
