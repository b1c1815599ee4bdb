#include "shoal/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nanoflann.hpp>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "shoal/error.hpp"

namespace shoal {

// ---------------------------------------------------------------------------
// sampling_strategy, following imbalanced-learn's
// imblearn/utils/_validation.py (check_sampling_strategy and the
// _sampling_strategy_* functions it dispatches to).

namespace {

const char* const kStrategyKey = "sampling_strategy";

bool is_over(SamplingKind kind) { return kind == SamplingKind::over; }

std::vector<std::string> strategy_words(SamplingKind kind) {
  // imbalanced-learn refuses "majority" for over-samplers and "minority" for
  // under-samplers: the first would grow a class that is already largest,
  // the second shrink one that is already smallest.
  return {is_over(kind) ? "minority" : "majority", "not minority",
          "not majority", "all", "auto"};
}

std::string valid_forms(SamplingKind kind) {
  std::string text = "one of";
  for (const auto& word : strategy_words(kind)) text += " '" + word + "',";
  text += " a ratio in (0, 1] (two classes only), or a mapping {class name:";
  text +=
      is_over(kind) ? " target rows >= current}" : " target rows <= current}";
  return text;
}

std::string sampler_name(SamplingKind kind) {
  return is_over(kind) ? "an over-sampler" : "an under-sampler";
}

std::string format_ratio(double x) {
  std::ostringstream text;
  text.precision(4);
  text << x;
  return text.str();
}

[[noreturn]] void fail_strategy(const std::string& plugin,
                                const std::string& problem) {
  throw ParamError(plugin, kStrategyKey, problem);
}

void check_word(const std::string& word, SamplingKind kind,
                const std::string& plugin) {
  auto words = strategy_words(kind);
  if (std::find(words.begin(), words.end(), word) != words.end()) return;
  std::string problem = "is '" + word + "', which " + sampler_name(kind) +
                        " does not accept; use " + valid_forms(kind);
  std::string hint = nearest_word(word, words);
  if (!hint.empty()) problem += " (did you mean '" + hint + "'?)";
  fail_strategy(plugin, problem);
}

void check_mapping(const nlohmann::json& value, const std::string& plugin) {
  for (const auto& item : value.items()) {
    const auto& count = item.value();
    bool whole = count.is_number_integer() &&
                 (count.is_number_unsigned() || count.get<std::int64_t>() >= 0);
    if (!whole) {
      fail_strategy(plugin, "gives class '" + item.key() + "' the count " +
                                count.dump() +
                                "; row counts must be whole numbers >= 0");
    }
  }
}

void check_form(const nlohmann::json& value, SamplingKind kind,
                const std::string& plugin) {
  if (value.is_string()) {
    check_word(value.get<std::string>(), kind, plugin);
  } else if (value.is_number()) {
    double ratio = value.get<double>();
    if (!(ratio > 0 && ratio <= 1)) {
      fail_strategy(plugin, "is the ratio " + value.dump() +
                                ", outside (0, 1]; use " + valid_forms(kind));
    }
  } else if (value.is_object()) {
    check_mapping(value, plugin);
  } else {
    fail_strategy(plugin, "is " + value.dump() + "; use " + valid_forms(kind));
  }
}

/// Row counts of the classes that have rows, and which of them are the
/// smallest and largest (lowest index on a tie, as imbalanced-learn's
/// min/max over the sorted class counts).
struct ClassCounts {
  std::vector<std::size_t> counts;
  std::size_t present = 0;
  std::size_t minority = 0;
  std::size_t majority = 0;
};

ClassCounts count_classes(const Dataset& data, const std::string& plugin) {
  ClassCounts c;
  c.counts = data.class_counts();
  bool first = true;
  for (std::size_t k = 0; k < c.counts.size(); ++k) {
    if (c.counts[k] == 0) continue;
    ++c.present;
    if (first || c.counts[k] < c.counts[c.minority]) c.minority = k;
    if (first || c.counts[k] > c.counts[c.majority]) c.majority = k;
    first = false;
  }
  if (c.present < 2) {
    throw InputError("strategy '" + plugin +
                     "': the training set needs rows of at least two "
                     "classes to rebalance, it has " +
                     std::to_string(c.present));
  }
  return c;
}

bool word_selects(const std::string& word, SamplingKind kind, std::size_t k,
                  const ClassCounts& c) {
  if (word == "all") return true;
  if (word == "minority") return k == c.minority;
  if (word == "majority") return k == c.majority;
  if (word == "not minority") return k != c.minority;
  if (word == "not majority") return k != c.majority;
  // "auto": "not majority" when over-sampling, "not minority" when under.
  return is_over(kind) ? k != c.majority : k != c.minority;
}

std::vector<std::size_t> word_targets(const std::string& word,
                                      SamplingKind kind, const ClassCounts& c) {
  // Selected classes are equalised with the largest class (over) or the
  // smallest (under).
  std::size_t goal = c.counts[is_over(kind) ? c.majority : c.minority];
  auto targets = c.counts;
  for (std::size_t k = 0; k < c.counts.size(); ++k) {
    if (c.counts[k] > 0 && word_selects(word, kind, k, c)) targets[k] = goal;
  }
  return targets;
}

std::vector<std::size_t> ratio_targets(double ratio, SamplingKind kind,
                                       const ClassCounts& c,
                                       const std::string& plugin) {
  if (c.present != 2) {
    fail_strategy(plugin, "is the ratio " + format_ratio(ratio) +
                              ", which needs exactly two classes; this "
                              "training set has " +
                              std::to_string(c.present) +
                              ": give a mapping {class name: rows} instead");
  }
  double minority = static_cast<double>(c.counts[c.minority]);
  double majority = static_cast<double>(c.counts[c.majority]);
  std::string current = format_ratio(minority / majority);
  auto targets = c.counts;
  if (is_over(kind)) {
    // imbalanced-learn: int(n_majority * ratio - n_minority) new rows, and
    // an error unless that is at least one.
    double added = std::trunc(majority * ratio - minority);
    if (added <= 0) {
      fail_strategy(plugin, "is the ratio " + format_ratio(ratio) +
                                ", not above the current minority/majority "
                                "ratio " +
                                current +
                                ": an over-sampler cannot remove rows; use a "
                                "ratio in (" +
                                current + ", 1]");
    }
    targets[c.minority] += static_cast<std::size_t>(added);
  } else {
    // imbalanced-learn: the majority keeps int(n_minority / ratio) rows.
    double kept = std::trunc(minority / ratio);
    if (kept > majority) {
      fail_strategy(plugin, "is the ratio " + format_ratio(ratio) +
                                ", below the current minority/majority "
                                "ratio " +
                                current +
                                ": an under-sampler cannot add rows; use a "
                                "ratio in [" +
                                current + ", 1]");
    }
    targets[c.majority] = static_cast<std::size_t>(kept);
  }
  return targets;
}

std::size_t class_index(const Dataset& data, const std::string& name,
                        const std::string& plugin) {
  const auto& names = data.class_names;
  auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
  std::string problem = "names class '" + name +
                        "', which is not in the training set; its classes "
                        "are:";
  for (const auto& known : names) problem += " " + known;
  std::string hint = nearest_word(name, names);
  if (!hint.empty()) problem += " (did you mean '" + hint + "'?)";
  fail_strategy(plugin, problem);
}

std::vector<std::size_t> mapping_targets(const nlohmann::json& mapping,
                                         SamplingKind kind, const Dataset& data,
                                         const ClassCounts& c,
                                         const std::string& plugin) {
  auto targets = c.counts;
  for (const auto& item : mapping.items()) {
    std::size_t k = class_index(data, item.key(), plugin);
    auto wanted = item.value().get<std::size_t>();
    std::string have = std::to_string(c.counts[k]);
    if (c.counts[k] == 0) {
      fail_strategy(plugin, "names class '" + item.key() +
                                "', which has no rows in the training set");
    }
    if (is_over(kind) && wanted < c.counts[k]) {
      fail_strategy(plugin, "asks for " + std::to_string(wanted) +
                                " rows of class '" + item.key() +
                                "', which has " + have +
                                ": an over-sampler cannot remove rows; give "
                                "at least " +
                                have);
    }
    if (!is_over(kind) && wanted > c.counts[k]) {
      fail_strategy(plugin, "asks for " + std::to_string(wanted) +
                                " rows of class '" + item.key() +
                                "', which has " + have +
                                ": an under-sampler cannot add rows; give at "
                                "most " +
                                have);
    }
    targets[k] = wanted;
  }
  return targets;
}

}  // namespace

std::vector<std::size_t> sampling_targets(const Dataset& data,
                                          const nlohmann::json& strategy,
                                          SamplingKind kind,
                                          const std::string& plugin) {
  check_form(strategy, kind, plugin);
  ClassCounts counts = count_classes(data, plugin);
  if (strategy.is_string()) {
    return word_targets(strategy.get<std::string>(), kind, counts);
  }
  if (strategy.is_number()) {
    return ratio_targets(strategy.get<double>(), kind, counts, plugin);
  }
  return mapping_targets(strategy, kind, data, counts, plugin);
}

nlohmann::json read_sampling_strategy(Params& params, SamplingKind kind) {
  const nlohmann::json* given = params.find(kStrategyKey);
  nlohmann::json value = given ? *given : nlohmann::json("auto");
  check_form(value, kind, params.strategy());
  return value;
}

// ---------------------------------------------------------------------------
// Nearest neighbours.

namespace {

/// nanoflann's view of the indexed rows: point i is row members[i].
struct MemberRows {
  const Dataset* data;
  const std::vector<std::size_t>* members;

