/* The second translation unit of host_check (see other_unit.h). */
#include "other_unit.h"

#include "model_a.h"
#include "model_a_q.h"

int other_unit_predict_a(const float* features) {
  return model_a_predict(features);
}

int other_unit_predict_a_q(const float* features) {
  return model_a_q_predict(features);
}
