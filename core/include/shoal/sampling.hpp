#pragma once
/// Helpers shared by resampling strategies: how many rows each class should
/// end with (imbalanced-learn's `sampling_strategy`), and nearest neighbours.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shoal/dataset.hpp"
#include "shoal/params.hpp"

namespace shoal {

/// Whether a sampler adds rows or removes them; it decides what "auto" and
/// a float ratio mean, as in imbalanced-learn.
enum class SamplingKind { over, under };

/// Target row count per class (indexed like class_names) for a
/// `sampling_strategy` value, with imbalanced-learn's semantics:
///  - over: "minority" grows the smallest class to the largest's count;
///    "auto" / "not majority" grows every class but the largest; "all" grows
///    every class; a float r (two classes only) grows the minority to
///    r * majority; an object {class: count} gives targets (>= current).
///  - under: "majority" shrinks the largest class to the smallest's count;
///    "auto" / "not minority" shrinks every class but the smallest; a float
///    r shrinks the majority to minority / r; an object gives targets
///    (<= current).
/// Throws ParamError (key "sampling_strategy") naming the bad value.
std::vector<std::size_t> sampling_targets(const Dataset& data,
                                          const nlohmann::json& strategy,
                                          SamplingKind kind,
                                          const std::string& plugin);

/// Nearest neighbours among a fixed set of rows of a Dataset (Euclidean
/// distance on the features), backed by a k-d tree.
class NeighbourIndex {
 public:
  /// Indexes the rows `members` of `data`; `data` must outlive the index.
  NeighbourIndex(const Dataset& data, std::vector<std::size_t> members);
  ~NeighbourIndex();
  NeighbourIndex(const NeighbourIndex&) = delete;
  NeighbourIndex& operator=(const NeighbourIndex&) = delete;

  /// Row indices (into `data`) of the k members nearest to `point`, nearest
  /// first; ties are broken by lower row index. `exclude` (a row index) is
  /// skipped, so a member can ask for its own neighbours.
  std::vector<std::size_t> nearest(const double* point, std::size_t k,
                                   std::size_t exclude = SIZE_MAX) const;

  std::size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shoal
