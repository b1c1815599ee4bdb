// Fixture: a shared library with a plugin's file name that exports none of
// the entry points SHOAL_STRATEGY_PLUGIN defines.

extern "C" __attribute__((visibility("default"))) int shoal_strategy_count() {
  return 0;
}
