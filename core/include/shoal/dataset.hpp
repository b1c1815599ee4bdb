#pragma once
/// The table every part of shoal passes around: numeric feature rows, one
/// class label and one training weight per row.

#include <cstddef>
#include <string>
#include <vector>

namespace shoal {

/// A labelled table of feature rows.
///
/// Features are stored row-major: row i occupies
/// features[i * cols() .. (i + 1) * cols()). Labels index class_names, which
/// are kept in sorted order (so "abnormal" = 0, "normal" = 1 for the fish
/// data). Weights scale each row's contribution to the training loss; a
/// freshly read data set has weight 1 everywhere.
struct Dataset {
  std::vector<std::string> feature_names;
  std::vector<std::string> class_names;
  std::vector<double> features;
  std::vector<int> labels;
  std::vector<double> weights;

  std::size_t rows() const { return labels.size(); }
  std::size_t cols() const { return feature_names.size(); }
  const double* row(std::size_t i) const { return &features[i * cols()]; }
  double* row(std::size_t i) { return &features[i * cols()]; }

  /// Appends one row; `x` points at cols() values.
  void add_row(const double* x, int label, double weight = 1.0);

  /// An empty table with the same feature and class names.
  Dataset empty_like() const;

  /// The rows at `indices`, in that order (an index may repeat).
  Dataset subset(const std::vector<std::size_t>& indices) const;

  /// Number of rows of each class, indexed like class_names.
  std::vector<std::size_t> class_counts() const;

  /// The class with the fewest rows (the lowest index on a tie).
  int minority_class() const;

  /// The class with the most rows (the lowest index on a tie).
  int majority_class() const;

  /// Throws RunError when sizes disagree, a label is out of range, a
  /// feature is not finite or a weight is not finite and positive. `who`
  /// names the producer in the message (e.g. "plugin 'smote'").
  void validate(const std::string& who) const;

  /// Sixteen hex digits that change with any name, value, label or weight:
  /// tells whether two loads read the same data.
  std::string fingerprint() const;
};

}  // namespace shoal