  std::size_t kdtree_get_point_count() const { return members->size(); }
  double kdtree_get_pt(std::uint32_t i, std::size_t dim) const {
    return data->row((*members)[i])[dim];
  }
  template <class Box>
  bool kdtree_get_bbox(Box&) const {
    return false;
  }
};

// L2_Simple_Adaptor sums squared differences feature by feature in order,
// so a plain loop elsewhere computes bit-identical distances.
using MemberTree = nanoflann::KDTreeSingleIndexAdaptor<
    nanoflann::L2_Simple_Adaptor<double, MemberRows>, MemberRows, -1,
    std::uint32_t>;

/// A nanoflann result set that keeps the k best (distance, row) pairs in
/// lexicographic order, so equal distances are settled by the lower row
/// index whatever order the tree visits points in. worstDist() is widened a
/// little past the k-th distance: nanoflann only offers points strictly
/// closer than it and prunes cells farther than it, and a point tied with
/// the k-th (or a hair off through rounding in the cell bounds) must still
/// be offered.
class OrderedNeighbours {
 public:
  using DistanceType = double;
  using IndexType = std::uint32_t;
  using CountType = std::size_t;

  OrderedNeighbours(std::size_t capacity,
                    const std::vector<std::size_t>& members,
                    std::size_t exclude)
      : capacity_(capacity), members_(members), exclude_(exclude) {}

