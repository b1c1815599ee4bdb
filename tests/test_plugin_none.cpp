// Tests of the `none` strategy plugin: the baseline returns the training
// set untouched and accepts no parameters.

#include <gtest/gtest.h>

#include "sampling_testing.hpp"

namespace shoal {
namespace {

TEST(NonePlugin, ReturnsTheTrainingSetUnchanged) {
  Dataset train = testing::clouds({26, 547}, 4, 1);
  train.weights[3] = 2.5;  // existing weights are kept as they are
  Dataset out = testing::load_strategy("none")->apply(train, 7);
  EXPECT_TRUE(testing::same_rows(out, train));
}

TEST(NonePlugin, DescribesItself) {
  auto info = testing::strategy_info("none");
  EXPECT_EQ(info.name, "none");
  EXPECT_FALSE(info.summary.empty());
  EXPECT_FALSE(info.reduces_minority_share);
}

TEST(NonePlugin, RejectsAnyParameter) {
  std::string message = testing::input_error_of([] {
    testing::load_strategy("none", {{"k_neighbors", 5}});
  });
  EXPECT_EQ(message,
            "strategy 'none': parameter 'k_neighbors' is not a parameter of "
            "this strategy; it takes no parameters");
}

}  // namespace
}  // namespace shoal
