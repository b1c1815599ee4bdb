// Strategy `smote`: SMOTE (Chawla et al. 2002) with imbalanced-learn's
// semantics (imblearn.over_sampling.SMOTE).
//
// For each class to grow, every synthetic row is
//   x_i + u * (x_nn - x_i),
// where x_i is a row of that class drawn uniformly with replacement, x_nn is
// drawn uniformly among x_i's k nearest rows of the same class (itself
// excluded), and u is uniform in [0, 1). As in imbalanced-learn's
// _make_samples, the (x_i, x_nn) pair is one uniform draw over all
// rows * k pairs.
//
// Parameters:
//   k_neighbors        neighbours to interpolate towards (default 5);
//   sampling_strategy  which classes grow and to how many rows (default
//                      "auto": every class but the largest, i.e. the
//                      minority of a two-class set); see sampling.hpp;
//
// The original rows come first, unchanged; synthetic rows follow, class by
// class, each with weight 1 (a synthetic row stands for one new
// observation, not for a weighted original).

#include "shoal/sampling.hpp"
#include "shoal/strategy.hpp"

namespace {

const char* const kName = "smote";

class Smote final : public shoal::Strategy {
 public:
  explicit Smote(shoal::Params& params)
      : k_(static_cast<std::size_t>(
            params.integer("k_neighbors", 5, 1, 1000000))),
        strategy_(
            shoal::read_sampling_strategy(params, shoal::SamplingKind::over)) {}

  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t seed) const override {
    auto targets = shoal::sampling_targets(train, strategy_,
                                           shoal::SamplingKind::over, kName);
    shoal::require_neighbours_in_grown_classes(train, targets, k_,
                                               "k_neighbors", kName);
    shoal::Dataset out = train;
    shoal::SampleRandom random(seed);
    shoal::for_each_grown_class(train, targets,
                                [&](int label, std::size_t extra) {
                                  grow_class(train, label, extra, random, out);
                                });
    return out;
  }

 private:
  void grow_class(const shoal::Dataset& train, int label, std::size_t count,
                  shoal::SampleRandom& random, shoal::Dataset& out) const {
    auto rows = shoal::rows_of_class(train, label);
    shoal::NeighbourIndex index(train, rows);
    auto neighbours = shoal::neighbour_lists(index, train, rows, k_);
    shoal::add_smote_rows(out, train, rows, neighbours, count, 1.0, label,
                          random);
  }

  std::size_t k_;
  nlohmann::json strategy_;
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Smote, kName,
                      "over-sample by interpolating between minority "
                      "neighbours (SMOTE)",
                      "1.0.0", false)