  bool full() const { return found_.size() == capacity_; }
  std::size_t size() const { return found_.size(); }

  double worstDist() const {
    if (!full()) return std::numeric_limits<double>::max();
    double worst = found_.back().first;
    return std::nextafter(worst * (1 + 1e-9),
                          std::numeric_limits<double>::infinity());
  }

  bool addPoint(double distance, std::uint32_t member) {
    std::size_t row = members_[member];
    if (row == exclude_) return true;
    Entry entry{distance, row};
    if (full() && !(entry < found_.back())) return true;
    found_.insert(std::upper_bound(found_.begin(), found_.end(), entry), entry);
    if (found_.size() > capacity_) found_.pop_back();
    return true;
  }

  std::vector<std::size_t> rows() const {
    std::vector<std::size_t> out;
    out.reserve(found_.size());
    for (const auto& entry : found_) out.push_back(entry.second);
    return out;
  }

 private:
  using Entry = std::pair<double, std::size_t>;
  std::size_t capacity_;
  const std::vector<std::size_t>& members_;
  std::size_t exclude_;
  std::vector<Entry> found_;
};

}  // namespace

struct NeighbourIndex::Impl {
  const Dataset& data;
  std::vector<std::size_t> members;
  MemberRows rows;
  std::unique_ptr<MemberTree> tree;

  Impl(const Dataset& d, std::vector<std::size_t> m)
      : data(d), members(std::move(m)), rows{&data, &members} {
    if (members.size() > std::numeric_limits<std::uint32_t>::max()) {
      throw RunError("neighbour index: too many rows (" +
                     std::to_string(members.size()) + ")");
    }
    if (data.cols() == 0) return;  // every member at distance 0
    tree = std::make_unique<MemberTree>(
        data.cols(), rows, nanoflann::KDTreeSingleIndexAdaptorParams(10));
  }
};

NeighbourIndex::NeighbourIndex(const Dataset& data,
                               std::vector<std::size_t> members)
    : impl_(std::make_unique<Impl>(data, std::move(members))) {}

NeighbourIndex::~NeighbourIndex() = default;

std::size_t NeighbourIndex::size() const { return impl_->members.size(); }

std::vector<std::size_t> NeighbourIndex::nearest(const double* point,
                                                 std::size_t k,
                                                 std::size_t exclude) const {
  OrderedNeighbours result(k, impl_->members, exclude);
  if (k == 0 || impl_->members.empty()) return {};
  if (!impl_->tree) {
    // No features: all members are equally near; take the lowest rows.
    for (std::uint32_t i = 0; i < impl_->members.size(); ++i) {
      result.addPoint(0.0, i);
    }
    return result.rows();
  }
  impl_->tree->findNeighbors(result, point, nanoflann::SearchParams());
  return result.rows();
}

std::vector<std::vector<std::size_t>> neighbour_lists(
    const NeighbourIndex& index, const Dataset& data,
    const std::vector<std::size_t>& queries, std::size_t k) {
  std::vector<std::vector<std::size_t>> lists;
  lists.reserve(queries.size());
  for (std::size_t row : queries) {
    lists.push_back(index.nearest(data.row(row), k, row));
  }
  return lists;
}

// ---------------------------------------------------------------------------
// Random draws.

std::size_t SampleRandom::index(std::size_t n) {
  // Rejecting the lowest 2^64 mod n outputs leaves a multiple of n values,
  // so the remainder is exactly uniform.
  std::uint64_t bound = n;
  std::uint64_t threshold = (0 - bound) % bound;
  for (;;) {
    std::uint64_t draw = engine_();
    if (draw >= threshold) return static_cast<std::size_t>(draw % bound);
  }
}

double SampleRandom::unit() {
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

double SampleRandom::normal() {
  double u1 = 1.0 - unit();  // in (0, 1], so the logarithm is finite
  double u2 = unit();
  const double two_pi = 6.283185307179586476925286766559;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(two_pi * u2);
}

double SampleRandom::beta(int a, int b) {
  std::vector<double> draws(static_cast<std::size_t>(a + b - 1));
  for (double& draw : draws) draw = unit();
  auto nth = draws.begin() + (a - 1);
  std::nth_element(draws.begin(), nth, draws.end());
  return *nth;
}

// ---------------------------------------------------------------------------
// Synthetic rows.

std::vector<std::size_t> rows_of_class(const Dataset& data, int label) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < data.rows(); ++i) {
    if (data.labels[i] == label) rows.push_back(i);
  }
  return rows;
}

