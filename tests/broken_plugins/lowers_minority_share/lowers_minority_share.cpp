// Fixture: drops half of the minority rows (keeping at least one) without
// declaring reduces_minority_share.

#include "broken_plugin.hpp"

namespace {

class DropsMinority final : public shoal::Strategy {
 public:
  explicit DropsMinority(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    int minority = train.minority_class();
    std::size_t keep = (broken::minority_rows(train) + 1) / 2;
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < train.rows(); ++i) {
      if (train.labels[i] != minority) {
        rows.push_back(i);
      } else if (keep > 0) {
        rows.push_back(i);
        --keep;
      }
    }
    return train.subset(rows);
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(DropsMinority, "lowers_minority_share",
                      "fixture: drops half the minority, undeclared", "1.0.0",
                      false)
