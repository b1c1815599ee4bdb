// Tests of the header generator: prefix rules, int8 quantisation, the
// device arithmetic (DeviceModel) against the engine, the generated text,
// and `shoal export` on bad input. The compiled header itself is checked by
// the firmware.* tests (firmware-export/CMakeLists.txt).

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <regex>
#include <set>

#include "cli_testing.hpp"
#include "shoal/error.hpp"
#include "shoal/export.hpp"
#include "shoal/model.hpp"

namespace {

namespace fs = std::filesystem;
using shoal::testing::run_shoal;
using shoal::testing::scratch_folder;

/// The fish study's 8-16-8-2 network with Glorot-uniform weights, small
/// random biases, a scaler like the fish features' and 400 test rows drawn
/// around the training mean, every class present.
shoal::Model fish_like_model(unsigned seed = 7) {
  std::mt19937 rng(seed);
  shoal::Model m;
  m.shoal_version = "test";
  m.strategy = m.plugin = "class_weight";
  m.feature_names = {"f.meanSpeed", "f.sdSpeed", "f.minSpeed", "f.maxSpeed",
                     "f.meanAcc",   "f.sdAcc",   "f.minAcc",   "f.maxAcc"};
  m.class_names = {"abnormal", "normal"};
  m.minority = 0;
  m.scaler.mean = {2.5, 1.2, 0.8, 5.1, -0.01, 1.4, -2.8, 2.8};
  m.scaler.scale = {1.1, 0.6, 0.9, 2.4, 0.15, 0.6, 1.6, 1.8};
  std::size_t in = 8;
  for (std::size_t out : {16, 8, 2}) {
    float limit = std::sqrt(6.0f / static_cast<float>(in + out));
    std::uniform_real_distribution<float> w(-limit, limit), b(-0.2f, 0.2f);
    shoal::DenseLayer layer{in, out, {}, {}, out != 2};
    for (std::size_t k = 0; k < in * out; ++k) layer.weights.push_back(w(rng));
    for (std::size_t k = 0; k < out; ++k) layer.bias.push_back(b(rng));
    m.network.layers.push_back(layer);
    in = out;
  }
  m.metrics = {{"accuracy", 0.9}, {"recall", {{"abnormal", 0.8}}}};
  m.test_set.feature_names = m.feature_names;
  m.test_set.class_names = m.class_names;
  std::normal_distribution<double> z(0.0, 1.5);
  for (int i = 0; i < 400; ++i) {
    double x[8];
    for (int j = 0; j < 8; ++j)
      x[j] = m.scaler.mean[j] + z(rng) * m.scaler.scale[j];
    m.test_set.add_row(x, i % 10 == 0 ? 0 : 1);
  }
  return m;
}

std::vector<float> as_float(const double* row, std::size_t n) {
  return std::vector<float>(row, row + n);
}

std::string prefix_error(const std::string& prefix) {
  try {
    shoal::check_c_prefix(prefix);
  } catch (const shoal::InputError& e) {
    return e.what();
  }
  return "";
}

// ---- Prefix -----------------------------------------------------------------

TEST(ExportPrefix, AcceptsCIdentifiers) {
  for (const char* prefix : {"fish", "fish_v2", "FishDetector", "a", "x1_y2"}) {
    EXPECT_EQ(prefix_error(prefix), "") << prefix;
  }
}

TEST(ExportPrefix, RefusesWhatCannotStartACName) {
  // Reasons from the C99 and C++17 standards: identifier syntax (6.4.2),
  // keywords of either language, names reserved to the implementation
  // (7.1.3; [lex.name]), and a trailing underscore that would put "__"
  // into the generated "<prefix>_predict".
  const std::pair<std::string, std::string> cases[] = {
      {"", "it is empty"},
      {"1fish", "it starts with a digit"},
      {"fish-v2", "character 5 is not a letter, digit or underscore"},
      {"fi\xC3\xA9sh", "character 3 is not a letter, digit or underscore"},
      {"int", "it is a C or C++ keyword"},
      {"class", "it is a C or C++ keyword"},
      {"_Bool", "it is a C or C++ keyword"},
      {"_fish", "names starting with an underscore are reserved"},
      {"fish__v2", "names holding a double underscore are reserved in C++"},
      {"fish_", "it ends with an underscore"},
      {"shoal_track", "prefix of the feature extractor"},
      {"shoal_track_v2", "prefix of the feature extractor"},
      {std::string(41, 'f'), "it is longer than 40 characters"}};
  for (const auto& [prefix, reason] : cases) {
    EXPECT_NE(prefix_error(prefix).find(reason), std::string::npos)
        << "prefix '" << prefix << "': " << prefix_error(prefix);
  }
  EXPECT_EQ(prefix_error("fish-v2"),
            "prefix 'fish-v2' cannot start C names: character 5 is not a "
            "letter, digit or underscore");
}

TEST(ExportPrecision, ParsesItsTwoNames) {
  EXPECT_EQ(shoal::parse_precision("float32"), shoal::Precision::float32);
  EXPECT_EQ(shoal::parse_precision("int8"), shoal::Precision::int8);
  EXPECT_THROW(shoal::parse_precision("int4"), shoal::InputError);
}

// ---- Quantisation
// -------------------------------------------------------------

TEST(Quantise, WeightsAreSymmetricInt8WithinHalfAStep) {
  // Symmetric per-layer quantisation: scale = max|w| / 127, so the largest
  // weight maps to +-127 and every weight is rebuilt within scale / 2.
  shoal::Model m = fish_like_model();
  auto q = shoal::QuantisedMlp::from(m.network, 0.5, m.minority);
  ASSERT_EQ(q.layers.size(), 3u);
  double product = 1;
  for (std::size_t k = 0; k < 3; ++k) {
    const auto& layer = m.network.layers[k];
    const auto& ql = q.layers[k];
    int largest = 0;
    for (std::size_t i = 0; i < layer.weights.size(); ++i) {
      largest = std::max(largest, std::abs(int{ql.weights[i]}));
      EXPECT_LE(std::fabs(ql.weights[i] * ql.weight_scale - layer.weights[i]),
                ql.weight_scale / 2 + 1e-9);
    }
    EXPECT_EQ(largest, 127);
    product *= ql.weight_scale;
  }
  EXPECT_DOUBLE_EQ(q.logit_scale, product);
}

TEST(Quantise, ThresholdLowersTheMinorityBias) {
  // Folding: the minority's last bias becomes (b - ln(t / (1 - t))) / C_L,
  // so that the decision is the sign of the logit difference. t = 0.8
  // gives ln 4.
  shoal::Model m = fish_like_model();
  auto half = shoal::QuantisedMlp::from(m.network, 0.5, 0);
  auto high = shoal::QuantisedMlp::from(m.network, 0.8, 0);
  EXPECT_DOUBLE_EQ(high.threshold_logit, std::log(4.0));
  const auto& last = high.layers.back();
  double expected =
      (m.network.layers.back().bias[0] - std::log(4.0)) / high.logit_scale;
  double stored =
      std::ldexp(static_cast<double>(last.bias[0]), -last.bias_bits);
  EXPECT_NEAR(stored, expected, std::ldexp(1.0, -last.bias_bits));
  // The other class's bias keeps its value.
  for (const auto* q : {&half, &high}) {
    const auto& l = q->layers.back();
    EXPECT_NEAR(std::ldexp(static_cast<double>(l.bias[1]), -l.bias_bits),
                m.network.layers.back().bias[1] / q->logit_scale,
                std::ldexp(1.0, -l.bias_bits));
  }
}

// ---- The device's arithmetic
// ---------------------------------------------------

TEST(DeviceModel, Float32ScoresMatchTheEngine) {
  // The header standardises in float, the engine in double: the scores
  // may differ by rounding only (the acceptance bound is 1e-5).
  shoal::Model m = fish_like_model();
  shoal::DeviceModel device(m, shoal::Precision::float32, 0.5);
  const auto& t = m.test_set;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    auto x = as_float(t.row(i), t.cols());
    float engine = m.minority_score(t.row(i));
    EXPECT_NEAR(device.score(x.data()), engine, 1e-6) << "row " << i;
    if (std::fabs(engine - 0.5f) > 1e-5f) {
      EXPECT_EQ(device.predict(x.data()), m.predict(t.row(i))) << "row " << i;
    }
  }
}

