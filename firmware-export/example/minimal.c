/* A program that does nothing but, depending on MINIMAL_CALL, one
 * inference: 0 none, 1 fish_detector_predict(), 2 fish_detector_score().
 * The growth of the linked image from 0 to 1 or 2 is what calling the model
 * costs a firmware in flash, the library routines it pulls in included
 * (software floating point, expf). The input is volatile, so the compiler
 * cannot fold the inference away. */
#include "fish_detector.h"

#if MINIMAL_CALL > 0
static volatile float input[FISH_DETECTOR_N_FEATURES];
#endif

int main(void) {
#if MINIMAL_CALL > 0
  float features[FISH_DETECTOR_N_FEATURES];
  int i;
  for (i = 0; i < FISH_DETECTOR_N_FEATURES; ++i) features[i] = input[i];
#if MINIMAL_CALL == 1
  return fish_detector_predict(features);
#else
  return fish_detector_score(features) > 0.5f;
#endif
#else
  return 0;
#endif
}
