// report.html: self-contained, one panel of charts per strategy, escaped
// text, the same bytes for the same input, and a page that headless
// Chromium actually draws (its screenshot is decoded and must show charts).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>

#include "shoal/report.hpp"

namespace fs = std::filesystem;

namespace shoal {
namespace {

RunResult fake_run(std::size_t strategy, std::size_t repeat, int hits) {
  RunResult run;
  run.spec = {strategy, repeat, 0};
  std::vector<int> predicted;
  for (int i = 0; i < 40; ++i) {
    int truth = i < 8 ? 0 : 1;
    run.truth.push_back(truth);
    predicted.push_back(truth == 0 && i >= hits ? 1 : truth);
    double wobble = 0.01 * static_cast<double>((i * 7 + repeat * 3) % 10);
    run.scores.push_back(truth == 0 ? 0.5 + 0.05 * hits - wobble
                                    : 0.1 + 0.5 * wobble + 0.01 * i);
  }
  run.metrics = compute_metrics(run.truth, predicted, run.scores, 0, 2);
  run.confusion =
      confusion_matrix(run.truth, predicted, {"abnormal", "normal"});
  run.counts_before = {8, 32};
  for (std::size_t e = 1; e <= 20; ++e) {
    double wobble = 0.02 * static_cast<double>(repeat % 3);
    run.history.push_back({e, 0.7 / std::sqrt(double(e)) + wobble,
                           0.6 + 0.015 * double(e) - wobble});
  }
  return run;
}

ReportInput sample_input(const std::vector<std::string>& names) {
  ExperimentConfig config;
  for (const auto& n : names) config.strategies.push_back({n, n, {}, 0});
  config.evaluation.repeats = 6;
  ExperimentResult result;
  for (std::size_t s = 0; s < names.size(); ++s) {
    for (std::size_t r = 0; r < 6; ++r) {
      int hits = static_cast<int>(3 + s + r % 3);
      result.runs.push_back(fake_run(s, r, std::min(hits, 8)));
      result.plan.push_back(result.runs.back().spec);
    }
  }
  Dataset data;
  data.class_names = {"abnormal", "normal"};
  data.labels = {0, 1, 1};
  ReportInput input;
  input.title = "fish_compare_cv.yaml";
  input.data_summary = "80 rows (16 abnormal, 64 normal) from fish.csv";
  input.minority = "abnormal";
  input.config_text = "strategies:\n  - plugin: smote  # k < 6 & more\n";
  input.comparison = compare_strategies(config, data, result);
  return input;
}

std::size_t count(const std::string& text, const std::string& word) {
  std::size_t n = 0;
  for (auto at = text.find(word); at != std::string::npos;
       at = text.find(word, at + 1)) {
    ++n;
  }
  return n;
}

TEST(Report, OnePanelOfChartsPerStrategy) {
  std::vector<std::string> names{"none", "class_weight", "smote",
                                 "random_oversampling"};
  std::string html = render_report(sample_input(names));
  EXPECT_EQ(count(html, "<section class=\"strategy\""), names.size());
  for (const auto& n : names) {
    EXPECT_EQ(count(html, "data-strategy=\"" + n + "\""), 1u) << n;
  }
  // Loss, accuracy, ROC and PR per strategy, plus the primary-metric chart.
  EXPECT_EQ(count(html, "<svg"), 4 * names.size() + 1);
  EXPECT_EQ(count(html, "data-chart=\"primary\""), 1u);
  // One dot per run in the primary-metric chart: 4 strategies x 6 runs.
  EXPECT_EQ(count(html, "<circle class=\"run\""), 24u);
  EXPECT_EQ(count(html, "<table class=\"confusion\""), names.size());
}

TEST(Report, NeedsNothingFromTheNetwork) {
  std::string html = render_report(sample_input({"none", "smote"}));
  for (const char* outside : {"<script", "<link", "src=", "url(", "@import"}) {
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  }
  // The only address is the SVG namespace name, which is never fetched.
  EXPECT_EQ(count(html, "http"), count(html, "http://www.w3.org/2000/svg"));
}

TEST(Report, EscapesTextAndShowsConfigAndConclusion) {
  ReportInput input = sample_input({"a<b", "smote"});
  std::string html = render_report(input);
  EXPECT_EQ(html.find("a<b"), std::string::npos);
  EXPECT_NE(html.find("a&lt;b"), std::string::npos);
  EXPECT_NE(html.find("# k &lt; 6 &amp; more"), std::string::npos);
  EXPECT_NE(html.find(input.comparison.conclusion.substr(0, 20)),
            std::string::npos);
}

TEST(Report, SameInputSameBytes) {
  EXPECT_EQ(render_report(sample_input({"none", "smote"})),
            render_report(sample_input({"none", "smote"})));
}

TEST(Report, WritesTheFile) {
  fs::path dir = fs::path(SHOAL_BINARY_DIR) / "test_report_out";
  fs::create_directories(dir);
  ReportInput input = sample_input({"none", "smote"});
  write_report(dir / "report.html", input);
  std::ifstream in(dir / "report.html");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, render_report(input));
}

/// Path of the Chromium program, or "" when it is not installed.
std::string find_chromium() {
  for (const char* name : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (fs::exists(name)) return name;
  }
  return "";
}

TEST(Report, HeadlessChromiumDrawsTheCharts) {
  // tools/setup.sh installs Chromium: a missing browser is a broken setup,
  // not a reason to pass without looking at the page.
  std::string chromium = find_chromium();
  ASSERT_FALSE(chromium.empty())
      << "chromium is not installed (tools/setup.sh installs it)";

  fs::path dir = fs::path(SHOAL_BINARY_DIR) / "test_report_chromium";
  fs::remove_all(dir);
  fs::create_directories(dir / "profile");
  write_report(dir / "report.html",
               sample_input({"none", "class_weight", "smote"}));
  fs::path png = dir / "report.png";
  // timeout(1) ends a browser that hangs instead of stalling the suite.
  std::string command =
      "timeout 120 " + chromium +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update"
      " --disable-sync --hide-scrollbars --user-data-dir=" +
      (dir / "profile").string() + " --screenshot=" + png.string() +
      " --window-size=1200,2000 file://" + (dir / "report.html").string() +
      " > " + (dir / "chromium.log").string() + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << "see " << dir / "chromium.log";

  int width = 0, height = 0, channels = 0;
  unsigned char* pixels =
      stbi_load(png.string().c_str(), &width, &height, &channels, 3);
  ASSERT_NE(pixels, nullptr) << "no PNG at " << png;
  EXPECT_EQ(width, 1200);
  // Pixels near each strategy's colour (Okabe-Ito blue, vermilion, green):
  // dots, lines and bands that only drawn charts put there. Text and table
  // rules are grey, and a blank page is white.
  const unsigned char palette[3][3] = {
      {0x00, 0x72, 0xB2}, {0xD5, 0x5E, 0x00}, {0x00, 0x9E, 0x73}};
  std::size_t near[3] = {0, 0, 0}, total = std::size_t(width) * height;
  for (std::size_t i = 0; i < total; ++i) {
    const unsigned char* p = pixels + 3 * i;
    for (int c = 0; c < 3; ++c) {
      int distance = std::abs(p[0] - palette[c][0]) +
                     std::abs(p[1] - palette[c][1]) +
                     std::abs(p[2] - palette[c][2]);
      near[c] += distance < 30;
    }
  }
  stbi_image_free(pixels);
  for (int c = 0; c < 3; ++c) EXPECT_GT(near[c], 40u) << "strategy " << c;
}

}  // namespace
}  // namespace shoal
