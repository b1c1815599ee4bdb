#pragma once
/// Helpers shared by resampling strategies: how many rows each class should
/// end with (imbalanced-learn's `sampling_strategy`), nearest neighbours,
/// portable random draws, and SMOTE-style synthetic rows.
///
/// They are part of the plugin SDK: a plugin built outside the shoal tree
/// includes this header and links them from libshoal, so a new method can
/// reuse the shipped plugins' semantics and reproducible draws.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

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

/// Reads `sampling_strategy` (default "auto") from a plugin's parameters
/// and checks its form, so a misspelt value fails when the strategy is
/// configured rather than when it first meets data. Class names and counts
/// are checked later, by sampling_targets().
nlohmann::json read_sampling_strategy(Params& params, SamplingKind kind);

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

/// For each row in `queries`, its k nearest members of `index` other than
/// itself, nearest first (one list per query, in the order of `queries`).
std::vector<std::vector<std::size_t>> neighbour_lists(
    const NeighbourIndex& index, const Dataset& data,
    const std::vector<std::size_t>& queries, std::size_t k);

/// Random draws for samplers. The draws are computed here from the raw
/// 64-bit Mersenne Twister output rather than with <random>'s
/// distributions, whose algorithms differ between standard libraries: the
/// same seed gives the same resampled rows on every platform.
class SampleRandom {
 public:
  explicit SampleRandom(std::uint64_t seed) : engine_(seed) {}

  /// Uniform in [0, n), without modulo bias; n must be > 0.
  std::size_t index(std::size_t n);
  /// Uniform in [0, 1), with 53 random bits.
  double unit();
  /// Standard normal (Box-Muller).
  double normal();
  /// Beta(a, b) for whole a, b >= 1: the a-th smallest of a + b - 1
  /// uniforms (an order statistic of the uniform is Beta distributed).
  double beta(int a, int b);

 private:
  std::mt19937_64 engine_;
};

/// Rows of class `label`, in row order.
std::vector<std::size_t> rows_of_class(const Dataset& data, int label);

/// Throws ParamError (key `param`) unless a group of `rows` rows
/// (described by `group`, e.g. "class 'abnormal'") is large enough for `k`
/// neighbours besides each row itself; the message gives the count and the
/// largest `param` that would work.
void require_neighbour_rows(std::size_t rows, std::size_t k,
                            const std::string& group, const std::string& param,
                            const std::string& plugin);

/// Calls grow(label, extra) for every class that `targets` grows (target
/// above its current count), in class order, with the number of rows to
/// add. The loop every over-sampler runs.
void for_each_grown_class(
    const Dataset& train, const std::vector<std::size_t>& targets,
    const std::function<void(int label, std::size_t extra)>& grow);

/// require_neighbour_rows for every class that `targets` grows (target
/// above its current count), checked before any row is generated.
void require_neighbours_in_grown_classes(
    const Dataset& train, const std::vector<std::size_t>& targets,
    std::size_t k, const std::string& param, const std::string& plugin);

/// Appends the synthetic row x_from + step * (x_to - x_from) of class
/// `label`, weight 1, to `out`; both rows are read from `data`.
void add_between(Dataset& out, const Dataset& data, std::size_t from,
                 std::size_t to, double step, int label);

/// Appends `count` synthetic rows of class `label` the way imbalanced-learn's
/// BaseSMOTE._make_samples draws them: each picks one of the seeds.size() *
/// k (seed, neighbour) pairs uniformly, where neighbours[i] lists the k
/// neighbours of seeds[i], and steps from the seed towards that neighbour by
/// step_size * u, u uniform in [0, 1). All lists must have the same length.
void add_smote_rows(Dataset& out, const Dataset& data,
                    const std::vector<std::size_t>& seeds,
                    const std::vector<std::vector<std::size_t>>& neighbours,
                    std::size_t count, double step_size, int label,
                    SampleRandom& random);

}  // namespace shoal
