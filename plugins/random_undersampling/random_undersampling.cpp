// Strategy `random_undersampling`: imbalanced-learn's RandomUnderSampler.
// Rows of each class to shrink are drawn at random down to the class's
// target; every other row is kept. Kept rows stay in their input order
// (imbalanced-learn sorts sample_indices_ the same way) with their weights.
//
// Parameters:
//   sampling_strategy  under-sampling semantics (default "auto" = "not
//                      minority": every class but the smallest shrinks to
//                      the smallest's count; a ratio r keeps
//                      int(minority / r) majority rows); see sampling.hpp;
//   replacement        draw with replacement (default false: a row is kept
//                      at most once);
// A class is only redrawn when its target differs from its count, so with
// replacement a class already at its target keeps its rows as they are.
//
// Minority share: every string strategy and every ratio only shrinks
// classes larger than the minority, and never below the minority's count,
// so the minority's share of the rows can only rise. The plugin therefore
// declares reduces_minority_share = false, and `shoal plugin-check` holds
// it to that. Only an explicit mapping that shrinks the minority class
// itself (say {abnormal: 5}) lowers its share; that is the user's request,
// and the check would rightly report it.

#include <algorithm>

#include "shoal/sampling.hpp"
#include "shoal/strategy.hpp"

namespace {

const char* const kName = "random_undersampling";

class RandomUndersampling final : public shoal::Strategy {
 public:
  explicit RandomUndersampling(shoal::Params& params)
      : strategy_(
            shoal::read_sampling_strategy(params, shoal::SamplingKind::under)),
        replacement_(params.flag("replacement", false)) {}

  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t seed) const override {
    auto targets = shoal::sampling_targets(train, strategy_,
                                           shoal::SamplingKind::under, kName);
    auto counts = train.class_counts();
    shoal::SampleRandom random(seed);
    std::vector<std::size_t> kept;
    for (std::size_t c = 0; c < counts.size(); ++c) {
      auto rows = shoal::rows_of_class(train, static_cast<int>(c));
      if (targets[c] != counts[c]) rows = draw(rows, targets[c], random);
      kept.insert(kept.end(), rows.begin(), rows.end());
    }
    std::sort(kept.begin(), kept.end());
    return train.subset(kept);
  }

 private:
  std::vector<std::size_t> draw(std::vector<std::size_t> rows,
                                std::size_t count,
                                shoal::SampleRandom& random) const {
    if (replacement_) {
      std::vector<std::size_t> drawn(count);
      for (auto& row : drawn) row = rows[random.index(rows.size())];
      return drawn;
    }
    // The first `count` places of a partial Fisher-Yates shuffle: a uniform
    // subset without replacement.
    for (std::size_t i = 0; i < count; ++i) {
      std::swap(rows[i], rows[i + random.index(rows.size() - i)]);
    }
    rows.resize(count);
    return rows;
  }

  nlohmann::json strategy_;
  bool replacement_;
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(RandomUndersampling, kName,
                      "under-sample by dropping rows of the larger classes "
                      "at random",
                      "1.0.0", false)