TEST(DeviceModel, Int8AgreesWithFloatOnAtLeast98Percent) {
  // The acceptance bound of the int8 export; on these rows it should in fact
  // agree almost everywhere, and its scores stay close to float's.
  for (unsigned seed : {1u, 2u, 3u}) {
    shoal::Model m = fish_like_model(seed);
    shoal::DeviceModel device(m, shoal::Precision::int8, 0.5);
    const auto& t = m.test_set;
    std::size_t same = 0;
    for (std::size_t i = 0; i < t.rows(); ++i) {
      auto x = as_float(t.row(i), t.cols());
      same += device.predict(x.data()) == m.predict(t.row(i));
      EXPECT_NEAR(device.score(x.data()), m.minority_score(t.row(i)), 0.03)
          << "seed " << seed << " row " << i;
    }
    EXPECT_GE(same, t.rows() * 98 / 100) << "seed " << seed;
  }
}

TEST(DeviceModel, Int8DecisionIsTheSignOfItsScoreAgainstTheThreshold) {
  // predict() decides in integers, score() in float: they must tell the
  // same story wherever the score is not within rounding of the threshold.
  shoal::Model m = fish_like_model();
  for (double threshold : {0.2, 0.5, 0.9}) {
    shoal::DeviceModel device(m, shoal::Precision::int8, threshold);
    for (std::size_t i = 0; i < m.test_set.rows(); ++i) {
      auto x = as_float(m.test_set.row(i), 8);
      float score = device.score(x.data());
      if (std::fabs(score - threshold) < 1e-5) continue;
      EXPECT_EQ(device.predict(x.data()), score >= threshold ? 0 : 1)
          << "threshold " << threshold << " row " << i;
    }
  }
}

