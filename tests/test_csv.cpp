// Feature CSV reading and writing: the values read, the class encoding, and
// the exact text of every bad-input message.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "shoal/csv.hpp"
#include "shoal/error.hpp"

namespace fs = std::filesystem;
using shoal::CsvOptions;
using shoal::Dataset;
using shoal::InputError;
using shoal::read_feature_csv;

namespace {

const fs::path kCsvData = fs::path(SHOAL_SOURCE_DIR) / "tests/data/csv";

/// A fresh folder for each test (ctest may run tests at the same time, each
/// in its own process), removed afterwards.
class FeatureCsv : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    folder_ =
        fs::temp_directory_path() / ("shoal_csv_" + std::string(test->name()) +
                                     "_" + std::to_string(::getpid()));
    fs::create_directories(folder_);
    bad_ = folder_ / "bad.csv";
  }
  void TearDown() override { fs::remove_all(folder_); }

  fs::path write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  /// The message read_feature_csv throws for a file holding `text`.
  std::string error_for(const std::string& text,
                        const CsvOptions& options = {}) {
    write(bad_, text);
    try {
      read_feature_csv(bad_, options);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }

  /// The bad file's name followed by `rest`, as messages start.
  std::string at(const std::string& rest) const { return bad_.string() + rest; }

  fs::path folder_;
  fs::path bad_;
};

// Expected values below are copied from tests/data/csv/fish_small.csv.
TEST_F(FeatureCsv, ReadsFeaturesInFileOrderAndDropsId) {
  Dataset data = read_feature_csv(kCsvData / "fish_small.csv");
  EXPECT_EQ(data.feature_names,
            (std::vector<std::string>{"speed", "turn_rate"}));
  EXPECT_EQ(data.features, (std::vector<double>{0.52, -1.25, 3.75, 0.5, 0.61,
                                                -0.75, 4.125, 2, 0.48, 0}));
  EXPECT_EQ(data.weights, std::vector<double>(5, 1.0));
}

TEST_F(FeatureCsv, EncodesClassesInSortedOrder) {
  // "normal" comes first in the file, yet "abnormal" sorts first: it is 0.
  Dataset data = read_feature_csv(kCsvData / "fish_small.csv");
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"abnormal", "normal"}));
  EXPECT_EQ(data.labels, (std::vector<int>{1, 0, 1, 0, 1}));
}

TEST_F(FeatureCsv, KeepsUndroppedIdAndIgnoresAbsentDropColumns) {
  CsvOptions options;
  options.drop_columns = {"track", "frame"};  // neither is in the file
  Dataset data = read_feature_csv(kCsvData / "fish_small.csv", options);
  EXPECT_EQ(data.feature_names,
            (std::vector<std::string>{"id", "speed", "turn_rate"}));
  EXPECT_EQ(data.row(4)[0], 5);
}

TEST_F(FeatureCsv, ReadsNamedLabelColumn) {
  write(bad_, "class,speed\nb,1\na,2\n");
  CsvOptions options;
  options.label_column = "class";
  Dataset data = read_feature_csv(bad_, options);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"speed"}));
  EXPECT_EQ(data.labels, (std::vector<int>{1, 0}));
}

TEST_F(FeatureCsv, AcceptsCrlfByteOrderMarkAndTrailingBlankLines) {
  write(bad_,
        "\xEF\xBB\xBFid,speed,label\r\n1,2.5,normal\r\n2,-3,abnormal\r\n"
        "\r\n\r\n");
  Dataset data = read_feature_csv(bad_);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"speed"}));
  EXPECT_EQ(data.features, (std::vector<double>{2.5, -3}));
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"abnormal", "normal"}));
}

TEST_F(FeatureCsv, TrimsBlanksAndQuotesAroundFields) {
  write(bad_, "\"speed\" , label\n 1.5 ,\" normal\"\n+2\t, abnormal \n");
  Dataset data = read_feature_csv(bad_);
  EXPECT_EQ(data.features, (std::vector<double>{1.5, 2}));
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"abnormal", "normal"}));
}

