#pragma once
/// Reading and writing feature tables as CSV.

#include <filesystem>
#include <string>
#include <vector>

#include "shoal/dataset.hpp"

namespace shoal {

/// How to read a feature CSV: which column holds the class label, which
/// columns to ignore; every other column must be numeric.
struct CsvOptions {
  std::string label_column = "label";
  std::vector<std::string> drop_columns{"id"};
  /// When set, a column of this name is read as the row weight (> 0).
  std::string weight_column;
};

/// Reads a feature table. Accepts CRLF line endings and a UTF-8 byte-order
/// mark. Throws InputError naming file, line, column and value for: a
/// missing file, an empty file or one with a header only, a missing label
/// column, a ragged row, a value that is not a finite number, and a label
/// column with fewer or more than two classes.
Dataset read_feature_csv(const std::filesystem::path& path,
                         const CsvOptions& options = {});

/// Writes `data` as CSV (features, then label, then optionally weight),
/// atomically.
void write_feature_csv(const std::filesystem::path& path, const Dataset& data,
                       bool with_weights, const std::string& label_column =
                                              "label");

/// Splits one CSV line into fields (no quoting beyond plain double quotes
/// around a field). Shared by the track and feature readers.
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace shoal