TEST(DeviceModel, Int8SurvivesExtremeInputs) {
  // The exponent is chosen per input: the training mean (all zeros after
  // standardisation), a feature a million deviations out, and a tiny
  // offset must neither overflow nor lose the decision.
  shoal::Model m = fish_like_model();
  shoal::DeviceModel device(m, shoal::Precision::int8, 0.5);
  std::vector<std::vector<double>> rows(3, m.scaler.mean);
  rows[1][3] += 1e6 * m.scaler.scale[3];
  rows[2][0] += 1e-6 * m.scaler.scale[0];
  for (const auto& row : rows) {
    auto x = as_float(row.data(), 8);
    float engine = m.minority_score(row.data());
    EXPECT_NEAR(device.score(x.data()), engine, 0.01);
    EXPECT_EQ(device.predict(x.data()), m.predict(row.data()));
  }
}

TEST(DeviceModel, StoresTheSmallestFloatNotBelowTheThreshold) {
  // score >= stored float must mean score >= requested double; 0.1 is not
  // a float, so the stored value is rounded up, never down.
  shoal::Model m = fish_like_model();
  shoal::DeviceModel device(m, shoal::Precision::float32, 0.1);
  EXPECT_GE(static_cast<double>(device.threshold()), 0.1);
  EXPECT_LT(static_cast<double>(std::nextafter(device.threshold(), 0.0f)), 0.1);
}

TEST(DeviceModel, RefusesThresholdsOutsideTheOpenInterval) {
  shoal::Model m = fish_like_model();
  for (double t : {0.0, 1.0, -0.5, 1.5, std::nan("")}) {
    EXPECT_THROW(shoal::DeviceModel(m, shoal::Precision::float32, t),
                 shoal::InputError)
        << t;
  }
}

TEST(DeviceModel, RefusesModelsTheHeaderCannotHold) {
  shoal::Model nan_weight = fish_like_model();
  nan_weight.network.layers[1].weights[5] = std::nanf("");
  EXPECT_THROW(shoal::DeviceModel(nan_weight, shoal::Precision::float32, 0.5),
               shoal::InputError);

  shoal::Model three = fish_like_model();
  three.class_names.push_back("resting");
  EXPECT_THROW(shoal::DeviceModel(three, shoal::Precision::float32, 0.5),
               shoal::InputError);

  // int8 sums stay below 2^30 only up to 256 inputs a layer.
  shoal::Model wide = fish_like_model();
  wide.network.layers[1].inputs = 300;
  EXPECT_THROW(shoal::DeviceModel(wide, shoal::Precision::int8, 0.5),
               shoal::InputError);
}

// ---- The header text
// -----------------------------------------------------------

TEST(ExportHeader, EveryFileScopeNameCarriesThePrefix) {
  // Two headers with different prefixes can share a translation unit only
  // if nothing they declare escapes the prefix.
  shoal::Model m = fish_like_model();
  for (auto precision : {shoal::Precision::float32, shoal::Precision::int8}) {
    shoal::ExportOptions options;
    options.prefix = "reef";
    options.precision = precision;
    std::string text = std::regex_replace(
        shoal::export_header(m, options).header,
        std::regex(R"(/\*[\s\S]*?\*/)"), " ");  // comments say "static" too
    std::regex declared(
        R"((?:#define|typedef\s+(?:struct|enum|char)|static\s+(?:inline\s+)?)"
        R"((?:const\s+)?[A-Za-z_0-9]+\*?(?:\s+const)?)\s+\*?([A-Za-z_]\w*))");
    std::set<std::string> names;
    for (std::sregex_iterator it(text.begin(), text.end(), declared), end;
         it != end; ++it) {
      names.insert((*it)[1]);
    }
    std::regex enumerator(R"(\n  ([A-Z_0-9]+) = \d+,?\n)");
    for (std::sregex_iterator it(text.begin(), text.end(), enumerator), end;
         it != end; ++it) {
      names.insert((*it)[1]);
    }
    EXPECT_GT(names.size(), 20u);
    for (const std::string& name : names) {
      EXPECT_TRUE(name.rfind("reef_", 0) == 0 || name.rfind("REEF_", 0) == 0)
          << name;
    }
  }
}

