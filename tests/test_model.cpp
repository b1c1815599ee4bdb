// Tests of the scaler, the float forward pass and model files.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "shoal/error.hpp"
#include "shoal/model.hpp"

namespace {

namespace fs = std::filesystem;

shoal::Dataset two_columns(const std::vector<std::pair<double, double>>& rows) {
  shoal::Dataset d;
  d.feature_names = {"a", "b"};
  d.class_names = {"abnormal", "normal"};
  for (auto [a, b] : rows) {
    double x[2] = {a, b};
    d.add_row(x, 1);
  }
  return d;
}

/// A 2-2-2 network small enough to evaluate by hand.
shoal::Model tiny_model() {
  shoal::Model m;
  m.shoal_version = "test";
  m.strategy = m.plugin = "none";
  m.feature_names = {"a", "b"};
  m.class_names = {"abnormal", "normal"};
  m.minority = 0;
  m.scaler.mean = {1.0, 2.0};
  m.scaler.scale = {2.0, 4.0};
  shoal::DenseLayer hidden{2, 2, {1, -1, 0.5f, 0.5f}, {0, -1}, true};
  shoal::DenseLayer out{2, 2, {2, 0, 0, 1}, {0, 0.5f}, false};
  m.network.layers = {hidden, out};
  return m;
}

fs::path temp_file(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / "shoal_test_model";
  fs::create_directories(dir);
  return dir / name;
}

TEST(Scaler, MeanAndPopulationDeviation) {
  // Column a: 1, 2, 3, 6 -> mean 3, population variance (4+1+0+9)/4 = 3.5.
  // Column b is constant: scale 1 so it maps to zero, not to NaN.
  auto d = two_columns({{1, 5}, {2, 5}, {3, 5}, {6, 5}});
  auto s = shoal::Scaler::fit(d);
  EXPECT_DOUBLE_EQ(s.mean[0], 3.0);
  EXPECT_DOUBLE_EQ(s.scale[0], std::sqrt(3.5));
  EXPECT_DOUBLE_EQ(s.mean[1], 5.0);
  EXPECT_DOUBLE_EQ(s.scale[1], 1.0);
  s.apply(d);
  EXPECT_DOUBLE_EQ(d.row(3)[0], 3.0 / std::sqrt(3.5));
  EXPECT_DOUBLE_EQ(d.row(0)[1], 0.0);
}

TEST(Mlp, ForwardPassMatchesHandComputation) {
  // Raw (3, 10) standardises to (1, 2). Hidden: relu(1 - 2) = 0 and
  // relu(0.5 + 1 - 1) = 0.5. Logits: 2 * 0 = 0 and 0.5 + 0.5 = 1.
  // Softmax: p(abnormal) = 1 / (1 + e).
  auto m = tiny_model();
  double raw[2] = {3, 10};
  EXPECT_NEAR(m.minority_score(raw), 1.0 / (1.0 + std::exp(1.0)), 1e-7);
  EXPECT_EQ(m.predict(raw), 1);
  m.threshold = 0.25;  // 0.269 >= 0.25 flags the minority
  EXPECT_EQ(m.predict(raw), 0);
}

TEST(Model, ScoreAtTheThresholdIsFlagged) {
  // The rule is score >= threshold, so a score equal to it flags the
  // minority; the other class otherwise.
  auto m = tiny_model();
  m.threshold = 0.25;
  EXPECT_EQ(m.decide(0.25f), 0);
  EXPECT_EQ(m.decide(0.2499f), 1);
  m.minority = 1;
  EXPECT_EQ(m.decide(0.9f), 1);
  EXPECT_EQ(m.decide(0.1f), 0);
}

TEST(Mlp, RowBatchesGiveTheSameNumbersAsOneRowAtATime) {
  auto m = tiny_model();
  std::vector<float> rows = {0.3f, -1.2f, 2.5f, 0.1f, -0.7f, -0.7f};
  auto batch = m.network.probabilities_of_rows(rows.data(), 3);
  for (std::size_t r = 0; r < 3; ++r) {
    auto single = m.network.probabilities(&rows[r * 2]);
    EXPECT_EQ(batch[r * 2], single[0]);
    EXPECT_EQ(batch[r * 2 + 1], single[1]);
  }
}

TEST(Model, SaveAndLoadKeepEveryNumber) {
  auto m = tiny_model();
  m.threshold = 0.3;
  m.test_set = two_columns({{1.5, 2.5}, {0.25, 7}});
  m.test_set.labels = {0, 1};
  auto file = temp_file("roundtrip.json");
  m.save(file);
  auto back = shoal::Model::load(file);
  EXPECT_EQ(back.hash(), m.hash());
  EXPECT_EQ(back.network.layers[0].weights, m.network.layers[0].weights);
  EXPECT_EQ(back.scaler.scale, m.scaler.scale);
  EXPECT_EQ(back.threshold, 0.3);
  EXPECT_EQ(back.test_set.rows(), 2u);
  EXPECT_EQ(back.test_set.labels, m.test_set.labels);
  EXPECT_EQ(back.test_set.row(1)[1], 7);
}

TEST(Model, HashChangesWithTheThreshold) {
  auto m = tiny_model();
  auto before = m.hash();
  m.threshold = 0.4;
  EXPECT_NE(m.hash(), before);
}

void expect_load_error(const std::string& content, const std::string& text) {
  auto file = temp_file("bad.json");
  std::ofstream(file) << content;
  try {
    shoal::Model::load(file);
    FAIL() << "expected an error mentioning: " << text;
  } catch (const shoal::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos);
  }
}

TEST(Model, RefusesFilesThatAreNotModels) {
  expect_load_error("id,label\n1,normal\n",
                    "not a shoal model (not valid JSON)");
  expect_load_error("{\"name\": 1}", "missing field 'format'");
  expect_load_error("{\"format\": \"shoal-model\", \"format_version\": 9}",
                    "model format version 9 is not supported");
  auto j = tiny_model().to_json();
  j["layers"][0]["weights"] = {1, 2, 3};
  expect_load_error(j.dump(), "layer 0 has tables of the wrong size");
  j = tiny_model().to_json();
  j["threshold"] = "high";
  expect_load_error(j.dump(), "field 'threshold' has the wrong type");
  EXPECT_THROW(shoal::Model::load(temp_file("missing.json")),
               shoal::InputError);
}

}  // namespace