void require_neighbour_rows(std::size_t rows, std::size_t k,
                            const std::string& group, const std::string& param,
                            const std::string& plugin) {
  if (rows > k) return;
  // A ParamError, so that a config's error can point at the parameter.
  std::string problem = "is " + std::to_string(k) + ", which needs at least " +
                        std::to_string(k + 1) + " rows, but " + group +
                        " has " + std::to_string(rows);
  if (rows >= 2) {
    problem += "; set " + param + " to at most " + std::to_string(rows - 1);
  } else {
    problem +=
        "; no value works with fewer than 2 rows (random_oversampling "
        "needs only 1)";
  }
  throw ParamError(plugin, param, problem);
}

void for_each_grown_class(
    const Dataset& train, const std::vector<std::size_t>& targets,
    const std::function<void(int label, std::size_t extra)>& grow) {
  auto counts = train.class_counts();
  for (std::size_t c = 0; c < counts.size(); ++c) {
    if (targets[c] > counts[c])
      grow(static_cast<int>(c), targets[c] - counts[c]);
  }
}

void require_neighbours_in_grown_classes(
    const Dataset& train, const std::vector<std::size_t>& targets,
    std::size_t k, const std::string& param, const std::string& plugin) {
  auto counts = train.class_counts();
  for_each_grown_class(train, targets, [&](int label, std::size_t) {
    auto c = static_cast<std::size_t>(label);
    require_neighbour_rows(counts[c], k, "class '" + train.class_names[c] + "'",
                           param, plugin);
  });
}

void add_between(Dataset& out, const Dataset& data, std::size_t from,
                 std::size_t to, double step, int label) {
  const double* a = data.row(from);
  const double* b = data.row(to);
  std::size_t start = out.features.size();
  out.features.resize(start + data.cols());
  for (std::size_t j = 0; j < data.cols(); ++j) {
    out.features[start + j] = a[j] + step * (b[j] - a[j]);
  }
  out.labels.push_back(label);
  out.weights.push_back(1.0);
}

void add_smote_rows(Dataset& out, const Dataset& data,
                    const std::vector<std::size_t>& seeds,
                    const std::vector<std::vector<std::size_t>>& neighbours,
                    std::size_t count, double step_size, int label,
                    SampleRandom& random) {
  if (count == 0) return;
  std::size_t k = neighbours.empty() ? 0 : neighbours.front().size();
  if (seeds.empty() || k == 0 || neighbours.size() != seeds.size()) {
    throw std::invalid_argument("add_smote_rows: no (seed, neighbour) pairs");
  }
  // As _make_samples: all pair indices first, then all steps.
  std::vector<std::size_t> pairs(count);
  for (auto& pair : pairs) pair = random.index(seeds.size() * k);
  std::vector<double> steps(count);
  for (auto& step : steps) step = step_size * random.unit();

  out.features.reserve(out.features.size() + count * data.cols());
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t seed = pairs[i] / k;
    std::size_t neighbour = neighbours[seed][pairs[i] % k];
    add_between(out, data, seeds[seed], neighbour, steps[i], label);
  }
}

}  // namespace shoal
