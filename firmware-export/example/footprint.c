/* The model and nothing else, for measuring its footprint: functions with
 * external linkage that call the header's inference, so that the compiler
 * keeps exactly the tables and code one inference needs. The build reports
 * this object's size and stack use; it is not part of the firmware. */
#include "fish_detector.h"

int footprint_predict(const float* features);
float footprint_score(const float* features);

int footprint_predict(const float* features) {
  return fish_detector_predict(features);
}

float footprint_score(const float* features) {
  return fish_detector_score(features);
}
