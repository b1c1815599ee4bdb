/* Example firmware for the aquarium device: computes the motion features of
 * a few recorded fish tracks with shoal_track.h, classifies them with an
 * exported model (fish_detector.h, `shoal export --prefix fish_detector`),
 * runs the model's self-test and prints everything through semihosting.
 *
 * It also measures the stack one inference really uses, soft-float and libm
 * routines included, by painting the stack.
 *
 * Output, one line per track, that the tests compare with `shoal features`
 * and `shoal predict` on example/tracks.csv:
 *   id<k> <class> <minority score>      k counts the tracks of the file
 *   id<k> skipped: <reason>             too short, as `shoal features` does
 */
#include <stdio.h>

#include "example_tracks.h"
#include "fish_detector.h"
#include "shoal_track.h"
#include "stack_depth.h"

/* Static: a track's state is a few kilobytes, more than a small stack. */
static shoal_track track;

/* Where measured calls leave their result, so that they are not optimised
 * away. */
static volatile float sink;

static void call_predict(const void* features) {
  sink = (float)fish_detector_predict((const float*)features);
}

static void call_score(const void* features) {
  sink = fish_detector_score((const float*)features);
}

/* Feeds track t into `track` and prints its class, or why it has none. */
static void classify(const example_track* t, int number) {
  double features[SHOAL_TRACK_N_FEATURES];
  float input[FISH_DETECTOR_N_FEATURES];
  shoal_track_status status;
  int i, cls;

  shoal_track_init(&track);
  for (i = 0; i < t->count; ++i) {
    const example_detection* d = &t->detections[i];
    shoal_track_add(&track, d->frame, d->x, d->y, d->w, d->h);
  }
  status = shoal_track_features(&track, features);
  if (status != SHOAL_TRACK_OK) {
    printf("id%d skipped: %s\n", number, shoal_track_status_string(status));
    return;
  }
  for (i = 0; i < FISH_DETECTOR_N_FEATURES; ++i) {
    input[i] = (float)features[i];
  }
  cls = fish_detector_predict(input);
  printf("id%d %s %.6f\n", number, fish_detector_class_name(cls),
         (double)fish_detector_score(input));
}

int main(void) {
  fish_detector_status self_test = fish_detector_self_test();
  int k;

  printf("shoal example firmware: model %s (%s), strategy %s\n",
         FISH_DETECTOR_MODEL_HASH, FISH_DETECTOR_PRECISION,
         FISH_DETECTOR_STRATEGY);
  printf("self-test: %s\n", fish_detector_status_string(self_test));
  printf("stack of one call: predict %u bytes, score %u bytes\n",
         stack_depth(call_predict, fish_detector_self_test_features[0]),
         stack_depth(call_score, fish_detector_self_test_features[0]));
  for (k = 0; k < EXAMPLE_TRACK_COUNT; ++k) {
    classify(&example_tracks[k], k + 1);
  }
  printf("done\n");
  return self_test == FISH_DETECTOR_OK ? 0 : 1;
}