TEST(ExportHeader, BannerStatesProvenanceInputsAndDecision) {
  shoal::Model m = fish_like_model();
  shoal::ExportOptions options;
  options.prefix = "reef";
  options.threshold = 0.25;
  auto result = shoal::export_header(m, options);
  const std::string& h = result.header;
  EXPECT_NE(h.find("GENERATED FILE, written by shoal"), std::string::npos);
  EXPECT_NE(h.find("Model:     " + m.hash()), std::string::npos);
  EXPECT_NE(h.find("#define REEF_MODEL_HASH \"" + m.hash() + "\""),
            std::string::npos);
  EXPECT_NE(h.find(" 4  f.meanAcc    mean acceleration, pixels per frame^2"),
            std::string::npos);
  // The banner wraps its sentences; join the lines to read them.
  std::string flat = std::regex_replace(h, std::regex("\n \\* "), " ");
  EXPECT_NE(flat.find("REEF_THRESHOLD = 0.25f (set at export), otherwise 1"),
            std::string::npos);
  EXPECT_NE(h.find("#define REEF_THRESHOLD 0.25f"), std::string::npos);
  EXPECT_NE(h.find("This header's metrics on the model's 400 test rows"),
            std::string::npos);
  EXPECT_FLOAT_EQ(result.threshold, 0.25f);
}

TEST(ExportHeader, SelfTestVectorsCoverBothDecisionsAwayFromTheThreshold) {
  shoal::Model m = fish_like_model();
  shoal::ExportOptions options;
  options.prefix = "reef";
  options.threshold = 0.3;
  options.self_test_vectors = 5;
  auto result = shoal::export_header(m, options);
  EXPECT_EQ(result.self_test_vectors, 5u);
  std::smatch classes;
  ASSERT_TRUE(std::regex_search(
      result.header, classes,
      std::regex(
          R"(reef_self_test_classes\s*\[REEF_N_SELF_TEST\] = \{\s*([^}]*)\})")));
  EXPECT_NE(classes[1].str().find('0'), std::string::npos);
  EXPECT_NE(classes[1].str().find('1'), std::string::npos);
}

TEST(ExportHeader, SelfTestVectorsReachEveryWeightTheTestSetCan) {
  // Greedy cover: each vector after the two extremes brings at least one
  // new parameter into play while any test row can, so with as many
  // vectors as parameters every reachable one is reached. A parameter is
  // in play when it can change the output: its input is not zero and the
  // unit it feeds is not a ReLU held at zero.
  shoal::Model m = fish_like_model();
  std::vector<bool> reachable(298, false);  // weights then biases, by layer
  for (std::size_t i = 0; i < m.test_set.rows(); ++i) {
    std::vector<float> in(8);
    for (std::size_t j = 0; j < 8; ++j) {
      in[j] = (static_cast<float>(m.test_set.row(i)[j]) -
               static_cast<float>(m.scaler.mean[j])) /
              static_cast<float>(m.scaler.scale[j]);
    }
    std::size_t at = 0;
    for (const auto& layer : m.network.layers) {
      std::vector<float> out(layer.outputs);
      std::size_t biases = at + layer.inputs * layer.outputs;
      for (std::size_t o = 0; o < layer.outputs; ++o) {
        float acc = layer.bias[o];
        for (std::size_t j = 0; j < layer.inputs; ++j) {
          acc += layer.weights[o * layer.inputs + j] * in[j];
        }
        bool passes = !layer.relu || acc > 0;
        out[o] = passes ? acc : 0;
        for (std::size_t j = 0; j < layer.inputs; ++j) {
          if (passes && in[j] != 0) reachable[at + o * layer.inputs + j] = true;
        }
        if (passes) reachable[biases + o] = true;
      }
      at = biases + layer.outputs;
      in = out;
    }
  }
  shoal::ExportOptions options;
  options.prefix = "reef";
  options.self_test_vectors = 64;
  auto result = shoal::export_header(m, options);
  EXPECT_EQ(result.parameters, 298u);  // 8*16+16 + 16*8+8 + 8*2+2
  EXPECT_EQ(result.parameters_exercised,
            static_cast<std::size_t>(
                std::count(reachable.begin(), reachable.end(), true)));
  // The default six vectors already bring most of them into play.
  options.self_test_vectors = 6;
  EXPECT_GE(shoal::export_header(m, options).parameters_exercised,
            result.parameters_exercised * 9 / 10);
}

