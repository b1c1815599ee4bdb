#pragma once
/// report.html: one self-contained page (inline CSS and SVG, no scripts, no
/// network) that shows a reviewer what an experiment found.

#include <filesystem>
#include <string>

#include "shoal/comparison.hpp"

namespace shoal {

/// What the report shows besides the comparison itself.
struct ReportInput {
  std::string title;         ///< page heading, e.g. the config's file name
  std::string data_summary;  ///< one line on the data set
  std::string minority;      ///< name of the rare class
  std::string config_text;   ///< the config that produced the runs
  Comparison comparison;
};

/// The page: conclusion; comparison table with 95% intervals; paired tests;
/// a strip chart of the primary metric with every run; then per strategy
/// the training loss and accuracy curves (mean and band over runs), the
/// summed confusion matrix, and the ROC and precision-recall curves; last
/// the config. The same input gives the same bytes.
std::string render_report(const ReportInput& input);

/// Writes render_report(input) to `path` atomically.
void write_report(const std::filesystem::path& path, const ReportInput& input);

}  // namespace shoal
