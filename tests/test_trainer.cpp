// Tests of tiny-dnn training: determinism, row weights, learning.

#include <gtest/gtest.h>

#include <random>

#include "shoal/trainer.hpp"

namespace {

/// Two Gaussian blobs, 4 features, well separated along every axis.
shoal::Dataset blobs(std::size_t per_class, std::uint64_t seed) {
  shoal::Dataset d;
  d.feature_names = {"a", "b", "c", "d"};
  d.class_names = {"abnormal", "normal"};
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.5);
  for (std::size_t i = 0; i < 2 * per_class; ++i) {
    int label = static_cast<int>(i % 2);
    double centre = label == 0 ? 1.0 : -1.0;
    double x[4];
    for (double& v : x) v = centre + noise(rng);
    d.add_row(x, label);
  }
  return d;
}

shoal::TrainingOptions quick(std::uint64_t seed) {
  shoal::TrainingOptions o;
  o.epochs = 20;
  o.batch_size = 16;
  o.learning_rate = 0.05;
  o.seed = seed;
  return o;
}

TEST(Trainer, SameSeedGivesTheSameNetwork) {
  auto data = blobs(50, 1);
  auto a = shoal::train_network(data, quick(7));
  auto b = shoal::train_network(data, quick(7));
  ASSERT_EQ(a.network.layers.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(a.network.layers[k].weights, b.network.layers[k].weights);
    EXPECT_EQ(a.network.layers[k].bias, b.network.layers[k].bias);
  }
  EXPECT_EQ(a.history.back().loss, b.history.back().loss);
}

TEST(Trainer, DifferentSeedsGiveDifferentNetworks) {
  auto data = blobs(50, 1);
  auto a = shoal::train_network(data, quick(7));
  auto b = shoal::train_network(data, quick(8));
  EXPECT_NE(a.network.layers[0].weights, b.network.layers[0].weights);
}

TEST(Trainer, BuildsTheRequestedLayers) {
  auto data = blobs(10, 1);
  auto options = quick(1);
  options.hidden = {5, 3};
  options.epochs = 1;
  auto t = shoal::train_network(data, options);
  ASSERT_EQ(t.network.layers.size(), 3u);
  EXPECT_EQ(t.network.layers[0].inputs, 4u);
  EXPECT_EQ(t.network.layers[0].outputs, 5u);
  EXPECT_EQ(t.network.layers[1].outputs, 3u);
  EXPECT_EQ(t.network.layers[2].outputs, 2u);
  EXPECT_TRUE(t.network.layers[1].relu);
  EXPECT_FALSE(t.network.layers[2].relu);
  EXPECT_EQ(t.history.size(), 1u);
}

TEST(Trainer, LearnsSeparableClasses) {
  auto data = blobs(100, 2);
  auto options = quick(3);
  options.epochs = 60;
  auto t = shoal::train_network(data, options);
  EXPECT_LT(t.history.back().loss, t.history.front().loss);
  EXPECT_GT(t.history.back().accuracy, 0.95);
}

TEST(Trainer, RowWeightsScaleTheGradient) {
  // With plain SGD, doubling every row's weight doubles every gradient: the
  // same as doubling the learning rate. If the weights were ignored (as
  // tiny-dnn's loss report ignores them), the two runs would differ.
  auto data = blobs(40, 3);
  auto doubled = data;
  for (double& w : doubled.weights) w = 2.0;
  auto options = quick(5);
  auto weighted = shoal::train_network(doubled, options);
  options.learning_rate *= 2;
  auto faster = shoal::train_network(data, options);
  const auto& a = weighted.network.layers[0].weights;
  const auto& b = faster.network.layers[0].weights;
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-4);
  // And a weight that is not uniform changes the result.
  auto skewed = data;
  for (std::size_t i = 0; i < skewed.rows(); ++i) {
    if (skewed.labels[i] == 0) skewed.weights[i] = 5.0;
  }
  auto plain = shoal::train_network(data, quick(5));
  auto tilted = shoal::train_network(skewed, quick(5));
  EXPECT_NE(plain.network.layers[0].weights, tilted.network.layers[0].weights);
}

TEST(Trainer, HistoryReportsWeightedLoss) {
  // Weight 3 everywhere trains the same network as weight 1 with three
  // times the rate (see above), so its reported loss must be three times
  // that run's: the report applies the weights too.
  auto data = blobs(30, 4);
  auto tripled = data;
  for (double& w : tripled.weights) w = 3.0;
  auto options = quick(9);
  options.epochs = 1;
  auto weighted = shoal::train_network(tripled, options);
  options.learning_rate *= 3;
  auto plain = shoal::train_network(data, options);
  EXPECT_NEAR(weighted.history[0].loss, 3 * plain.history[0].loss, 1e-4);
}

TEST(Trainer, EmptyDataIsAnError) {
  shoal::Dataset empty;
  empty.feature_names = {"a"};
  empty.class_names = {"x", "y"};
  EXPECT_THROW(shoal::train_network(empty, quick(1)), std::runtime_error);
}

}  // namespace
