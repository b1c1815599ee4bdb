// Tests of the `class_weight` strategy plugin: balanced weights
// n / (classes * n_c), explicit weights by class name, and that only
// weights change.

#include <gtest/gtest.h>

#include "sampling_testing.hpp"

namespace shoal {
namespace {

TEST(ClassWeightPlugin, BalancedWeightsOnTheNotebookSplit) {
  // The Keras notebook's training split: 26 abnormal and 547 normal rows.
  // 573 / (2 * 26) = 11.0192..., 573 / (2 * 547) = 0.52376..., printed
  // there as 11.02 and 0.52.
  Dataset train = testing::clouds({26, 547}, 3, 2);
  Dataset out = testing::load_strategy("class_weight")->apply(train, 1);
  ASSERT_EQ(out.rows(), train.rows());
  for (std::size_t i = 0; i < out.rows(); ++i) {
    double expected = out.labels[i] == 0 ? 573.0 / 52.0 : 573.0 / 1094.0;
    EXPECT_DOUBLE_EQ(out.weights[i], expected) << "row " << i;
  }
  EXPECT_NEAR(out.weights[testing::class_rows(out, 0)[0]], 11.02, 0.005);
  EXPECT_NEAR(out.weights[testing::class_rows(out, 1)[0]], 0.52, 0.005);
}

TEST(ClassWeightPlugin, BalancedWeightsGiveEachClassTheSameTotal) {
  // n_c * n / (k * n_c) = n / k for every class.
  Dataset train = testing::clouds({10, 35, 80}, 2, 3, {"a", "b", "c"});
  Dataset out =
      testing::load_strategy("class_weight", {{"weights", "balanced"}})
          ->apply(train, 1);
  std::vector<double> totals(3, 0.0);
  for (std::size_t i = 0; i < out.rows(); ++i) {
    totals[static_cast<std::size_t>(out.labels[i])] += out.weights[i];
  }
  for (double total : totals) EXPECT_NEAR(total, 125.0 / 3.0, 1e-9);
}

TEST(ClassWeightPlugin, ExplicitWeightsByClassName) {
  Dataset train = testing::clouds({26, 547}, 3, 4);
  Dataset out =
      testing::load_strategy("class_weight", {{"weights", {{"abnormal", 10}}}})
          ->apply(train, 1);
  for (std::size_t i = 0; i < out.rows(); ++i) {
    // Classes left out of the mapping keep weight 1, as in Keras.
    EXPECT_EQ(out.weights[i], out.labels[i] == 0 ? 10.0 : 1.0);
  }
}

TEST(ClassWeightPlugin, MultipliesExistingWeights) {
  Dataset train = testing::clouds({4, 6}, 2, 5);
  for (std::size_t i = 0; i < train.rows(); ++i) train.weights[i] = 0.5 + i;
  Dataset out =
      testing::load_strategy("class_weight",
                             {{"weights", {{"abnormal", 10}, {"normal", 2}}}})
          ->apply(train, 1);
  for (std::size_t i = 0; i < out.rows(); ++i) {
    double factor = out.labels[i] == 0 ? 10.0 : 2.0;
    EXPECT_DOUBLE_EQ(out.weights[i], train.weights[i] * factor);
  }
}

TEST(ClassWeightPlugin, ChangesOnlyWeights) {
  Dataset train = testing::clouds({26, 547}, 3, 6);
  Dataset copy = train;
  Dataset out = testing::load_strategy("class_weight")->apply(train, 1);
  EXPECT_TRUE(testing::same_rows(train, copy));  // input untouched
  EXPECT_EQ(out.features, train.features);
  EXPECT_EQ(out.labels, train.labels);
  EXPECT_EQ(out.class_names, train.class_names);
}

TEST(ClassWeightPlugin, UnknownClassNameIsAParameterError) {
  Dataset train = testing::clouds({26, 547}, 3, 7);
  auto strategy =
      testing::load_strategy("class_weight", {{"weights", {{"abnromal", 10}}}});
  try {
    strategy->apply(train, 1);
    FAIL() << "no error";
  } catch (const ParamError& e) {
    EXPECT_EQ(e.key(), "weights");
    EXPECT_STREQ(e.what(),
                 "strategy 'class_weight': parameter 'weights' names class "
                 "'abnromal', which is not in the training set; its classes "
                 "are: abnormal normal (did you mean 'abnormal'?)");
  }
}

TEST(ClassWeightPlugin, BadWeightsAreRejected) {
  for (const auto& weights :
       {nlohmann::json{{"abnormal", 0}}, nlohmann::json{{"abnormal", -2}},
        nlohmann::json{{"abnormal", "high"}}, nlohmann::json("inverse"),
        nlohmann::json::array({1, 2})}) {
    EXPECT_THROW(testing::load_strategy("class_weight", {{"weights", weights}}),
                 ParamError)
        << weights.dump();
  }
}

TEST(ClassWeightPlugin, UnknownParameterSuggestsTheNearest) {
  std::string message = testing::input_error_of([] {
    testing::load_strategy("class_weight", {{"weight", "balanced"}});
  });
  EXPECT_EQ(message,
            "strategy 'class_weight': parameter 'weight' is not a parameter "
            "of this strategy (did you mean 'weights'?); it takes: weights");
}

}  // namespace
}  // namespace shoal