// Expected weights are copied from tests/data/csv/fish_weighted.csv.
TEST_F(FeatureCsv, ReadsWeightColumnAsRowWeights) {
  CsvOptions options;
  options.weight_column = "weight";
  Dataset data = read_feature_csv(kCsvData / "fish_weighted.csv", options);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"speed"}));
  EXPECT_EQ(data.weights, (std::vector<double>{1, 11.02, 0.52}));
  EXPECT_EQ(data.labels, (std::vector<int>{1, 0, 1}));
}

TEST(SplitCsvLine, HandlesQuotedCommasAndDoubledQuotes) {
  EXPECT_EQ(shoal::split_csv_line("a,\"b,c\",\"say \"\"hi\"\"\",,"),
            (std::vector<std::string>{"a", "b,c", "say \"hi\"", "", ""}));
  EXPECT_EQ(shoal::split_csv_line(""), (std::vector<std::string>{""}));
}

TEST_F(FeatureCsv, WrittenTableReadsBackBitForBit) {
  Dataset data;
  data.feature_names = {"speed", "turn, left"};
  data.class_names = {"abnormal", "normal"};
  // Values chosen to need all 17 significant digits or an extreme exponent.
  const double x[] = {0.1, 1.0 / 3.0, -2.5e10, 4.9e-324, 1e300, -0.0};
  data.add_row(x, 1, 0.52);
  data.add_row(x + 2, 0, 11.02);
  data.add_row(x + 4, 1, 1.0 / 7.0);
  fs::path file = folder_ / "out.csv";
  shoal::write_feature_csv(file, data, true);

  CsvOptions options;
  options.drop_columns = {};
  options.weight_column = "weight";
  Dataset back = read_feature_csv(file, options);
  EXPECT_EQ(back.feature_names, data.feature_names);
  EXPECT_EQ(back.class_names, data.class_names);
  EXPECT_EQ(back.labels, data.labels);
  EXPECT_EQ(back.weights, data.weights);
  EXPECT_EQ(back.features, data.features);
  EXPECT_TRUE(std::signbit(back.row(2)[1]));
}

TEST_F(FeatureCsv, WritesHeaderFeaturesLabelWeight) {
  Dataset data;
  data.feature_names = {"speed"};
  data.class_names = {"abnormal", "normal"};
  const double x[] = {0.5};
  data.add_row(x, 0, 2);
  fs::path file = folder_ / "out.csv";
  shoal::write_feature_csv(file, data, true, "class");
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "speed,class,weight\n0.5,abnormal,2\n");
}

// ---- Bad input: each message names file, line, column and value. ----

TEST_F(FeatureCsv, MissingFileIsNamed) {
  fs::path missing = folder_ / "missing.csv";
  try {
    read_feature_csv(missing);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot open '" + missing.string() +
                                         "': no such file or not readable");
  }
}

TEST_F(FeatureCsv, EmptyFileIsRefused) {
  EXPECT_EQ(error_for("\xEF\xBB\xBF\r\n\n"),
            at(": the file is empty; expected a header row naming the "
               "columns, including 'label'"));
}

TEST_F(FeatureCsv, HeaderOnlyIsRefused) {
  EXPECT_EQ(error_for("speed,label\n\n"),
            at(":1: the file has a header but no data rows"));
}

TEST_F(FeatureCsv, MissingLabelColumnListsColumnsFound) {
  EXPECT_EQ(error_for("id,speed,class\n1,2,a\n"),
            at(":1: no label column 'label'; the columns are: id, speed, "
               "class"));
}

TEST_F(FeatureCsv, MissingWeightColumnListsColumnsFound) {
  CsvOptions options;
  options.weight_column = "w";
  EXPECT_EQ(error_for("speed,label\n1,a\n", options),
            at(":1: no weight column 'w'; the columns are: speed, label"));
}

TEST_F(FeatureCsv, DuplicateColumnNameIsRefused) {
  EXPECT_EQ(error_for("id,speed,speed,label\n1,2,3,a\n"),
            at(":1:3: duplicate column name 'speed' (also column 2)"));
}

TEST_F(FeatureCsv, UnnamedColumnIsRefused) {
  EXPECT_EQ(error_for("speed,,label\n1,2,a\n"),
            at(":1:2: column 2 has no name"));
}

