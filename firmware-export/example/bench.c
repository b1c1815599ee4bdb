/* Runs one inference BENCH_RUNS times on the self-test vectors and exits,
 * for counting instructions under QEMU: the difference between two builds
 * with different BENCH_RUNS, divided by the difference of runs, is the
 * cost of one inference (plus a few instructions of loop). BENCH_SCORE=1
 * selects fish_detector_score() instead of fish_detector_predict(). See
 * the instruction_count target in CMakeLists.txt. */
#include "fish_detector.h"

#ifndef BENCH_RUNS
#define BENCH_RUNS 1
#endif

static volatile float sink;

int main(void) {
  int k;
  for (k = 0; k < BENCH_RUNS; ++k) {
    const float* x =
        fish_detector_self_test_features[k % FISH_DETECTOR_N_SELF_TEST];
#if BENCH_SCORE
    sink = fish_detector_score(x);
#else
    sink = (float)fish_detector_predict(x);
#endif
  }
  return 0;
}
