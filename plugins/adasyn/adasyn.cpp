// Strategy `adasyn`: ADASYN (He, Bai, Garcia & Li 2008) with
// imbalanced-learn's semantics (imblearn/over_sampling/_adasyn.py).
//
// ADASYN grows a class like SMOTE, but gives each of its rows a share of
// the new rows in proportion to how many rows of other classes surround
// it, so hard, border regions get more synthetic rows than safe ones. For
// each class to grow by G rows:
//   r_i  = (rows of other classes among x_i's n_neighbors nearest rows of
//          the whole training set, x_i itself excluded) / n_neighbors;
//   g_i  = rint(r_i / sum(r) * G)   (round half to even, as numpy's rint);
//   then g_i synthetic rows x_i + u (x_nn - x_i), x_nn drawn uniformly among
//   x_i's n_neighbors nearest rows of its own class, u uniform in [0, 1).
// Because of the rounding, the class may end a few rows above or below its
// target, as in imbalanced-learn (its own example ends at 904 for 900).
//
// Parameters:
//   n_neighbors        neighbours for both the ratio and the interpolation
//                      (default 5);
//   sampling_strategy  which classes grow and to how many rows (default
//                      "auto"); see sampling.hpp;
//
// Original rows come first, unchanged; synthetic rows (weight 1) follow.
// When no row of a class to grow has a neighbour of another class, the
// ratios are all zero and ADASYN is undefined: that is an InputError, as
// imbalanced-learn raises one, suggesting smote.

#include <cmath>
#include <numeric>

#include "shoal/sampling.hpp"
#include "shoal/strategy.hpp"

namespace {

const char* const kName = "adasyn";

class Adasyn final : public shoal::Strategy {
 public:
  explicit Adasyn(shoal::Params& params)
      : n_(static_cast<std::size_t>(
            params.integer("n_neighbors", 5, 1, 1000000))),
        strategy_(
            shoal::read_sampling_strategy(params, shoal::SamplingKind::over)) {}

  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t seed) const override {
    auto targets = shoal::sampling_targets(train, strategy_,
                                           shoal::SamplingKind::over, kName);
    shoal::require_neighbours_in_grown_classes(train, targets, n_,
                                               "n_neighbors", kName);
    std::vector<std::size_t> everyone(train.rows());
    std::iota(everyone.begin(), everyone.end(), 0);
    shoal::NeighbourIndex all(train, everyone);

    shoal::Dataset out = train;
    shoal::SampleRandom random(seed);
    shoal::for_each_grown_class(
        train, targets, [&](int label, std::size_t extra) {
          auto rows = shoal::rows_of_class(train, label);
          auto shares = row_shares(train, all, rows, label, extra);
          generate(train, rows, shares, label, random, out);
        });
    return out;
  }

 private:
  /// g_i for each row of the class: its share of the `wanted` new rows.
  std::vector<std::size_t> row_shares(const shoal::Dataset& train,
                                      const shoal::NeighbourIndex& all,
                                      const std::vector<std::size_t>& rows,
                                      int label, std::size_t wanted) const {
    std::vector<double> ratio(rows.size());
    double total = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto near = all.nearest(train.row(rows[i]), n_, rows[i]);
      double others = 0;
      for (std::size_t row : near) others += train.labels[row] != label;
      ratio[i] = others / static_cast<double>(n_);
      total += ratio[i];
    }
    const std::string& name =
        train.class_names[static_cast<std::size_t>(label)];
    if (total == 0) {
      throw shoal::InputError(
          "strategy 'adasyn': no row of class '" + name +
          "' has a row of another class among its " + std::to_string(n_) +
          " nearest neighbours, so ADASYN has no density to weight rows by; "
          "use smote, or a larger n_neighbors");
    }
    std::vector<std::size_t> shares(rows.size());
    std::size_t sum = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      double share =
          std::nearbyint(ratio[i] / total * static_cast<double>(wanted));
      shares[i] = static_cast<std::size_t>(share);
      sum += shares[i];
    }
    if (sum == 0) {
      throw shoal::InputError("strategy 'adasyn': " + std::to_string(wanted) +
                              " new rows of class '" + name +
                              "' round to none for every row; ask for more "
                              "rows with sampling_strategy");
    }
    return shares;
  }

  /// Appends shares[i] synthetic rows seeded at rows[i], as
  /// imbalanced-learn does: every neighbour choice first, then every step.
  void generate(const shoal::Dataset& train,
                const std::vector<std::size_t>& rows,
                const std::vector<std::size_t>& shares, int label,
                shoal::SampleRandom& random, shoal::Dataset& out) const {
    shoal::NeighbourIndex own(train, rows);
    auto neighbours = shoal::neighbour_lists(own, train, rows, n_);
    std::size_t count =
        std::accumulate(shares.begin(), shares.end(), std::size_t{0});
    std::vector<std::size_t> choice(count);
    for (auto& pick : choice) pick = random.index(n_);
    std::vector<double> steps(count);
    for (auto& step : steps) step = random.unit();

    std::size_t next = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      for (std::size_t s = 0; s < shares[i]; ++s, ++next) {
        shoal::add_between(out, train, rows[i], neighbours[i][choice[next]],
                           steps[next], label);
      }
    }
  }

  std::size_t n_;
  nlohmann::json strategy_;
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Adasyn, kName,
                      "over-sample like SMOTE, more where other classes are "
                      "near (ADASYN)",
                      "1.0.0", false)
