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
                       bool with_weights,
                       const std::string& label_column = "label");

/// Rows to score with a trained model: the model's features, picked by
/// name from a CSV whose other columns are ignored.
struct PredictionInput {
  std::vector<std::string> ids;     ///< the id column's values, if present
  std::vector<std::string> labels;  ///< the label column's values, if present
  std::vector<double> features;     ///< rows() x width, row-major
  std::size_t width = 0;            ///< features per row
  std::size_t rows() const { return width ? features.size() / width : 0; }
};

/// Reads the columns `feature_names` (in that order) from a CSV, plus the
/// `id_column` and `label_column` when the file has them. Same format rules
/// and error messages as read_feature_csv; a missing feature column is an
/// error listing the columns found.
PredictionInput read_prediction_csv(
    const std::filesystem::path& path,
    const std::vector<std::string>& feature_names,
    const std::string& id_column = "id",
    const std::string& label_column = "label");

/// `text` as one CSV field: as it is, or in double quotes (with inner
/// quotes doubled) when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text);

/// Splits one CSV line into fields (no quoting beyond plain double quotes
/// around a field). Shared by the track and feature readers.
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace shoal
