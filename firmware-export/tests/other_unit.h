/* A second translation unit that includes the same exported headers as
 * host_check.c: if a header defined anything with external linkage, the
 * program would not link. */
#ifndef OTHER_UNIT_H
#define OTHER_UNIT_H

/* model_a_predict(features), computed in other_unit.c. */
int other_unit_predict_a(const float* features);
/* model_a_q_predict(features), computed in other_unit.c. */
int other_unit_predict_a_q(const float* features);

#endif /* OTHER_UNIT_H */