TEST(ExportHeader, NamesAreEscapedForStringsAndComments) {
  // A feature name is user data: it must not end a comment or a string.
  shoal::Model m = fish_like_model();
  m.feature_names[2] = "odd \"name\" */ here";
  shoal::ExportOptions options;
  options.prefix = "reef";
  std::string h = shoal::export_header(m, options).header;
  EXPECT_NE(h.find("\"odd \\\"name\\\" */ here\""), std::string::npos);
  EXPECT_NE(h.find("odd \"name\" * / here"), std::string::npos);
  EXPECT_EQ(h.find("odd \"name\" */ here  "), std::string::npos);
}

TEST(ExportHeader, ReportsInt8AgreementOnTheTestRows) {
  shoal::Model m = fish_like_model();
  shoal::ExportOptions options;
  options.prefix = "reef";
  options.precision = shoal::Precision::int8;
  auto result = shoal::export_header(m, options);
  EXPECT_EQ(result.compared_rows, 400u);
  EXPECT_GE(result.agreeing_rows, 392u);  // 98 %
  // 8-16-8-2 in int8: 16 float scaling values, 272 int8 weights, 26 int32
  // biases and three 16-byte entries of the layer index: 488 B, what
  // arm-none-eabi-size gives for the tables of the example firmware.
  EXPECT_EQ(result.footprint.table_bytes, 16 * 4 + 272 + 26 * 4 + 3 * 16);
}

// ---- The command
// ---------------------------------------------------------------

TEST(ExportCommand, WritesAHeaderNamedAfterItsFile) {
  fs::path dir = scratch_folder("export_ok");
  fish_like_model().save(dir / "model.json");
  auto r =
      run_shoal("export \"" + (dir / "model.json").string() + "\" -o \"" +
                (dir / "reef_detector.h").string() + "\" --precision int8");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("prefix reef_detector, int8"), std::string::npos);
  EXPECT_NE(r.out.find("int8 decisions agree with float on"),
            std::string::npos);
  std::string header = shoal::testing::slurp(dir / "reef_detector.h");
  EXPECT_NE(header.find("reef_detector_predict("), std::string::npos);
}

TEST(ExportCommand, BadInputExitsWithTwoAndLeavesNoHeader) {
  fs::path dir = scratch_folder("export_bad");
  fish_like_model().save(dir / "model.json");
  {
    std::ofstream not_model(dir / "notes.json");
    not_model << "{\"format\": \"something else\"}\n";
  }
  const std::string model = "\"" + (dir / "model.json").string() + "\"";
  const std::string header = (dir / "out.h").string();
  // An existing folder where the header should go: not replaced.
  fs::path folder = scratch_folder("export_bad_folder") / "detector.h";
  fs::create_directories(folder);
  const std::pair<std::string, std::string> cases[] = {
      {"export \"" + (dir / "notes.json").string() + "\" -o \"" + header + "\"",
       "not a shoal model"},
      {"export \"" + (dir / "missing.json").string() + "\" -o \"" + header +
           "\"",
       "missing.json"},
      {"export " + model + " -o \"" + header + "\" --prefix 2fish",
       "prefix '2fish' cannot start C names: it starts with a digit"},
      {"export " + model + " -o \"" + header + "\" --prefix ''",
       "prefix '' cannot start C names: it is empty"},
      {"export " + model + " -o \"" + header + "\" --prefix shoal_track",
       "prefix of the feature extractor"},
      {"export " + model + " -o \"" + folder.string() + "\"",
       "cannot write '" + folder.string() + "': it is a folder"},
      {"export " + model + " -o \"" + (dir / "bad-name.h").string() + "\"",
       "choose one with --prefix"},
      {"export " + model + " -o \"" + header + "\" --threshold 1",
       "must lie strictly between 0 and 1"},
      {"export " + model + " -o \"" + (dir / "no" / "such" / "out.h").string() +
           "\"",
       "out.h"}};
  for (const auto& [arguments, message] : cases) {
    auto r = run_shoal(arguments);
    EXPECT_EQ(r.exit_code, 2) << arguments << "\n" << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  }
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    ++files;
    EXPECT_TRUE(entry.path().filename() == "model.json" ||
                entry.path().filename() == "notes.json")
        << entry.path();
  }
  EXPECT_EQ(files, 2u);
  EXPECT_TRUE(fs::is_directory(folder));
}

}  // namespace
