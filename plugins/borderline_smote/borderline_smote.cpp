// Strategy `borderline_smote`: Borderline-SMOTE (Han, Wang & Mao 2005) with
// imbalanced-learn's semantics (imblearn.over_sampling.BorderlineSMOTE).
//
// Only rows on the border of their class seed new rows. A row of a class
// to grow is "in danger" when, among its m_neighbors nearest rows of the
// whole training set (itself excluded), at least half but not all belong to
// other classes (m/2 <= m' < m). Rows with all m neighbours of other
// classes are taken for noise; rows with fewer than half are safe.
//
//   borderline-1: each synthetic row is x_i + u (x_nn - x_i), x_i a danger
//     row drawn uniformly, x_nn one of its k_neighbors nearest rows of its
//     own class, u uniform in [0, 1) (SMOTE's draw, seeded at danger rows).
//   borderline-2: a fraction f ~ Beta(10, 10) of the new rows
//     (floor(f * (G + 1)), at most G) is made as in borderline-1; the rest
//     step from x_i towards one of its k_neighbors nearest rows of the other
//     classes, with u uniform in [0, 0.5), so they stay on the class's side
//     of the border (Han et al. scale that step by a random number below
//     0.5). Two deliberate differences from imbalanced-learn's
//     imblearn/over_sampling/_smote/filter.py: the second part's neighbours
//     are the real nearest rows of the other classes (imbalanced-learn
//     indexes the other classes' rows with the same-class neighbour
//     indices), and the two parts add up to exactly G rows (its
//     int(f (G + 1)) + int((1 - f) G) can fall one short).
//
// Parameters:
//   k_neighbors        neighbours to interpolate towards (default 5);
//   m_neighbors        neighbours that decide danger (default 10);
//   kind               "borderline-1" (default) or "borderline-2";
//   sampling_strategy  which classes grow (default "auto"); see
//                      sampling.hpp;
//
// A class without danger rows is left as it is, as imbalanced-learn does:
// when no class has any, the training set comes back unchanged. Original
// rows come first; synthetic rows (weight 1) follow, class by class.

#include <algorithm>
#include <cmath>
#include <numeric>

#include "shoal/sampling.hpp"
#include "shoal/strategy.hpp"

namespace {

const char* const kName = "borderline_smote";

class BorderlineSmote final : public shoal::Strategy {
 public:
  explicit BorderlineSmote(shoal::Params& params)
      : k_(static_cast<std::size_t>(
            params.integer("k_neighbors", 5, 1, 1000000))),
        m_(static_cast<std::size_t>(
            params.integer("m_neighbors", 10, 1, 1000000))),
        strategy_(
            shoal::read_sampling_strategy(params, shoal::SamplingKind::over)) {
    std::string kind = params.text("kind", "borderline-1");
    if (kind != "borderline-1" && kind != "borderline-2") {
      std::string hint =
          shoal::nearest_word(kind, {"borderline-1", "borderline-2"});
      params.fail("kind",
                  "is '" + kind + "'; use 'borderline-1' or 'borderline-2'" +
                      (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
    second_kind_ = kind == "borderline-2";
  }

  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t seed) const override {
    auto targets = shoal::sampling_targets(train, strategy_,
                                           shoal::SamplingKind::over, kName);
    shoal::require_neighbours_in_grown_classes(train, targets, k_,
                                               "k_neighbors", kName);
    if (targets != train.class_counts()) {
      shoal::require_neighbour_rows(train.rows(), m_, "the training set",
                                    "m_neighbors", kName);
    }
    std::vector<std::size_t> everyone(train.rows());
    std::iota(everyone.begin(), everyone.end(), 0);
    shoal::NeighbourIndex all(train, everyone);

    shoal::Dataset out = train;
    shoal::SampleRandom random(seed);
    shoal::for_each_grown_class(
        train, targets, [&](int label, std::size_t extra) {
          grow_class(train, all, label, extra, random, out);
        });
    return out;
  }

 private:
  /// Rows of class `label` in danger: m/2 <= (other-class neighbours) < m.
  std::vector<std::size_t> danger_rows(const shoal::Dataset& train,
                                       const shoal::NeighbourIndex& all,
                                       const std::vector<std::size_t>& rows,
                                       int label) const {
    std::vector<std::size_t> danger;
    for (std::size_t row : rows) {
      auto near = all.nearest(train.row(row), m_, row);
      std::size_t others = 0;
      for (std::size_t n : near) others += train.labels[n] != label;
      if (2 * others >= m_ && others < m_) danger.push_back(row);
    }
    return danger;
  }

  void grow_class(const shoal::Dataset& train, const shoal::NeighbourIndex& all,
                  int label, std::size_t wanted, shoal::SampleRandom& random,
                  shoal::Dataset& out) const {
    auto rows = shoal::rows_of_class(train, label);
    auto danger = danger_rows(train, all, rows, label);
    if (danger.empty()) return;

    shoal::NeighbourIndex own(train, rows);
    auto own_lists = shoal::neighbour_lists(own, train, danger, k_);
    if (!second_kind_) {
      shoal::add_smote_rows(out, train, danger, own_lists, wanted, 1.0, label,
                            random);
      return;
    }
    double fraction = random.beta(10, 10);
    auto towards_own = std::min(
        wanted, static_cast<std::size_t>(
                    std::floor(fraction * static_cast<double>(wanted + 1))));
    shoal::add_smote_rows(out, train, danger, own_lists, towards_own, 1.0,
                          label, random);

    std::vector<std::size_t> others;
    for (std::size_t i = 0; i < train.rows(); ++i) {
      if (train.labels[i] != label) others.push_back(i);
    }
    shoal::NeighbourIndex other_index(train, others);
    auto other_lists = shoal::neighbour_lists(other_index, train, danger,
                                              std::min(k_, others.size()));
    shoal::add_smote_rows(out, train, danger, other_lists, wanted - towards_own,
                          0.5, label, random);
  }

  std::size_t k_;
  std::size_t m_;
  nlohmann::json strategy_;
  bool second_kind_ = false;
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(BorderlineSmote, kName,
                      "SMOTE seeded only at rows on the class border "
                      "(Borderline-SMOTE 1 and 2)",
                      "1.0.0", false)