TEST_F(FeatureCsv, TableWithoutFeaturesIsRefused) {
  EXPECT_EQ(error_for("id,label\n1,a\n"),
            at(":1: no feature columns: every column is the label, the "
               "weight or dropped"));
}

TEST_F(FeatureCsv, RaggedRowSaysExpectedAndFoundFields) {
  EXPECT_EQ(error_for("id,speed,label\n1,0.5,normal\n2,0.7\n"),
            at(":3: ragged row: expected 3 fields as in the header, found 2"));
  EXPECT_EQ(error_for("speed,label\n1,a,\n"),
            at(":2: ragged row: expected 2 fields as in the header, found 3"));
}

TEST_F(FeatureCsv, BlankLineInsideTableIsRefused) {
  EXPECT_EQ(error_for("speed,label\n1,a\n\n2,b\n"),
            at(":3: blank line inside the table (blank lines may only end "
               "the file)"));
}

TEST_F(FeatureCsv, TextInNumericColumnIsRefused) {
  EXPECT_EQ(error_for("id,speed,label\n1,0.5,a\n2,fast,b\n"),
            at(":3:2: column 'speed': 'fast' is not a number"));
}

TEST_F(FeatureCsv, NumberWithTrailingTextIsRefused) {
  EXPECT_EQ(error_for("speed,turn,label\n0.5,1.5abc,a\n"),
            at(":2:2: column 'turn': '1.5abc' is not a number"));
}

TEST_F(FeatureCsv, EmptyNumericFieldIsRefused) {
  EXPECT_EQ(error_for("speed,turn,label\n0.5,,a\n"),
            at(":2:2: column 'turn': empty, expected a number"));
}

TEST_F(FeatureCsv, NanAndInfinityAreRefused) {
  EXPECT_EQ(error_for("speed,label\n1,a\nnan,b\n"),
            at(":3:1: column 'speed': 'nan' is not a finite number"));
  EXPECT_EQ(error_for("label,speed\na,-inf\n"),
            at(":2:2: column 'speed': '-inf' is not a finite number"));
  // Too large for a double: read as infinity, so refused the same way.
  EXPECT_EQ(error_for("label,speed\na,1e999\n"),
            at(":2:2: column 'speed': '1e999' is not a finite number"));
}

TEST_F(FeatureCsv, NonPositiveWeightIsRefused) {
  CsvOptions options;
  options.weight_column = "w";
  EXPECT_EQ(error_for("speed,label,w\n1,a,1\n2,b,0\n", options),
            at(":3:3: column 'w': weight '0' must be > 0"));
  EXPECT_EQ(error_for("speed,label,w\n1,a,heavy\n", options),
            at(":2:3: column 'w': 'heavy' is not a number"));
}

TEST_F(FeatureCsv, EmptyLabelIsRefused) {
  EXPECT_EQ(error_for("speed,label\n1,a\n2,\n"),
            at(":3:2: column 'label': empty label"));
}

TEST_F(FeatureCsv, OneClassOnlyIsNamed) {
  EXPECT_EQ(error_for("id,speed,label\n1,0.5,normal\n2,0.7,normal\n"),
            at(":1:3: column 'label' holds one class only, 'normal'; shoal "
               "needs rows of two classes"));
}

TEST_F(FeatureCsv, ThirdClassIsNamedWhereItAppears) {
  EXPECT_EQ(error_for("speed,label\n1,normal\n2,abnormal\n3,normal\n"
                      "4,Normal\n"),
            at(":5:2: column 'label': a third class 'Normal' (found Normal, "
               "abnormal, normal); shoal trains binary classifiers and "
               "needs exactly two"));
}

}  // namespace

namespace shoal {
namespace {

TEST(CsvField, QuotesOnlyWhatWouldBreakTheRow) {
  // RFC 4180: a field with a comma, a quote or a line break is quoted and
  // its quotes doubled; anything else is written as it is.
  EXPECT_EQ(csv_field("abnormal"), "abnormal");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(split_csv_line(csv_field("x,\"y\"") + ",z"),
            (std::vector<std::string>{"x,\"y\"", "z"}));
}

}  // namespace
}  // namespace shoal
